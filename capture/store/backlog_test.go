package store

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// committed records what OnCommit was told, in the order it was told.
type committed struct {
	mu   sync.Mutex
	ids  []string
	seqs []int64
}

func (c *committed) onCommit(d *Delivery) {
	c.mu.Lock()
	c.ids, c.seqs = append(c.ids, d.ID), append(c.seqs, d.Seq)
	c.mu.Unlock()
}

func (c *committed) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.ids)
}

// check fails unless OnCommit heard of every delivery of ds once, in
// ascending Seq (commit) order.
func (c *committed) check(t *testing.T, ds []*Delivery) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.IsSorted(c.seqs) || len(slices.Compact(slices.Clone(c.seqs))) != len(c.seqs) {
		t.Errorf("OnCommit's seqs are not ascending and unique")
	}
	got := slices.Sorted(slices.Values(c.ids))
	var want []string
	for _, d := range ds {
		want = append(want, d.ID)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("OnCommit heard of %d deliveries (%d distinct), want the %d acknowledged",
			len(got), len(slices.Compact(got)), len(want))
	}
}

// deferringOptions defer rows after a few under load, and end a
// deferral only for a watcher or a query: never for a pause, however
// slow the machine running the test.
func deferringOptions(c *committed) Options {
	return Options{Keep: -1, DeferUnwatched: true, OnCommit: c.onCommit, rowsPerCommit: 16, pauseEnds: time.Hour}
}

// burst inserts n deliveries with hostile bodies from 64 callers.
func burst(t *testing.T, s *Store, n int) []*Delivery {
	t.Helper()
	ds := samples(n, "\x00\r\n\t\x1b]0;x\a\u202e \xff\xfe body")
	if err := insertConcurrently(s, ds, 64); err != nil {
		t.Fatal(err)
	}
	return ds
}

