package scheme

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Algorithm is how a signature is made.
type Algorithm string

// Algorithms. The HMACs and Token can be verified and re-signed with a shared
// secret; Ed25519 and ECDSA are verified with a public key and cannot be
// re-signed.
const (
	HMACSHA1   Algorithm = "hmac-sha1"
	HMACSHA256 Algorithm = "hmac-sha256"
	HMACSHA512 Algorithm = "hmac-sha512"
	// Token is a shared secret sent as is (GitLab's X-Gitlab-Token),
	// compared in constant time.
	Token Algorithm = "token"
	// Ed25519 verifies with a 32-byte public key (Discord, Standard
	// Webhooks v1a).
	Ed25519 Algorithm = "ed25519"
	// ECDSAP256 verifies an ASN.1 DER signature over SHA-256 with a P-256
	// public key (SendGrid).
	ECDSAP256 Algorithm = "ecdsa-p256-sha256"
)

// Asymmetric reports whether a verifies with a public key.
func (a Algorithm) Asymmetric() bool { return a == Ed25519 || a == ECDSAP256 }

// Encoding is how the signature bytes are written in the header.
type Encoding string

// Encodings. Decoding is tolerant (hex in either case, base64 in either
// alphabet, padded or not); Result.Encoding says what arrived.
const (
	Hex    Encoding = "hex"
	Base64 Encoding = "base64"
	// Plain is the Token algorithm's secret as text.
	Plain Encoding = "plain"
)

// Format is how a header holds its signature(s).
type Format string

// Formats.
const (
	// Single: the header (after Prefix) is one signature.
	Single Format = "single"
	// Pairs: key=value pairs split by PairSep; signatures are the values of
	// Version (Stripe t=…,v1=…,v1=…; Paddle ts=…;h1=…; PagerDuty v1=…,v1=…).
	Pairs Format = "pairs"
	// Versioned: space-separated version,signature entries (Standard
	// Webhooks: v1,<base64> v1a,<base64>); signatures are those of Version.
	Versioned Format = "versioned"
)

// Unit is how a timestamp is written.
type Unit string

// Units.
const (
	Seconds      Unit = "seconds"
	Milliseconds Unit = "milliseconds"
	RFC3339      Unit = "rfc3339"
)

// KeyForm is how a configured secret becomes key bytes.
type KeyForm string

// Key forms.
const (
	// RawKey uses the secret's bytes as they are (most platforms; Stripe's
	// whole whsec_… string).
	RawKey KeyForm = "raw"
	// WhsecKey strips an optional whsec_ and base64-decodes the rest
	// (Standard Webhooks v1).
	WhsecKey KeyForm = "whsec"
	// HexPublicKey is a hex Ed25519 public key (Discord).
	HexPublicKey KeyForm = "hex-public-key"
	// WhpkKey strips an optional whpk_ and base64-decodes an Ed25519
	// public key (Standard Webhooks v1a).
	WhpkKey KeyForm = "whpk"
	// PKIXKey is a PEM block or base64 DER SubjectPublicKeyInfo (SendGrid).
	PKIXKey KeyForm = "pkix"
)

// Spec describes one platform's signature scheme. The fields a custom
// provider can set in its config have the config key in their comment.
type Spec struct {
	// ID names the scheme in output ("stripe", "github-sha1").
	ID string
	// Platform is the platform's name for people, used in reasons.
	Platform string
	// Header holds the signature (config: header). Empty when
	// SignatureJSON says where it is.
	Header string
	// SignatureJSON is a dotted path into a JSON body holding the
	// signature (Mailgun: signature.signature).
	SignatureJSON string
	// Prefix is stripped from the signature before decoding (config:
	// prefix), e.g. "sha256=". With Versioned it is unused.
	Prefix    string
	Format    Format
	PairSep   string    // Pairs only: "," or ";"
	Version   string    // Pairs and Versioned: which entries are signatures
	Algorithm Algorithm // config: algorithm
	Encoding  Encoding  // config: encoding
	// Signed is the template of the signed bytes (config: signed): parts
	// {body} {timestamp} {id} {url} {method} {form} {json:path} and
	// literal text, e.g. "v0:{timestamp}:{body}".
	Signed string
	// Where the timestamp is: a header (config: timestamp_header), a key
	// in a Pairs header (Stripe t, Paddle ts) or a dotted path into the
	// JSON body (Linear webhookTimestamp: checked for freshness only).
	TimestampHeader string
	TimestampKey    string
	TimestampJSON   string
	TimestampUnit   Unit          // default Seconds
	IDHeader        string        // config: id_header
	Tolerance       time.Duration // config: tolerance; 0 = no freshness check
	Key             KeyForm       // default RawKey
	// BodyHashParam is a query parameter of the signed URL that must hold
	// the lowercase hex SHA-256 of the body when present (Twilio
	// bodySHA256).
	BodyHashParam string
	// DefaultPortVariants accepts the URL with the default port added or
	// removed, as Twilio's own validators do.
	DefaultPortVariants bool
	// Alternates are other spellings of the same platform's signature; the
	// first whose header is present is checked when this one's is absent.
	Alternates []Spec
}

// SignsURL reports whether the signed bytes include the URL the platform
// called, so verifying needs the public URL.
func (s *Spec) SignsURL() bool { return strings.Contains(s.Signed, "{url}") }

