package reply

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
)

// typed decodes fixture name as hookscope does and renders its default.
func typed(t *testing.T, name string) (decode.Event, any, Reply) {
	t.Helper()
	f, err := fixtures.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := registry.New(nil, nil)
	r := decode.NewRequest(f.Method, f.Path, f.Headers, f.Body)
	det := a.Detect(r)
	v := a.View(r, det)
	if v.Error != "" {
		t.Fatalf("decode %s: %s", name, v.Error)
	}
	p, _ := registry.Lookup(det.Provider)
	e, _ := decode.FindEvent(p, det.Topic)
	rep := Render(Default(det.Provider, det.Topic), NewData(f.Method, f.Path, r.Query, f.Headers, f.Body, det.Provider, det.Topic, v.Value))
	return e, v.Value, rep
}

func TestEveryReplyExpectingEventHasAValidDefault(t *testing.T) {
	all, _ := fixtures.All()
	expecting := 0
	for _, f := range all {
		p, _ := registry.Lookup(f.Provider)
		e, _ := decode.FindEvent(p, f.Event)
		if e.NewReply == nil {
			if rule := Default(f.Provider, f.Event); rule.Name != Plain.Name {
				t.Errorf("%s expects no reply body but has default %q", f.Name, rule.Name)
			}
			continue
		}
		expecting++
		t.Run(f.Name, func(t *testing.T) {
			e, req, rep := typed(t, f.Name)
			if rep.Err != "" || rep.Status != 200 || rep.Headers.Get("Content-Type") != "application/json" {
				t.Fatalf("reply %d %q: %s", rep.Status, rep.Err, rep.Body)
			}
			if !json.Valid(rep.Body) {
				t.Fatalf("not JSON: %s", rep.Body)
			}
			if w := Validate(e, rep.Body, req); len(w) > 0 {
				t.Fatalf("default reply does not validate: %v\n%s", w, rep.Body)
			}
		})
	}
	if expecting != 12 || len(Documented()) != 12 {
		t.Fatalf("%d reply-expecting events, %d defaults; the docs list 12", expecting, len(Documented()))
	}
}

