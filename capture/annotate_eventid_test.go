package capture

import (
	"net/http"
	"testing"
	"time"

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

func TestEventKeysNameTheResourceAndItsUpdatedAt(t *testing.T) {
	d := store.Delivery{Method: "POST", URI: "/hooks", Provider: "shopify",
		Headers: http.Header{"X-Shopify-Topic": {"orders/updated"}},
		Body:    []byte(`{"id":820982911946154508,"updated_at":"2026-12-01T10:05:00-05:00"}`)}
	k := EventKeys(&d)
	if want := time.Date(2026, 12, 1, 15, 5, 0, 0, time.UTC); k.Resource != "order:820982911946154508" || !k.UpdatedAt.Equal(want) {
		t.Errorf("EventKeys = %q, %v; want order:820982911946154508, %v", k.Resource, k.UpdatedAt, want)
	}
	d.Provider = "unknown"
	if k := EventKeys(&d); k.Resource != "" || !k.UpdatedAt.IsZero() {
		t.Errorf("EventKeys of an unknown provider = %q, %v; want none", k.Resource, k.UpdatedAt)
	}
}
