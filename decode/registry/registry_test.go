package registry

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/custom"
	"github.com/hookscope/hookscope/fixtures"
)

var update = flag.Bool("update", false, "rewrite golden files")

func request(f fixtures.Fixture) *decode.Request {
	return decode.NewRequest(f.Method, f.Path, f.Headers, f.Body)
}

func TestEveryFixtureIsDetectedAndDecodesWithoutDrift(t *testing.T) {
	all, err := fixtures.All()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := New(nil, nil)
	var golden strings.Builder
	for _, f := range all {
		t.Run(f.Name, func(t *testing.T) {
			r := request(f)
			det := a.Detect(r)
			if det.Provider != f.Provider || det.Topic != f.Event {
				t.Fatalf("detected %s %q (%v), want %s %q", det.Provider, det.Topic, det.Evidence, f.Provider, f.Event)
			}
			if len(det.Evidence) == 0 || det.Confidence != decode.High {
				t.Errorf("confidence %v, evidence %v", det.Confidence, det.Evidence)
			}
			v := a.View(r, det)
			if v.Error != "" {
				t.Fatalf("decode error: %s", v.Error)
			}
			if len(v.Drift) > 0 {
				t.Errorf("drift on a documented payload: %v", v.Drift)
			}
			if v.Summary == "" || len(v.Sections) == 0 {
				t.Errorf("summary %q, %d sections", v.Summary, len(v.Sections))
			}
			if got := Summary(a.Identify(r).Detection, r); got != v.Summary {
				t.Errorf("capture-time summary %q differs from the view's %q", got, v.Summary)
			}
			fmt.Fprintf(&golden, "%-40s %s\n", f.Name, v.Summary)
		})
	}
	path := filepath.Join("testdata", "summaries.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if golden.String() != string(want) {
		t.Errorf("summaries differ from %s (run with -update after checking):\n%s", path, diff(string(want), golden.String()))
	}
}

func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			fmt.Fprintf(&out, "- %s\n+ %s\n", a, b)
		}
	}
	return out.String()
}

func TestOrderSummaryIsTheDocumentedExample(t *testing.T) {
	f, _ := fixtures.Get("spiffy/orders-create")
	a, _ := New(nil, nil)
	r := request(f)
	if got := a.View(r, a.Detect(r)).Summary; got != "Order #9999 · 403.00 USD · 2 items · jon@doe.ca" {
		t.Fatalf("summary %q", got)
	}
}

func TestUnknownDeliveryIsUnknownNotAnError(t *testing.T) {
	a, _ := New(nil, nil)
	r := decode.NewRequest("POST", "/x", http.Header{"Content-Type": {"application/json"}}, []byte(`{"hello":"world"}`))
	det := a.Detect(r)
	if det.Provider != decode.Unknown {
		t.Fatalf("claimed by %s", det.Provider)
	}
	if v := a.View(r, det); v.Error == "" || v.Value != nil {
		t.Fatalf("view of an unknown delivery: %+v", v)
	}
	if s := a.Check(r, det); s.Status != decode.SigUnsigned {
		t.Fatalf("signature %v", s.Status)
	}
}

