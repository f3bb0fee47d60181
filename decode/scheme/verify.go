package scheme

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hookscope/hookscope/decode/excerpt"
)

// Status is the outcome of a signature check.
type Status string

// Statuses.
const (
	Valid   Status = "valid"
	Invalid Status = "invalid"
	// Stale: the signature matches but its timestamp is outside the
	// platform's tolerance of the time hookscope received the delivery.
	Stale Status = "stale"
	// Missing: the platform signs, this delivery carries no signature.
	Missing Status = "missing"
	// Malformed: a signature is there but cannot be read (bad header
	// syntax, no decodable signature, a signed timestamp absent).
	Malformed Status = "malformed"
	// NoSecret: there is a signature but no secret to check it with.
	NoSecret Status = "no_secret"
)

// Input is a delivery as a signature check sees it.
type Input struct {
	Method string
	// URL is the public URL the platform called (see PublicURL), for
	// schemes that sign it; URLFrom says how it was obtained.
	URL     string
	URLFrom URLSource
	Header  http.Header
	// Body is the body exactly as received: what platforms sign.
	Body []byte
	// Decoded is Body with Content-Encoding undone, when that differs; it
	// lets a mismatch say the sender signed the decoded body.
	Decoded []byte
	// ReceivedAt is when hookscope received the delivery; freshness is
	// judged against it. Zero skips the freshness check (and says so).
	ReceivedAt time.Time
	// Secrets are the configured secrets or public keys, tried in order
	// (rotation, several endpoints).
	Secrets [][]byte
}

// Result is what a signature check found. It never holds a secret or a full
// expected signature.
type Result struct {
	Status Status `json:"status"`
	Scheme string `json:"scheme"` // the Spec's ID
	Reason string `json:"reason,omitempty"`
	// Header is where the signature was (or should have been).
	Header string `json:"header,omitempty"`
	// Encoding is how the signature arrived: hex or base64.
	Encoding Encoding `json:"encoding,omitempty"`
	// Signed says what the platform signs.
	Signed string `json:"signed,omitempty"`
	// Secret is the index into Input.Secrets that matched, -1 if none.
	Secret int `json:"secret"`
	// Signature is the index of the matching signature among the
	// Signatures the header held, -1 if none.
	Signature  int `json:"signature"`
	Signatures int `json:"signatures,omitempty"`
	// URL is the URL verified against and where it came from, for
	// schemes that sign it.
	URL     string    `json:"url,omitempty"`
	URLFrom URLSource `json:"url_from,omitempty"`
	// Timestamp is the signed timestamp, when the scheme has one.
	Timestamp time.Time `json:"timestamp,omitzero"`
	// Received and Expected are the first characters of the received
	// signature and of the one the first secret gives, when invalid.
	Received string `json:"received,omitempty"`
	Expected string `json:"expected,omitempty"`
	// Notes are true things worth saying about a check that passed (the
	// URL was rebuilt, the encoding was not the documented one).
	Notes []string `json:"notes,omitempty"`
}

// Verify checks in against s, or the first of its Alternates present.
func (s *Spec) Verify(in Input) Result {
	if in.Header == nil {
		in.Header = http.Header{}
	}
	doc := &jsonDoc{}
	use := s
	if !s.present(in.Header, in.Body, doc) {
		use = nil
		for i := range s.Alternates {
			if s.Alternates[i].present(in.Header, in.Body, doc) {
				use = &s.Alternates[i]
				break
			}
		}
	}
	if use == nil {
		where, seen := s.where(), map[string]bool{s.where(): true}
		for _, a := range s.Alternates {
			if !seen[a.where()] {
				seen[a.where()] = true
				where += " or " + a.where()
			}
		}
		return Result{Status: Missing, Scheme: s.ID, Header: s.where(), Secret: -1, Signature: -1, Signed: s.Describe(),
			Reason: fmt.Sprintf("%s signs its webhooks, but this delivery has no %s", s.Platform, where)}
	}
	return use.verify(in, doc)
}

