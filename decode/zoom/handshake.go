package zoom

import (
	"encoding/hex"
	"encoding/json"
	"net/http"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/internal/keyedmac"
)

// Handshake answers Zoom's endpoint.url_validation (sent when the
// endpoint is saved, then every 72 hours): 200 with JSON plainToken and
// encryptedToken, the hex HMAC-SHA256 of plainToken keyed with the app's
// secret token (developers.zoom.us/docs/api/webhooks). Without a secret it
// cannot be answered, and the reply says what to configure.
func Handshake(r *decode.Request, in decode.HandshakeInput) (decode.Handshake, bool) {
	if decode.JSONString(r.Body, "event") != "endpoint.url_validation" {
		return decode.Handshake{}, false
	}
	const name = "zoom endpoint.url_validation"
	if len(in.Secrets) == 0 {
		return decode.NeedsSecret(name, "zoom", "the app's secret token"), true
	}
	plain := decode.JSONString(r.Body, "payload.plainToken")
	m := keyedmac.Of(keyedmac.SHA256, in.Secrets[0], []byte(plain))
	encrypted := hex.EncodeToString(m.Sum())
	m.Release()
	body, _ := json.Marshal(struct {
		PlainToken     string `json:"plainToken"`
		EncryptedToken string `json:"encryptedToken"`
	}{plain, encrypted})
	return decode.JSONReply(name, http.StatusOK, body), true
}
