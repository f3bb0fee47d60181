package discord

import (
	"net/http"

	"github.com/hookscope/hookscope/decode"
)

// Handshake answers every Discord interaction whose signature does not
// hold with 401, and a PING (type 1) whose signature holds with
// {"type":1}: Discord validates an Interactions Endpoint URL by sending a
// PING and also requests with bad signatures, and accepts the URL only
// when the first gets PONG and the others 401. Without the application's
// public key nothing can be verified, so every request gets 401 saying
// what to configure.
func Handshake(r *decode.Request, in decode.HandshakeInput) (decode.Handshake, bool) {
	const name = "discord PING"
	switch in.Signature.Status {
	case decode.SigValid:
	case decode.SigNoSecret:
		return decode.JSONReply("discord (no public key)", http.StatusUnauthorized, []byte(
			`{"error":"hookscope cannot verify Discord's signature: set [providers.discord] public_key to the application's public key (hex) in the config file or `+
				decode.SecretEnv("discord")+`"}`)), true
	default:
		return decode.JSONReply("discord bad signature", http.StatusUnauthorized, []byte(`{"error":"invalid request signature"}`)), true
	}
	if decode.JSONString(r.Body, "type") != "1" {
		return decode.Handshake{}, false
	}
	return decode.JSONReply(name, http.StatusOK, []byte(`{"type":1}`)), true
}
