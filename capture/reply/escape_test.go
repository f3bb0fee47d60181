package reply

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
)

// hostile are values a delivery may carry that break JSON written by hand.
var hostile = []string{`SKU "A" 12`, `C:\path\`, "two\nlines\ttab\r", `</script><script>alert(1)</script>`, "line\u2028sep\u2029", "nul\x00bell\x07"}

// plant sets every string in v (a pointer to a typed event) to s.
func plant(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			plant(v.Elem(), s)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				plant(v.Field(i), s)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			plant(v.Index(i), s)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(s)
		}
	}
}

// Every default reply stays valid JSON whatever text the delivery carries.
func TestEveryDefaultReplyIsValidJSONForHostileValues(t *testing.T) {
	all, _ := fixtures.All()
	a, _ := registry.New(nil, nil)
	rendered := 0
	for _, f := range all {
		rule := Default(f.Provider, f.Event)
		if rule.Name == Plain.Name {
			continue
		}
		for _, h := range hostile {
			r := decode.NewRequest(f.Method, f.Path, f.Headers, f.Body)
			det := a.Detect(r)
			v := a.View(r, det)
			if v.Value == nil {
				t.Fatalf("%s: %s", f.Name, v.Error)
			}
			plant(reflect.ValueOf(v.Value), h)
			rep := Render(rule, NewData(f.Method, f.Path, r.Query, f.Headers, f.Body, det.Provider, det.Topic, v.Value))
			if rep.Status != 200 || !json.Valid(rep.Body) {
				t.Errorf("%s with %q: %d %s\n%s", f.Name, h, rep.Status, rep.Err, rep.Body)
			}
			rendered++
		}
	}
	if rendered != 12*len(hostile) {
		t.Fatalf("rendered %d defaults", rendered)
	}
}

// The value comes back exactly as the delivery sent it, inside a string
// and as a value of its own.
func TestAmplifyProductReplyEchoesAHostileIDExactly(t *testing.T) {
	f, _ := fixtures.Get("amplify/get_product")
	a, _ := registry.New(nil, nil)
	for _, id := range hostile {
		body := strings.Replace(string(f.Body), `"product_ref_id": "`, `"product_ref_id": `+mustJSON(id)+`, "x_was": "`, 1)
		r := decode.NewRequest(f.Method, f.Path, f.Headers, []byte(body))
		det := a.Detect(r)
		v := a.View(r, det)
		rep := Render(Default("amplify", "get_product"), NewData(f.Method, f.Path, r.Query, f.Headers, []byte(body), det.Provider, det.Topic, v.Value))
		var got struct {
			Key   string `json:"_key"`
			RefID string `json:"ref_id"`
			Title string `json:"title"`
		}
		if err := json.Unmarshal(rep.Body, &got); err != nil {
			t.Fatalf("%q: %v\n%s", id, err, rep.Body)
		}
		want := strings.ToValidUTF8(id, "\uFFFD")
		if got.Key != want || got.RefID != want || got.Title != "Sample product "+want {
			t.Fatalf("%q echoed as %+v", id, got)
		}
		if strings.Contains(string(rep.Body), "</script>") || strings.Contains(string(rep.Body), "\u2028") {
			t.Fatalf("%q written raw: %s", id, rep.Body)
		}
	}
}

func mustJSON(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestEscapingFollowsTheTemplatesStrings(t *testing.T) {
	for body, want := range map[string]string{
		`{"a": "x{{.Event}}y", "b": {{.Event}}}`:                            `{"a": "x\"q\\\u003c/b\u003ey", "b": "\"q\\\u003c/b\u003e"}`,
		`{"esc": "\"{{.Event}}\""}`:                                         `{"esc": "\"\"q\\\u003c/b\u003e\""}`,
		`{"n": {{len .Event}}, "raw": {{raw "[1]"}}, "j": {{json .Event}}}`: `{"n": 7, "raw": [1], "j": "\"q\\\u003c/b\u003e"}`,
		`{{$x := 1}}{"s": "{{with .Event}}{{.}}{{end}}"}`:                   `{"s": "\"q\\\u003c/b\u003e"}`,
	} {
		rep := Render(Rule{Name: "t", Status: 200, Body: body}, Data{Event: `"q\</b>`})
		if string(rep.Body) != want {
			t.Errorf("%s\n got %s (%s)\nwant %s", body, rep.Body, rep.Err, want)
		}
	}
	// A reply that is not JSON is written as the template says.
	rep := Render(Rule{Name: "t", Status: 200, Headers: map[string]string{"Content-Type": "text/plain"}, Body: `say {{.Event}}`}, Data{Event: `"hi"`})
	if string(rep.Body) != `say "hi"` {
		t.Errorf("text reply %s", rep.Body)
	}
}
