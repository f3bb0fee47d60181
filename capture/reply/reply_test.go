package reply

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

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
	if len(seen) != 5 {
		t.Fatalf("templates ran over %d providers' fixtures", len(seen))
	}
}
