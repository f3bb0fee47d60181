package ui

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/detail"
)

func TestRetriesShowInTheListAndTheirScheduleInTheDetail(t *testing.T) {
	m, st := newModel(t, 150, 40, paths(2)...)
	ctx := context.Background()
	start := time.Date(2026, 1, 2, 11, 0, 0, 0, time.UTC)
	for i, after := range []time.Duration{0, 5 * time.Second, 35 * time.Second} {
		d := &store.Delivery{ID: fmt.Sprintf("01RETRYTEST%015d", i), ReceivedAt: start.Add(after), Method: "POST",
			URI: "/webhooks/spiffy", Proto: "HTTP/1.1", Headers: http.Header{"Content-Type": {"application/json"}},
			Body: []byte(`{"id":1402}`), Size: 11, ReplyStatus: 500, Provider: "spiffy", Topic: "orders/create"}
		if err := st.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	// The store finds retries behind its writer; Retries waits for it.
	if tries, _, err := st.Retries(ctx, "01RETRYTEST000000000000002"); err != nil || len(tries) != 3 {
		t.Fatalf("store: %d retries, %v", len(tries), err)
	}
	m = load(m)
	view := m.View()
	for _, want := range []string{"retry 2 · POST /webhooks/spiffy", "retry 3 · POST /webhooks/spiffy"} {
		if !strings.Contains(view, want) {
			t.Errorf("the list lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "retry 1") {
		t.Error("the first delivery is called a retry")
	}
	for _, want := range []string{"Deliveries of this event (3)", "+5s", "+30s", "(this one)"} {
		if !strings.Contains(view, want) {
			t.Errorf("the detail pane lacks %q:\n%s", want, view)
		}
	}
	if !strings.Contains(view, "▶   3  2026-01-02 11:00:35.000") {
		t.Errorf("the one shown is not pointed at:\n%s", view)
	}
	m = press(m, "/", "is:retry", "enter")
	if m.list.Total() != 2 {
		t.Errorf("is:retry finds %d, want the two later copies", m.list.Total())
	}
}

func TestGap(t *testing.T) {
	for d, want := range map[time.Duration]string{
		250 * time.Millisecond: "250ms", 5 * time.Second: "5s", 90 * time.Second: "1m30s",
		2 * time.Hour: "2h0m", 26 * time.Hour: "1d2h", 1500 * time.Millisecond: "1.5s",
	} {
		if got := detail.Gap(d); got != want {
			t.Errorf("Gap(%v) = %q, want %q", d, got, want)
		}
	}
}
