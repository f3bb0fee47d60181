package loadgen

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every request gets its own number, OnOK hears of exactly the requests
// counted as answered, and answers other than 200 are failures with their
// reason: the benchmarks' figures and their sampling rest on these.
func TestRunNumbersRequestsAndCountsOnlyOK(t *testing.T) {
	var mu sync.Mutex
	arrived := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := r.URL.Query().Get("n")
		mu.Lock()
		arrived[n]++
		mu.Unlock()
		if i, _ := strconv.Atoi(n); i%3 == 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	var okMu sync.Mutex
	ok := map[int64]bool{}
	res := Run(Config{Conns: 4, For: 100 * time.Millisecond,
		Request: func(n int64) *http.Request {
			req, _ := http.NewRequest("POST", srv.URL+"/?n="+strconv.FormatInt(n, 10), strings.NewReader("{}"))
			return req
		},
		OnOK: func(n int64, d time.Duration) {
			okMu.Lock()
			defer okMu.Unlock()
			if ok[n] || d <= 0 {
				t.Errorf("OnOK(%d, %v): twice, or no time taken", n, d)
			}
			ok[n] = true
		}})

	total := len(res.Latencies) + res.Failed
	if len(res.Latencies) == 0 || res.Failed == 0 {
		t.Fatalf("%d answered, %d failed: want both", len(res.Latencies), res.Failed)
	}
	if len(ok) != len(res.Latencies) {
		t.Errorf("OnOK heard of %d requests, %d were answered 200", len(ok), len(res.Latencies))
	}
	for i := 0; i < total; i++ {
		if arrived[strconv.Itoa(i)] != 1 {
			t.Fatalf("request %d arrived %d times; numbers must be 0…%d, each once", i, arrived[strconv.Itoa(i)], total-1)
		}
		if ok[int64(i)] == (i%3 == 2) {
			t.Errorf("request %d: OnOK %v, answered 503: %v", i, ok[int64(i)], i%3 == 2)
		}
	}
	if !strings.Contains(res.FirstFailure, "503") {
		t.Errorf("first failure %q, want the 503", res.FirstFailure)
	}
	if res.Elapsed < 100*time.Millisecond {
		t.Errorf("elapsed %v, shorter than asked", res.Elapsed)
	}
}
