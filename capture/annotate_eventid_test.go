package capture

import (
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
)

func TestEventKeysNameTheEventOfTheDetectedProvider(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    store.Delivery
		want string
	}{
		{"standard webhooks header", store.Delivery{Method: "POST", URI: "/hooks", Provider: "unknown",
			Headers: http.Header{"Webhook-Id": {"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"}}, Body: []byte(`{}`)}, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"},
		{"stripe event id", store.Delivery{Method: "POST", URI: "/hooks", Provider: "stripe",
			Headers: http.Header{"Stripe-Signature": {"t=1,v1=ab"}}, Body: []byte(`{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event"}`)}, "evt_1NG8Du2eZvKYlo2CUI79vXWy"},
		{"none", store.Delivery{Method: "POST", URI: "/hooks", Provider: "unknown", Body: []byte(`{"id":1}`)}, ""},
	} {
		if got := EventKeys(&tc.d).EventID; got != tc.want {
			t.Errorf("%s: EventID = %q, want %q", tc.name, got, tc.want)
		}
	}
}
