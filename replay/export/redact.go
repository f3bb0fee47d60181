package export

import (
	"bytes"
	"net/http"
	"slices"
	"strings"

	"github.com/hookscope/hookscope/capture/store"
)

// Redacted replaces a configured secret wherever it appears in an export.
const Redacted = "REDACTED"

// minSecret is the shortest secret scrubbed from exports: a shorter one
// would match by chance in ordinary text and garble it.
const minSecret = 4

// redactor blanks the values of the named headers and replaces every
// configured secret wherever it appears. It works on copies; the store's
// delivery is untouched.
type redactor struct {
	names   []string // canonical header names to blank
	secrets [][]byte
}

func newRedactor(names []string, secrets [][]byte) *redactor {
	r := &redactor{}
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			if part = strings.TrimSpace(part); part != "" {
				r.names = append(r.names, http.CanonicalHeaderKey(part))
			}
		}
	}
	for _, s := range secrets {
		if len(s) >= minSecret {
			r.secrets = append(r.secrets, s)
		}
	}
	return r
}

func (r *redactor) delivery(d *store.Delivery, attempts []store.Attempt) (*store.Delivery, []store.Attempt) {
	c := *d
	c.URI, c.Host, c.RemoteAddr = r.text(d.URI), r.text(d.Host), r.text(d.RemoteAddr)
	c.Summary, c.ReplyRule = r.text(d.Summary), r.text(d.ReplyRule)
	c.Headers, c.Trailers, c.ReplyHeaders = r.headers(d.Headers), r.headers(d.Trailers), r.headers(d.ReplyHeaders)
	c.Body, c.ReplyBody = r.bytes(d.Body), r.bytes(d.ReplyBody)
	if c.Signature != "" {
		c.Signature = r.text(c.Signature)
	}
	as := make([]store.Attempt, len(attempts))
	for i, a := range attempts {
		a.URL, a.Err = r.text(a.URL), r.text(a.Err)
		a.RequestHeaders, a.ResponseHeaders = r.headers(a.RequestHeaders), r.headers(a.ResponseHeaders)
		a.ResponseBody = r.bytes(a.ResponseBody)
		as[i] = a
	}
	return &c, as
}

func (r *redactor) headers(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, values := range h {
		vs := make([]string, len(values))
		blank := slices.Contains(r.names, http.CanonicalHeaderKey(name))
		for i, v := range values {
			if !blank {
				vs[i] = r.text(v)
			}
		}
		out[r.text(name)] = vs
	}
	return out
}

func (r *redactor) text(s string) string {
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, string(sec), Redacted)
	}
	return s
}

func (r *redactor) bytes(b []byte) []byte {
	for _, sec := range r.secrets {
		if bytes.Contains(b, sec) {
			b = bytes.ReplaceAll(b, sec, []byte(Redacted))
		}
	}
	return b
}
