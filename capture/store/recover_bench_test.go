package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// BenchmarkOpenAfterACrashWithABacklog opens a store that a kill -9 left
// with a backlog of 50,000 deliveries (2 KB JSON bodies) whose rows were
// never committed (backlog.go). serve's capture port stays closed for the
// Open (open-ms); the rows are committed by the writer behind it, and a
// Count waits for them all (listed-ms, from the start of the Open), as
// list and show do. µs/row is listed-ms a recovered row.
//
//	go test -run '^$' -bench OpenAfterACrash -benchtime 3x ./capture/store
func BenchmarkOpenAfterACrashWithABacklog(b *testing.B) {
	const n = 50_000
	var c committed
	s, path := openTemp(b, deferringOptions(&c))
	body := `{"order":{"id":1,"note":"` + strings.Repeat("x", 2000) + `"}}`
	if err := insertConcurrently(s, samples(n, body), 64); err != nil {
		b.Fatal(err)
	}
	if got := s.backlog.Load(); got < n*9/10 {
		b.Fatalf("backlog of %d at the crash, want most of %d", got, n)
	}
	crashed := crashCopy(b, path)
	ctx := context.Background()
	var opened, listed time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		fresh := crashCopy(b, crashed)
		b.StartTimer()
		start := time.Now()
		s2, err := Open(ctx, fresh, Options{Keep: -1, indexDelay: time.Hour})
		opened += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if got, err := s2.Count(ctx, Filter{}); err != nil || got != n {
			b.Fatalf("Count after recovery = %d, %v; want %d", got, err, n)
		}
		listed += time.Since(start)
		b.StopTimer()
		s2.Close()
		b.StartTimer()
	}
	b.ReportMetric(opened.Seconds()*1e3/float64(b.N), "open-ms")
	b.ReportMetric(listed.Seconds()*1e3/float64(b.N), "listed-ms")
	b.ReportMetric(float64(listed.Microseconds())/float64(b.N)/n, "µs/row")
}
