package store

import (
	"context"
	"testing"
	"time"
)

// textSegments is how many segments the full-text index has.
func textSegments(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.read.QueryRow(`SELECT count(DISTINCT segid) FROM deliveries_fts_idx`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// One transaction of the indexer adds one segment to the full-text index.
// It added one per delivery: FTS5 flushes to a new segment at every
// savepoint, SQLite opens one for each statement that may write several
// rows (the facts' INSERT OR REPLACE), and those came between the
// full-text rows. FTS5 then spent most of the indexer's time merging.
func TestIndexChunkAddsOneTextSegment(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: -1, indexDelay: time.Hour})
	ds := samples(40, `{"order":{"id":1,"note":"leave at the door"}}`)
	if err := insertConcurrently(s, ds, 4); err != nil {
		t.Fatal(err)
	}
	if err := s.syncRows(context.Background()); err != nil {
		t.Fatal(err)
	}
	n, _, err := s.indexNext(context.Background(), len(ds))
	if err != nil || n != len(ds) {
		t.Fatalf("indexed %d, %v; want %d", n, err, len(ds))
	}
	if got := textSegments(t, s); got != 1 {
		t.Errorf("one chunk of %d deliveries made %d full-text segments, want 1", len(ds), got)
	}
	found, err := s.Count(context.Background(), Filter{Expr: mustParse(t, "door")})
	if err != nil || found != len(ds) {
		t.Errorf("a search finds %d, %v; want %d", found, err, len(ds))
	}
}

// The full-text index does not merge as it commits (migration v11): the
// writer merges it once captures pause, until FTS5 finds nothing to merge.
func TestTextIndexMergedOnceCapturesPause(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: -1, MaxBatch: 8, indexDelay: 5 * time.Millisecond})
	if err := insertConcurrently(s, samples(800, `{"order":{"id":1,"note":"leave at the door"}}`), 4); err != nil {
		t.Fatal(err)
	}
	// 100 chunks of 8: unmerged, FTS5's crisis merge alone leaves up to
	// 15 segments a level.
	deadline := time.Now().Add(20 * time.Second)
	for {
		behind, err := s.indexBacklog(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n := textSegments(t, s)
		if behind == 0 && n > 0 && n <= 4 {
			t.Logf("%d full-text segments once captures paused", n)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d full-text segments 20 s after captures paused: the writer does not merge them", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// And the merging ends: a writer that kept merging would hold the
	// store's one write connection and a CPU while nothing arrives.
	for {
		more, err := s.mergeText(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("FTS5 still finds work to merge 20 s after captures paused")
		}
	}
	found, err := s.Count(context.Background(), Filter{Expr: mustParse(t, "door")})
	if err != nil || found != 800 {
		t.Errorf("a search finds %d, %v; want 800", found, err)
	}
}
