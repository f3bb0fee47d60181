package scheme

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// ErrCannotResign is returned for schemes verified with a public key: the
// private key that signs stays with the platform, so the delivery can only
// be sent as captured.
var ErrCannotResign = errors.New("cannot re-sign: the platform signs with a private key and hookscope only has the public key; sent as captured")

// SignInput is a delivery about to be sent (replay, send).
type SignInput struct {
	Method string
	// URL is the target the delivery goes to; URL-signing schemes sign it.
	URL string
	// Header is the delivery's headers: Content-Type decides whether a
	// body is a form, and an id already there is kept (a retry keeps its
	// id).
	Header http.Header
	Body   []byte
	Secret []byte
	// Now is the signing time; zero means the current time.
	Now time.Time
	// ID is the message id for schemes that sign one; empty keeps the
	// one in Header or makes a fresh one.
	ID string
}

// Sign returns the headers to set so in verifies under s: the signature,
// and a fresh timestamp and an id where the scheme signs them. Alternates
// whose header the delivery already carries are signed too (GitHub's
// legacy sha1 header); when only an alternate's header is there, only it is.
func (s *Spec) Sign(in SignInput) (http.Header, error) {
	if in.Header == nil {
		in.Header = http.Header{}
	}
	if in.Now.IsZero() {
		in.Now = time.Now()
	}
	specs := []*Spec{s}
	primary := s.Header != "" && in.Header.Get(s.Header) != ""
	for i := range s.Alternates {
		a := &s.Alternates[i]
		if a.Header != "" && in.Header.Get(a.Header) != "" {
			if !primary && len(specs) == 1 && specs[0] == s {
				specs = specs[:0]
			}
			specs = append(specs, a)
		}
	}
	out := http.Header{}
	for _, sp := range specs {
		if err := sp.sign(in, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Spec) sign(in SignInput, out http.Header) error {
	switch {
	case s.Algorithm.Asymmetric():
		return ErrCannotResign
	case s.Header == "":
		return fmt.Errorf("cannot re-sign: %s's signature is inside the body (%s), which is sent as captured", s.Platform, s.SignatureJSON)
	case len(in.Secret) == 0:
		return fmt.Errorf("cannot re-sign for %s: no secret configured", s.Platform)
	}
	if s.Algorithm == Token {
		out.Set(s.Header, string(in.Secret))
		return nil
	}
	k := deriveKey(s.key(), in.Secret)
	if k.err != nil {
		return fmt.Errorf("cannot re-sign for %s: %w", s.Platform, k.err)
	}
	p := payload{body: in.Body, url: in.URL, method: in.Method, contentType: in.Header.Get("Content-Type"), json: &jsonDoc{}}
	if s.IDHeader != "" {
		p.id = in.ID
		if p.id == "" {
			p.id = in.Header.Get(s.IDHeader)
		}
		if p.id == "" {
			p.id = freshID()
		}
		out.Set(s.IDHeader, p.id)
	}
	switch {
	case s.TimestampHeader != "" || s.TimestampKey != "":
		p.timestamp = formatTime(in.Now, s.unit())
		if s.TimestampHeader != "" {
			out.Set(s.TimestampHeader, p.timestamp)
		}
	case s.TimestampJSON != "":
		// The timestamp is in the body, which is sent byte for byte.
		p.timestamp, _ = p.json.lookup(in.Body, s.TimestampJSON)
	}
	sig := encode(mac(s.Algorithm, k.mac, s.Signed, &p), s.Encoding)
	switch s.format() {
	case Pairs:
		v := s.Version + "=" + sig
		if s.TimestampKey != "" {
			v = s.TimestampKey + "=" + p.timestamp + s.PairSep + v
		}
		out.Set(s.Header, v)
	case Versioned:
		out.Set(s.Header, s.Version+","+sig)
	default:
		out.Set(s.Header, s.Prefix+sig)
	}
	return nil
}

func formatTime(t time.Time, u Unit) string {
	switch u {
	case Milliseconds:
		return strconv.FormatInt(t.UnixMilli(), 10)
	case RFC3339:
		return t.UTC().Format(time.RFC3339Nano)
	}
	return strconv.FormatInt(t.Unix(), 10)
}

func freshID() string {
	var b [12]byte
	rand.Read(b[:])
	return "msg_" + hex.EncodeToString(b[:])
}
