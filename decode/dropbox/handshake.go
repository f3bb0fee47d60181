// Package dropbox decodes Dropbox webhooks: change notifications, and the
// challenge Dropbox sends when a URL is registered.
package dropbox

import (
	"net/http"

	"github.com/hookscope/hookscope/decode"
)

// Handshake answers Dropbox's verification request, a GET with a
// challenge query parameter: the challenge echoed as text/plain with
// X-Content-Type-Options: nosniff, within 10 s (Dropbox developer guide,
// webhooks). It carries no signature.
func Handshake(r *decode.Request, _ decode.HandshakeInput) (decode.Handshake, bool) {
	c := r.Query.Get("challenge")
	if r.Method != http.MethodGet || c == "" {
		return decode.Handshake{}, false
	}
	h := decode.TextReply("dropbox challenge", http.StatusOK, c)
	h.Header.Set("X-Content-Type-Options", "nosniff")
	return h, true
}
