package capture

import (
	"context"
	"testing"
	"time"
)

func TestBudgetGrantsWhatFitsAndRefusesAfterItsWait(t *testing.T) {
	b := newBudget(100)
	ctx := context.Background()
	if !b.acquire(ctx, 60, 0) || !b.acquire(ctx, 40, 0) {
		t.Fatal("bytes within the budget were refused")
	}
	start := time.Now()
	if b.acquire(ctx, 1, 20*time.Millisecond) {
		t.Fatal("a byte past the budget was granted")
	}
	if waited := time.Since(start); waited < 20*time.Millisecond {
		t.Fatalf("refused after %v, before its wait was up", waited)
	}
	if b.acquire(ctx, 101, time.Hour) {
		t.Fatal("more than the whole budget was granted")
	}
	b.release(100)
	if b.inUse() != 0 {
		t.Fatalf("%d bytes in use after everything was released", b.inUse())
	}
}

func TestBudgetReleaseWakesWaitersAndSmallOnesPassABigOne(t *testing.T) {
	b := newBudget(100)
	ctx := context.Background()
	b.acquire(ctx, 90, 0)
	big := make(chan bool)
	go func() { big <- b.acquire(ctx, 50, time.Hour) }()
	for {
		// The big one is queued before the small one asks.
		b.mu.Lock()
		queued := b.waiters.Len()
		b.mu.Unlock()
		if queued == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	small := make(chan bool)
	go func() { small <- b.acquire(ctx, 10, time.Hour) }()
	select {
	case ok := <-small:
		if !ok {
			t.Fatal("small request refused")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a small request that fits waited behind a big one that does not")
	}
	b.release(90)
	select {
	case ok := <-big:
		if !ok {
			t.Fatal("big request refused after room was made")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("release did not wake the waiter it made room for")
	}
	if got := b.inUse(); got != 60 {
		t.Fatalf("in use %d, want 60", got)
	}
}

func TestBudgetWaitEndsWithTheRequest(t *testing.T) {
	b := newBudget(10)
	b.acquire(context.Background(), 10, 0)
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan bool)
	go func() { got <- b.acquire(ctx, 5, time.Hour) }()
	cancel()
	select {
	case ok := <-got:
		if ok {
			t.Fatal("granted without room")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a sender that hung up kept waiting for budget")
	}
	b.release(10)
	if b.inUse() != 0 {
		t.Fatalf("%d bytes held by a waiter that left", b.inUse())
	}
}
