package capture

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// heapInUse is the Go heap in use after a collection: what the server
// holds, not garbage it has yet to collect.
func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// Announcing a body costs nothing but a header line. 300 connections that
// each announce 16 MiB and send a few bytes once took the server from
// 247 MB to 5 GB, as the buffer was grown to the announced length before a
// byte of body came. What they hold must stay near what they sent.
func TestAnnouncedLengthsDoNotReserveMemory(t *testing.T) {
	const conns = 300
	const announced = 16 << 20
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() }) // after the server's shutdown
	srv := New(st)
	addr := startListening(t, srv)

	before := heapInUse()
	var open []net.Conn
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	for i := 0; i < conns; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		open = append(open, c)
		fmt.Fprintf(c, "POST /x/%d HTTP/1.1\r\nHost: h\r\nContent-Length: %d\r\n\r\n{\"a\":", i, announced)
	}
	deadline := time.Now().Add(10 * time.Second)
	// Each request that reaches the handler takes its first buffer's
	// worth of budget.
	for srv.budget.inUse() < conns*initialBodyBuffer {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d requests reached the handler", srv.budget.inUse()/initialBodyBuffer, conns)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Each handler has had its chance to size its buffer; give the
	// slowest a moment more, then see what they hold.
	time.Sleep(100 * time.Millisecond)
	held := int64(heapInUse()) - int64(before)
	t.Logf("heap grew by %.1f MB for %d connections announcing %d MiB each", float64(held)/1e6, conns, announced>>20)
	if held > 100e6 {
		t.Fatalf("heap grew by %.0f MB while %d connections had sent only their headers", float64(held)/1e6, conns)
	}

	// The server still answers everyone else.
	resp, err := http.Post("http://"+addr+"/ok", "application/json", strings.NewReader(`{"ok":1}`))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("a real delivery during the flood got %d", resp.StatusCode)
	}
}

// BenchmarkConcurrentLargeBodies sends 32 bodies of 16 MiB at once to a
// capture server with the default budget and reports the peak Go heap and
// resident memory while they are in flight (unbounded, this reached
// 1.1 GB), the most body bytes held at once (at most the budget; the heap
// can run to about twice that, as growth leaves garbage and the collector
// lets the heap reach twice what is live), how many were stored and how
// many were told to retry.
//
// Run: go test -run '^$' -bench ConcurrentLargeBodies -benchtime 1x ./capture
func BenchmarkConcurrentLargeBodies(b *testing.B) {
	const senders, size = 32, 16 << 20
	body := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	for i := 0; i < b.N; i++ {
		st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "h.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		srv := New(st)
		if err := srv.Listen("127.0.0.1:0"); err != nil {
			b.Fatal(err)
		}
		go srv.Serve()
		runtime.GC()
		base := rssBytes()
		var peakHeap, peakRSS, peakBudget atomic.Uint64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				peakHeap.Store(max(peakHeap.Load(), ms.HeapInuse))
				peakRSS.Store(max(peakRSS.Load(), uint64(rssBytes())))
				peakBudget.Store(max(peakBudget.Load(), uint64(srv.budget.inUse())))
				select {
				case <-stop:
					return
				case <-time.After(10 * time.Millisecond):
				}
			}
		}()
		var stored, refused, failed atomic.Int64
		var wg sync.WaitGroup
		for s := 0; s < senders; s++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, err := http.Post("http://"+srv.Addr()+"/big", "application/octet-stream", bytes.NewReader(body))
				if err != nil {
					failed.Add(1)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch resp.StatusCode {
				case 200:
					stored.Add(1)
				case 503:
					refused.Add(1)
				default:
					failed.Add(1)
				}
			}()
		}
		wg.Wait()
		close(stop)
		<-sampled
		srv.Shutdown(context.Background())
		if n, _ := st.Count(context.Background(), store.Filter{}); n != int(stored.Load()) {
			b.Fatalf("%d answered 200 but %d stored", stored.Load(), n)
		}
		st.Close()
		b.ReportMetric(float64(peakHeap.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(int64(peakRSS.Load())-base)/(1<<20), "rss-growth-MB")
		b.ReportMetric(float64(peakBudget.Load())/(1<<20), "peak-budget-MB")
		b.ReportMetric(float64(stored.Load()), "stored")
		b.ReportMetric(float64(refused.Load()), "refused-503")
		b.ReportMetric(float64(failed.Load()), "failed")
	}
}
