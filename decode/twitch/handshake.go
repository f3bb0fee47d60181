package twitch

import (
	"net/http"

	"github.com/hookscope/hookscope/decode"
)

// Handshake answers Twitch's webhook_callback_verification (header
// Twitch-Eventsub-Message-Type): 200 with the body's challenge as
// text/plain, no JSON, no quotes (dev.twitch.tv/docs/eventsub/
// handling-webhook-events). Twitch signs the request: with a secret
// configured, a challenge whose signature fails gets 403, so a subscription
// hookscope would never verify is not confirmed; without one the challenge
// is echoed and a header says what to configure.
func Handshake(r *decode.Request, in decode.HandshakeInput) (decode.Handshake, bool) {
	if r.Header.Get("Twitch-Eventsub-Message-Type") != "webhook_callback_verification" {
		return decode.Handshake{}, false
	}
	const name = "twitch webhook_callback_verification"
	switch in.Signature.Status {
	case decode.SigValid:
	case decode.SigNoSecret:
		h := decode.TextReply(name+" (signature not checked)", http.StatusOK, decode.JSONString(r.Body, "challenge"))
		h.Header.Set("X-Hookscope-Note", "set [providers.twitch] secret or "+decode.SecretEnv("twitch")+" to check Twitch's signature")
		return h, true
	default:
		return decode.TextReply(name+" (bad signature)", http.StatusForbidden, "signature "+string(in.Signature.Status)+": "+in.Signature.Reason), true
	}
	return decode.TextReply(name, http.StatusOK, decode.JSONString(r.Body, "challenge")), true
}
