package store

import (
	"context"
	"slices"
	"testing"
	"time"
)

// storedRows reads, straight from the database file, the ids of the rows
// stored and the highest seq handed out without a row (seq_high).
func storedRows(t *testing.T, path string) (ids []string, seqHigh int64) {
	t.Helper()
	db, err := openDB(path, "FULL")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id FROM deliveries ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'seq_high'`).Scan(&seqHigh); err != nil {
		t.Fatal(err)
	}
	return ids, seqHigh
}

// A backlog holding more deliveries than --keep keeps commits rows only
// for the newest Keep: the older ones, which retention would delete at its
// next sweep, are retired, their seqs handed out and OnCommit told of
// them (serve prints their lines) with no row stored and deleted again.
func TestDeliveriesPastKeepInABacklogAreRetiredNotStored(t *testing.T) {
	const keep = 500
	var c committed
	opts := deferringOptions(&c)
	opts.Keep, opts.backlogChunk = keep, 200
	s, path := openTemp(t, opts)
	ds := burst(t, s, 3000)
	waitFor(t, "every row committed or in the backlog", 5*time.Second, func() bool {
		return c.count()+int(s.backlog.Load()) == len(ds)
	})
	before := c.count() // committed before the deferral began
	if before > len(ds)-keep-opts.backlogChunk {
		t.Fatalf("%d of %d committed before the store deferred", before, len(ds))
	}
	if err := s.Close(); err != nil { // commits the backlog
		t.Fatal(err)
	}
	c.check(t, ds) // every delivery heard of once, in ascending seq
	ids, seqHigh := storedRows(t, path)
	if want := append(slices.Clone(c.ids[:before]), c.ids[len(ds)-keep:]...); !slices.Equal(ids, want) {
		t.Fatalf("%d rows stored; want the %d committed before the backlog and the newest %d, and no other",
			len(ids), before, keep)
	}
	if retiredThrough := c.seqs[len(ds)-keep-1]; seqHigh != retiredThrough {
		t.Fatalf("seq_high = %d; want %d, the last seq retired", seqHigh, retiredThrough)
	}

	// The retired deliveries are behind the log's last indexed record:
	// the next Open adopts nothing.
	adoptsNothing(t, path, keep)
}

// adoptsNothing opens the store at path, keeping keep, and fails unless
// its writer commits no delivery again and it holds keep.
func adoptsNothing(t *testing.T, path string, keep int) {
	t.Helper()
	var again committed
	s, err := Open(context.Background(), path, Options{Keep: keep, OnCommit: again.onCommit})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	time.Sleep(100 * time.Millisecond)
	if n := again.count(); n != 0 {
		t.Fatalf("reopened, the store committed %d deliveries again", n)
	}
	if n, err := s.Count(context.Background(), Filter{}); err != nil || n != keep {
		t.Fatalf("Count after reopening = %d, %v; want %d", n, err, keep)
	}
}

// After a crash, the adopted backlog is retired past --keep the same way,
// and a crash after that catch-up leaves nothing to adopt again.
func TestACrashAfterRetiringAdoptsNothingAgain(t *testing.T) {
	const keep = 500
	ds, crashed := crashWithABacklog(t, 3000)
	var c committed
	s, err := Open(context.Background(), crashed, Options{Keep: keep, OnCommit: c.onCommit})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitFor(t, "the adopted backlog committed", 10*time.Second, func() bool { return s.backlog.Load() == 0 && s.unlisted.Load() == 0 })
	// The crashed store had committed some rows before it deferred.
	if heard := c.count(); heard < len(ds)/2 || heard > len(ds) {
		t.Fatalf("OnCommit heard of %d adopted deliveries of %d", heard, len(ds))
	}
	if _, seqHigh := storedRows(t, crashed); seqHigh == 0 {
		t.Fatal("the adopted backlog was committed whole: nothing was retired")
	}
	adoptsNothing(t, crashCopy(t, crashed), keep)
}

// Of the first n deliveries, those recovery found stored already are not
// retired again: only those it kept count.
func TestKeptOfPrefixCountsOnlyWhatRecoveryKept(t *testing.T) {
	ds := []*Delivery{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}}
	for _, c := range []struct {
		kept []*Delivery
		n    int
		want int
	}{
		{ds, 3, 3},
		{[]*Delivery{ds[0], ds[2], ds[3], ds[4]}, 3, 2}, // b stored already
		{[]*Delivery{ds[1], ds[4]}, 4, 1},
		{nil, 5, 0},
		{[]*Delivery{ds[3], ds[4]}, 3, 0},
	} {
		if got := keptOfPrefix(c.kept, ds, c.n); got != c.want {
			t.Errorf("keptOfPrefix(%d kept, first %d) = %d, want %d", len(c.kept), c.n, got, c.want)
		}
	}
}
