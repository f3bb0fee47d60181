package decode

import (
	"net/http"
	"strings"
	"testing"
)

type idProvider struct{ Provider }

func (idProvider) EventID(r *Request) string { return r.Query.Get("event") }

func TestEventIDFromEachSource(t *testing.T) {
	for _, tc := range []struct {
		name   string
		p      Provider
		uri    string
		header http.Header
		body   string
		want   string
	}{
		{"github", nil, "/", http.Header{"X-Github-Delivery": {"72d3162e-cc78-11e3-81ab-4c9367dc0958"}}, "{}", "72d3162e-cc78-11e3-81ab-4c9367dc0958"},
		{"standard webhooks", nil, "/", http.Header{"Webhook-Id": {"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"}}, "{}", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"},
		{"svix", nil, "/", http.Header{"Svix-Id": {"msg_p5jXN8AQM9LWM0D4loKWxJek"}}, "{}", "msg_p5jXN8AQM9LWM0D4loKWxJek"},
		{"shopify", nil, "/", http.Header{"X-Shopify-Webhook-Id": {"b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"}}, "{}", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"},
		{"twilio", nil, "/", http.Header{"I-Twilio-Idempotency-Token": {"3ea7ff70-4c92-4a4c-8c5a-1f1d8e0d6b1e"}}, "", "3ea7ff70-4c92-4a4c-8c5a-1f1d8e0d6b1e"},
		{"stripe", nil, "/", http.Header{"Stripe-Signature": {"t=1,v1=ab"}}, `{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event"}`, "evt_1NG8Du2eZvKYlo2CUI79vXWy"},
		{"stripe body without its header", nil, "/", http.Header{}, `{"id":"evt_1"}`, ""},
		{"provider's own", idProvider{}, "/?event=e42", http.Header{"Webhook-Id": {"msg_1"}}, "{}", "e42"},
		{"provider without one falls back", idProvider{}, "/", http.Header{"Webhook-Id": {"msg_1"}}, "{}", "msg_1"},
		{"none", nil, "/", http.Header{"Content-Type": {"application/json"}}, `{"id":1}`, ""},
		{"clipped", nil, "/", http.Header{"Webhook-Id": {strings.Repeat("a", 500)}}, "{}", strings.Repeat("a", maxEventID)},
	} {
		r := NewRequest("POST", tc.uri, tc.header, []byte(tc.body))
		if got := EventID(tc.p, r); got != tc.want {
			t.Errorf("%s: EventID = %q, want %q", tc.name, got, tc.want)
		}
	}
}
