package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// The benchmarks in this file weigh designs for issue 12 (durable capture
// at the speed of the disk) by measurement; they are not the store's code.
//
// BenchmarkSegmentAppend is a minimal segment writer: each 2 KB body as a
// record (length, CRC-32C, bytes), a batch of them written with one write
// and made durable with one fdatasync. It reports wall and CPU time per
// record at each batch size, for a file that grows with every batch (each
// fdatasync also commits the new size to the journal) and for one whose
// blocks were written and synced beforehand (fdatasync flushes data only).
//
// BenchmarkInsertShape is the current store's group-committed Insert from
// 64 callers, as BenchmarkInsert, with the row as today, without the body
// (the metadata row a segment design would keep) and without the index of
// reversed ids, whose keys arrive in random order.
//
// Run: go test -run '^$' -bench 'SegmentAppend|InsertShape' -benchtime 20000x ./capture/store

var segmentCRC = crc32.MakeTable(crc32.Castagnoli)

const segmentRecordHeader = 8 // uint32 length, uint32 CRC-32C of the body

func BenchmarkSegmentAppend(b *testing.B) {
	body := bytes.Repeat([]byte("x"), 2048)
	for _, prezeroed := range []bool{false, true} {
		for _, batch := range []int{1, 16, 64, 256} {
			name := fmt.Sprintf("grow/batch=%d", batch)
			if prezeroed {
				name = fmt.Sprintf("prezeroed/batch=%d", batch)
			}
			b.Run(name, func(b *testing.B) {
				f, err := os.OpenFile(filepath.Join(b.TempDir(), "segment"), os.O_RDWR|os.O_CREATE, 0o600)
				if err != nil {
					b.Fatal(err)
				}
				defer f.Close()
				recSize := segmentRecordHeader + len(body)
				if prezeroed {
					zeros := make([]byte, 1<<20)
					for n := 0; n < b.N*recSize+len(zeros); n += len(zeros) {
						if _, err := f.Write(zeros); err != nil {
							b.Fatal(err)
						}
					}
					if err := f.Sync(); err != nil {
						b.Fatal(err)
					}
				}
				buf := make([]byte, 0, batch*recSize)
				var off int64
				var syncs int
				var syncTime time.Duration
				cpu0 := processCPU()
				b.ResetTimer()
				for done := 0; done < b.N; {
					buf = buf[:0]
					n := min(batch, b.N-done)
					for range n {
						buf = binary.LittleEndian.AppendUint32(buf, uint32(len(body)))
						buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(body, segmentCRC))
						buf = append(buf, body...)
					}
					if _, err := f.WriteAt(buf, off); err != nil {
						b.Fatal(err)
					}
					off += int64(len(buf))
					t0 := time.Now()
					if err := syscall.Fdatasync(int(f.Fd())); err != nil {
						b.Fatal(err)
					}
					syncTime += time.Since(t0)
					syncs++
					done += n
				}
				b.StopTimer()
				b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/1000/float64(b.N), "cpu-us/record")
				b.ReportMetric(float64(syncTime.Microseconds())/float64(syncs), "fdatasync-us")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/float64(b.N), "wall-us/record")
			})
		}
	}
}

// BenchmarkInsertShape is Store.Insert from 64 goroutines, the shape of
// capture under load: a 2 KB body, or none, which weighs the body's share
// of the append against the row's.
func BenchmarkInsertShape(b *testing.B) {
	body := bytes.Repeat([]byte("x"), 2048)
	hdr := http.Header{"Content-Type": {"application/json"}, "User-Agent": {"bench"}, "X-Spiffy-Topic": {"orders/create"},
		"X-Spiffy-Hmac-Sha256": {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}
	for _, shape := range []struct {
		name string
		body []byte
	}{
		{"row-as-today", body},
		{"no-body", nil},
	} {
		b.Run(shape.name, func(b *testing.B) {
			s, err := Open(context.Background(), filepath.Join(b.TempDir(), "b.db"), Options{Keep: -1})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ids := newBenchIDs()
			var next atomic.Int64
			var wg sync.WaitGroup
			cpu0 := processCPU()
			b.ResetTimer()
			for c := 0; c < 64; c++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						d := &Delivery{ID: ids.next(), ReceivedAt: time.Now(), Method: "POST", URI: "/webhooks/spiffy",
							Proto: "HTTP/1.1", Host: "127.0.0.1:4747", RemoteAddr: "127.0.0.1:50000", Headers: hdr, Body: shape.body,
							Size: 2048, DeclaredLength: 2048, ReplyStatus: 200, Provider: "spiffy", Topic: "orders/create",
							Signature: `{"status":"valid","scheme":"hmac-sha256"}`, ReplyRule: "plain 200"}
						if err := s.Insert(context.Background(), d); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/1000/float64(b.N), "cpu-us/row")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			if fi, err := os.Stat(s.Path() + "-wal"); err == nil {
				b.ReportMetric(float64(fi.Size())/(1<<20), "wal-MiB")
			}
		})
	}
}

