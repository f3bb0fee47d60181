package tunnel

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

// fakeClock fires After channels only when the test advances it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []fakeTimer
	waiting chan struct{} // signalled on each After
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, waiting: make(chan struct{}, 64)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
	} else {
		c.timers = append(c.timers, fakeTimer{c.now.Add(d), ch})
	}
	c.waiting <- struct{}{}
	return ch
}

// Advance waits for the watcher to arm its next timer, then moves time
// on by d, firing what is due.
func (c *fakeClock) Advance(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case <-c.waiting:
	case <-time.After(5 * time.Second):
		t.Fatal("the watcher never armed a timer")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if !tm.at.After(c.now) {
			tm.ch <- c.now
		} else {
			kept = append(kept, tm)
		}
	}
	c.timers = kept
}

func next(t *testing.T, w *Watcher) State {
	t.Helper()
	select {
	case s := <-w.Changes():
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no change published")
		return State{}
	}
}

func TestWatcherSeesATunnelComeAndGo(t *testing.T) {
	agent := ngrokAgent(t, ngrokTunnel{"ours", "https://ours.ngrok.io", "https", "localhost:4747"})
	clock := newFakeClock(t0)
	w := NewWatcher(detector(t, agent.URL), DefaultPolicy(), clock)
	w.Start(context.Background())
	defer w.Stop()

	<-clock.waiting // the immediate first check
	if s := next(t, w); s.Event != EventAppeared || s.Tunnel.URL != "https://ours.ngrok.io" {
		t.Fatalf("first check: %+v", s)
	}

	agent.Close() // ngrok stopped: its port refuses connections
	clock.Advance(t, 2*time.Second)
	s := next(t, w)
	if s.Event != EventDisappeared || s.Warning != "the ngrok tunnel https://ours.ngrok.io went away at 14:00:02; deliveries sent to it fail until it is back" {
		t.Fatalf("after ngrok stopped: %+v", s)
	}
	if w.State().Warning != s.Warning {
		t.Fatalf("State() = %+v", w.State())
	}
}

func TestWatcherStaleAndDelivered(t *testing.T) {
	agent := ngrokAgent(t, ngrokTunnel{"ours", "https://ours.ngrok.io", "https", "4747"})
	clock := newFakeClock(t0)
	p := DefaultPolicy()
	p.StaleAfter = time.Minute
	w := NewWatcher(detector(t, agent.URL), p, clock)
	w.Start(context.Background())
	defer w.Stop()
	<-clock.waiting
	next(t, w) // appeared

	for i := 0; i < 30; i++ { // 60 s of checks every 2 s
		clock.Advance(t, 2*time.Second)
	}
	if s := next(t, w); s.Warning == "" {
		t.Fatalf("no stale warning after a minute: %+v", s)
	}
	w.Delivered(clock.Now())
	if s := next(t, w); s.Warning != "" {
		t.Fatalf("a delivery left the warning: %q", s.Warning)
	}
}

func TestWatcherStopLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		w := NewWatcher(detector(t, ""), DefaultPolicy(), newFakeClock(t0))
		w.Start(context.Background())
		w.Stop()
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := NewWatcher(detector(t, ""), DefaultPolicy(), nil)
	w.Start(ctx)
	cancel()
	<-w.done
	// Idle keep-alive connections of the shared client may linger a moment.
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		t.Fatalf("%d goroutines after stopping 21 watchers, %d before", n, before)
	}
}
