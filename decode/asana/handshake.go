package asana

import (
	"crypto/subtle"
	"net/http"

	"github.com/hookscope/hookscope/decode"
)

// Handshake answers the request Asana sends while a webhook is being
// established: it carries X-Hook-Secret, and the webhook is created only if
// the answer is 200 (or 204) with the same X-Hook-Secret (API reference,
// "Establish a webhook"). The request is not signed; the secret it carries
// is the key for every later delivery's X-Hook-Signature, so when it is not
// the configured secret a note says to configure it.
func Handshake(r *decode.Request, in decode.HandshakeInput) (decode.Handshake, bool) {
	secret := r.Header.Get("X-Hook-Secret")
	if secret == "" {
		return decode.Handshake{}, false
	}
	h := decode.Handshake{Name: "asana X-Hook-Secret", Status: http.StatusOK, Header: http.Header{"X-Hook-Secret": {secret}}}
	if !configured(secret, in.Secrets) {
		h.Header.Set("X-Hookscope-Note", "to check this webhook's deliveries, set [providers.asana] secret (or "+
			decode.SecretEnv("asana")+") to the X-Hook-Secret this request carried")
	}
	return h, true
}

func configured(secret string, secrets [][]byte) bool {
	for _, s := range secrets {
		if subtle.ConstantTimeCompare([]byte(secret), s) == 1 {
			return true
		}
	}
	return false
}