func (s *Spec) verify(in Input, doc *jsonDoc) Result {
	res := Result{Scheme: s.ID, Header: s.where(), Secret: -1, Signature: -1, Signed: s.Describe()}
	malformed := func(format string, a ...any) Result {
		res.Status, res.Reason = Malformed, "malformed signature: "+fmt.Sprintf(format, a...)
		return res
	}
	if len(in.Secrets) == 0 {
		res.Status = NoSecret
		res.Reason = "no secret configured for " + s.Platform + " to check its signature with"
		if s.Algorithm.Asymmetric() {
			res.Reason = "no public key configured for " + s.Platform + " to check its signature with"
		}
		return res
	}
	f, err := s.extract(in.Header, in.Body, doc)
	if err != nil {
		return malformed("%v", err)
	}
	res.Signatures = len(f.sigs)
	res.Received = prefixOf(f.sigs[0])
	p := payload{body: in.Body, timestamp: f.ts, id: in.Header.Get(s.IDHeader), url: in.URL, method: in.Method,
		contentType: in.Header.Get("Content-Type"), json: doc}
	if strings.Contains(s.Signed, "{timestamp}") && p.timestamp == "" {
		return malformed("%s", s.missingTimestamp())
	}
	if strings.Contains(s.Signed, "{id}") && p.id == "" {
		return malformed("the %s header is missing, and %s signs it", s.IDHeader, s.Platform)
	}
	if s.SignsURL() {
		res.URL, res.URLFrom = in.URL, in.URLFrom
		if in.URL == "" {
			res.Status = Invalid
			res.Reason = s.Platform + " signs the URL it called: set public_url so hookscope knows it"
			return res
		}
	}
	if s.Algorithm == Token {
		return s.verifyToken(res, f, in)
	}
	// Decode every candidate; undecodable ones are skipped, as Stripe's
	// library does, unless none decodes.
	sigs := make([][]byte, len(f.sigs))
	decoded := 0
	for i, v := range f.sigs {
		b, enc, ok := decodeSig(v, s.Encoding, s.Algorithm)
		if ok {
			sigs[i], decoded = b, decoded+1
			if res.Encoding == "" {
				res.Encoding = enc
			}
		}
	}
	if decoded == 0 {
		return malformed("%s does not hold %s", s.where(), s.wantSig())
	}
	keys := make([]key, len(in.Secrets))
	usable := 0
	for i, sec := range in.Secrets {
		if keys[i] = deriveKey(s.key(), sec); keys[i].err == nil {
			usable++
		}
	}
	if s.BodyHashParam != "" {
		if r := s.checkBodyHash(&res, in); r != nil {
			return *r
		}
	}
	m := matcher{s: s, sigs: sigs}
	ki, si := m.match(&p, keys)
	if ki < 0 && s.DefaultPortVariants {
		if v := portVariant(p.url); v != "" {
			q := p
			q.url = v
			if ki, si = m.match(&q, keys); ki >= 0 {
				res.Notes = append(res.Notes, "signed for "+v+" (the default port added or removed), which "+s.Platform+" does")
			}
		}
	}
	if ki < 0 {
		res.Status = Invalid
		if usable == 0 {
			res.Reason = "the configured secret cannot be used: " + firstKeyErr(keys).Error()
			return res
		}
		res.Reason = diagnose(s, &m, &p, keys, in, f)
		if k := keys[0]; k.err == nil && !s.Algorithm.Asymmetric() {
			res.Expected = prefixOf(encode(mac(s.Algorithm, k.mac, s.Signed, &p), res.Encoding))
		}
		return res
	}
	res.Secret, res.Signature, res.Received = ki, si, ""
	if enc := s.encodingOf(f.sigs[si]); enc != s.Encoding {
		res.Encoding = enc
		res.Notes = append(res.Notes, fmt.Sprintf("the signature arrived in %s; %s documents %s", enc, s.Platform, s.Encoding))
	}
	if f.prefix != "" {
		res.Notes = append(res.Notes, fmt.Sprintf("the signature arrived with prefix %q where %s sends %q", f.prefix, s.Platform, s.Prefix))
	}
	if s.SignsURL() && in.URLFrom == URLRebuilt {
		res.Notes = append(res.Notes, "verified against "+in.URL+", rebuilt from Host and X-Forwarded-Proto")
	}
	return s.judgeTime(res, f.ts, in.ReceivedAt)
}

func firstKeyErr(keys []key) error {
	for _, k := range keys {
		if k.err != nil {
			return k.err
		}
	}
	return nil
}

func (s *Spec) encodingOf(sig string) Encoding {
	_, enc, _ := decodeSig(sig, s.Encoding, s.Algorithm)
	return enc
}

func (s *Spec) wantSig() string {
	switch n := s.Algorithm.size(); {
	case s.Algorithm == ECDSAP256:
		return "a base64 DER ECDSA signature"
	case s.Encoding == Hex:
		return fmt.Sprintf("a %d-byte %s in hex (%d characters)", n, s.Algorithm, 2*n)
	default:
		return fmt.Sprintf("a %d-byte %s in base64 (%d characters)", n, s.Algorithm, (n+2)/3*4)
	}
}