func TestDetectionFacts(t *testing.T) {
	a, _ := New(nil, nil)
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	for _, tc := range []struct {
		name, path string
		header     http.Header
		body       string
		provider   string
		topic      string
		candidates int
	}{
		{"spiffy lower-case header", "/", h("x-spiffy-topic", "orders/paid"), `{}`, "spiffy", "orders/paid", 0},
		{"spiffy stores spelling", "/", h("X-Spiffy-Stores-Topic", "carts/create"), `{}`, "spiffy", "carts/create", 0},
		// The gem routes by the URL's :type and sends no topic header.
		{"spiffy topic from the gem's route", "/webhooks/orders_create", h("X-Spiffy-Stores-Hmac-Sha256", "ab"), `{}`, "spiffy", "orders/create", 0},
		{"spiffy topic with underscores", "/webhooks/orders_partially_fulfilled", h("X-Spiffy-Stores-Shop-Domain", "s.spiffystores.com"), `{}`, "spiffy", "orders/partially_fulfilled", 0},
		{"spiffy topic from two segments", "/hooks/collection_listings/add", h("X-Spiffy-Hmac-Sha256", "ab"), `{}`, "spiffy", "collection_listings/add", 0},
		{"spiffy header, no topic anywhere", "/webhooks/spiffy", h("X-Spiffy-Stores-Hmac-Sha256", "ab"), `{}`, "spiffy", "", 0},
		{"vend without type field", "/", h("Content-Type", "application/x-www-form-urlencoded"),
			"payload=" + `%7B%22register_sale_products%22%3A%5B%5D%7D`, "vend", "sale.update", 0},
		{"americommerce by path", "/hooks/OrderPlaced", h("Content-Type", "application/json"), `{"order":{}}`, "americommerce", "OrderPlaced", 0},
		// The document's own example URL, and one URL serving payments.
		{"americommerce event name in the segment", "/OrderPlacedProcessor", h("Content-Type", "application/json"), `{"order":{}}`, "americommerce", "OrderPlaced", 0},
		{"americommerce payment processor URL", "/hooks/authorizingpaymentprocessor", nil, `{"order_payment":{}}`, "americommerce", "AuthorizingPayment", 0},
		{"americommerce longest name wins", "/GetTaxForOrderPlaced", nil, `{}`, "americommerce", "OrderPlaced", 0},
		{"americommerce two names of one length", "/OrderApprovedOrderDeclined", nil, `{"order":{}}`, "americommerce", "", 2},
		{"americommerce ambiguous orders", "/hooks/x", h("Content-Type", "application/json"), `{"order":{"id":1}}`, "americommerce", "", 5},
		{"americommerce GetTax by shape", "/x", nil, `{"items":[{"cart_item_id":1}],"shipping_total":1,"handling_total":0}`, "americommerce", "GetTax", 0},
		{"merchone", "/", nil, `{"type":"shipment_sent","created":{"date":"2018-05-30 08:40:20.050308","timezone_type":3,"timezone":"UTC"},"data":{}}`, "merchone", "shipment_sent", 0},
		{"shipment_sent with integer created is not merchone", "/", nil, `{"type":"shipment_sent","created":1527669620,"data":{}}`, decode.Unknown, "", 0},
		{"amplify envelope", "/", nil, `{"api_version":"v1","type":"get_product","data":{"object":{}},"id":"x","object":"product"}`, "amplify", "get_product", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.header == nil {
				tc.header = http.Header{}
			}
			det := a.Detect(decode.NewRequest("POST", tc.path, tc.header, []byte(tc.body)))
			if det.Provider != tc.provider || det.Topic != tc.topic || len(det.Candidates) != tc.candidates {
				t.Fatalf("got %s %q candidates %v (%v)", det.Provider, det.Topic, det.Candidates, det.Evidence)
			}
			if tc.candidates > 1 && !det.Ambiguous() {
				t.Error("not reported ambiguous")
			}
		})
	}
}

func TestAmbiguousOrderStillGetsATypedView(t *testing.T) {
	f, _ := fixtures.Get("americommerce/OrderPlaced")
	a, _ := New(nil, nil)
	r := decode.NewRequest("POST", "/hooks/generic", f.Headers, f.Body)
	det := a.Detect(r)
	v := a.View(r, det)
	if v.Error != "" || !strings.Contains(v.Summary, "topic ambiguous") || !strings.Contains(v.Summary, "Order 100234") {
		t.Fatalf("view %q %q", v.Summary, v.Error)
	}
}

