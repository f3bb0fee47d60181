// Package hub fans captured deliveries out to live subscribers (the TUI, the
// NDJSON printer of `serve`) without ever making the capture path wait.
//
// A subscriber whose buffer is full loses events instead of slowing capture;
// it learns how many it lost from Missed and reloads them from the store,
// where every acknowledged delivery already is. Retention may delete them
// meanwhile; a store can hold it back while a subscriber is Behind.
package hub

import (
	"sync"
	"sync/atomic"

	"github.com/hookscope/hookscope/capture/store"
)

// Hub is a set of subscribers. The zero value is ready to use.
type Hub struct {
	mu   sync.RWMutex
	subs map[*Subscription]struct{}
}

// Subscription receives deliveries published after it was made. Deliveries
// arrive without headers or body; load them from the store when needed.
type Subscription struct {
	hub    *Hub
	ch     chan store.Delivery
	missed atomic.Int64
	behind atomic.Bool // lost events not reloaded yet (CaughtUp)
	wake   chan struct{}
}

// Subscribe registers a subscriber with room for buffer undelivered events.
func (h *Hub) Subscribe(buffer int) *Subscription {
	if buffer < 1 {
		buffer = 1
	}
	s := &Subscription{hub: h, ch: make(chan store.Delivery, buffer), wake: make(chan struct{}, 1)}
	h.mu.Lock()
	if h.subs == nil {
		h.subs = make(map[*Subscription]struct{})
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Publish hands a copy of d, without headers and body, to every subscriber
// that has room and counts a miss for every one that has not. It never
// blocks; it is meant as a store's OnCommit, which calls it in Seq order.
func (h *Hub) Publish(src *store.Delivery) {
	d := *src
	d.Headers, d.Body = nil, nil
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.subs {
		select {
		case s.ch <- d:
		default:
			s.missed.Add(1)
			s.behind.Store(true) // after the count: see CaughtUp
			select {
			case s.wake <- struct{}{}:
			default:
			}
		}
	}
}

// C delivers published deliveries in publish order.
func (s *Subscription) C() <-chan store.Delivery { return s.ch }

// Overflow is signalled (at most one pending signal) when events were
// dropped, so a subscriber idle on C still learns it must reload.
func (s *Subscription) Overflow() <-chan struct{} { return s.wake }

// Missed returns how many deliveries were dropped since the last call.
func (s *Subscription) Missed() int64 { return s.missed.Swap(0) }

// Behind reports whether the subscriber may still have to reload
// deliveries from the store: it lost some it has not said it reloaded
// (CaughtUp), or its buffer has no room for n more, which would be lost.
// It is meant as a store's HoldRetention.
func (s *Subscription) Behind(n int) bool {
	return s.behind.Load() || cap(s.ch)-len(s.ch) < n
}

// CaughtUp says the subscriber has reloaded what it lost up to its last
// call of Missed. A loss counted after that call keeps it Behind.
func (s *Subscription) CaughtUp() {
	s.behind.Store(false)
	// A Publish that counted a loss before this read sets behind again
	// itself, after its count.
	if s.missed.Load() > 0 {
		s.behind.Store(true)
	}
}

// Close unregisters the subscription. Events already buffered stay readable.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	delete(s.hub.subs, s)
	s.hub.mu.Unlock()
}
