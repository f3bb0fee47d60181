package registry

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/fixtures"
)

// TestConfusionMatrix is the guard for every provider added: each fixture
// is detected as its own provider and topic, and no other provider claims
// it with high confidence (Amplify claimed Stripe events by their shape,
// Vend claimed GitHub and Slack form posts by their payload field).
func TestConfusionMatrix(t *testing.T) {
	all, err := fixtures.All()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := New(nil, nil)
	for _, f := range all {
		r := request(f)
		if det := a.Detect(r); det.Provider != f.Provider || det.Topic != f.Event {
			t.Errorf("%s: detected %s %q (%v)", f.Name, det.Provider, det.Topic, det.Evidence)
		}
		for _, p := range All() {
			if p.ID() == f.Provider {
				continue
			}
			if d, ok := p.Detect(request(f)); ok && d.Confidence == decode.High {
				t.Errorf("%s: %s claims it with high confidence (%v)", f.Name, p.ID(), d.Evidence)
			}
		}
	}
}

// fixtureSecret signed the new providers' fixtures, at fixtureTime.
var (
	fixtureSecret = "hookscope-fixture-secret"
	fixtureTime   = time.Unix(1700000000, 0)
)

func fixtureSecrets(provider string) map[string][][]byte {
	s := fixtureSecret
	switch provider {
	case "svix":
		s = "whsec_" + base64.StdEncoding.EncodeToString([]byte(fixtureSecret))
	case "discord":
		s = discordPublicKey
	case "sendgrid":
		s = sendgridPublicKey()
	}
	return map[string][][]byte{provider: {[]byte(s)}}
}

// Every signed fixture verifies with the secret it was signed with, when
// received at the time it was signed; a week later it is still valid (the
// verdict is judged at receipt); received an hour late, a timestamped one
// is stale; one changed byte is invalid.
func TestSignedFixturesVerify(t *testing.T) {
	all, _ := fixtures.All()
	n := 0
	for _, f := range all {
		p, _ := Lookup(f.Provider)
		if _, ok := p.Signature().(decode.SpecScheme); !ok {
			continue
		}
		n++
		t.Run(f.Name, func(t *testing.T) {
			secrets := fixtureSecrets(f.Provider)
			if f.Provider == "gitlab" && f.Headers.Get("Webhook-Signature") != "" {
				secrets = fixtureSecrets("svix")
				secrets["gitlab"] = secrets["svix"]
			}
			a, _ := New(nil, secrets)
			check := func(body []byte, at time.Time) decode.Signature {
				r := decode.NewRequest(f.Method, f.Path, f.Headers, body)
				r.ReceivedAt, r.PublicURL = at, "https://hooks.example.com"
				return a.Check(r, a.Detect(r))
			}
			if s := check(f.Body, fixtureTime.Add(2*time.Second)); s.Status != decode.SigValid {
				t.Fatalf("as signed: %+v", s)
			}
			late := check(f.Body, fixtureTime.Add(time.Hour))
			timestamped := p.Signature().(decode.SpecScheme).Spec.Tolerance > 0 || f.Headers.Get("Webhook-Signature") != ""
			if timestamped && (late.Status != decode.SigStale || !strings.Contains(late.Reason, "before hookscope received")) {
				t.Errorf("an hour late: %+v", late)
			}
			if f.Headers.Get("X-Gitlab-Token") != "" {
				return // a token, not a signature: it covers no bytes
			}
			tampered := bytes.Replace(f.Body, []byte("e"), []byte("f"), 1)
			switch f.Provider {
			case "mailgun":
				// Mailgun signs only the body's timestamp and token.
				tok := decode.JSONString(f.Body, "signature.token")
				tampered = bytes.Replace(f.Body, []byte(tok), []byte(tok[1:]+"0"), 1)
			case "intercom":
				// The first e is in notification_event, which makes it
				// Intercom's; change the attempt count instead.
				tampered = bytes.Replace(f.Body, []byte(`"delivery_attempts": 1`), []byte(`"delivery_attempts": 2`), 1)
			}
			if s := check(tampered, fixtureTime); s.Status != decode.SigInvalid || s.Reason == "" {
				t.Errorf("tampered: %+v", s)
			}
		})
	}
	if n < 24 {
		t.Errorf("only %d signed fixtures", n)
	}
}

// Standard Webhooks headers alone are the svix scheme, medium; with
// X-Gitlab-Event they are GitLab's.
func TestGenericStandardWebhooksLoseToAPlatformsOwnHeader(t *testing.T) {
	a, _ := New(nil, nil)
	h := http.Header{"Webhook-Id": {"msg_1"}, "Webhook-Timestamp": {"1700000000"}, "Webhook-Signature": {"v1,abc="},
		"Content-Type": {"application/json"}}
	det := a.Detect(decode.NewRequest("POST", "/", h, []byte(`{"type":"invoice.paid","data":{}}`)))
	if det.Provider != "svix" || det.Confidence != decode.Medium || det.Topic != "invoice.paid" {
		t.Fatalf("generic: %+v", det)
	}
	h.Set("X-Gitlab-Event", "Push Hook")
	if det := a.Detect(decode.NewRequest("POST", "/", h, []byte(`{"object_kind":"push"}`))); det.Provider != "gitlab" {
		t.Fatalf("with X-Gitlab-Event: %+v", det)
	}
}

// An AmeriCommerce-shaped body ({"order": …}) sent by a platform its
// headers identify is that platform's.
func TestBodyShapeGuessesLoseToHeaders(t *testing.T) {
	a, _ := New(nil, nil)
	h := http.Header{"X-Shopify-Topic": {"orders/create"}, "Content-Type": {"application/json"}}
	if det := a.Detect(decode.NewRequest("POST", "/hooks/x", h, []byte(`{"order":{"id":1}}`))); det.Provider != "shopify" {
		t.Fatalf("%+v", det)
	}
	// A Stripe event without its header: Stripe's shape beats Amplify's
	// look-alike envelope.
	body := []byte(`{"id":"evt_1","object":"event","api_version":"2024-06-20","type":"charge.succeeded","data":{"object":{"id":"ch_1"}}}`)
	if det := a.Detect(decode.NewRequest("POST", "/", http.Header{}, body)); det.Provider != "stripe" || det.Confidence != decode.Medium {
		t.Fatalf("headerless Stripe event: %+v", det)
	}
}

// BenchmarkDetectAndVerifyShopify is the capture-path cost for a
// header-identified provider: detection plus verification, no typed
// decode (target: a few µs).
func BenchmarkDetectAndVerifyShopify(b *testing.B) {
	f, _ := fixtures.Get("shopify/orders-create")
	a, _ := New(nil, map[string][][]byte{"shopify": {[]byte(fixtureSecret)}})
	b.ReportAllocs()
	for b.Loop() {
		r := decode.NewRequest(f.Method, f.Path, f.Headers, f.Body)
		if s := a.Check(r, a.Detect(r)); s.Status != decode.SigValid {
			b.Fatal(s)
		}
	}
}
