package store

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// insertConcurrently inserts ds from callers goroutines and returns the
// first error.
func insertConcurrently(s *Store, ds []*Delivery, callers int) error {
	_, err := insertConcurrentlyTimed(s, ds, callers)
	return err
}

// insertConcurrentlyTimed is insertConcurrently that also returns the
// longest a caller waited for an Insert.
func insertConcurrentlyTimed(s *Store, ds []*Delivery, callers int) (time.Duration, error) {
	next := make(chan *Delivery, len(ds))
	for _, d := range ds {
		next <- d
	}
	close(next)
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	longest := make([]time.Duration, callers) // each caller's, not shared while they run
	for c := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				start := time.Now()
				err := s.Insert(context.Background(), d)
				longest[c] = max(longest[c], time.Since(start))
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return slices.Max(longest), <-errs
}

func samples(n int, body string) []*Delivery {
	ds := make([]*Delivery, n)
	for i := range ds {
		ds[i] = sample(body)
	}
	return ds
}

// Under concurrent load the rows of many capture batches share one
// transaction: before, every batch of a few dozen deliveries paid its own
// BEGIN, commit and WAL frames, and the capture waited for them.
func TestRowsOfManyBatchesShareOneCommit(t *testing.T) {
	var batches int
	var mu sync.Mutex
	s, _ := openTemp(t, Options{Keep: -1, MaxBatch: 16, onBatch: func(int) { mu.Lock(); batches++; mu.Unlock() }})
	ds := samples(2000, `{"n":1}`)
	if err := insertConcurrently(s, ds, 64); err != nil {
		t.Fatal(err)
	}
	// Every acknowledged delivery is listed by the store that took it.
	if n, err := s.Count(context.Background(), Filter{}); err != nil || n != len(ds) {
		t.Fatalf("Count = %d, %v; want %d", n, err, len(ds))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d deliveries, %d capture batches, %d commits of rows", len(ds), batches, s.rowCommits)
	if s.rowCommits*4 > batches {
		t.Fatalf("%d commits of rows for %d capture batches: rows were not grouped", s.rowCommits, batches)
	}
}

// While SQLite refuses the rows (here a trigger, as a full disk or a
// damaged index would), a delivery whose record is durable is still
// acknowledged and never lost: its row waits and is committed once SQLite
// takes it. Only when maxPending rows wait are deliveries refused, so
// that the sender retries.
func TestRowsSQLiteRefusesWaitAndAreNotLost(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t, Options{Keep: -1, maxPending: 8})
	db := openOther(t, path)
	if _, err := db.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	var acked []*Delivery
	var refused error
	for _, d := range samples(12, `{"n":2}`) {
		if err := s.Insert(ctx, d); err != nil {
			refused = err
			break
		}
		acked = append(acked, d)
	}
	if refused == nil || len(acked) != 8 {
		t.Fatalf("%d acknowledged, then %v; want 8 acknowledged, then a refusal", len(acked), refused)
	}
	t.Logf("refused with: %v", refused)
	if _, err := db.Exec(`DROP TRIGGER refuse`); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range acked {
		want = append(want, d.ID)
	}
	if got := listIDs(t, s, Filter{}); !slices.Equal(got, want) {
		t.Fatalf("listed %v, want the acknowledged %v", got, want)
	}
	// And the store takes deliveries again.
	if err := s.Insert(ctx, sample(`{"n":3}`)); err != nil {
		t.Fatal(err)
	}
}

