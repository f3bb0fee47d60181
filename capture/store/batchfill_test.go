package store

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// At one CPU, as `hookscope serve` runs when pinned, 64 concurrent callers
// must share commits: before the batch fill, the writer committed one or
// two deliveries at a time (about 1.6 per commit), each paying its own
// BEGIN, WAL header and fsync.
func TestGroupCommitGroupsConcurrentInsertsAtOneCPU(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var batches, rows atomic.Int64
	s, _ := openTemp(t, Options{Keep: -1, onBatch: func(n int) { batches.Add(1); rows.Add(int64(n)) }})
	const callers, each = 64, 20
	deliveries := make([][]*Delivery, callers)
	for c := range deliveries {
		for range each {
			deliveries[c] = append(deliveries[c], sample("{}"))
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for c := 0; c < callers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, d := range deliveries[c] {
				if err := s.Insert(context.Background(), d); err != nil {
					errs <- err
					return
				}
				// A handler parks between its ack and its next delivery
				// (reply written, next request not yet read).
				time.Sleep(50 * time.Microsecond)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if rows.Load() != callers*each {
		t.Fatalf("writer committed %d rows, want %d", rows.Load(), callers*each)
	}
	perCommit := float64(rows.Load()) / float64(batches.Load())
	t.Logf("%d deliveries in %d commits: %.1f per commit", rows.Load(), batches.Load(), perCommit)
	if perCommit < 24 {
		t.Fatalf("%.1f deliveries per commit from %d concurrent callers, want at least 24", perCommit, callers)
	}
}

func queueOf(n int) chan *insertReq {
	q := make(chan *insertReq, 64)
	for i := 0; i < n; i++ {
		q <- &insertReq{}
	}
	return q
}

// A lone delivery is committed alone, after the few yields, not held
// back until fillWait.
func TestFillBatchCommitsLoneDelivery(t *testing.T) {
	got := fillBatch([]*insertReq{{}}, queueOf(0), 256, time.Hour)
	if len(got) != 1 {
		t.Fatalf("batch of %d, want the lone delivery", len(got))
	}
}

func TestFillBatchStopsAtMax(t *testing.T) {
	q := queueOf(10)
	got := fillBatch([]*insertReq{{}}, q, 4, time.Hour)
	if len(got) != 4 || len(q) != 7 {
		t.Fatalf("batch of %d with %d left queued, want 4 and 7", len(got), len(q))
	}
}

// A queue that never stops growing does not hold a batch back beyond the
// wait: without the bound this would fill to max (effectively forever).
func TestFillBatchStopsAtDeadlineWhileQueueGrows(t *testing.T) {
	q := make(chan *insertReq, 64)
	stop := make(chan struct{})
	var producer sync.WaitGroup
	producer.Add(1)
	go func() {
		defer producer.Done()
		for {
			select {
			case q <- &insertReq{}:
			case <-stop:
				return
			}
		}
	}()
	defer producer.Wait()
	defer close(stop)
	// Start from a full queue: on a loaded machine the producer may not be
	// scheduled within the fill's few yields, and the batch would then be
	// empty for a reason this test is not about.
	for len(q) < cap(q) {
		runtime.Gosched()
	}
	const max = 1 << 40
	got := fillBatch(nil, q, max, 5*time.Millisecond)
	if len(got) == 0 || len(got) >= max {
		t.Fatalf("batch of %d", len(got))
	}
}
