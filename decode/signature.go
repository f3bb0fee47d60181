package decode

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/hookscope/hookscope/decode/internal/keyedmac"
)

// SigStatus is the outcome of checking a delivery's signature.
type SigStatus string

// Signature outcomes.
const (
	SigValid    SigStatus = "valid"
	SigInvalid  SigStatus = "invalid"
	SigMissing  SigStatus = "missing"   // the platform signs, the header is absent
	SigUnsigned SigStatus = "unsigned"  // the platform does not sign
	SigNoSecret SigStatus = "no_secret" // no secret configured to check with
	// SigStale: the signature matches, but its timestamp is outside the
	// platform's tolerance of when hookscope received the delivery.
	SigStale SigStatus = "stale"
)

// SigStatuses lists every outcome, for validating a status a user typed.
var SigStatuses = []SigStatus{SigValid, SigInvalid, SigStale, SigMissing, SigUnsigned, SigNoSecret}

// Signature is what a signature check found. Secrets never appear in it.
type Signature struct {
	Status SigStatus `json:"status"`
	Scheme string    `json:"scheme"`
	Reason string    `json:"reason,omitempty"`
	// Header names where the signature was (or should be).
	Header string `json:"header,omitempty"`
	// Encoding of the received signature: "hex" or "base64".
	Encoding string `json:"encoding,omitempty"`
	// Signed says what the platform signs.
	Signed string `json:"signed,omitempty"`
	// Received is the signature that came, shown when invalid.
	Received string `json:"received,omitempty"`
	// ExpectedPrefix is the start of the signature the configured secret
	// gives, in the received encoding: enough to compare by eye. Never the
	// whole value: that is a valid signature for a body the sender chose,
	// one copy-paste from being shared.
	ExpectedPrefix string `json:"expected_prefix,omitempty"`

	// MatchedSecret is which configured secret matched, counting from 1
	// (secret, then secrets = […] in order), when several are configured.
	MatchedSecret int `json:"matched_secret,omitempty"`
	// MatchedSignature is which of the header's Signatures matched,
	// counting from 1, when it held several (Stripe during a secret roll,
	// Standard Webhooks, PagerDuty).
	MatchedSignature int `json:"matched_signature,omitempty"`
	Signatures       int `json:"signatures,omitempty"`
	// Notes are true things about a check worth saying (the URL was
	// rebuilt from Host, the encoding was not the documented one).
	Notes []string `json:"notes,omitempty"`
}

// ExpectedPrefixLen is how many characters of the expected signature a
// check reveals.
const ExpectedPrefixLen = 8

// Scheme is how a platform signs deliveries.
type Scheme interface {
	// Name describes the scheme for people.
	Name() string
	// Verify checks r with secret (never empty).
	Verify(r *Request, secret []byte) Signature
	// Sign adds the signature headers for body to h.
	Sign(h http.Header, body, secret []byte)
	// Present reports whether r carries a signature header at all.
	Present(r *Request) bool
	// HeaderName is where the signature goes.
	HeaderName() string
}

// Conditional is a Scheme the platform applies to some senders only
// (Lightspeed signs the webhooks of OAuth apps, not the others). A delivery
// without its header is then unsigned, not missing a signature, unless a
// secret is configured: a user who set one expects signed deliveries.
type Conditional interface {
	// Unsigned says why a delivery without the header is unsigned and
	// how to have it checked.
	Unsigned() string
}

// MultiSecret is a Scheme that tries several secrets itself and says
// which matched (the schemes built on decode/scheme).
type MultiSecret interface {
	VerifySecrets(r *Request, secrets [][]byte) Signature
}