func TestRoutesWinAndSetTheTopic(t *testing.T) {
	a, err := New([]Route{{Prefix: "/shop", Provider: "americommerce"}, {Prefix: "/shop/tax", Provider: "americommerce", Topic: "GetTax"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := fixtures.Get("americommerce/GetTax")
	det := a.Detect(decode.NewRequest("POST", "/shop/tax/endpoint", f.Headers, f.Body))
	if det.Provider != "americommerce" || det.Topic != "GetTax" || !strings.HasPrefix(det.Evidence[0], "route /shop/tax") {
		t.Fatalf("%+v", det)
	}
	if _, err := New([]Route{{Prefix: "/x", Provider: "acme"}}, nil); err == nil || !strings.Contains(err.Error(), "unknown provider") {
		t.Fatalf("unknown provider in a route: %v", err)
	}
}

func TestDriftAndTypeErrorsAreReportedWithPaths(t *testing.T) {
	f, _ := fixtures.Get("spiffy/orders-create")
	body := strings.Replace(string(f.Body), `"email": "jon@doe.ca",`, `"email": "jon@doe.ca", "loyalty_tier": "gold",`, 1)
	body = strings.Replace(body, `"token": "123456abcd",`, ``, 1)
	a, _ := New(nil, nil)
	r := decode.NewRequest("POST", "/", f.Headers, []byte(body))
	v := a.View(r, a.Detect(r))
	got := fmt.Sprint(v.Drift)
	if !strings.Contains(got, "unknown field $.loyalty_tier") || !strings.Contains(got, "missing field $.token") {
		t.Fatalf("drift %v", v.Drift)
	}
	bad := strings.Replace(string(f.Body), `"total_price": "403.00"`, `"total_price": "four hundred"`, 1)
	v = a.View(decode.NewRequest("POST", "/", f.Headers, []byte(bad)), a.Detect(r))
	// A value that does not fit is drift with its path; the rest decodes.
	if v.Error != "" || !strings.Contains(fmt.Sprint(v.Drift), "value does not fit $.total_price") || !strings.Contains(v.Summary, "Order #") {
		t.Fatalf("misfit: error %q, drift %v, summary %q", v.Error, v.Drift, v.Summary)
	}
	v = a.View(decode.NewRequest("POST", "/", f.Headers, []byte(`{"id": 1,`)), a.Detect(r))
	if !strings.Contains(v.Error, "not valid JSON") {
		t.Fatalf("invalid JSON: %q", v.Error)
	}
}

func TestSpiffyXMLBodyDecodesLikeJSON(t *testing.T) {
	xml := `<?xml version="1.0" encoding="UTF-8"?>
<order>
  <id type="integer">123456</id>
  <email>jon@doe.ca</email>
  <name>#9999</name>
  <currency>USD</currency>
  <total-price type="decimal">403.00</total-price>
  <closed-at nil="true"/>
  <test type="boolean">true</test>
  <line-items type="array">
    <line-item><id type="integer">1</id><title>IPod Nano - 8GB</title><price type="decimal">199.00</price></line-item>
    <line-item><id type="integer">2</id><title>IPod Nano - 8GB</title><price type="decimal">199.00</price></line-item>
  </line-items>
</order>`
	a, _ := New(nil, nil)
	r := decode.NewRequest("POST", "/", http.Header{"Content-Type": {"application/xml"}, "X-Spiffy-Topic": {"orders/create"}}, []byte(xml))
	v := a.View(r, a.Detect(r))
	if v.Error != "" || v.Summary != "Order #9999 · 403.00 USD · 2 items · jon@doe.ca" {
		t.Fatalf("summary %q error %q", v.Summary, v.Error)
	}
}

func TestCustomProvidersAreLookedUpDetectedAndNeverShadowBuiltins(t *testing.T) {
	t.Cleanup(func() { SetCustom(nil) })
	acme, err := custom.New("acme", custom.Config{Name: "Acme", Match: custom.Match{Header: "X-Acme-Event"}})
	if err != nil {
		t.Fatal(err)
	}
	// A body key every Stripe event has: medium, so Stripe's own header wins.
	loose, _ := custom.New("loose", custom.Config{Match: custom.Match{JSON: "type"}})
	if err := SetCustom([]decode.Provider{acme, loose}); err != nil {
		t.Fatal(err)
	}
	if _, ok := Lookup("acme"); !ok || !strings.Contains(strings.Join(IDs(), ","), "acme") {
		t.Errorf("acme not in Lookup/IDs: %v", IDs())
	}
	a, _ := New(nil, nil)
	r := decode.NewRequest("POST", "/", http.Header{"X-Acme-Event": {"x"}}, []byte(`{}`))
	if d := a.Detect(r); d.Provider != "acme" {
		t.Errorf("acme delivery detected as %+v", d)
	}
	f, err := fixtures.Get("stripe/payment_intent-succeeded")
	if err != nil {
		t.Fatal(err)
	}
	r = decode.NewRequest("POST", f.Path, f.Headers, f.Body)
	if d := a.Detect(r); d.Provider != "stripe" {
		t.Errorf("a custom provider's body key took a Stripe event: %+v", d)
	}
	stripeLike, _ := custom.New("stripe", custom.Config{Match: custom.Match{Header: "X"}})
	if err := SetCustom([]decode.Provider{stripeLike}); err == nil || !strings.Contains(err.Error(), "built-in") {
		t.Errorf("a custom provider named stripe: %v", err)
	}
	if _, ok := Lookup("acme"); !ok {
		t.Error("a refused SetCustom removed the providers installed before")
	}
}
