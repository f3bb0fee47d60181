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

// A subscriber is Behind from its first lost delivery until it says it
// has reloaded them, and while its buffer has no room for what is about
// to be published; a loss after its last Missed keeps it Behind through
// CaughtUp.
func TestASubscriberIsBehindUntilItHasCaughtUp(t *testing.T) {
	var h Hub
	s := h.Subscribe(4)
	publish := func(n int) {
		for range n {
			h.Publish(&store.Delivery{ID: "x"})
		}
	}
	drain := func() {
		for len(s.C()) > 0 {
			<-s.C()
		}
	}
	if s.Behind(0) || s.Behind(4) {
		t.Fatal("Behind before anything was published")
	}
	publish(3)
	if s.Behind(1) {
		t.Fatal("Behind with room for the one to come")
	}
	if !s.Behind(2) {
		t.Fatal("not Behind without room for the two to come")
	}
	publish(3) // one fits, two are lost
	drain()
	if !s.Behind(0) {
		t.Fatal("not Behind after losing deliveries")
	}
	if n := s.Missed(); n != 2 {
		t.Fatalf("Missed = %d, want 2", n)
	}
	publish(5) // lost after Missed: the reload may not have seen them
	drain()
	s.CaughtUp()
	if !s.Behind(0) {
		t.Fatal("not Behind after CaughtUp, with a loss counted after Missed")
	}
	s.Missed()
	s.CaughtUp()
	if s.Behind(0) {
		t.Fatal("Behind after catching up with every loss")
	}
}
