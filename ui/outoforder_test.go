package ui

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
)

// Shopify sends orders/updated for one order twice, the later state first:
// the list says the second is older than the first, and its Overview says
// which delivery carries the newer state.
func TestAnOlderStateReceivedLaterIsFlaggedInTheListAndTheDetail(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "m.db"), store.Options{EventKeys: capture.EventKeys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	start := time.Date(2026, 1, 2, 11, 0, 0, 0, time.UTC)
	ids := []string{"01OUTOFORDER00000000000001", "01OUTOFORDER00000000000002", "01OUTOFORDER00000000000003"}
	for i, body := range []string{
		`{"id":1402,"name":"#1402","updated_at":"2026-01-02T10:59:30Z"}`, // the newer state, received first
		`{"id":1402,"name":"#1402","updated_at":"2026-01-02T10:58:00Z"}`, // an older one, received after it
		`{"id":1403,"name":"#1403","updated_at":"2026-01-02T10:00:00Z"}`, // another order
	} {
		d := &store.Delivery{ID: ids[i], ReceivedAt: start.Add(time.Duration(i) * time.Second), Method: "POST",
			URI: "/webhooks/shopify", Proto: "HTTP/1.1", Body: []byte(body), Size: int64(len(body)), ReplyStatus: 200,
			Headers:  http.Header{"Content-Type": {"application/json"}, "X-Shopify-Topic": {"orders/updated"}},
			Provider: "shopify", Topic: "orders/updated", Summary: fmt.Sprintf("order #%d", 1402+i/2)}
		if err := st.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := registry.New(nil, nil)
	inspect := func(d *store.Delivery) registry.Inspection { return a.Inspect(capture.Request(d)) }
	m := New(Options{Store: st, Addr: "127.0.0.1:18110", Inspect: inspect})
	m.noticeTTL = -1
	m = resize(load(m), 150, 40)
	view := m.View()
	label := "older than #" + ids[0][len(ids[0])-10:]
	if n := strings.Count(view, label); n != 1 {
		t.Errorf("the list says %q %d times, want once (on the second delivery):\n%s", label, n, view)
	}
	if !strings.Contains(view, label+" · order #1402") {
		t.Errorf("the second delivery's row lacks %q:\n%s", label, view)
	}
	m = press(m, "k") // from the newest, following, to the older state
	view = m.View()
	if want := "out of order: older than #" + ids[0][len(ids[0])-10:] + ", received before this one with a newer state of the same"; !strings.Contains(view, want) {
		t.Errorf("the detail of the older state does not say which delivery is newer:\n%s", view)
	}
	m = press(m, "/", "is:outoforder", "enter")
	if m.list.Total() != 1 {
		t.Errorf("is:outoforder finds %d, want the one older state", m.list.Total())
	}
}
