package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestOpenRecoversRowsTheLogHasAndDropsATornTail is a power cut under
// synchronous=NORMAL: the last row commits are lost while their batches'
// records were fdatasync'd (and acknowledged), and a batch that was being
// written when the power went left half a record. Open inserts the rows
// of the records after the last committed one, byte-exact and in order,
// and cuts the torn record off.
func TestOpenRecoversRowsTheLogHasAndDropsATornTail(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t, Options{Keep: -1})
	ds := insertBodies(t, s, 10, time.Now())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Lose the rows from the sixth on, as if their commits never reached
	// the disk: the log's last indexed record goes back to the fifth.
	db, err := openDB(path, "FULL")
	if err != nil {
		t.Fatal(err)
	}
	var segID, offset int64
	if err := db.QueryRow(`SELECT seg_id, seg_offset FROM deliveries WHERE id = ?`, ds[4].ID).Scan(&segID, &offset); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM deliveries WHERE seq > (SELECT seq FROM deliveries WHERE id = ?1)`,
		`UPDATE segment_logs SET seg_id = ?2, seg_offset = ?3`} {
		if _, err := db.Exec(q, ds[4].ID, segID, offset); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	segs, _ := filepath.Glob(filepath.Join(segmentsDir(path), "1", "*.seg"))
	if len(segs) != 1 {
		t.Fatalf("segments %v, want one", segs)
	}
	f, err := os.OpenFile(segs[0], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := f.Stat()
	torn := encodeRecord(nil, sample(`{"torn":true}`))
	f.Write(torn[:len(torn)/2])
	f.Close()

	s, err = Open(ctx, path, Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var want []string
	for _, d := range ds {
		want = append(want, d.ID)
	}
	if got := listIDs(t, s, Filter{}); !slices.Equal(got, want) {
		t.Fatalf("after recovery: %v, want %v", got, want)
	}
	for _, d := range ds {
		got, err := s.Get(ctx, d.ID)
		if err != nil || !bytes.Equal(got.Body, d.Body) {
			t.Fatalf("Get %s: %v", d.ID, err)
		}
	}
	if after, _ := os.Stat(segs[0]); after.Size() != before.Size() {
		t.Errorf("segment is %d bytes after recovery, want the torn record cut to %d", after.Size(), before.Size())
	}
	// Capture goes on after what was recovered, and a reopen finds nothing
	// more to recover.
	next := insertBodies(t, s, 1, time.Now())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path, Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := listIDs(t, s, Filter{}); !slices.Equal(got, append(want, next[0].ID)) {
		t.Errorf("after the next capture and a reopen: %v", got)
	}
}

// A crash with a backlog (backlog.go) whose records include one whose id
// another process stored meanwhile (an import): the next writer commits
// every other row of the backlog it adopted, and skips that one, which
// keeps the import's delivery.
func TestRecoverySkipsARecordWhoseIDIsStoredAlready(t *testing.T) {
	ctx := context.Background()
	var c committed
	s, path := openTemp(t, deferringOptions(&c))
	x := sample(`{"captured":true}`)
	ds := append(samples(2999, "\x00\r\n\t\x1b]0;x\a\u202e \xff\xfe body"), x)
	if err := insertConcurrently(s, ds[:2999], 64); err != nil {
		t.Fatal(err)
	}
	if err := s.Insert(ctx, x); err != nil {
		t.Fatal(err)
	}
	crashed := crashCopy(t, path)
	if s.backlog.Load() == 0 {
		t.Fatal("no backlog at the crash")
	}
	// Stored by another process before any recovery.
	imported := *x
	imported.Body = []byte(`{"imported":true}`)
	db := openOther(t, crashed)
	if _, err := db.Exec(`INSERT INTO deliveries (seq, id, received_at, method, uri, proto, host, remote_addr, size,
		declared_length, truncated, provider, topic, reply_status, reply_duration_ns, signature, summary, reply_rule,
		reply_headers, reply_body, reply_delay_ns, headers, body, trailers)
		VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM deliveries), ?, ?, 'POST', '/imported', 'HTTP/1.1', 'h', 'r', 17, 17, 0, '', '', 200, 0, '', '', '', x'', x'', 0, x'', ?, x'')`,
		imported.ID, imported.ReceivedAt.UnixNano(), imported.Body); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s2, err := Open(ctx, crashed, Options{Keep: -1})
	if err != nil {
		t.Fatalf("Open after the crash: %v", err)
	}
	defer s2.Close()
	if n, err := s2.Count(ctx, Filter{}); err != nil || n != len(ds) {
		t.Fatalf("Count after the crash = %d, %v; want %d", n, err, len(ds))
	}
	if got, err := s2.Get(ctx, x.ID); err != nil || string(got.Body) != `{"imported":true}` {
		t.Fatalf("Get(%s) after recovery = %v, %v; want the imported delivery", x.ID, got, err)
	}
	for i := 0; i < 2999; i += 300 {
		d := ds[i]
		if got, err := s2.Get(ctx, d.ID); err != nil || string(got.Body) != string(d.Body) {
			t.Fatalf("Get(%s) after recovery: %v", d.ID, err)
		}
	}
}
