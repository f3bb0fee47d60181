package capture

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// budget bounds the body bytes held in memory across all requests at once.
// A request takes bytes from it before it allocates them and gives them
// back when it is done, so no number of senders can make the server hold
// more than the budget in bodies.
//
// Waiters are served in arrival order, but one that does not fit does not
// hold back smaller ones behind it: a big upload waiting for room must not
// stall the small deliveries webhooks really are. A big one that keeps
// missing out gives up after its wait and is told to retry.
type budget struct {
	mu      sync.Mutex
	size    int64
	used    int64
	waiters list.List // of *budgetWaiter
}

type budgetWaiter struct {
	n     int64
	ready chan struct{} // closed once the bytes are granted
}

func newBudget(size int64) *budget { return &budget{size: size} }

// acquire takes n bytes, waiting up to wait for them to become free. It
// reports whether it got them; it fails at once when n exceeds the whole
// budget, and early when ctx ends.
func (b *budget) acquire(ctx context.Context, n int64, wait time.Duration) bool {
	b.mu.Lock()
	if n > b.size {
		b.mu.Unlock()
		return false
	}
	if b.used+n <= b.size {
		b.used += n
		b.mu.Unlock()
		return true
	}
	w := &budgetWaiter{n: n, ready: make(chan struct{})}
	elem := b.waiters.PushBack(w)
	b.mu.Unlock()

	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-w.ready:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-w.ready:
		// Granted while timing out: the bytes are ours, use them.
		return true
	default:
	}
	b.waiters.Remove(elem)
	// Leaving may let those queued behind be served.
	b.grantLocked()
	return false
}

// release gives n bytes back and wakes the waiters that now fit.
func (b *budget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	b.grantLocked()
}

func (b *budget) grantLocked() {
	for e := b.waiters.Front(); e != nil && b.used < b.size; {
		next := e.Next()
		w := e.Value.(*budgetWaiter)
		if b.used+w.n <= b.size {
			b.used += w.n
			b.waiters.Remove(e)
			close(w.ready)
		}
		e = next
	}
}

// inUse is how many bytes are held now.
func (b *budget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}