// benchIDs are ULID-shaped ids as capture makes them: a millisecond prefix
// and a tail that counts up within it, so reversed they arrive in random
// order, as in the reversed-id index.
type benchIDs struct {
	mu sync.Mutex
	n  uint64
}

func newBenchIDs() *benchIDs { return &benchIDs{n: uint64(time.Now().UnixNano())} }

func (g *benchIDs) next() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	var id [26]byte
	ms := uint64(time.Now().UnixMilli())
	for i := 9; i >= 0; i-- {
		id[i] = alphabet[ms&31]
		ms >>= 5
	}
	n := g.n
	for i := 25; i >= 10; i-- {
		id[i] = alphabet[n&31]
		n >>= 5
	}
	return string(id[:])
}

// processCPU is this process's user and system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIndexRows is the metadata index a segment design would keep in
// SQLite, written off the ack path by one indexer in large transactions
// (durability comes from the segments, so synchronous=OFF): a lean row per
// delivery (where its record is, what a list shows and filters on), with
// rowsPerStmt rows per INSERT statement and 256 rows per transaction;
// with today's index of reversed ids (an expression of 26 substr calls),
// or with the reversed id as a column the writer fills in.
func BenchmarkIndexRows(b *testing.B) {
	for _, rowsPerStmt := range []int{1, 16, 64} {
		for _, reversed := range []string{"", "reversed-id-index", "reversed-id-column"} {
			name := fmt.Sprintf("rows-per-insert=%d", rowsPerStmt)
			if reversed != "" {
				name += "/" + reversed
			}
			b.Run(name, func(b *testing.B) {
				db, err := openDB(filepath.Join(b.TempDir(), "index.db"), "FULL")
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				db.SetMaxOpenConns(1)
				schema := `PRAGMA synchronous = OFF;
				CREATE TABLE deliveries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, received_at INTEGER NOT NULL,
					method TEXT NOT NULL, uri TEXT NOT NULL, size INTEGER NOT NULL, provider TEXT NOT NULL, topic TEXT NOT NULL,
					reply_status INTEGER NOT NULL, signature TEXT NOT NULL, segment INTEGER NOT NULL, offset INTEGER NOT NULL,
					rid TEXT NOT NULL);
				CREATE INDEX deliveries_provider_topic ON deliveries(provider, topic, id);`
				switch reversed {
				case "reversed-id-index":
					schema += `CREATE INDEX deliveries_id_reversed ON deliveries(` + reversedID + `, id);`
				case "reversed-id-column":
					schema += `CREATE INDEX deliveries_rid ON deliveries(rid);`
				}
				if _, err := db.Exec(schema); err != nil {
					b.Fatal(err)
				}
				row := `(?, ?, ?, 'POST', '/webhooks/spiffy', 2048, 'spiffy', 'orders/create', 200, 'valid', 1, ?, ?)`
				stmtText := `INSERT INTO deliveries VALUES ` + row
				for range rowsPerStmt - 1 {
					stmtText += ", " + row
				}
				stmt, err := db.Prepare(stmtText)
				if err != nil {
					b.Fatal(err)
				}
				defer stmt.Close()
				ids := newBenchIDs()
				args := make([]any, 0, 5*rowsPerStmt)
				cpu0 := processCPU()
				b.ResetTimer()
				seq := int64(0)
				for seq < int64(b.N) {
					tx, err := db.Begin()
					if err != nil {
						b.Fatal(err)
					}
					txStmt := tx.Stmt(stmt)
					for range 256 / rowsPerStmt {
						args = args[:0]
						for range rowsPerStmt {
							seq++
							id := ids.next()
							rid := ""
							if reversed == "reversed-id-column" {
								r := []byte(id)
								slices.Reverse(r)
								rid = string(r)
							}
							args = append(args, seq, id, time.Now().UnixNano(), seq*2056, rid)
						}
						if _, err := txStmt.Exec(args...); err != nil {
							b.Fatal(err)
						}
					}
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/1000/float64(seq), "cpu-us/row")
			})
		}
	}
}

// BenchmarkSuffixScan100k is what finding an id by its suffix costs without
// the reversed-id index: a scan of the id index of 100,000 deliveries.
func BenchmarkSuffixScan100k(b *testing.B) {
	s, ids := benchStore100k(b)
	for i := 0; b.Loop(); i++ {
		id := ids[(i*7919)%len(ids)]
		var got string
		if err := s.read.QueryRow(`SELECT id FROM deliveries INDEXED BY sqlite_autoindex_deliveries_1 WHERE substr(id, -8) = ? LIMIT 2`,
			id[len(id)-8:]).Scan(&got); err != nil || got != id {
			b.Fatalf("got %q, %v; want %s", got, err, id)
		}
	}
}