// Rows pending when the process stops without Close (kill -9) are
// rebuilt from the log on the next Open. The crash is the files as they
// are on disk while rows are pending, copied elsewhere and opened.
func TestPendingRowsLostToACrashAreRecovered(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t, Options{Keep: -1})
	db := openOther(t, path)
	if _, err := db.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'crash'); END`); err != nil {
		t.Fatal(err)
	}
	ds := samples(5, "\x00\r\n\x1b]0;x\a body \xff")
	if err := insertConcurrently(s, ds, 1); err != nil {
		t.Fatal(err)
	}
	crashed := crashCopy(t, path)
	if n, _ := s.Count(ctx, Filter{}); n != 0 {
		t.Fatalf("%d rows committed despite the trigger", n)
	}
	other, err := openDB(crashed, "FULL")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(`DROP TRIGGER refuse`); err != nil {
		t.Fatal(err)
	}
	other.Close()

	s2, err := Open(ctx, crashed, Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	for _, d := range ds {
		got, err := s2.Get(ctx, d.ID)
		if err != nil {
			t.Fatalf("acknowledged %s lost: %v", d.ID, err)
		}
		if string(got.Body) != string(d.Body) {
			t.Fatalf("%s body %q, want %q", d.ID, got.Body, d.Body)
		}
	}
}

// crashCopy copies the store at path, as its files are on disk now, to a
// new place: what a kill -9 at this moment would leave.
func crashCopy(t testing.TB, path string) string {
	t.Helper()
	crashed := filepath.Join(t.TempDir(), "crashed.db")
	if err := os.CopyFS(segmentsDir(crashed), os.DirFS(segmentsDir(path))); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(crashed+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return crashed
}

// After a crash at saturation the search index can be 100,000 deliveries
// behind; Open indexed all of them before returning, and serve's port
// stayed closed for ten seconds. Open leaves them to the writer, which
// indexes them behind the captures.
func TestOpenAfterACrashLeavesIndexingToTheWriter(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t, Options{Keep: -1, indexDelay: time.Hour})
	if err := insertConcurrently(s, samples(2000, `{"kangaroo":1}`), 16); err != nil {
		t.Fatal(err)
	}
	if err := s.syncRows(ctx); err != nil {
		t.Fatal(err)
	}
	crashed := crashCopy(t, path)

	// Open indexes nothing itself (this store's writer waits an hour).
	s2, err := Open(ctx, crashed, Options{Keep: -1, indexDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if behind, err := s2.indexBacklog(ctx); err != nil || behind == 0 {
		t.Fatalf("Open indexed the backlog itself (behind %v, %v)", behind, err)
	}
	// A search still finds everything: it catches the index up first.
	if n, err := s2.Count(ctx, Filter{Expr: mustParse(t, "kangaroo")}); err != nil || n != 2000 {
		t.Fatalf("search after the crash: %d, %v; want 2000", n, err)
	}
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}

	// With the usual delay, the writer indexes the backlog on its own.
	crashed = crashCopy(t, path)
	s3, err := Open(ctx, crashed, Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		behind, err := s3.indexBacklog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if behind == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the writer had not indexed the backlog 10 s after Open")
		}
	}
}

// A pending row keeps nothing the record has and the row does not: a
// reply echoing a large body made every pending row as large, up to
// maxPending of them while commits failed.
func TestPendingRowsHoldNoBodiesRepliesOrTrailers(t *testing.T) {
	var held atomic.Int64
	s, _ := openTemp(t, Options{Keep: -1, OnCommit: func(d *Delivery) {
		held.Add(int64(len(d.Body) + len(d.ReplyBody) + len(d.ReplyHeaders) + len(d.Trailers) + len(d.Headers)))
	}})
	ds := samples(100, `{"n":1}`)
	for _, d := range ds {
		d.ReplyBody = bytes.Repeat([]byte("x"), 64<<10) // a template echoing the body
		d.ReplyHeaders, d.Trailers = http.Header{"X": {"y"}}, http.Header{"T": {"v"}}
	}
	if err := insertConcurrently(s, ds, 32); err != nil {
		t.Fatal(err)
	}
	if err := s.syncRows(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := held.Load(); n != 0 {
		t.Fatalf("rows handed to OnCommit held %d bytes of bodies, replies, headers and trailers", n)
	}
	// The record still has them.
	if got, err := s.Get(context.Background(), ds[0].ID); err != nil || len(got.ReplyBody) != 64<<10 || got.Trailers.Get("T") != "v" {
		t.Fatalf("Get = %v, %v", got, err)
	}
}

// A row SQLite refuses for good (its id is stored already, here by an
// import in another process) no longer holds back the rows after it:
// they are committed around it, and the refusal is named.
func TestARowRefusedForGoodIsSetAsideAndTheRestListed(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t, Options{Keep: -1, indexDelay: time.Hour})
	other, err := Open(ctx, path, Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	x := sample(`{"captured":true}`)
	imported := *x
	imported.Body = []byte(`{"imported":true}`)
	if err := other.InsertImported(ctx, []*Delivery{&imported}, nil); err != nil {
		t.Fatal(err)
	}
	other.Close()
	// Under load: rows pend behind their batches, x's among them.
	ds := append([]*Delivery{x}, samples(300, `{"later":true}`)...)
	if err := insertConcurrently(s, ds, 32); err != nil {
		t.Fatal(err)
	}
	err = s.syncRows(ctx)
	var refused *refusedRows
	if err != nil && (!errors.As(err, &refused) || !slices.Equal(refused.ids, []string{x.ID})) {
		t.Fatalf("syncRows: %v", err)
	}
	for _, d := range ds[1:] {
		if _, err := s.Get(ctx, d.ID); err != nil {
			t.Fatalf("acknowledged %s not listed: %v", d.ID, err)
		}
	}
	if got, err := s.Get(ctx, x.ID); err != nil || string(got.Body) != `{"imported":true}` {
		t.Fatalf("Get(%s) = %v, %v; want the imported delivery", x.ID, got, err)
	}
}

// While commits of rows keep failing, the writer retries every rowRetry,
// not on every capture batch: each try inserts every pending row again,
// so retrying per batch made capture quadratic (20,000 captures took 11 s
// instead of 0.2).
func TestFailingRowCommitsAreRetriedWithBackoff(t *testing.T) {
	var batches int
	var mu sync.Mutex
	s, path := openTemp(t, Options{Keep: -1, MaxBatch: 16, onBatch: func(int) { mu.Lock(); batches++; mu.Unlock() }})
	db := openOther(t, path)
	// Refused after the rows are inserted, as a full disk at COMMIT is.
	if _, err := db.Exec(`CREATE TRIGGER refuse BEFORE UPDATE ON segment_logs BEGIN SELECT RAISE(ABORT, 'full'); END;
		CREATE TRIGGER refuse2 BEFORE INSERT ON segment_logs BEGIN SELECT RAISE(ABORT, 'full'); END`); err != nil {
		t.Fatal(err)
	}
	if err := insertConcurrently(s, samples(4000, `{}`), 64); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DROP TRIGGER refuse; DROP TRIGGER refuse2`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Count(context.Background(), Filter{}); err != nil || n != 4000 {
		t.Fatalf("Count = %d, %v; want 4000 once SQLite takes rows again", n, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d capture batches, %d commits of rows tried", batches, s.rowAttempts)
	if s.rowAttempts*4 > batches {
		t.Fatalf("%d commits of rows tried for %d capture batches: retried per batch", s.rowAttempts, batches)
	}
}

// Acknowledged deliveries past maxPending while SQLite refuses rows: the
// bound holds for the whole batch, not only before it.
func TestMaxPendingHoldsForWholeBatches(t *testing.T) {
	s, path := openTemp(t, Options{Keep: -1, maxPending: 8})
	db := openOther(t, path)
	if _, err := db.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'full'); END`); err != nil {
		t.Fatal(err)
	}
	var acked atomic.Int64
	var wg sync.WaitGroup
	for _, d := range samples(200, `{}`) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.Insert(context.Background(), d) == nil {
				acked.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := acked.Load(); n > 8 {
		t.Fatalf("%d deliveries acknowledged with maxPending 8 while rows were refused", n)
	}
}

// Deferring goes on reporting load right after a commit of rows that load
// forced, when no row is pending; a store that only ever paused does not
// report it.
func TestDeferringOutlastsACommitForcedByLoad(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, Options{rowsPerCommit: 2, loadWindow: time.Hour})
	if err := s.Insert(ctx, sample(`{"alone":true}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.syncRows(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Deferring() {
		t.Fatal("one delivery, its row committed: Deferring reports load")
	}
	if err := insertConcurrently(s, samples(64, `{"burst":true}`), 16); err != nil {
		t.Fatal(err)
	}
	if err := s.syncRows(ctx); err != nil {
		t.Fatal(err)
	}
	if n := s.unlisted.Load(); n != 0 {
		t.Fatalf("%d rows pending after syncRows", n)
	}
	if !s.Deferring() {
		t.Error("after a burst whose rows were committed because of load: Deferring reports no load")
	}
}
