package replay

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// Forwarder sends every capture on to a target as it arrives. Forwarding
// runs beside the capture path, never on it: Forward only queues, a few
// workers send, and one goroutine records results, so a slow or dead target
// slows and fails nothing but the forwarding.
type Forwarder struct {
	opts    Options
	client  *http.Client
	queue   chan *store.Delivery
	results chan *store.Attempt
	save    func(batch []*store.Attempt)
	dropped atomic.Int64

	workers  sync.WaitGroup
	recorder sync.WaitGroup
	close    sync.Once
}

// Results are saved in batches of at most maxBatch, gathered over at most
// batchWindow.
const (
	maxBatch    = 256
	batchWindow = 100 * time.Millisecond
)

// ForwardOptions size the forwarder.
type ForwardOptions struct {
	Workers int // requests in flight to the target; default 4
	Queue   int // captures waiting to be forwarded; default 4096
}

// NewForwarder forwards to opts.Target and hands results to save in
// batches of what completed meanwhile, one batch at a time from one
// goroutine: save may write them to the store in one transaction.
func NewForwarder(opts Options, fo ForwardOptions, save func(batch []*store.Attempt)) *Forwarder {
	if fo.Workers <= 0 {
		fo.Workers = 4
	}
	if fo.Queue <= 0 {
		fo.Queue = 4096
	}
	f := &Forwarder{opts: opts, client: Client(opts), queue: make(chan *store.Delivery, fo.Queue),
		results: make(chan *store.Attempt, fo.Queue+1024), save: save}
	f.recorder.Add(1)
	go func() {
		defer f.recorder.Done()
		var batch []*store.Attempt
		for r := range f.results {
			// Gather what completes within batchWindow: save waits for a
			// commit, and one wait per batch rather than per forward
			// keeps this one goroutine ahead of the workers.
			batch = append(batch[:0], r)
			window := time.NewTimer(batchWindow)
		more:
			for len(batch) < maxBatch {
				select {
				case r, ok := <-f.results:
					if !ok {
						break more
					}
					batch = append(batch, r)
				case <-window.C:
					break more
				}
			}
			window.Stop()
			f.save(batch)
		}
	}()
	for i := 0; i < fo.Workers; i++ {
		f.workers.Add(1)
		go func() {
			defer f.workers.Done()
			for d := range f.queue {
				a := Send(context.Background(), f.client, d, f.opts)
				a.Kind = KindForward
				f.results <- &a
			}
		}()
	}
	return f
}

// Target is where captures are forwarded, as text to show: its password
// redacted.
func (f *Forwarder) Target() string { return Redact(f.opts.Target) }

// Forward queues d to be sent. It never blocks: when the queue is full
// the capture is not forwarded, and that is recorded as a failed attempt
// (and counted by Dropped even when the recorder is too far behind to
// record it).
// d is copied; the caller may reuse its body.
func (f *Forwarder) Forward(d *store.Delivery) {
	c := &store.Delivery{ID: d.ID, Method: d.Method, URI: d.URI, Headers: d.Headers.Clone(),
		Body: append([]byte(nil), d.Body...), Provider: d.Provider, Topic: d.Topic}
	select {
	case f.queue <- c:
	default:
		f.dropped.Add(1)
		select {
		case f.results <- &store.Attempt{DeliveryID: d.ID, Kind: KindForward, At: time.Now(), Method: d.Method,
			URL: f.Target(), Err: "not forwarded: the forward queue is full (the target is slower than deliveries arrive)"}:
		default:
		}
	}
}

// Dropped is how many captures were not forwarded because the queue was
// full.
func (f *Forwarder) Dropped() int64 { return f.dropped.Load() }

// Relay sends d to the target and waits up to timeout for its answer, for
// the capture server to pass back to the sender. The attempt is recorded
// like a forward; ok is false when the target failed or was too slow.
func (f *Forwarder) Relay(ctx context.Context, d *store.Delivery, timeout time.Duration) (res store.Attempt, ok bool) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res = Send(ctx, f.client, d, f.opts)
	res.Kind = KindRelay
	if res.Err != "" && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		res.Err = "timed out after " + timeout.String()
	}
	select {
	case f.results <- &res:
	default:
		f.dropped.Add(1)
	}
	return res, res.Err == ""
}

// Close stops taking captures, waits until those queued are sent or ctx is
// done, and records every result. Forward must not be called after Close.
func (f *Forwarder) Close(ctx context.Context) {
	f.close.Do(func() {
		close(f.queue)
		done := make(chan struct{})
		go func() {
			f.workers.Wait()
			close(done)
		}()
		select {
		case <-done:
		case <-ctx.Done():
			// Whatever is still queued is abandoned with the process;
			// the workers keep their results channel open until then.
			return
		}
		close(f.results)
		f.recorder.Wait()
	})
}

// DefaultRelayWait is how long a relay waits for the target when the
// platform's own timeout is not documented.
const DefaultRelayWait = 5 * time.Second

// RelayWait is how long to wait for the target before answering d's sender
// with the canned reply: four fifths of the platform's documented timeout
// (AmeriCommerce 3 s gives 2.4 s), leaving time to answer, or
// DefaultRelayWait.
func RelayWait(d *store.Delivery) time.Duration {
	if p, ok := registry.Lookup(d.Provider); ok {
		if e, ok := decode.FindEvent(p, d.Topic); ok {
			if t, err := time.ParseDuration(e.Timeout); err == nil && t > 0 {
				return t * 4 / 5
			}
		}
	}
	return DefaultRelayWait
}

// Answer relays d and, when the target answered in time, makes its answer
// d's reply. Otherwise d keeps the canned reply, and its rule says why the
// relay fell back. wait overrides RelayWait when positive.
func (f *Forwarder) Answer(ctx context.Context, d *store.Delivery, wait time.Duration) {
	if wait <= 0 {
		wait = RelayWait(d)
	}
	res, ok := f.Relay(ctx, d, wait)
	if !ok {
		d.ReplyRule += " (relay failed: " + res.Err + ")"
		return
	}
	h := res.ResponseHeaders.Clone()
	for _, name := range hopByHop {
		h.Del(name)
	}
	d.ReplyStatus, d.ReplyHeaders, d.ReplyBody, d.ReplyDelay = res.Status, h, res.ResponseBody, 0
	d.ReplyRule = "relayed from " + res.URL
}
