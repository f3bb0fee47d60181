package store

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
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
	cpu0 := processCPU()
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
	// Rows pending at the end are committed too: they are part of the cost.
	if err := s.syncRows(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/row")
	if fi, err := os.Stat(s.Path() + "-wal"); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "wal-MiB")
	}
}

// benchStore100k is a store of 100,000 small deliveries, built with
// multi-row inserts in one transaction so the setup takes about a second.
func benchStore100k(b *testing.B) (*Store, []string) {
	b.Helper()
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "b.db"), Options{Keep: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	const n, perStmt = 100_000, 500
	ids := make([]string, n)
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	row := `(?, 1700000000000000000, 'POST', '/x', 'HTTP/1.1', 'h', 'r', 2, 2, 0, 'spiffy', 'orders/create', 200, 1, '', '', '', x'', x'', 0, x'', x'7b7d')`
	stmt := `INSERT INTO deliveries (id, received_at, method, uri, proto, host, remote_addr, size, declared_length,
		truncated, provider, topic, reply_status, reply_duration_ns, signature, summary, reply_rule, reply_headers,
		reply_body, reply_delay_ns, headers, body) VALUES ` + row + strings.Repeat(", "+row, perStmt-1)
	args := make([]any, perStmt)
	for i := 0; i < n; i += perStmt {
		for j := range args {
			ids[i+j] = fmt.Sprintf("01BENCH%019d", i+j)
			args[j] = ids[i+j]
		}
		if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return s, ids
}

// BenchmarkGet100k looks deliveries up in a 100,000-delivery store, by the
// full id (bulk replay, serve --bodies) and by the short suffix a user types.
func BenchmarkGet100k(b *testing.B) {
	s, ids := benchStore100k(b)
	ctx := context.Background()
	b.Run("full", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.Get(ctx, ids[i%len(ids)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("suffix", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			id := ids[i%len(ids)]
			if _, err := s.Get(ctx, id[len(id)-8:]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
