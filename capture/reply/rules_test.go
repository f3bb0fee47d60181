package reply

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/capturetest"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
)

func rules(us ...UserRule) *Rules {
	r := NewRules()
	for i := range us {
		us[i].ID, us[i].Position = int64(i+1), i+1
	}
	r.Replace(us)
	return r
}

func body(status int, b string) Step { return Step{Status: status, Body: b} }

func TestMostSpecificRuleWins(t *testing.T) {
	r := rules(
		UserRule{Step: body(200, "global")},
		UserRule{Path: "/hooks/", Method: "POST", Step: body(201, "path")},
		UserRule{Provider: "americommerce", Step: body(202, "provider")},
		UserRule{Provider: "americommerce", Topic: "GetTax", Step: body(203, "topic")},
		UserRule{Provider: "americommerce", Topic: "GetTax", Step: body(204, "later, same specificity")},
		UserRule{Provider: "americommerce", Topic: "GetTax", Path: "/hooks/tax", Step: body(205, "topic and path")},
		UserRule{Provider: "americommerce", Topic: "GetTax", Path: "/hooks/tax", Method: "POST", Step: body(206, "topic, path and method")},
		UserRule{Path: "/hooks/", Step: body(207, "path alone, after path and method")},
	)
	for _, tc := range []struct {
		provider, topic, method, path string
		want                          string
	}{
		{"americommerce", "GetTax", "POST", "/hooks/GetTax", "topic"},
		{"americommerce", "GetTax", "PUT", "/hooks/tax", "topic and path"},
		{"americommerce", "GetTax", "POST", "/hooks/tax", "topic, path and method"},
		{"vend", "sale.update", "PUT", "/hooks/vend", "path alone, after path and method"},
		{"americommerce", "GetPrice", "POST", "/hooks/GetPrice", "provider"},
		{"vend", "sale.update", "POST", "/hooks/vend", "path"},
		{"vend", "sale.update", "PUT", "/elsewhere", "global"},
		{"unknown", "", "POST", "/elsewhere", "global"},
	} {
		rule, _ := r.Choose(tc.provider, tc.topic, tc.method, tc.path)
		if rule.Body != tc.want {
			t.Errorf("%+v chose %q, want %q", tc, rule.Body, tc.want)
		}
	}
	if rule, _ := rules().Choose("americommerce", "GetTax", "POST", "/x"); rule.Name != "default americommerce GetTax" {
		t.Errorf("no rules: %q, want the documented default", rule.Name)
	}
}

func TestSequenceStepsThenRepeatsItsLastAndResets(t *testing.T) {
	r := rules(UserRule{Provider: "vend", Sequence: []Step{body(503, "a"), body(503, "b"), body(200, "c")}})
	var got []string
	for i := 0; i < 5; i++ {
		rule, _ := r.Choose("vend", "sale.update", "POST", "/")
		got = append(got, rule.Body)
	}
	if strings.Join(got, "") != "abccc" {
		t.Fatalf("sequence gave %v", got)
	}
	r.Reset()
	if rule, _ := r.Choose("vend", "", "POST", "/"); rule.Status != 503 || !strings.Contains(rule.Name, "step 1 of 3") {
		t.Fatalf("after reset: %d %q", rule.Status, rule.Name)
	}
}

func TestRuleChecks(t *testing.T) {
	for _, u := range []UserRule{
		{Topic: "GetTax", Step: body(200, "")},
		{Path: "hooks", Step: body(200, "")},
		{Path: "/[", Step: body(200, "")},
		{Step: body(42, "")},
		{Sequence: []Step{body(200, ""), body(0, "")}},
	} {
		if u.Check() == nil {
			t.Errorf("%+v accepted", u)
		}
	}
}

