package zoom

import (
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/decode"
)

// The url_validation reply's encryptedToken is the hex HMAC-SHA256 of the
// plain token keyed with the app's secret token, each secret's its own
// however they alternate (vectors computed with Python's hmac; the first
// is capture's handshake test's).
func TestURLValidationEncryptsThePlainTokenWithTheSecret(t *testing.T) {
	body := []byte(`{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}`)
	r := decode.NewRequest("POST", "/zoom", http.Header{"Content-Type": {"application/json"}}, body)
	const (
		test    = "40a58fc396b81cf5fa0ee7d3431e19801ad5c46f66d6891a405bdb809268503d"
		another = "09084e93f5f063c49d258d0c43ed274673e33d0eaa0340ce9af7ac87781d040f"
	)
	for _, c := range []struct{ secret, token string }{
		{"zoom_test_secret", test}, {"another", another}, {"zoom_test_secret", test},
	} {
		h, ok := Handshake(r, decode.HandshakeInput{Secrets: [][]byte{[]byte(c.secret)}})
		want := `{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"` + c.token + `"}`
		if !ok || h.Status != http.StatusOK || string(h.Body) != want {
			t.Errorf("secret %q: %v %d %s, want 200 %s", c.secret, ok, h.Status, h.Body, want)
		}
	}
}
