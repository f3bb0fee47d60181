// Package loadgen drives an HTTP server at saturation for hookscope's
// benchmarks: a fixed number of keep-alive connections, each sending its
// next request as soon as the last one was answered, for a set time. It is
// shared by the capture benchmarks (run in a child process, as senders are
// remote in real use) and the TUI's lag benchmark, so that both measure
// against the same load. Nothing outside benchmarks imports it.
package loadgen

import (
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Config says what to send and for how long.
type Config struct {
	// Conns is how many keep-alive connections send at once, each one
	// request at a time.
	Conns int
	// For is how long requests are started; those in flight at the end
	// are waited for.
	For time.Duration
	// Request builds request n (0, 1, 2, … in the order they are
	// started, over all connections).
	Request func(n int64) *http.Request
	// OnOK, when set, is told of every request answered 200, as soon as
	// its answer was read, with the time it took. It runs on the sending
	// goroutine and must be quick.
	OnOK func(n int64, latency time.Duration)
}

// Result is what a run measured.
type Result struct {
	Elapsed      time.Duration
	Latencies    []time.Duration // of the requests answered 200
	Failed       int             // errors and answers other than 200
	FirstFailure string          // why the first failed one failed
}

// Run sends until cfg.For has passed and reports what happened.
func Run(cfg Config) Result {
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns: cfg.Conns, MaxIdleConnsPerHost: cfg.Conns, MaxConnsPerHost: cfg.Conns,
		DisableCompression: true,
	}}
	defer client.CloseIdleConnections()
	var next, failed atomic.Int64
	var firstFailure atomic.Value
	fail := func(err error) {
		failed.Add(1)
		firstFailure.CompareAndSwap(nil, err.Error())
	}
	lats := make([][]time.Duration, cfg.Conns)
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(cfg.For)
	for c := range lats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 1<<14)
			for time.Now().Before(deadline) {
				n := next.Add(1) - 1
				t0 := time.Now()
				resp, err := client.Do(cfg.Request(n))
				if err != nil {
					fail(err)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch {
				case err != nil:
					fail(err)
				case resp.StatusCode != http.StatusOK:
					fail(errors.New(resp.Status))
				default:
					d := time.Since(t0)
					lat = append(lat, d)
					if cfg.OnOK != nil {
						cfg.OnOK(n, d)
					}
				}
			}
			lats[c] = lat
		}()
	}
	wg.Wait()
	res := Result{Elapsed: time.Since(start), Failed: int(failed.Load())}
	if f, ok := firstFailure.Load().(string); ok {
		res.FirstFailure = f
	}
	for _, l := range lats {
		res.Latencies = append(res.Latencies, l...)
	}
	return res
}