func TestGetTaxDefaultEchoesEveryCartItemExactly(t *testing.T) {
	_, _, rep := typed(t, "americommerce/GetTax")
	var got struct {
		Items []struct {
			CartItemID int64           `json:"cart_item_id"`
			TaxAmount  json.RawMessage `json:"tax_amount"`
		} `json:"items"`
		Shipping json.RawMessage `json:"shipping_tax_amount"`
		Handling json.RawMessage `json:"handling_tax_amount"`
	}
	if err := json.Unmarshal(rep.Body, &got); err != nil {
		t.Fatal(err)
	}
	// The fixture's lines: 9001 at 29.99, 9002 at 53.98; shipping 7.5, handling 1.25.
	want := "9001=3.00 9002=5.40 shipping=0.75 handling=0.13"
	var parts []string
	for _, it := range got.Items {
		parts = append(parts, strings.TrimSpace(jsonInt(it.CartItemID)+"="+string(it.TaxAmount)))
	}
	parts = append(parts, "shipping="+string(got.Shipping), "handling="+string(got.Handling))
	if s := strings.Join(parts, " "); s != want {
		t.Fatalf("GetTax reply %s, want %s", s, want)
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestValidationCatchesAMismatchedCartItemID(t *testing.T) {
	e, req, _ := typed(t, "americommerce/GetTax")
	w := Validate(e, []byte(`{"items":[{"cart_item_id":9001,"tax_amount":1},{"cart_item_id":4242,"tax_amount":1}],"shipping_tax_amount":0,"handling_tax_amount":0}`), req)
	if len(w) != 1 || !strings.Contains(w[0], "4242 is not a cart_item_id of the request") {
		t.Fatalf("warnings %v", w)
	}
	w = Validate(e, []byte(`{"items":[{"cart_item_id":"9001","tax_amount":1}],"taxes":1}`), req)
	if len(w) == 0 || !strings.Contains(strings.Join(w, ";"), "$.items[].cart_item_id") {
		t.Fatalf("wrong type not caught: %v", w)
	}
	w = Validate(e, []byte(`{"items":[],"shipping_tax_amount":0,"handling_tax_amount":0,"surprise":1}`), req)
	if strings.Join(w, ";") != "unknown field $.surprise" {
		t.Fatalf("unknown field: %v", w)
	}
}

func TestTemplateErrorAnswers500WithTheError(t *testing.T) {
	rep := Render(Rule{Name: "mine", Status: 200, Body: `{"x": {{.Event.Nope}}}`}, Data{Event: struct{ A int }{1}})
	if rep.Status != http.StatusInternalServerError || rep.Err == "" || !strings.Contains(string(rep.Body), "hookscope reply mine: template line 1") {
		t.Fatalf("%d %q %s", rep.Status, rep.Err, rep.Body)
	}
	rep = Render(Rule{Name: "bad", Status: 200, Body: `{{`}, Data{})
	if rep.Status != 500 || !json.Valid(rep.Body) {
		t.Fatalf("parse error: %d %s", rep.Status, rep.Body)
	}
}

func TestHelpers(t *testing.T) {
	for body, want := range map[string]string{
		`{{cents (mul "29.99" "0.10")}}`:                        "3.00",
		`{{cents (sum "0.1" "0.2")}}`:                           "0.30",
		`{{cents (mul .Event "3")}}`:                            "1.05", // 0.35 × 3 = 1.05 exactly
		`{{int "234324323"}} {{int "x"}}`:                       "234324323 0",
		`{{json "a\"b"}}`:                                       `"a\"b"`,
		`{{if eq (len uuid) 36}}ok{{end}} {{if now}}now{{end}}`: "ok now",
	} {
		d, _ := decode.ParseDecimal("0.35")
		rep := Render(Rule{Name: "t", Status: 200, Body: body}, Data{Event: d})
		if string(rep.Body) != want {
			t.Errorf("%s = %q (%s), want %q", body, rep.Body, rep.Err, want)
		}
	}
}

func TestTemplatesOverEveryProvidersFixtures(t *testing.T) {
	rule := Rule{Name: "echo", Status: 200, Body: `{"provider": {{json .Provider}}, "topic": {{json .Topic}}, ` +
		`"summary": {{json .Event.Summary}}, "method": {{json .Request.Method}}, "bytes": {{len .Request.Body}}}`}
	all, _ := fixtures.All()
	a, _ := registry.New(nil, nil)
	seen := map[string]bool{}
	for _, f := range all {
		r := decode.NewRequest(f.Method, f.Path, f.Headers, f.Body)
		det := a.Detect(r)
		v := a.View(r, det)
		rep := Render(rule, NewData(f.Method, r.Path, r.Query, f.Headers, r.Body, det.Provider, det.Topic, v.Value))
		var got struct{ Provider, Topic, Summary string }
		if rep.Err != "" || json.Unmarshal(rep.Body, &got) != nil || got.Provider != f.Provider || got.Topic != f.Event || got.Summary != v.Summary {
			t.Errorf("%s: %d %s %s", f.Name, rep.Status, rep.Err, rep.Body)
		}
		seen[f.Provider] = true
	}
	if len(seen) != len(registry.All()) {
		t.Fatalf("templates ran over %d providers' fixtures", len(seen))
	}
}

// A GetDiscount whose delivery_date is free text ("3-5 business days", a
// String by the docs) or whose total_weight is not a number still gets the
// documented default: the reply uses neither field.
func TestDefaultReplyAnswersWhenAFieldItDoesNotUseMisfits(t *testing.T) {
	f, err := fixtures.Get("americommerce/GetDiscount")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Replace(string(f.Body), `"delivery_date": "2024-03-19"`, `"delivery_date": "3-5 business days"`, 1)
	body = strings.Replace(body, `"total_weight": 0.8`, `"total_weight": "0.8 kg"`, 1)
	if body == string(f.Body) || !strings.Contains(body, "3-5 business days") || !strings.Contains(body, "0.8 kg") {
		t.Fatal("fixture changed: the test no longer plants its misfits")
	}
	d := &store.Delivery{Method: f.Method, URI: f.Path, Headers: f.Headers, Body: []byte(body),
		Provider: "americommerce", Topic: "GetDiscount"}
	respond(Defaults{}, d)
	if d.ReplyStatus != 200 || !json.Valid(d.ReplyBody) || !strings.Contains(string(d.ReplyBody), `"cart_id": 33871`) {
		t.Fatalf("reply %d: %s", d.ReplyStatus, d.ReplyBody)
	}

	a, _ := registry.New(nil, nil)
	r := decode.NewRequest(f.Method, f.Path, f.Headers, []byte(body))
	v := a.View(r, a.Detect(r))
	var drift []string
	for _, dr := range v.Drift {
		drift = append(drift, dr.String())
	}
	// delivery_date is a String by the docs: free text fits. total_weight
	// does not fit, is drift, and costs only itself.
	if v.Error != "" || strings.Join(drift, "\n") != `value does not fit $.total_weight: "0.8 kg" is not a decimal number (read as absent)` {
		t.Fatalf("view error %q, drift %v", v.Error, drift)
	}
}

// A product without variant inventory has variant_inventory_id null; the
// default reply echoes null, not 0 (no variant inventory record 0 exists).
func TestProductStatusDefaultEchoesANullVariantInventoryID(t *testing.T) {
	f, _ := fixtures.Get("americommerce/GetProductStatus")
	body := strings.Replace(string(f.Body), `"variant_inventory_id": 7712,`, `"variant_inventory_id": null,`, 1)
	d := &store.Delivery{Method: f.Method, URI: f.Path, Headers: f.Headers, Body: []byte(body), Provider: "americommerce", Topic: "GetProductStatus"}
	respond(Defaults{}, d)
	var got struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(d.ReplyBody, &got); err != nil || len(got.Items) != 1 {
		t.Fatalf("%v: %s", err, d.ReplyBody)
	}
	if v := string(got.Items[0]["variant_inventory_id"]); v != "null" || string(got.Items[0]["product_id"]) != "2201" {
		t.Fatalf("variant_inventory_id %s in %s", v, d.ReplyBody)
	}
}

// AmeriCommerce names the event only by URL. The document's example URL
// is …/OrderPlacedProcessor; a payment processor's URL gets the documented
// payment reply, not {"ok":true}, which approves nothing.
func TestAmeriCommercePaymentURLsGetThePaymentReply(t *testing.T) {
	f, _ := fixtures.Get("americommerce/AuthorizingPayment")
	a, _ := registry.New(nil, nil)
	var id struct {
		OrderPayment struct {
			ID int64 `json:"id"`
		} `json:"order_payment"`
	}
	if err := json.Unmarshal(f.Body, &id); err != nil || id.OrderPayment.ID == 0 {
		t.Fatalf("fixture: %v", err)
	}
	for _, c := range []struct{ path, topic, rule string }{
		{"/webhooks/AuthorizingPaymentProcessor", "AuthorizingPayment", "default americommerce AuthorizingPayment"},
		// One URL for every payment event: the topic stays ambiguous, and
		// the reply says which event it answered as and why.
		{"/webhooks/payments", "", "default americommerce AuthorizingPayment (topic ambiguous: one of AuthorizingPayment, CapturingPayment, PaymentProcessed; " +
			"of those expecting a reply, AuthorizingPayment, CapturingPayment, the body fits AuthorizingPayment)"},
	} {
		d := &store.Delivery{Method: "POST", URI: c.path, Headers: f.Headers, Body: f.Body}
		capture.Annotate(a, d, nil)
		respond(NewRules(), d)
		var got struct {
			Approved bool   `json:"approved"`
			Code     string `json:"authorization_code"`
		}
		if d.Topic != c.topic || d.ReplyRule != c.rule || d.ReplyStatus != 200 || json.Unmarshal(d.ReplyBody, &got) != nil ||
			!got.Approved || got.Code != fmt.Sprintf("HS%d", id.OrderPayment.ID) {
			t.Errorf("%s: topic %q, rule %q, %d %s", c.path, d.Topic, d.ReplyRule, d.ReplyStatus, d.ReplyBody)
		}
	}
	// Order events expect no reply: an ambiguous order stays a plain 200.
	o, _ := fixtures.Get("americommerce/OrderPlaced")
	d := &store.Delivery{Method: "POST", URI: "/webhooks/orders", Headers: o.Headers, Body: o.Body}
	capture.Annotate(a, d, nil)
	respond(NewRules(), d)
	if d.ReplyRule != Plain.Name {
		t.Errorf("ambiguous order answered by %q", d.ReplyRule)
	}
}

// respond replies to d as the capture server does, from its request.
func respond(rules Chooser, d *store.Delivery) {
	RequestResponder(rules)(d, decode.NewRequest(d.Method, d.URI, d.Headers, d.Body))
}