// Describe says what the platform signs, for people.
func (s *Spec) Describe() string {
	where := s.Header
	if where == "" {
		where = "body field " + s.SignatureJSON
	}
	if s.Algorithm == Token {
		return "the shared secret itself in " + where
	}
	return fmt.Sprintf("%s of %s, %s, in %s", s.Algorithm, s.Signed, s.Encoding, where)
}

func (s *Spec) unit() Unit {
	if s.TimestampUnit == "" {
		return Seconds
	}
	return s.TimestampUnit
}

func (s *Spec) key() KeyForm {
	if s.Key == "" {
		return RawKey
	}
	return s.Key
}

func (s *Spec) format() Format {
	if s.Format == "" {
		return Single
	}
	return s.Format
}

// Validate reports the first thing wrong with s, naming the config key.
func (s *Spec) Validate() error {
	switch s.Algorithm {
	case HMACSHA1, HMACSHA256, HMACSHA512, Token, Ed25519, ECDSAP256:
	case "":
		return errors.New("algorithm: missing (want hmac-sha1, hmac-sha256 or hmac-sha512)")
	default:
		return fmt.Errorf("algorithm: unknown %q (want hmac-sha1, hmac-sha256 or hmac-sha512)", s.Algorithm)
	}
	if s.Header == "" && s.SignatureJSON == "" {
		return errors.New("header: missing (the header that carries the signature)")
	}
	switch s.Encoding {
	case Hex, Base64:
	case Plain:
		if s.Algorithm != Token {
			return errors.New("encoding: plain is only for algorithm token")
		}
	case "":
		return errors.New("encoding: missing (want hex or base64)")
	default:
		return fmt.Errorf("encoding: unknown %q (want hex or base64)", s.Encoding)
	}
	switch s.format() {
	case Single:
	case Pairs:
		if s.PairSep == "" || s.Version == "" {
			return errors.New("format pairs needs a pair separator and a signature key")
		}
	case Versioned:
		if s.Version == "" {
			return errors.New("format versioned needs a version")
		}
	default:
		return fmt.Errorf("format: unknown %q", s.Format)
	}
	switch s.unit() {
	case Seconds, Milliseconds, RFC3339:
	default:
		return fmt.Errorf("timestamp_unit: unknown %q (want seconds, milliseconds or rfc3339)", s.TimestampUnit)
	}
	switch s.key() {
	case RawKey, WhsecKey, HexPublicKey, WhpkKey, PKIXKey:
	default:
		return fmt.Errorf("key: unknown form %q", s.Key)
	}
	if s.Algorithm != Token {
		parts, err := parseTemplate(s.Signed)
		if err != nil {
			return fmt.Errorf("signed: %w", err)
		}
		for _, p := range parts {
			switch {
			case p.kind == partTimestamp && s.TimestampHeader == "" && s.TimestampKey == "" && s.TimestampJSON == "":
				return errors.New("signed: uses {timestamp} but timestamp_header is not set")
			case p.kind == partID && s.IDHeader == "":
				return errors.New("signed: uses {id} but id_header is not set")
			}
		}
	}
	if s.Tolerance < 0 {
		return errors.New("tolerance: must not be negative")
	}
	if s.Tolerance > 0 && s.TimestampHeader == "" && s.TimestampKey == "" && s.TimestampJSON == "" {
		return errors.New("tolerance: set, but there is no timestamp_header to judge it by")
	}
	for i := range s.Alternates {
		if err := s.Alternates[i].Validate(); err != nil {
			return fmt.Errorf("alternate %s: %w", s.Alternates[i].ID, err)
		}
	}
	return nil
}

// Config is the [providers.ID.signature] table of a custom provider, as the
// config file spells it.
type Config struct {
	Header          string `toml:"header"`
	Prefix          string `toml:"prefix"`
	Algorithm       string `toml:"algorithm"`
	Encoding        string `toml:"encoding"`
	Signed          string `toml:"signed"`
	TimestampHeader string `toml:"timestamp_header"`
	TimestampUnit   string `toml:"timestamp_unit"`
	IDHeader        string `toml:"id_header"`
	Tolerance       string `toml:"tolerance"`
}

// Spec turns c into a Spec for provider id, or says which key is wrong.
// Custom providers sign with a shared secret, so only the HMACs are allowed;
// signed defaults to "{body}".
func (c Config) Spec(id, platform string) (Spec, error) {
	s := Spec{ID: id, Platform: platform, Header: c.Header, Prefix: c.Prefix, Format: Single,
		Algorithm: Algorithm(strings.ToLower(c.Algorithm)), Encoding: Encoding(strings.ToLower(c.Encoding)),
		Signed: c.Signed, TimestampHeader: c.TimestampHeader, TimestampUnit: Unit(strings.ToLower(c.TimestampUnit)),
		IDHeader: c.IDHeader, Key: RawKey}
	if s.Signed == "" {
		s.Signed = "{body}"
	}
	switch s.Algorithm {
	case HMACSHA1, HMACSHA256, HMACSHA512, "":
	default:
		return Spec{}, fmt.Errorf("algorithm: unknown %q (want hmac-sha1, hmac-sha256 or hmac-sha512)", c.Algorithm)
	}
	if c.Tolerance != "" {
		d, err := time.ParseDuration(c.Tolerance)
		if err != nil {
			return Spec{}, fmt.Errorf("tolerance: %q is not a duration (e.g. \"5m\", \"300s\")", c.Tolerance)
		}
		s.Tolerance = d
	}
	if err := s.Validate(); err != nil {
		return Spec{}, err
	}
	return s, nil
}
