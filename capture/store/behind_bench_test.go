package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkBehindCapture is the work the store does behind a burst of
// captures, per delivery of 2 KB JSON orders (CPU of the whole process,
// reported as cpu-us/delivery):
//
//   - index: what the writer does once captures pause: index in the
//     chunks it indexes when idle (facts and full-text rows), then merge
//     the full-text index's segments;
//   - insert: captures into a store below --keep, as a baseline;
//   - insert-past-keep: captures into a store at --keep whose deliveries
//     are indexed, so that every one stored deletes an indexed one (rows,
//     facts, full-text entries) — the steady state of a long session;
//   - insert-past-keep-bytes: captures into a store under --keep-bytes
//     64MiB whose first segment, nearly full, holds indexed deliveries:
//     the captures fill it and expire it, and retention deletes its
//     deliveries while they go on. It also reports the longest a capture
//     waited for its acknowledgement (max-ack-ms).
//
// Run:
//
//	go test -run '^$' -bench BehindCapture -benchtime 20000x ./capture/store
func BenchmarkBehindCapture(b *testing.B) {
	const keep = 20_000
	ctx := context.Background()
	open := func(b *testing.B, keep int) *Store {
		s, err := Open(ctx, filepath.Join(b.TempDir(), "hookscope.db"), Options{Keep: keep, indexDelay: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
	// What the writer does while captures pause: index, then merge.
	index := func(b *testing.B, s *Store) {
		for s.indexStep(ctx) {
		}
		for s.mergeStep(ctx) {
		}
		// And empty the WAL, as the writer does once idle: the steps
		// here bypass its bound on the WAL (boundWAL).
		if !s.truncateIdleWAL() {
			b.Fatal("the WAL could not be emptied")
		}
	}
	b.Run("index", func(b *testing.B) {
		s := open(b, -1)
		load(b, s, b.N)
		cpu0 := processCPU()
		b.ResetTimer()
		index(b, s)
		b.StopTimer()
		perDelivery(b, cpu0, b.N)
	})
	b.Run("insert", func(b *testing.B) {
		s := open(b, -1)
		cpu0 := processCPU()
		b.ResetTimer()
		load(b, s, b.N)
		b.StopTimer()
		perDelivery(b, cpu0, b.N)
	})
	b.Run("insert-past-keep-bytes", func(b *testing.B) {
		s, err := Open(ctx, filepath.Join(b.TempDir(), "hookscope.db"), Options{Keep: -1, KeepBytes: 64 << 20, indexDelay: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		// The orders take about 1.4 KB of segment each: 45,000 fill
		// most of the first 64 MiB segment.
		load(b, s, 45_000)
		index(b, s)
		cpu0 := processCPU()
		b.ResetTimer()
		longest := load(b, s, b.N)
		b.StopTimer()
		perDelivery(b, cpu0, b.N)
		b.ReportMetric(float64(longest.Microseconds())/1000, "max-ack-ms")
	})
	b.Run("insert-past-keep", func(b *testing.B) {
		s := open(b, keep)
		load(b, s, keep)
		index(b, s)
		cpu0 := processCPU()
		b.ResetTimer()
		load(b, s, b.N)
		b.StopTimer()
		perDelivery(b, cpu0, b.N)
	})
}

// load stores n deliveries of orders from 16 callers, and returns the
// longest a caller waited for an Insert.
func load(b *testing.B, s *Store, n int) time.Duration {
	b.Helper()
	ds := make([]*Delivery, n)
	for i := range ds {
		ds[i] = sample(benchOrder(i))
		ds[i].Provider, ds[i].Topic = "spiffy", "orders/create"
	}
	longest, err := insertConcurrentlyTimed(s, ds, 16)
	if err != nil {
		b.Fatal(err)
	}
	return longest
}

func perDelivery(b *testing.B, cpu0 time.Duration, n int) {
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(n), "cpu-us/delivery")
}

// benchOrder is a 2 KB order whose ids, names and amounts differ from one
// delivery to the next, as a platform's do.
func benchOrder(i int) string {
	var items strings.Builder
	for j := range 8 {
		if j > 0 {
			items.WriteString(",")
		}
		fmt.Fprintf(&items, `{"id":%d,"sku":"SKU-%05d-%d","title":"Widget model %d, colour %d","quantity":%d,"price":"%d.%02d"}`,
			i*10+j, i%997, j, (i+j)%113, j, 1+j%3, 5+(i*7+j)%90, (i*13+j)%100)
	}
	return fmt.Sprintf(`{"id":%d,"order_number":"#%d","email":"customer%d@example.com","currency":"USD",`+
		`"total_price":"%d.%02d","customer":{"first_name":"Ada%d","last_name":"Lovelace%d","note":"leave at the door, ring twice"},`+
		`"shipping_address":{"address1":"%d Analytical Engine Street","city":"London","zip":"N%d","country":"GB"},`+
		`"line_items":[%s],"note_attributes":[{"name":"gift","value":"%t"}],"tags":"vip, wholesale, batch-%d"}`,
		100000+i, 1000+i, i, 20+i%500, i%100, i%50, i%70, 1+i%200, i%9, items.String(), i%2 == 0, i%17)
}
