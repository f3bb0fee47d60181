// Package hopbyhop knows which headers of a captured request belong to the
// connection it came on rather than to the request, so that replay and the
// command lines export writes (which replay by hand) leave out the same ones.
package hopbyhop

import (
	"net/http"
	"strings"
)

// fixed are the headers that belong to one connection, not to the message
// (RFC 9110 7.6.1), and the framing a client recomputes (Host,
// Content-Length).
var fixed = []string{"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection",
	"Te", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Content-Length"}

// Remove deletes from h the headers that are not to be sent again: those
// the Connection header names (RFC 9110 7.6.1: they were for that
// connection only), then the fixed hop-by-hop ones and the framing.
func Remove(h http.Header) {
	for _, f := range h.Values("Connection") {
		for _, name := range strings.Split(f, ",") {
			if name = strings.TrimSpace(name); name != "" {
				h.Del(name)
			}
		}
	}
	for _, name := range fixed {
		h.Del(name)
	}
}

// Without is a copy of h without the headers Remove deletes; h is left as
// it is.
func Without(h http.Header) http.Header {
	c := h.Clone()
	if c == nil {
		c = http.Header{}
	}
	Remove(c)
	return c
}
