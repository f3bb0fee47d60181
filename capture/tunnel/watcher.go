package tunnel

import (
	"context"
	"sync"
	"time"
)

// Clock is the time a Watcher uses; tests inject a fake one.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Watcher checks for the tunnel in a goroutine, for programs without a
// Bubble Tea model (a TUI runs Detector.Check in a tea.Cmd and applies
// Policy.Next in Update instead). It publishes a State on Changes whenever
// the URL or the warning changes.
type Watcher struct {
	detector *Detector
	policy   Policy
	clock    Clock

	mu    sync.Mutex
	state State

	changes   chan State
	delivered chan time.Time
	stop      context.CancelFunc
	done      chan struct{}
}

// NewWatcher returns a Watcher that is not running yet; clock nil means
// the real one.
func NewWatcher(d *Detector, p Policy, clock Clock) *Watcher {
	if clock == nil {
		clock = realClock{}
	}
	return &Watcher{detector: d, policy: p, clock: clock,
		changes: make(chan State, 1), delivered: make(chan time.Time, 16)}
}

// Start begins checking, at once and then per Policy.Delay, until ctx ends
// or Stop is called. Call it once.
func (w *Watcher) Start(ctx context.Context) {
	ctx, w.stop = context.WithCancel(ctx)
	w.done = make(chan struct{})
	go w.run(ctx)
}

// Stop ends the goroutine and waits for it.
func (w *Watcher) Stop() {
	if w.stop == nil {
		return
	}
	w.stop()
	<-w.done
}

// Changes delivers the State after each change; a slow reader sees only
// the latest.
func (w *Watcher) Changes() <-chan State { return w.changes }

// State returns the current state.
func (w *Watcher) State() State {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.state
}

// Delivered tells the watcher a delivery arrived at at. It never blocks:
// when deliveries come faster than the watcher takes them, the one that
// does not fit is dropped, as a later one says the same.
func (w *Watcher) Delivered(at time.Time) {
	select {
	case w.delivered <- at:
	default:
	}
}

func (w *Watcher) run(ctx context.Context) {
	defer close(w.done)
	next := w.clock.After(0)
	for {
		select {
		case <-ctx.Done():
			return
		case at := <-w.delivered:
			w.apply(func(s State) State { return w.policy.Delivered(s, at) })
		case <-next:
			obs := w.detector.Check(ctx)
			if ctx.Err() != nil {
				return
			}
			now := w.clock.Now()
			s := w.apply(func(s State) State { return w.policy.Next(s, obs, now) })
			next = w.clock.After(w.policy.Delay(s))
		}
	}
}

// apply replaces the state with f's and publishes it when it matters.
func (w *Watcher) apply(f func(State) State) State {
	w.mu.Lock()
	prev := w.state
	s := f(prev)
	w.state = s
	w.mu.Unlock()
	if s.Event != EventNone || s.Warning != prev.Warning {
		select {
		case <-w.changes: // drop the unread older state
		default:
		}
		w.changes <- s
	}
	return s
}
