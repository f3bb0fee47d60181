package xero

import (
	"net/http"

	"github.com/hookscope/hookscope/decode"
)

// Handshake is the reply Xero's contract asks of every delivery ("Configuring
// your server"): 200 with no body when the signature holds, 401 when it does
// not. Its intent-to-receive check sends payloads with no events, some
// correctly signed and some not, and activates the webhook only when each
// gets the right one of the two. Without the webhook key nothing can be
// judged: an intent to receive gets 401 saying what to configure, and other
// deliveries the plain default, so Xero keeps the webhook while the key is
// missing.
func Handshake(r *decode.Request, in decode.HandshakeInput) (decode.Handshake, bool) {
	name := "xero delivery"
	if Topic(r.Body) == TopicIntentToReceive {
		name = "xero intent to receive"
	}
	switch in.Signature.Status {
	case decode.SigValid:
		return decode.Handshake{Name: name, Status: http.StatusOK, Header: http.Header{}}, true
	case decode.SigNoSecret:
		if name != "xero intent to receive" {
			return decode.Handshake{}, false
		}
		return decode.JSONReply(name+" (no webhook key)", http.StatusUnauthorized, []byte(
			`{"error":"hookscope cannot check Xero's signature: set [providers.xero] secret to the app's webhook key in the config file or `+
				decode.SecretEnv("xero")+`"}`)), true
	default:
		return decode.Handshake{Name: name + " (bad signature)", Status: http.StatusUnauthorized, Header: http.Header{}}, true
	}
}