// Check verifies r's signature for provider p with the configured secrets
// (none when nil), tried in order. It is the one place statuses other than
// valid, invalid and stale are decided.
func Check(p Provider, r *Request, secrets [][]byte) Signature {
	var secret []byte
	if len(secrets) > 0 {
		secret = secrets[0]
	}
	s := p.Signature()
	if s == nil {
		return Signature{Status: SigUnsigned, Scheme: "none",
			Reason: p.Name() + " does not sign its webhooks (its documentation describes no signature)"}
	}
	if !s.Present(r) {
		if c, ok := s.(Conditional); ok && len(secret) == 0 {
			return Signature{Status: SigUnsigned, Scheme: s.Name(), Header: s.HeaderName(), Reason: c.Unsigned()}
		}
		return Signature{Status: SigMissing, Scheme: s.Name(), Header: s.HeaderName(),
			Reason: fmt.Sprintf("%s signs its webhooks, but this delivery has no %s header", p.Name(), s.HeaderName())}
	}
	if len(secret) == 0 {
		return Signature{Status: SigNoSecret, Scheme: s.Name(), Header: s.HeaderName(),
			Reason: fmt.Sprintf("no secret configured for %s: set [providers.%s] secret in the config file or %s",
				p.ID(), p.ID(), SecretEnv(p.ID()))}
	}
	if m, ok := s.(MultiSecret); ok {
		return m.VerifySecrets(r, secrets)
	}
	first := s.Verify(r, secret)
	if first.Status == SigValid || len(secrets) < 2 {
		return first
	}
	for i, sec := range secrets[1:] {
		if v := s.Verify(r, sec); v.Status == SigValid {
			v.MatchedSecret = i + 2
			return v
		}
	}
	first.Reason += fmt.Sprintf(" (none of the %d configured secrets matches)", len(secrets))
	return first
}

// SecretEnv is the environment variable that holds provider's secret,
// e.g. HOOKSCOPE_SPIFFY_SECRET.
func SecretEnv(provider string) string { return "HOOKSCOPE_" + strings.ToUpper(provider) + "_SECRET" }

// HMACSHA256 is the MAC of body under secret.
func HMACSHA256(secret, body []byte) []byte {
	m := keyedmac.Of(keyedmac.SHA256, secret, body)
	defer m.Release()
	return bytes.Clone(m.Sum())
}

// decodeSig reads a received signature as hex (either case) or base64 (std
// or URL alphabet, padded or not).
func decodeSig(s string) ([]byte, string, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 2*sha256.Size {
		if b, err := hex.DecodeString(s); err == nil {
			return b, "hex", true
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == sha256.Size {
			return b, "base64", true
		}
	}
	return nil, "", false
}

// VerifyHMAC checks received, an HMAC-SHA256 of the raw body in hex or
// base64, and when it does not match works out the likeliest reason.
// Comparisons are constant-time.
func VerifyHMAC(r *Request, secret []byte, received, scheme, header string) Signature {
	res := Signature{Scheme: scheme, Header: header, Signed: "the raw body as received (" + strconv.Itoa(len(r.Raw)) + " bytes)",
		Received: received}
	got, encoding, ok := decodeSig(received)
	if !ok {
		res.Status = SigInvalid
		res.Reason = fmt.Sprintf("malformed %s header: want a 32-byte HMAC-SHA256 in hex (64 characters) or base64 (44)", header)
		return res
	}
	res.Encoding = encoding
	want := keyedmac.Of(keyedmac.SHA256, secret, r.Raw)
	if want.Equal(got) {
		want.Release()
		res.Status, res.Received = SigValid, ""
		return res
	}
	res.Status = SigInvalid
	res.ExpectedPrefix = encode(want.Sum(), encoding)[:ExpectedPrefixLen]
	want.Release()
	res.Reason = diagnose(r, secret, got)
	return res
}

func encode(b []byte, encoding string) string {
	if encoding == "hex" {
		return hex.EncodeToString(b)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// diagnose tries the usual mistakes, each a real HMAC comparison.
func diagnose(r *Request, secret, got []byte) string {
	if !bytes.Equal(r.Body, r.Raw) && keyedmac.Equal(keyedmac.SHA256, got, secret, r.Body) {
		return "encoding mismatch: the signature covers the decoded body, not the bytes received (Content-Encoding " +
			r.Header.Get("Content-Encoding") + ")"
	}
	if t := bytes.TrimRight(r.Raw, "\r\n"); len(t) != len(r.Raw) && keyedmac.Equal(keyedmac.SHA256, got, secret, t) {
		return "body changed: a trailing newline was added after signing"
	}
	if keyedmac.Equal(keyedmac.SHA256, got, secret, append(append([]byte{}, r.Raw...), '\n')) {
		return "body changed: a trailing newline was removed after signing"
	}
	if t := bytes.TrimSpace(secret); len(t) != len(secret) && keyedmac.Equal(keyedmac.SHA256, got, t, r.Raw) {
		return "wrong secret: the configured secret has leading or trailing whitespace"
	}
	return "signature does not match: the secret is wrong, or the body was changed after signing"
}
