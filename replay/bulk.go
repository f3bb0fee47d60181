package replay

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
)

// BulkOptions say how to replay many deliveries.
type BulkOptions struct {
	// Concurrency is how many requests are in flight; 1 (the default)
	// replays in the original order, one after another.
	Concurrency int
	// Rate caps requests per second; 0 is no cap.
	Rate float64
	// StopOnFailure starts no new request after one that failed (error or
	// non-2xx); those in flight finish and are recorded.
	StopOnFailure bool
}

// Summary is what a bulk replay did.
type Summary struct {
	Sent, OK, Non2xx, Errors int
	P50, P99                 time.Duration
	// Stopped says why not every delivery was sent, "" when all were.
	Stopped string
}

func (s Summary) String() string {
	latency := "no answers"
	if s.Sent > s.Errors { // every answer, 2xx or not, has a latency
		latency = fmt.Sprintf("latency p50 %s, p99 %s", s.P50.Round(time.Microsecond), s.P99.Round(time.Microsecond))
	}
	out := fmt.Sprintf("sent %d: %d 2xx, %d non-2xx, %s; %s",
		s.Sent, s.OK, s.Non2xx, decode.Plural(s.Errors, "error", "errors"), latency)
	if s.Stopped != "" {
		out += "; stopped: " + s.Stopped
	}
	return out
}

// notSent is the attempt of a delivery that failed before it was sent,
// with the method and URL it would have gone to when they are known.
func notSent(ctx context.Context, id string, d *store.Delivery, opts Options, err error) store.Attempt {
	a := store.Attempt{DeliveryID: id, Kind: KindReplay, At: time.Now(), Err: err.Error()}
	if d != nil {
		a.Method = d.Method
		opts.Secret = nil
		if req, _, berr := Build(ctx, d, opts); berr == nil {
			a.URL = URL(req)
		}
	}
	return a
}

// Loader loads a whole delivery: the store's Get.
type Loader func(ctx context.Context, id string) (*store.Delivery, error)

// Bulk replays ids with client and opts, calling record with every result
// as it completes (from one goroutine at a time). Cancelling ctx stops it
// cleanly: nothing new is sent, and what was sent is recorded.
//
// With secretFor, each delivery is re-signed with the secret it gives for
// the delivery's provider; a delivery whose provider signs but has no
// secret fails without being sent, and one whose provider does not sign is
// sent as captured.
func Bulk(ctx context.Context, ids []string, load Loader, client *http.Client, opts Options,
	secretFor func(provider string) []byte, bo BulkOptions, record func(store.Attempt)) Summary {
	workers := max(1, bo.Concurrency)
	var limiter *rate.Limiter
	if bo.Rate > 0 {
		limiter = rate.NewLimiter(rate.Limit(bo.Rate), 1)
	}
	var (
		mu        sync.Mutex
		sum       Summary
		latencies []time.Duration
		stopped   bool
	)
	finish := func(r store.Attempt) {
		mu.Lock()
		defer mu.Unlock()
		sum.Sent++
		switch {
		case r.Err != "":
			sum.Errors++
		case r.OK():
			sum.OK++
		default:
			sum.Non2xx++
		}
		if r.Err == "" {
			latencies = append(latencies, r.Latency)
		}
		if !r.OK() && bo.StopOnFailure && !stopped {
			stopped = true
			sum.Stopped = fmt.Sprintf("delivery %s failed and --stop-on-failure is set", r.DeliveryID)
		}
		record(r)
	}
	next := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				mu.Lock()
				halt := stopped
				mu.Unlock()
				if halt {
					continue // handed over before the failure was known
				}
				d, err := load(ctx, id)
				o := opts
				if err == nil && secretFor != nil {
					if o.Secret = secretFor(d.Provider); len(o.Secret) == 0 && Signs(d.Provider) {
						err = fmt.Errorf("delivery %s: no secret to re-sign %s with: set %s or name a variable with --secret-env",
							id, d.Provider, decode.SecretEnv(d.Provider))
					}
				}
				if err != nil {
					finish(notSent(ctx, id, d, opts, err))
					continue
				}
				finish(Send(ctx, client, d, o))
			}
		}()
	}
dispatch:
	for _, id := range ids {
		mu.Lock()
		halt := stopped
		mu.Unlock()
		if halt {
			break
		}
		if limiter != nil {
			if err := limiter.Wait(ctx); err != nil {
				break
			}
		}
		select {
		case next <- id:
		case <-ctx.Done():
			break dispatch
		}
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil && sum.Stopped == "" {
		sum.Stopped = "interrupted"
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	sum.P50, sum.P99 = nearestRank(latencies, 50), nearestRank(latencies, 99)
	return sum
}

// nearestRank is the p-th percentile of sorted by the nearest-rank
// method: the smallest value with at least p% of the values at or below
// it (so the p99 of three latencies is the largest).
func nearestRank(sorted []time.Duration, p int) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := (p*n + 99) / 100 // ceil(p/100 * n)
	return sorted[max(0, rank-1)]
}
