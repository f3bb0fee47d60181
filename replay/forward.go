package replay

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/replay/internal/hopbyhop"
)

// Forwarder sends every capture on to a target as it arrives. Forwarding
// runs beside the capture path, never on it: Forward only queues, a few
// workers send, and one goroutine records results, so a slow or dead target
// slows and fails nothing but the forwarding.
//
// What waits is bounded by bytes as well as by count: a capture that does
// not fit is recorded as not forwarded rather than held in memory.
type Forwarder struct {
	opts    Options
	fo      ForwardOptions
	client  *http.Client
	queue   chan pending
	results chan *store.Attempt
	save    func(batch []*store.Attempt)
	dropped atomic.Int64

	// mu guards closed and waiting, and orders Forward and Relay before
	// Close closes the channels they send on.
	mu      sync.Mutex
	closed  bool
	waiting int64 // bytes of the captures queued or being sent

	// stop cancels the sends in flight and turns what is still queued
	// into "interrupted" records, once Close's ctx is done.
	stopCtx context.Context
	stop    context.CancelFunc

	workers  sync.WaitGroup
	recorder sync.WaitGroup
	close    sync.Once
}

// pending is a capture queued to be forwarded, with the bytes it holds.
type pending struct {
	d    *store.Delivery
	size int64
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
	// MaxQueueBytes bounds the bytes of the captures waiting or in flight;
	// default DefaultMaxQueueBytes. One capture larger than it is still
	// forwarded when nothing else waits.
	MaxQueueBytes int64
}

// DefaultMaxQueueBytes is how many bytes of captures may wait to be
// forwarded unless ForwardOptions say otherwise.
const DefaultMaxQueueBytes = 64 << 20

// Why a forward did not happen, as recorded.
const (
	errInterrupted       = "interrupted: hookscope stopped before forwarding"
	errInterruptedFlight = "interrupted: hookscope stopped before the target answered"
)

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
	if fo.MaxQueueBytes <= 0 {
		fo.MaxQueueBytes = DefaultMaxQueueBytes
	}
	f := &Forwarder{opts: opts, fo: fo, client: Client(opts), queue: make(chan pending, fo.Queue),
		results: make(chan *store.Attempt, fo.Queue+1024), save: save}
	f.stopCtx, f.stop = context.WithCancel(context.Background())
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
			for p := range f.queue {
				f.results <- f.send(p.d)
				f.mu.Lock()
				f.waiting -= p.size
				f.mu.Unlock()
			}
		}()
	}
	return f
}

// send forwards d, or records it as interrupted once Close gave up
// waiting.
func (f *Forwarder) send(d *store.Delivery) *store.Attempt {
	if f.stopCtx.Err() != nil {
		return f.notForwarded(d, errInterrupted)
	}
	a := Send(f.stopCtx, f.client, d, f.opts)
	a.Kind = KindForward
	if a.Err != "" && f.stopCtx.Err() != nil {
		a.Err = errInterruptedFlight
	}
	return &a
}

func (f *Forwarder) notForwarded(d *store.Delivery, why string) *store.Attempt {
	return &store.Attempt{DeliveryID: d.ID, Kind: KindForward, At: time.Now(), Method: d.Method, URL: f.Target(), Err: why}
}

// Target is where captures are forwarded, as text to show: its password
// redacted.
func (f *Forwarder) Target() string { return Redact(f.opts.Target) }

// Forward queues d to be sent. It never blocks: when the queue is full,
// by count or by bytes, the capture is not forwarded, and that is
// recorded as a failed attempt (and counted by Dropped even when the
// recorder is too far behind to record it, or Close has begun).
// d is copied only when queued; the caller may reuse its body.
func (f *Forwarder) Forward(d *store.Delivery) {
	size := deliverySize(d)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		f.dropped.Add(1)
		return
	}
	var why string
	switch {
	case f.waiting > 0 && f.waiting+size > f.fo.MaxQueueBytes:
		why = fmt.Sprintf("not forwarded: the forward queue is full (%s waiting; the target is slower than deliveries arrive)", mib(f.waiting))
	case len(f.queue) == cap(f.queue):
		why = fmt.Sprintf("not forwarded: the forward queue is full (%d waiting; the target is slower than deliveries arrive)", len(f.queue))
	default:
		c := &store.Delivery{ID: d.ID, Method: d.Method, URI: d.URI, Headers: d.Headers.Clone(),
			Body: append([]byte(nil), d.Body...), Provider: d.Provider, Topic: d.Topic}
		f.waiting += size
		f.queue <- pending{c, size} // room is certain: only Forward sends, under mu
		return
	}
	f.dropped.Add(1)
	select {
	case f.results <- f.notForwarded(d, why):
	default:
	}
}

// deliverySize is about the memory a queued copy of d holds.
func deliverySize(d *store.Delivery) int64 {
	n := len(d.Body) + len(d.URI) + len(d.Method) + len(d.ID) + 256
	for k, vs := range d.Headers {
		n += len(k)
		for _, v := range vs {
			n += len(v) + 16
		}
	}
	return int64(n)
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// QueuedBytes is how many bytes of captures wait to be forwarded or are
// being sent.
func (f *Forwarder) QueuedBytes() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.waiting
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
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		f.dropped.Add(1)
		return res, res.Err == ""
	}
	select {
	case f.results <- &res:
	default:
		f.dropped.Add(1)
	}
	return res, res.Err == ""
}

// Close stops taking captures and waits until those queued are sent or
// ctx is done; then the sends in flight are cancelled and what is still
// queued is not sent. Either way every capture queued gets exactly one
// record, saved before Close returns, so the store may be closed after it.
// Forward and Relay after Close only count as Dropped.
func (f *Forwarder) Close(ctx context.Context) {
	f.close.Do(func() {
		f.mu.Lock()
		f.closed = true
		close(f.queue)
		f.mu.Unlock()
		done := make(chan struct{})
		go func() {
			f.workers.Wait()
			close(done)
		}()
		select {
		case <-done:
		case <-ctx.Done():
			f.stop()
			<-done
		}
		f.stop()
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
	h := hopbyhop.Without(res.ResponseHeaders)
	d.ReplyStatus, d.ReplyHeaders, d.ReplyBody, d.ReplyDelay = res.Status, h, res.ResponseBody, 0
	d.ReplyRule = "relayed from " + res.URL
}
