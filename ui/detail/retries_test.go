package detail

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/ui/theme"
)

// behindIndex is a store whose index is behind its captures until caught
// is set, as it is while serve captures at saturation: Retries then lists
// the delivery alone and says how many it did not look at.
type behindIndex struct {
	*store.Store
	caught bool
	asked  int
}

// Get returns the delivery without what only the index knows of it while
// the index is behind.
func (s *behindIndex) Get(ctx context.Context, id string) (*store.Delivery, error) {
	d, err := s.Store.Get(ctx, id)
	if err == nil && !s.caught {
		d.EventID, d.RetryOf, d.RetryN, d.OlderThan = "", "", 0, ""
	}
	return d, err
}

func (s *behindIndex) Retries(ctx context.Context, id string) ([]store.Delivery, int64, error) {
	s.asked++
	if !s.caught {
		d, err := s.Get(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		return []store.Delivery{*d}, 700, nil
	}
	return s.Store.Retries(ctx, id)
}

// Under load the Overview said nothing of the retries it had not looked
// at, and never looked again: it says so, and lists them once the store
// has indexed them and tells it the store changed; and the delivery's own
// "retry 3" line, which its page was drawn without, appears then too.
func TestRetriesSectionCompletesOnceTheIndexCatchesUp(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	at := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	var last *store.Delivery
	for i, after := range []time.Duration{0, 5 * time.Second, 30 * time.Second} {
		last = &store.Delivery{ID: "01HOOKSCOPERETRYBEHIND000" + string(rune('1'+i)), ReceivedAt: at.Add(after), Method: "POST",
			URI: "/webhooks/spiffy", Proto: "HTTP/1.1", Body: []byte(`{"id":1402}`), Size: 11, ReplyStatus: 500,
			Provider: "spiffy", Topic: "orders/create"}
		if err := st.Insert(context.Background(), last); err != nil {
			t.Fatal(err)
		}
	}
	src := &behindIndex{Store: st}
	// Any analysis: the Overview is drawn only with one.
	m := New(src, func(*store.Delivery) registry.Inspection { return registry.Inspection{} }, theme.New(theme.Default()), "")
	m.SetSize(100, 30)
	for _, msg := range run(m.Show(last.ID)) {
		m = settle(m, msg)
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "retries: 700 deliveries are not indexed yet") || strings.Contains(view, "Deliveries of this event") {
		t.Fatalf("behind the index, the Overview does not say so:\n%s", view)
	}

	src.caught = true
	for _, msg := range run(m.RefreshRetries()) {
		m = settle(m, msg)
	}
	view = ansi.Strip(m.View())
	if !strings.Contains(view, "Deliveries of this event (3)") || strings.Contains(view, "not indexed yet") {
		t.Fatalf("once indexed, the Overview does not list the event's deliveries:\n%s", view)
	}
	// Its own line, drawn when the index did not know it yet, too.
	if !strings.Contains(view, "retry 3: the platform sent this event before") {
		t.Fatalf("once indexed, the Overview does not say the delivery is the third try:\n%s", view)
	}
	asked := src.asked
	if cmd := m.RefreshRetries(); cmd != nil || src.asked != asked {
		t.Fatal("a complete listing is read again on every change")
	}
}
