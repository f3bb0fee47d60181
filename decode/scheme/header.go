package scheme

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/hookscope/hookscope/decode/excerpt"
)

// present reports whether the delivery carries s's signature at all.
func (s *Spec) present(h http.Header, body []byte, doc *jsonDoc) bool {
	if s.Header != "" {
		return strings.TrimSpace(h.Get(s.Header)) != ""
	}
	v, ok := doc.lookup(body, s.SignatureJSON)
	return ok && v != ""
}

// where names the signature's location for people.
func (s *Spec) where() string {
	if s.Header != "" {
		return s.Header
	}
	return "body field " + s.SignatureJSON
}

// found is what a signature header holds.
type found struct {
	raw  string   // the header value as received
	sigs []string // the signature candidates, still encoded
	// prefix is the algorithm prefix that arrived when it is not the
	// Spec's (sha1= where sha256= was expected).
	prefix string
	ts     string
	tsKey  bool // ts came from a key in the signature header
}

// extract reads s's signature candidates, and a timestamp held in the same
// header, from the delivery. Its errors say what is malformed.
func (s *Spec) extract(h http.Header, body []byte, doc *jsonDoc) (found, error) {
	var f found
	if s.Header != "" {
		f.raw = strings.TrimSpace(h.Get(s.Header))
	} else {
		f.raw, _ = doc.lookup(body, s.SignatureJSON)
		f.raw = strings.TrimSpace(f.raw)
	}
	switch s.format() {
	case Single:
		v := f.raw
		if s.Prefix != "" {
			if len(v) >= len(s.Prefix) && strings.EqualFold(v[:len(s.Prefix)], s.Prefix) {
				v = v[len(s.Prefix):]
			} else if k, rest, ok := strings.Cut(v, "="); ok && len(k) <= 10 && isToken(k) && rest != "" {
				// Another algorithm's prefix (sha1= for sha256=): keep
				// going so the diagnosis can say which algorithm it is.
				f.prefix, v = k+"=", rest
			}
		}
		if v == "" {
			return f, fmt.Errorf("%s is empty after its %q prefix", s.where(), s.Prefix)
		}
		f.sigs = []string{v}
	case Pairs:
		for _, pair := range strings.Split(f.raw, s.PairSep) {
			pair = strings.TrimSpace(pair)
			if pair == "" {
				continue
			}
			k, v, ok := strings.Cut(pair, "=")
			if !ok {
				return f, fmt.Errorf("%s: %q is not a key=value pair", s.where(), excerpt.Clip(pair, 20))
			}
			switch k = strings.TrimSpace(k); k {
			case s.Version:
				f.sigs = append(f.sigs, strings.TrimSpace(v))
			case s.TimestampKey:
				f.ts, f.tsKey = strings.TrimSpace(v), true
			}
		}
		if len(f.sigs) == 0 {
			return f, fmt.Errorf("%s has no %s= signature", s.where(), s.Version)
		}
	case Versioned:
		var others []string
		for _, entry := range strings.Fields(f.raw) {
			version, sig, ok := strings.Cut(entry, ",")
			if !ok {
				return f, fmt.Errorf("%s: %q is not version,signature", s.where(), excerpt.Clip(entry, 20))
			}
			if version == s.Version {
				f.sigs = append(f.sigs, sig)
			} else {
				others = append(others, version)
			}
		}
		if len(f.sigs) == 0 {
			if len(others) > 0 {
				return f, fmt.Errorf("%s has no %s, signature (only %s)", s.where(), s.Version, strings.Join(others, ", "))
			}
			return f, fmt.Errorf("%s has no %s, signature", s.where(), s.Version)
		}
	}
	switch {
	case s.TimestampHeader != "":
		f.ts = strings.TrimSpace(h.Get(s.TimestampHeader))
	case s.TimestampJSON != "":
		f.ts, _ = doc.lookup(body, s.TimestampJSON)
	}
	return f, nil
}

func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}
