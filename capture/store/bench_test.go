package store

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkInsert measures group-committed inserts of 2 KB deliveries from
// 64 concurrent callers, as the capture server makes them.
func BenchmarkInsert(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "b.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	body := bytes.Repeat([]byte("x"), 2048)
	hdr := http.Header{"Content-Type": {"application/json"}, "User-Agent": {"bench"}, "X-Spiffy-Topic": {"orders/create"}}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for c := 0; c < 64; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				d := &Delivery{ID: fmt.Sprintf("01BENCH%019d", i), ReceivedAt: time.Now(), Method: "POST", URI: "/webhooks/x",
					Proto: "HTTP/1.1", Host: "h", RemoteAddr: "r", Headers: hdr, Body: body, Size: 2048, ReplyStatus: 200}
				if err := s.Insert(context.Background(), d); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