func (s *Spec) missingTimestamp() string {
	switch {
	case s.TimestampKey != "":
		return fmt.Sprintf("%s has no %s= timestamp, and %s signs it", s.where(), s.TimestampKey, s.Platform)
	case s.TimestampJSON != "":
		return fmt.Sprintf("the body has no %s timestamp, and %s signs it", s.TimestampJSON, s.Platform)
	}
	return fmt.Sprintf("the %s header is missing, and %s signs the timestamp it carries", s.TimestampHeader, s.Platform)
}

// matcher compares the candidates against what each key gives.
type matcher struct {
	s    *Spec
	sigs [][]byte // nil entries did not decode
	alg  Algorithm
}

func (m *matcher) algorithm() Algorithm {
	if m.alg != "" {
		return m.alg
	}
	return m.s.Algorithm
}

// match returns the first key index and signature index that agree with
// payload p, or -1, -1.
func (m *matcher) match(p *payload, keys []key) (int, int) {
	alg := m.algorithm()
	for ki, k := range keys {
		if k.err != nil {
			continue
		}
		if alg.Asymmetric() {
			for si, sig := range m.sigs {
				if sig != nil && verifyAsym(alg, k, m.s.Signed, p, sig) {
					return ki, si
				}
			}
			continue
		}
		want := macOf(alg, k.mac, m.s.Signed, p)
		for si, sig := range m.sigs {
			if sig != nil && want.Equal(sig) {
				want.Release()
				return ki, si
			}
		}
		want.Release()
	}
	return -1, -1
}

func (s *Spec) checkBodyHash(res *Result, in Input) *Result {
	u, err := url.Parse(in.URL)
	if err != nil {
		return nil
	}
	want := u.Query().Get(s.BodyHashParam)
	if want == "" {
		return nil
	}
	sum := sha256.Sum256(in.Body)
	if !hmac.Equal([]byte(strings.ToLower(want)), []byte(hex.EncodeToString(sum[:]))) {
		r := *res
		r.Status = Invalid
		r.Reason = fmt.Sprintf("body changed: the URL's %s is not the SHA-256 of the %d-byte body received", s.BodyHashParam, len(in.Body))
		return &r
	}
	return nil
}

// verifyToken compares a shared-secret header with each secret. Hashing both
// sides first keeps the comparison constant-time whatever their lengths.
func (s *Spec) verifyToken(res Result, f found, in Input) Result {
	res.Encoding = Plain
	got := sha256.Sum256([]byte(f.sigs[0]))
	res.Received = ""
	for i, sec := range in.Secrets {
		want := sha256.Sum256(sec)
		if hmac.Equal(got[:], want[:]) {
			res.Status, res.Secret, res.Signature = Valid, i, 0
			return res
		}
	}
	res.Status = Invalid
	res.Reason = fmt.Sprintf("the %s token is not the configured secret", s.where())
	for _, sec := range in.Secrets {
		t := sha256.Sum256([]byte(strings.TrimSpace(string(sec))))
		if hmac.Equal(got[:], t[:]) {
			res.Reason = "wrong secret: the configured secret has leading or trailing whitespace"
		}
	}
	return res
}

// judgeTime turns a match into valid or stale, against when the delivery
// was received.
func (s *Spec) judgeTime(res Result, ts string, received time.Time) Result {
	res.Status = Valid
	if ts == "" {
		if s.Tolerance > 0 {
			res.Notes = append(res.Notes, "no timestamp to judge freshness by")
		}
		return res
	}
	t, err := parseTime(ts, s.unit())
	if err != nil {
		if s.Tolerance > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("timestamp %q is not %s: freshness not judged", excerpt.Clip(ts, 32), s.unit()))
		}
		return res
	}
	res.Timestamp = t
	if s.Tolerance == 0 {
		return res
	}
	if received.IsZero() {
		res.Notes = append(res.Notes, "receive time unknown: freshness not judged")
		return res
	}
	d := received.Sub(t)
	switch {
	case d > s.Tolerance:
		res.Status = Stale
		res.Reason = fmt.Sprintf("the signature matches, but it was made %s before hookscope received the delivery (%s allows %s): a replay or a late retry",
			d.Round(time.Second), s.Platform, s.Tolerance)
	case -d > s.Tolerance:
		res.Status = Stale
		res.Reason = fmt.Sprintf("the signature matches, but its timestamp is %s after hookscope received the delivery (%s allows %s): a clock is wrong",
			(-d).Round(time.Second), s.Platform, s.Tolerance)
	}
	return res
}

func parseTime(ts string, u Unit) (time.Time, error) {
	if u == RFC3339 {
		return time.Parse(time.RFC3339Nano, ts)
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	if u == Milliseconds {
		return time.UnixMilli(n), nil
	}
	return time.Unix(n, 0), nil
}
