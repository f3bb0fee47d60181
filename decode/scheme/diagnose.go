package scheme

import (
	"bytes"
	"crypto/hmac"
	"encoding/json"
	"fmt"
)

// maxDiagnoseBody bounds the bodies re-serialised while diagnosing, so a
// large delivery cannot make a failed check expensive.
const maxDiagnoseBody = 1 << 20

// diagnose works out the likeliest reason a signature does not match by
// trying the usual mistakes, each a real comparison against the received
// signature. The first that matches is the reason.
func diagnose(s *Spec, m *matcher, p *payload, keys []key, in Input, f found) string {
	withBody := func(b []byte) bool {
		q := *p
		q.body, q.json = b, &jsonDoc{}
		ki, _ := m.match(&q, keys)
		return ki >= 0
	}
	withKeys := func(mod func([]byte) ([]byte, bool)) bool {
		alt := make([]key, 0, len(in.Secrets))
		for _, sec := range in.Secrets {
			if b, ok := mod(sec); ok {
				alt = append(alt, key{mac: b})
			}
		}
		ki, _ := m.match(p, alt)
		return len(alt) > 0 && ki >= 0
	}
	body := in.Body
	if in.Decoded != nil && !bytes.Equal(in.Decoded, body) && withBody(in.Decoded) {
		return "encoding mismatch: the signature covers the decoded body, not the bytes received (Content-Encoding " +
			in.Header.Get("Content-Encoding") + ")"
	}
	if t := bytes.TrimRight(body, "\r\n"); len(t) != len(body) && withBody(t) {
		return "body changed: a trailing newline was added after signing"
	}
	for _, nl := range []string{"\n", "\r\n"} {
		if withBody(append(body[:len(body):len(body)], nl...)) {
			return "body changed: a trailing newline was removed after signing"
		}
	}
	if len(body) <= maxDiagnoseBody && json.Valid(body) {
		var c bytes.Buffer
		if json.Compact(&c, body) == nil && !bytes.Equal(c.Bytes(), body) && withBody(c.Bytes()) {
			return "body changed: the JSON was re-serialised after signing (whitespace removed); verify the raw bytes"
		}
		for _, indent := range []string{"  ", "\t", "    "} {
			var b bytes.Buffer
			if json.Indent(&b, body, "", indent) == nil && !bytes.Equal(b.Bytes(), body) && withBody(b.Bytes()) {
				return "body changed: the JSON was re-serialised after signing (it was signed indented); verify the raw bytes"
			}
		}
		var v any
		if json.Unmarshal(body, &v) == nil {
			if b, err := json.Marshal(v); err == nil && !bytes.Equal(b, body) && withBody(b) {
				return "body changed: the JSON was decoded and re-encoded (keys reordered or escaped) after signing; verify the raw bytes"
			}
		}
	}
	if s.Algorithm.Asymmetric() {
		return fmt.Sprintf("signature does not match: the public key is not %s's, or the body was changed after signing", s.Platform)
	}
	if withKeys(func(b []byte) ([]byte, bool) {
		t := bytes.TrimSpace(b)
		return t, len(t) != len(b)
	}) {
		return "wrong secret: the configured secret has leading or trailing whitespace"
	}
	if r := whsecMistake(s, withKeys); r != "" {
		return r
	}
	for _, a := range []Algorithm{HMACSHA256, HMACSHA1, HMACSHA512} {
		if a == s.Algorithm {
			continue
		}
		alt := *m
		alt.alg = a
		if ki, _ := alt.match(p, keys); ki >= 0 {
			r := fmt.Sprintf("wrong algorithm: this is an %s, but %s signs %s with %s", a, s.Platform, s.where(), s.Algorithm)
			if f.prefix != "" {
				r += fmt.Sprintf(" (the header says %s, %s sends %s)", f.prefix, s.Platform, s.Prefix)
			}
			return r
		}
	}
	if r := encodingMistake(s, p, keys, f); r != "" {
		return r
	}
	if s.SignsURL() {
		for _, u := range urlMistakes(p.url) {
			q := *p
			q.url = u
			if ki, _ := m.match(&q, keys); ki >= 0 {
				return fmt.Sprintf("URL mismatch: %s signed %s, hookscope tried %s (%s)", s.Platform, u, p.url, p.urlFrom(in.URLFrom))
			}
		}
		return fmt.Sprintf("signature does not match for %s (%s): the secret is wrong, the body changed, or %s called another URL",
			p.url, p.urlFrom(in.URLFrom), s.Platform)
	}
	return "signature does not match: the secret is wrong, or the body was changed after signing"
}

func (p *payload) urlFrom(u URLSource) string { return u.describe() }

// whsecMistake tries the whsec_ handling of the other family: Stripe signs
// with the whole whsec_… text, Standard Webhooks with the base64-decoded
// part after it.
func whsecMistake(s *Spec, withKeys func(func([]byte) ([]byte, bool)) bool) string {
	switch s.key() {
	case RawKey:
		if withKeys(func(b []byte) ([]byte, bool) {
			return append([]byte("whsec_"), b...), !bytes.HasPrefix(b, []byte("whsec_"))
		}) {
			return fmt.Sprintf("wrong secret: the whsec_ prefix was stripped; %s signs with the whole secret, whsec_ included", s.Platform)
		}
		if withKeys(func(b []byte) ([]byte, bool) {
			return bytes.TrimPrefix(b, []byte("whsec_")), bytes.HasPrefix(b, []byte("whsec_"))
		}) {
			return fmt.Sprintf("wrong secret: %s signs with the secret without its whsec_ prefix", s.Platform)
		}
		if withKeys(func(b []byte) ([]byte, bool) {
			k := deriveKey(WhsecKey, b)
			return k.mac, k.err == nil && bytes.HasPrefix(b, []byte("whsec_"))
		}) {
			return "wrong scheme: the signature is keyed with the base64-decoded secret (Standard Webhooks), not the secret text"
		}
	case WhsecKey:
		if withKeys(func(b []byte) ([]byte, bool) { return b, true }) {
			return "wrong key: the sender keyed the HMAC with the secret's text, whsec_ included, not its base64-decoded bytes as Standard Webhooks does"
		}
		if withKeys(func(b []byte) ([]byte, bool) {
			return bytes.TrimPrefix(b, []byte("whsec_")), bytes.HasPrefix(b, []byte("whsec_"))
		}) {
			return "wrong key: the sender keyed the HMAC with the text after whsec_, not its base64-decoded bytes as Standard Webhooks does"
		}
	}
	return ""
}

// encodingMistake spots a hex digest wrapped in base64: the signature's
// base64 decodes to the hex text of the right MAC.
func encodingMistake(s *Spec, p *payload, keys []key, f found) string {
	for _, raw := range f.sigs {
		b, err := decodeBase64(raw)
		if err != nil {
			continue
		}
		for _, k := range keys {
			if k.err != nil {
				continue
			}
			want := encode(mac(s.Algorithm, k.mac, s.Signed, p), Hex)
			if hmac.Equal(bytes.ToLower(b), []byte(want)) {
				return fmt.Sprintf("wrong encoding: the signature is hex text wrapped in base64; %s sends %s", s.Platform, s.Encoding)
			}
		}
	}
	return ""
}
