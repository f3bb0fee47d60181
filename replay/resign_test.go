package replay

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/decode/scheme"
)

// verifyingTarget is an app that verifies each request the way a receiver
// of the platform would, with hookscope's own decode path: provider
// detection, then the signature check with the app's secrets, judged
// against the time it arrived and the URL it was called at.
func verifyingTarget(t *testing.T, secrets map[string][][]byte) (*httptest.Server, func() []decode.Signature) {
	t.Helper()
	a, err := registry.New(nil, secrets)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var verdicts []decode.Signature
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		dr := decode.NewRequest(r.Method, r.RequestURI, r.Header, b)
		dr.ReceivedAt, dr.Host = time.Now(), r.Host
		s := a.Check(dr, a.Detect(dr))
		mu.Lock()
		verdicts = append(verdicts, s)
		mu.Unlock()
	}))
	t.Cleanup(ts.Close)
	return ts, func() []decode.Signature {
		mu.Lock()
		defer mu.Unlock()
		return append([]decode.Signature(nil), verdicts...)
	}
}

// TestReSignedReplaysVerifyAtTheTarget replays captured Stripe, Slack,
// Standard Webhooks and Twilio deliveries, whose timestamps are long past,
// re-signed with the target's secret: each verifies there as valid, not
// stale (a fresh timestamp) and, for Twilio, for the target's URL.
func TestReSignedReplaysVerifyAtTheTarget(t *testing.T) {
	svixSecret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("target-secret-for-svix-01"))
	secrets := map[string]string{"stripe": "whsec_target_stripe", "slack": "target-slack-secret",
		"svix": svixSecret, "twilio": "target-twilio-token"}
	all := map[string][][]byte{}
	for id, s := range secrets {
		all[id] = [][]byte{[]byte(s)}
	}
	for _, name := range []string{"stripe/payment_intent-succeeded", "slack/app_mention", "svix/clerk-user-created", "twilio/sms-received"} {
		t.Run(name, func(t *testing.T) {
			ts, verdicts := verifyingTarget(t, all)
			d := delivery(name)
			// As captured and sent on unchanged, the old signature does not
			// hold at the target: the test would pass vacuously otherwise.
			if res := Send(context.Background(), Client(Options{}), d, Options{Target: ts.URL + "/app"}); !res.OK() {
				t.Fatalf("plain replay: %+v", res)
			}
			if v := verdicts()[0]; v.Status == decode.SigValid {
				t.Fatalf("the captured signature already verifies with the target's secret: %+v", v)
			}
			res := Send(context.Background(), Client(Options{}), d, Options{Target: ts.URL + "/app", Secret: []byte(secrets[d.Provider])})
			if !res.OK() || res.Resigned == "" {
				t.Fatalf("re-signed replay: %+v", res)
			}
			if v := verdicts()[1]; v.Status != decode.SigValid {
				t.Fatalf("re-signed replay of %s does not verify at the target: %+v", name, v)
			}
		})
	}
}

// TestPublicKeySchemesAreSentAsCapturedAndSaySo: a platform that signs
// with a private key (Discord's Ed25519) cannot be re-signed; the replay
// goes as captured, unchanged, and ResignProblem says why.
func TestPublicKeySchemesAreSentAsCapturedAndSaySo(t *testing.T) {
	ed := &decode.Platform{Key: "edtest", Title: "Ed Test", Spec: &scheme.Discord,
		Detector: func(*decode.Request) (decode.Detection, bool) { return decode.Detection{}, false }}
	if err := registry.SetCustom([]decode.Provider{ed}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { registry.SetCustom(nil) })
	ts, got := target(t, 200)
	d := delivery("spiffy/orders-create")
	d.Provider = "edtest"
	d.Headers.Set("X-Signature-Ed25519", "ab12")
	d.Headers.Set("X-Signature-Timestamp", "1700000000")
	res := Send(context.Background(), Client(Options{}), d, Options{Target: ts.URL, Secret: []byte("a-public-key")})
	if !res.OK() || res.Resigned != "" {
		t.Fatalf("replay of a public-key scheme: %+v", res)
	}
	if h := got()[0].header; h.Get("X-Signature-Ed25519") != "ab12" || h.Get("X-Signature-Timestamp") != "1700000000" {
		t.Errorf("the captured signature was not sent as is: %v", h)
	}
	if why := ResignProblem("edtest"); !strings.Contains(why, "private key") || !strings.Contains(why, "sent as captured") {
		t.Errorf("ResignProblem: %q", why)
	}
	if why := ResignProblem("stripe"); why != "" {
		t.Errorf("stripe can be re-signed, got %q", why)
	}
}
