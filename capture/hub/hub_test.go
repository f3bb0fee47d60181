package hub

import (
	"testing"

	"github.com/hookscope/hookscope/capture/store"
)

func TestPublishNeverBlocksAndCountsMisses(t *testing.T) {
	var h Hub
	slow := h.Subscribe(2)
	fast := h.Subscribe(10)
	for i := 0; i < 5; i++ {
		h.Publish(&store.Delivery{ID: string(rune('a' + i)), Body: []byte("secret body")})
	}
	if got := slow.Missed(); got != 3 {
		t.Fatalf("slow subscriber missed %d, want 3", got)
	}
	if got := slow.Missed(); got != 0 {
		t.Fatalf("Missed does not reset: %d", got)
	}
	select {
	case <-slow.Overflow():
	default:
		t.Fatal("no overflow signal for a subscriber that lost events")
	}
	if got := fast.Missed(); got != 0 {
		t.Fatalf("fast subscriber missed %d", got)
	}
	first := <-fast.C()
	if first.ID != "a" || first.Body != nil {
		t.Fatalf("first event = %+v; want id a without body", first)
	}
}

func TestCloseStopsDelivery(t *testing.T) {
	var h Hub
	s := h.Subscribe(1)
	s.Close()
	h.Publish(&store.Delivery{ID: "x"})
	select {
	case d := <-s.C():
		t.Fatalf("closed subscription got %v", d.ID)
	default:
	}
}
