package replay

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// silent is a target that takes requests and never answers until the test
// ends.
func silent(t *testing.T) string {
	t.Helper()
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	t.Cleanup(ts.Close)
	t.Cleanup(func() { close(release) }) // before ts.Close: cleanups run last first
	return ts.URL
}

// savedAttempts collects what a forwarder saves.
type savedAttempts struct {
	mu sync.Mutex
	as []store.Attempt
}

func (s *savedAttempts) save(batch []*store.Attempt) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range batch {
		s.as = append(s.as, *a)
	}
}

func (s *savedAttempts) all() []store.Attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]store.Attempt(nil), s.as...)
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func TestForwardQueueIsBoundedByBytesWhenTheTargetNeverAnswers(t *testing.T) {
	const (
		bound = 16 << 20
		size  = 4 << 20
		n     = 64 // 256 MiB offered
	)
	var saved savedAttempts
	f := NewForwarder(Options{Target: silent(t)}, ForwardOptions{Workers: 2, MaxQueueBytes: bound}, saved.save)
	body := make([]byte, size)
	before := heapInUse()
	for i := 0; i < n; i++ {
		f.Forward(&store.Delivery{ID: fmt.Sprintf("01BIG%03d", i), Method: "POST", URI: "/big", Headers: http.Header{}, Body: body})
	}
	grew := int64(heapInUse()) - int64(before)
	if q := f.QueuedBytes(); q > bound || q < bound-size-4096 {
		t.Errorf("%d MiB queued with a bound of %d MiB", q>>20, bound>>20)
	}
	// What waits is at most the bound; 64 MiB of slack for the rest.
	if grew > 64<<20 {
		t.Errorf("the heap grew by %d MiB forwarding %d MiB to a silent target", grew>>20, n*size>>20)
	}
	if dropped := f.Dropped(); dropped < n-bound/size {
		t.Errorf("%d of %d not forwarded", dropped, n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	f.Close(ctx)
	got := saved.all()
	if len(got) != n {
		t.Fatalf("%d attempts recorded for %d captures", len(got), n)
	}
	full := 0
	for _, a := range got {
		if strings.Contains(a.Err, "the forward queue is full (") && strings.Contains(a.Err, "MiB waiting") {
			full++
		}
	}
	if int64(full) != f.Dropped() {
		t.Errorf("%d recorded as not fitting, %d dropped: %+v", full, f.Dropped(), got[len(got)-1])
	}
	t.Logf("heap grew %d MiB for %d MiB forwarded to a silent target; %d dropped", grew>>20, n*size>>20, f.Dropped())
}

func TestForwardsPendingAtCloseAreRecordedAsInterrupted(t *testing.T) {
	var saved savedAttempts
	f := NewForwarder(Options{Target: silent(t)}, ForwardOptions{Workers: 2}, saved.save)
	const n = 10
	for i := 0; i < n; i++ {
		f.Forward(&store.Delivery{ID: fmt.Sprintf("01PEND%02d", i), Method: "POST", URI: "/p", Headers: http.Header{}, Body: []byte("{}")})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	f.Close(ctx)

	got := saved.all() // Close returns after every record is saved
	each := map[string]int{}
	why := map[string]int{}
	for _, a := range got {
		each[a.DeliveryID]++
		why[a.Err]++
	}
	if len(got) != n || len(each) != n {
		t.Fatalf("%d records for %d distinct of %d pending forwards: %v", len(got), len(each), n, why)
	}
	if why[errInterrupted]+why[errInterruptedFlight] != n || why[errInterruptedFlight] > 2 {
		t.Errorf("pending forwards recorded as %v", why)
	}
	f.Forward(&store.Delivery{ID: "01LATE", Headers: http.Header{}}) // after Close: counted, never a panic
	if f.Dropped() != 1 {
		t.Errorf("dropped %d", f.Dropped())
	}
}

func TestForwardAfterTheTargetAnswersReleasesItsBytes(t *testing.T) {
	ts, got := target(t, 200)
	var saved savedAttempts
	f := NewForwarder(Options{Target: ts.URL}, ForwardOptions{}, saved.save)
	for i := 0; i < 5; i++ {
		f.Forward(&store.Delivery{ID: fmt.Sprintf("01OK%d", i), Method: "POST", URI: "/ok", Headers: http.Header{}, Body: make([]byte, 1<<20)})
	}
	f.Close(context.Background())
	if q, n := f.QueuedBytes(), len(got()); q != 0 || n != 5 || len(saved.all()) != 5 {
		t.Fatalf("%d bytes still counted, %d sent, %d recorded", q, n, len(saved.all()))
	}
}