// openReadOnly opens the store at path as list and show do, until the
// test ends.
func openReadOnly(t *testing.T, path string) *Store {
	t.Helper()
	r, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func waitFor(t *testing.T, what string, within time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// With nobody watching, a burst's rows wait in the log: OnCommit hears of
// almost none while it lasts, and every acknowledged delivery is listed,
// in commit order, once the store is asked.
func TestUnwatchedWriterDefersRowsAndListsThemAllWhenAsked(t *testing.T) {
	var c committed
	s, _ := openTemp(t, deferringOptions(&c))
	ds := burst(t, s, 3000)
	if n := c.count(); n > len(ds)/4 {
		t.Fatalf("OnCommit heard of %d of %d deliveries during the burst: rows were not deferred", n, len(ds))
	}
	if b := s.backlog.Load(); b == 0 {
		t.Fatal("no backlog after an unwatched burst")
	}
	// A query of this Store commits them all.
	if n, err := s.Count(context.Background(), Filter{}); err != nil || n != len(ds) {
		t.Fatalf("Count = %d, %v; want %d", n, err, len(ds))
	}
	c.check(t, ds)
	for _, d := range ds[:5] {
		got, err := s.Get(context.Background(), d.ID)
		if err != nil || string(got.Body) != string(d.Body) {
			t.Fatalf("Get(%s) = %q, %v; want the body as sent", d.ID, got.Body, err)
		}
	}
}

// A pause in the captures ends the deferral: the rows are committed
// without anyone asking.
func TestAPauseCommitsTheBacklog(t *testing.T) {
	var c committed
	opts := deferringOptions(&c)
	opts.pauseEnds = 0 // the default
	opts.indexDelay = 10 * time.Millisecond
	s, path := openTemp(t, opts)
	ds := burst(t, s, 3000)
	waitFor(t, "OnCommit hears of every delivery", 10*time.Second, func() bool { return c.count() == len(ds) })
	c.check(t, ds)
	waitFor(t, "the log is unmarked", 5*time.Second, func() bool {
		ids, err := s.unindexedLogs(context.Background())
		return err == nil && len(ids) == 0
	})
	// And the idle work follows: the indexer reaches the last row.
	db := openOther(t, path)
	waitFor(t, "the indexer catches up", 10*time.Second, func() bool {
		var indexed, last int64
		err := db.QueryRow(`SELECT (SELECT value FROM meta WHERE key = 'indexed_seq'), (SELECT max(seq) FROM deliveries)`).Scan(&indexed, &last)
		return err == nil && indexed == last
	})
}

// A read-only Store opened during a backlog (list, show) makes the writer
// catch up and waits for it: it lists every delivery acknowledged before
// it opened. While it stays open the writer defers nothing.
func TestAWatcherEndsTheDeferralAndAReaderSeesEverything(t *testing.T) {
	var c committed
	s, path := openTemp(t, deferringOptions(&c))
	ds := burst(t, s, 2000)
	if s.backlog.Load() == 0 {
		t.Fatal("no backlog after an unwatched burst")
	}
	r := openReadOnly(t, path)
	if n, err := r.Count(context.Background(), Filter{}); err != nil || n != len(ds) {
		t.Fatalf("a reader opened during the backlog counts %d, %v; want %d", n, err, len(ds))
	}
	c.check(t, ds)

	// Watched: the next burst is listed as it comes, well before any
	// pause (pauseEnds is an hour).
	more := burst(t, s, 2000)
	waitFor(t, "a watched burst is committed", 5*time.Second, func() bool { return c.count() == len(ds)+len(more) })
	if n, err := r.Count(context.Background(), Filter{}); err != nil || n != len(ds)+len(more) {
		t.Fatalf("the reader counts %d, %v; want %d", n, err, len(ds)+len(more))
	}
}

// A writable Store beside it (a TUI) is a watcher too, and does not wait.
func TestAWritableStoreBesideItIsAWatcher(t *testing.T) {
	var c committed
	s, path := openTemp(t, deferringOptions(&c))
	tui, err := Open(context.Background(), path, Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer tui.Close()
	ds := burst(t, s, 2000)
	waitFor(t, "a watched burst is committed", 5*time.Second, func() bool { return c.count() == len(ds) })
	if n, err := tui.Count(context.Background(), Filter{}); err != nil || n != len(ds) {
		t.Fatalf("the TUI's store counts %d, %v; want %d", n, err, len(ds))
	}
}

// Close commits the backlog: a read-only command run next lists it all,
// bodies byte for byte.
func TestCloseCommitsTheBacklog(t *testing.T) {
	var c committed
	s, path := openTemp(t, deferringOptions(&c))
	ds := burst(t, s, 2000)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	c.check(t, ds)
	r := openReadOnly(t, path)
	if n, err := r.Count(context.Background(), Filter{}); err != nil || n != len(ds) {
		t.Fatalf("Count after Close = %d, %v; want %d", n, err, len(ds))
	}
	for _, d := range []*Delivery{ds[0], ds[len(ds)-1]} {
		got, err := r.Get(context.Background(), d.ID)
		if err != nil || string(got.Body) != string(d.Body) {
			t.Fatalf("Get(%s) = %v; want the body as sent", d.ID, err)
		}
	}
}

// crashWithABacklog bursts n deliveries into a deferring store and
// returns them with a copy of the store as a kill -9 would leave it, its
// backlog included.
func crashWithABacklog(t *testing.T, n int) ([]*Delivery, string) {
	t.Helper()
	var c committed
	s, path := openTemp(t, deferringOptions(&c))
	ds := burst(t, s, n)
	crashed := crashCopy(t, path)
	if s.backlog.Load() == 0 {
		t.Fatal("no backlog at the crash")
	}
	return ds, crashed
}

// A crash (kill -9) with a backlog loses nothing: the next Open recovers
// the log, and unmarks it.
func TestABacklogLostToACrashIsRecovered(t *testing.T) {
	ds, crashed := crashWithABacklog(t, 3000)
	s2, err := Open(context.Background(), crashed, Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, err := s2.Count(context.Background(), Filter{}); err != nil || n != len(ds) {
		t.Fatalf("Count after the crash = %d, %v; want %d", n, err, len(ds))
	}
	got, err := s2.Get(context.Background(), ds[len(ds)-1].ID)
	if err != nil || string(got.Body) != string(ds[len(ds)-1].Body) {
		t.Fatalf("Get after the crash: %v", err)
	}
	if ids, err := s2.unindexedLogs(context.Background()); err != nil || len(ids) != 0 {
		t.Fatalf("marks after recovery: %v, %v; want none", ids, err)
	}
}

// The backlog is bounded: past maxBacklog the writer commits its oldest
// rows as the captures come, and nothing is lost. It trims the backlog,
// and does not catch it up while the captures go on: the deferral goes
// on, and what it commits is what took the backlog past its bound.
func TestTheBacklogIsBounded(t *testing.T) {
	var c committed
	opts := deferringOptions(&c)
	opts.maxBacklog, opts.backlogChunk, opts.MaxBatch = 200, 50, 16
	s, _ := openTemp(t, opts)
	ds := burst(t, s, 3000)
	// Once the writer has taken every row, what it has not committed is
	// the backlog, within its bound (the captures wait for the writer
	// only a chunk past it; a batch may go past that).
	waitFor(t, "every row committed or in the backlog", 5*time.Second, func() bool {
		return c.count()+int(s.backlog.Load()) == len(ds)
	})
	if b := s.backlog.Load(); b > int64(opts.maxBacklog+opts.backlogChunk+opts.MaxBatch) {
		t.Fatalf("backlog of %d after the burst, bound %d", b, opts.maxBacklog)
	}
	// No pause ends the deferral (pauseEnds is an hour): the backlog
	// stays, to be committed when the captures pause, and only the
	// oldest rows, those past the bound, were committed.
	time.Sleep(200 * time.Millisecond)
	if b := s.backlog.Load(); !s.deferringRows.Load() || b < int64(opts.maxBacklog-opts.backlogChunk) {
		t.Fatalf("while captures may go on, the writer caught up: backlog %d (bound %d), deferring %v",
			b, opts.maxBacklog, s.deferringRows.Load())
	}
	if n, err := s.Count(context.Background(), Filter{}); err != nil || n != len(ds) {
		t.Fatalf("Count = %d, %v; want %d", n, err, len(ds))
	}
	c.check(t, ds)
}

// Retention by size during a backlog removes only segments whose rows
// are committed: the backlog is all there to commit, and every delivery
// listed afterwards can be read.
func TestRetentionBySizeSparesTheBacklog(t *testing.T) {
	var c committed
	opts := deferringOptions(&c)
	opts.segmentSize, opts.KeepBytes = 64<<10, 256<<10
	s, path := openTemp(t, opts)
	ds := burst(t, s, 4000)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	c.check(t, ds)
	r := openReadOnly(t, path)
	listed, err := r.List(context.Background(), Filter{}, 0, len(ds))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d deliveries kept", len(listed), len(ds))
	if len(listed) == 0 || len(listed) == len(ds) {
		t.Fatalf("%d of %d kept: retention by size did not run", len(listed), len(ds))
	}
	for _, d := range listed {
		if _, err := r.Get(context.Background(), d.ID); err != nil {
			t.Fatalf("listed %s cannot be read: %v", d.ID, err)
		}
	}
}

// A writer that does not defer never holds a backlog, and a store whose
// watchers lock cannot be opened is still read.
func TestAStoreThatDoesNotDeferListsAtOnce(t *testing.T) {
	var c committed
	opts := deferringOptions(&c)
	opts.DeferUnwatched = false
	s, _ := openTemp(t, opts)
	ds := burst(t, s, 2000)
	if b := s.backlog.Load(); b != 0 {
		t.Fatalf("backlog of %d in a store that does not defer", b)
	}
	waitFor(t, "every row committed", 5*time.Second, func() bool { return c.count() == len(ds) })
}

// Open after a crash with a backlog does not commit its rows itself: it
// returns, and serve's capture port opens, while they wait in the log. The
// writer commits them as soon as it runs, OnCommit hearing of each once;
// a read-only Store opened meanwhile waits for them, and then lists them
// all.
func TestOpenAfterACrashLeavesTheBacklogToTheWriter(t *testing.T) {
	ctx := context.Background()
	ds, crashed := crashWithABacklog(t, 3000)
	var committedBefore int
	db := openOther(t, crashed)
	if err := db.QueryRow(`SELECT count(*) FROM deliveries`).Scan(&committedBefore); err != nil {
		t.Fatal(err)
	}
	// As a writer that never deferred (a TUI) leaves it: rows acknowledged
	// and not committed, the log not marked.
	if _, err := db.Exec(`DELETE FROM meta WHERE key LIKE 'unindexed:%'`); err != nil {
		t.Fatal(err)
	}

	held := make(chan struct{})
	var release sync.Once
	var after committed
	s2, err := Open(ctx, crashed, Options{Keep: -1, OnCommit: after.onCommit, writerHeld: held})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	// Before Close, which waits for the writer, even when the test fails.
	defer release.Do(func() { close(held) })
	var rows int
	if err := db.QueryRow(`SELECT count(*) FROM deliveries`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != committedBefore {
		t.Fatalf("Open committed rows itself: %d rows, %d before the crash", rows, committedBefore)
	}
	listed := make(chan int, 1)
	go func() {
		r, err := Open(ctx, crashed, Options{ReadOnly: true})
		if err != nil {
			listed <- -1
			return
		}
		defer r.Close()
		n, _ := r.Count(ctx, Filter{})
		listed <- n
	}()
	select {
	case n := <-listed:
		t.Fatalf("a read-only Store listed %d deliveries before the backlog was committed", n)
	case <-time.After(100 * time.Millisecond):
	}
	release.Do(func() { close(held) })
	if n := <-listed; n != len(ds) {
		t.Fatalf("the read-only Store listed %d deliveries, want %d", n, len(ds))
	}
	after.mu.Lock()
	heard, distinct := len(after.ids), len(slices.Compact(slices.Sorted(slices.Values(after.ids))))
	after.mu.Unlock()
	if heard != len(ds)-committedBefore || distinct != heard {
		t.Fatalf("OnCommit heard of %d recovered deliveries (%d distinct), want %d", heard, distinct, len(ds)-committedBefore)
	}
	if ids, err := s2.unindexedLogs(ctx); err != nil || len(ids) != 0 {
		t.Fatalf("marks after the catch-up: %v, %v; want none", ids, err)
	}
}
