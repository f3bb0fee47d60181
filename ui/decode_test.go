package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
)

// decodingHarness is a TUI whose deliveries are analysed as `hookscope`
// does, with a Spiffy secret configured.
func decodingHarness(t *testing.T) (*harness, *registry.Analyzer) {
	t.Helper()
	a, err := registry.New(nil, map[string][][]byte{"spiffy": {[]byte("s3cret")}})
	if err != nil {
		t.Fatal(err)
	}
	inspect := func(d *store.Delivery) registry.Inspection {
		return a.Inspect(decode.NewRequest(d.Method, d.URI, d.Headers, d.Body))
	}
	return newHarnessWith(t, 160, 44, inspect), a
}

// deliverFixture stores fixture name as capture would, signed with key
// when key is not empty.
func (h *harness) deliverFixture(a *registry.Analyzer, name, key string) {
	h.t.Helper()
	f, err := fixtures.Get(name)
	if err != nil {
		h.t.Fatal(err)
	}
	hdr := f.Headers.Clone()
	if key != "" {
		p, _ := registry.Lookup(f.Provider)
		p.Signature().Sign(hdr, f.Body, []byte(key))
	}
	r := decode.NewRequest(f.Method, f.Path, hdr, f.Body)
	res := a.Identify(r)
	h.mark = h.raw.Len()
	h.n++
	d := &store.Delivery{ID: fixtureID(h.n), ReceivedAt: time.Date(2026, 1, 2, 10, 0, h.n, 0, time.UTC), Method: f.Method,
		URI: f.Path, Proto: "HTTP/1.1", Headers: hdr, Body: f.Body, Size: int64(len(f.Body)), ReplyStatus: 200,
		Provider: res.Detection.Provider, Topic: res.Detection.Topic, Summary: registry.Summary(res.Detection, r),
		Signature: `{"status":"` + string(res.Signature.Status) + `"}`}
	if err := h.st.Insert(context.Background(), d); err != nil {
		h.t.Fatal(err)
	}
}

func fixtureID(n int) string { return "01HOOKSCOPEFIXTURE" + strconv.FormatInt(int64(1000000+n), 10) }

func TestTreeFilterShowsOnlyTheChosenProviderAndTopic(t *testing.T) {
	h, a := decodingHarness(t)
	h.deliverFixture(a, "spiffy/orders-create", "s3cret")
	h.deliverFixture(a, "vend/sale-update", "")
	h.deliverFixture(a, "spiffy/carts-update", "")
	h.contains("Cart eeafa272cebf")
	h.contains("All                3") // the tree has counted all three
	// and the list has them, its selection on the newest: until it has,
	// the detail may still show the order, and choosing the order's topic
	// would redraw nothing there.
	h.contains("3 deliveries")
	h.key("shift+tab")                          // focus the tree
	for _, k := range []string{"j", "j", "j"} { // All, spiffy, carts/update, orders/create
		h.key(k)
	}
	h.key("enter")
	h.contains("1 delivery")
	// The detail pane shows it. (Its caption is not waited for: when the
	// order was selected already, choosing its topic redraws nothing
	// there; the Raw tab is drawn afresh.)
	h.contains("1 of 1 · spiffy › orders/create")
	h.key("6")
	h.contains(`"total_price": "403.00"`)
	m := h.final()
	if f := m.list.Total(); f != 1 {
		t.Fatalf("filtered list has %d deliveries", f)
	}
	if d := m.detail.Delivery(); d == nil || d.Topic != "orders/create" {
		t.Fatalf("showing %+v", d)
	}
	var counts []string
	for _, n := range m.sidebar.Nodes() {
		counts = append(counts, n.Label+"="+itoa(n.Count))
	}
	want := "All=3 spiffy=2 carts/update=1 orders/create=1 vend=1 sale.update=1"
	if got := join(counts); got != want {
		t.Fatalf("tree %q, want %q", got, want)
	}
}

func TestOverviewAndSignatureTabs(t *testing.T) {
	h, a := decodingHarness(t)
	h.deliverFixture(a, "spiffy/orders-create", "wrong-secret")
	h.contains("✗ spiffy")                                        // the list's badge
	h.contains("Order #9999 · 403.00 USD · 2 items · jon@doe.ca") // Overview first
	h.contains("header X-Spiffy-Stores-Topic")
	h.contains("Total price              403.00") // the typed fields
	h.key("4")
	h.contains("✗ invalid")
	h.contains("the secret is wrong, or the body was changed")
	h.contains("expected  ")
	h.contains("HOOKSCOPE_SPIFFY_SECRET")
	h.final()
	if out := h.raw.String(); contains(out, "s3cret") {
		t.Fatal("the configured secret reached the screen")
	}
}

func itoa(n int) string           { return strconv.Itoa(n) }
func join(s []string) string      { return strings.Join(s, " ") }
func contains(s, sub string) bool { return strings.Contains(s, sub) }
