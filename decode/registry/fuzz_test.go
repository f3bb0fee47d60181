package registry

import (
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/fixtures"
)

// detectionHeaders are, per provider, the headers its detection and
// signature check read; the fuzzer sets one provider's set (or all) to its
// topic string, so each provider's header path is explored.
var detectionHeaders = [][]string{
	{"X-Spiffy-Topic", "X-Spiffy-Hmac-Sha256", "X-Spiffy-Stores-Topic"},
	{"X-Signature"}, // vend, lemonsqueezy
	{"Stripe-Signature"},
	{"X-GitHub-Event", "X-Hub-Signature-256", "X-Hub-Signature"},
	{"X-Gitlab-Event", "X-Gitlab-Token", "Webhook-Id", "Webhook-Timestamp", "Webhook-Signature"},
	{"X-Slack-Signature", "X-Slack-Request-Timestamp"},
	{"X-Shopify-Topic", "X-Shopify-Hmac-Sha256"},
	{"Paddle-Signature"},
	{"X-Twilio-Signature"},
	{"Svix-Id", "Svix-Timestamp", "Svix-Signature"},
	{"X-Event-Key", "X-Hook-UUID", "X-Request-UUID", "X-Hub-Signature"},
	{"X-WC-Webhook-Topic", "X-WC-Webhook-Source", "X-WC-Webhook-Signature"},
	{"X-Square-Hmacsha256-Signature", "X-Square-Signature"},
	{"X-Event-Name", "X-Signature"},
	{"Linear-Signature", "Linear-Delivery"},
	{"Sentry-Hook-Resource", "Sentry-Hook-Signature"},
	{"X-PagerDuty-Signature"},
	{"Typeform-Signature"},
	{"Calendly-Webhook-Signature"},
	{"X-Zm-Signature", "X-Zm-Request-Timestamp"},
	{"Twitch-Eventsub-Message-Id", "Twitch-Eventsub-Message-Timestamp", "Twitch-Eventsub-Message-Signature",
		"Twitch-Eventsub-Message-Type", "Twitch-Eventsub-Subscription-Type"},
	{"X-Signature-Ed25519", "X-Signature-Timestamp"},
	{"X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp", "X-HubSpot-Signature"},
	{"X-Twilio-Email-Event-Webhook-Signature", "X-Twilio-Email-Event-Webhook-Timestamp"},
	{"X-Vercel-Signature"},
	{"X-CC-Webhook-Signature"},
	{"X-Razorpay-Signature", "X-Razorpay-Event-Id"},
	{"X-Hook-Signature", "X-Hook-Secret"},
	{"Mux-Signature"},
	{"X-Xero-Signature"},
}

// FuzzAnalyze feeds arbitrary bytes through detection, signature checks and
// typed decoding under every content type and every provider's headers.
// Nothing may panic. The seed corpus (every fixture) runs in ordinary `go
// test`; `go test -fuzz FuzzAnalyze ./decode/registry` explores.
func FuzzAnalyze(f *testing.F) {
	all, _ := fixtures.All()
	for i, fx := range all {
		f.Add(fx.Path, fx.Headers.Get("Content-Type"), fx.Headers.Get("X-Spiffy-Topic"), uint8(i), fx.Body)
	}
	f.Add("/x", "application/xml", "orders/create", uint8(0), []byte(`<order><a type="array"><b nil="true"/></a>`))
	f.Add("/GetTax", "", "", uint8(0), []byte{0xff, 0x00, '{'})
	f.Add("/", "application/json", "t=1,v1=00", uint8(255), []byte(`[{"event":"open","sg_event_id":"x"}]`))
	secrets := map[string][][]byte{}
	for _, id := range IDs() {
		secrets[id] = [][]byte{[]byte("s")}
	}
	secrets["discord"] = [][]byte{[]byte(discordPublicKey)}
	secrets["sendgrid"] = [][]byte{[]byte(sendgridPublicKey())}
	a, _ := New([]Route{{Prefix: "/r", Provider: "vend"}}, secrets)
	f.Fuzz(func(t *testing.T, path, contentType, topic string, which uint8, body []byte) {
		h := http.Header{"Content-Type": {contentType}}
		if topic != "" {
			// which picks one provider's headers; past the list, all of
			// them at once.
			sets := detectionHeaders
			if int(which) < len(sets) {
				sets = sets[which : which+1]
			}
			for _, set := range sets {
				for _, name := range set {
					h.Set(name, topic)
				}
			}
		}
		r := decode.NewRequest("POST", path, h, body)
		det := a.Detect(r)
		Summary(a.Identify(r).Detection, r)
		a.View(r, det)
		for _, p := range All() {
			for _, e := range p.Events() {
				decode.DecodeEvent(e, body)
			}
		}
	})
}