func TestDelayIsHonouredAndFlaggedOverTimeout(t *testing.T) {
	p, _ := registry.Lookup("americommerce")
	e, _ := decode.FindEvent(p, "GetTax")
	if CheckDelay(e, 2*time.Second) != "" || !strings.Contains(CheckDelay(e, 3*time.Second), "3s timeout") {
		t.Fatalf("delay checks: %q %q", CheckDelay(e, 2*time.Second), CheckDelay(e, 3*time.Second))
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u := UserRule{Provider: "unknown", Step: Step{Status: 200, Body: "slow", Delay: Duration(300 * time.Millisecond)}}
	data, _ := u.Encode()
	if _, err := st.PutRule(context.Background(), 0, data); err != nil {
		t.Fatal(err)
	}
	live, err := NewLive(context.Background(), st, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := registry.New(nil, nil)
	ts := capturetest.Start(t, capture.New(st, capture.WithAnalyzer(a), capture.WithRequestReplier(RequestResponder(live))))
	defer ts.Close()
	start := time.Now()
	resp, err := http.Post(ts.URL+"/anything", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Fatalf("answered after %s, the rule asks for 300ms", took)
	}
	list, _ := st.List(context.Background(), store.Filter{}, 0, 1)
	if len(list) != 1 || list[0].ReplyDelay != 300*time.Millisecond || !strings.HasPrefix(list[0].ReplyRule, "rule 1") {
		t.Fatalf("recorded %+v", list)
	}
}

// TestRuleEditedInOneProcessAppliesInAnother uses two store handles on one
// file, as a TUI and a serve would, and the capture server's own refresh.
func TestRuleEditedInOneProcessAppliesInAnother(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	capturing, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer capturing.Close()
	editing, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer editing.Close()
	live, err := NewLive(context.Background(), capturing, 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := registry.New(nil, nil)
	ts := capturetest.Start(t, capture.New(capturing, capture.WithAnalyzer(a), capture.WithRequestReplier(RequestResponder(live))))
	defer ts.Close()
	f, _ := fixtures.Get("americommerce/GetTax")
	send := func() string {
		req, _ := f.Request(context.Background(), ts.URL)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return b.String()
	}
	if got := send(); !strings.Contains(got, `"cart_item_id": 9001`) {
		t.Fatalf("default GetTax reply: %s", got)
	}
	u := UserRule{Provider: "americommerce", Topic: "GetTax",
		Step: Step{Status: 200, Body: `{"items":[{{range $i, $it := .Event.Items}}{{if $i}},{{end}}{"cart_item_id":{{$it.CartItemID}},"tax_amount":1.00}{{end}}],"shipping_tax_amount":0,"handling_tax_amount":0}`}}
	data, _ := u.Encode()
	if _, err := editing.PutRule(context.Background(), 0, data); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := send()
		if strings.Contains(got, `"tax_amount":1.00`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("edited rule not applied by the other handle: %s", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSequenceResetThroughTheStore(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u := UserRule{Provider: "vend", Sequence: []Step{body(503, "first"), body(200, "then")}}
	data, _ := u.Encode()
	st.PutRule(context.Background(), 0, data)
	live, _ := NewLive(context.Background(), st, 0)
	live.Choose("vend", "", "POST", "/")
	if rule, _ := live.Choose("vend", "", "POST", "/"); rule.Body != "then" {
		t.Fatalf("second reply %q", rule.Body)
	}
	if err := st.ResetSequences(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rule, _ := live.Choose("vend", "", "POST", "/"); rule.Body != "first" {
		t.Fatalf("after a reset through the store: %q", rule.Body)
	}
}

// A rule's headers add to the base Content-Type or override it; they do
// not replace it (`--header 'X-Broken: yes'` kept a JSON body but lost
// its Content-Type).
func TestRuleHeadersAddToAndOverrideTheBase(t *testing.T) {
	for _, tc := range []struct {
		headers map[string]string
		want    map[string]string
	}{
		{nil, map[string]string{"Content-Type": "application/json"}},
		{map[string]string{"X-Broken": "yes"}, map[string]string{"Content-Type": "application/json", "X-Broken": "yes"}},
		{map[string]string{"content-type": "text/plain"}, map[string]string{"Content-Type": "text/plain"}},
		{map[string]string{"Content-Type": "", "X-A": "1"}, map[string]string{"X-A": "1"}},
	} {
		rule, _ := rules(UserRule{Provider: "vend", Step: Step{Status: 200, Headers: tc.headers, Body: "{}"}}).Choose("vend", "", "POST", "/")
		if fmt.Sprint(rule.Headers) != fmt.Sprint(tc.want) {
			t.Errorf("headers %v: reply has %v, want %v", tc.headers, rule.Headers, tc.want)
		}
		rep := Render(rule, Data{})
		if got := rep.Headers.Get("Content-Type"); got != tc.want["Content-Type"] {
			t.Errorf("headers %v: sent Content-Type %q, want %q", tc.headers, got, tc.want["Content-Type"])
		}
	}
}

// A template that does not parse cannot be saved, and its error names the
// line once instead of "template: template: reply:1: …".
func TestUnparseableTemplateIsRefusedWithAPlainMessage(t *testing.T) {
	for _, tc := range []struct {
		u    UserRule
		want string
	}{
		{UserRule{Step: body(200, "{{ if }}")}, "template line 1: missing value for if"},
		{UserRule{Step: body(200, "{\n{{ .Event.X ")}, "template line 2: unclosed action"},
		{UserRule{Sequence: []Step{body(503, "{}"), body(200, "{{ nosuch 1 }}")}}, `step 2: template line 1: function "nosuch" not defined`},
	} {
		err := tc.u.Check()
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: Check() = %v, want %q", tc.u.Body, err, tc.want)
		}
	}
	if err := (UserRule{Step: body(200, `{"n":{{ len .Request.Body }}}`)}).Check(); err != nil {
		t.Errorf("a valid template refused: %v", err)
	}
	rep := Render(Rule{Name: "rule 1: vend", Status: 200, Body: "x\n {{ .Nope }}"}, Data{})
	if rep.Status != 500 || rep.Err != "template line 2, column 4: at <.Nope>: can't evaluate field Nope in type reply.Data" {
		t.Errorf("execution error reads %q", rep.Err)
	}
	if !strings.Contains(string(rep.Body), `"hookscope reply rule 1: vend: template line 2`) {
		t.Errorf("500 body %s", rep.Body)
	}
}
