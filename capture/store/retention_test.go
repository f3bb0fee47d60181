package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// retentionSegment is the segment size the retention tests rotate at:
// about seven 2 KB deliveries a segment.
const retentionSegment = 16 << 10

// segmentFiles returns the sizes of the store's segment files, by name
// (log/segment), and their total.
func segmentFiles(t *testing.T, path string) (map[string]int64, int64) {
	t.Helper()
	files := map[string]int64{}
	var total int64
	matches, err := filepath.Glob(filepath.Join(segmentsDir(path), "*", "*.seg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range matches {
		fi, err := os.Stat(m)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(segmentsDir(path), m)
		files[rel] = fi.Size()
		total += fi.Size()
	}
	return files, total
}

// insertBodies stores n deliveries of 2 KB received at at, and returns them.
func insertBodies(t *testing.T, s *Store, n int, at time.Time) []*Delivery {
	t.Helper()
	var out []*Delivery
	for i := 0; i < n; i++ {
		d := sample(`{"n":"` + strings.Repeat("x", 2000) + `"}`)
		d.ReceivedAt = at.Add(time.Duration(i))
		if err := s.Insert(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// assertKept checks that the deliveries gone are no longer listed and that
// those in keep are found, byte-exact.
func assertKept(t *testing.T, s *Store, keep, gone []*Delivery) {
	t.Helper()
	listed := listIDs(t, s, Filter{})
	for _, d := range gone {
		if slices.Contains(listed, d.ID) {
			t.Errorf("%s was kept", d.ID)
		}
	}
	for _, d := range keep {
		got, err := s.Get(context.Background(), d.ID)
		if err != nil {
			t.Errorf("%s: %v", d.ID, err)
			continue
		}
		if !bytes.Equal(got.Body, d.Body) {
			t.Errorf("%s: body differs", d.ID)
		}
	}
}

func TestKeepBytesRemovesOldestWholeSegments(t *testing.T) {
	const keep = 64 << 10
	s, path := openTemp(t, Options{Keep: -1, KeepBytes: keep, segmentSize: retentionSegment})
	ds := insertBodies(t, s, 100, time.Now())
	_, before := segmentFiles(t, path)
	if before < 3*keep {
		t.Fatalf("only %d bytes of segments before retention", before)
	}
	if err := s.pruneNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	files, after := segmentFiles(t, path)
	// At most KeepBytes of sealed segments remain, and the newest.
	if after > keep+retentionSegment {
		t.Errorf("%d bytes of segments remain (%d files), want at most %d", after, len(files), keep+retentionSegment)
	}
	if after < keep/2 {
		t.Errorf("only %d bytes remain: retention took more than it had to", after)
	}
	// What was deleted is a prefix; the rest still reads byte-exact.
	listed := listIDs(t, s, Filter{})
	if len(listed) == 0 || listed[len(listed)-1] != ds[len(ds)-1].ID {
		t.Fatalf("the newest delivery was not kept: %v", listed)
	}
	firstKept := slices.IndexFunc(ds, func(d *Delivery) bool { return d.ID == listed[0] })
	assertKept(t, s, ds[firstKept:], ds[:firstKept])
	if len(listed) != len(ds)-firstKept {
		t.Errorf("kept %d deliveries, not the %d from the oldest kept on", len(listed), len(ds)-firstKept)
	}
}

func TestKeepForRemovesSegmentsOlderThanIt(t *testing.T) {
	s, path := openTemp(t, Options{Keep: -1, KeepFor: 24 * time.Hour, segmentSize: retentionSegment})
	old := insertBodies(t, s, 30, time.Now().Add(-48*time.Hour))
	fresh := insertBodies(t, s, 30, time.Now())
	_, before := segmentFiles(t, path)
	if err := s.pruneNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, after := segmentFiles(t, path)
	if after >= before {
		t.Fatalf("segments %d bytes before and %d after: nothing removed", before, after)
	}
	listed := listIDs(t, s, Filter{})
	// A segment that holds old and fresh deliveries stays whole.
	var keptOld []*Delivery
	for _, d := range old {
		if slices.Contains(listed, d.ID) {
			keptOld = append(keptOld, d)
		}
	}
	if len(keptOld) > retentionSegment/2000 {
		t.Errorf("%d old deliveries kept, more than share a segment with the fresh ones", len(keptOld))
	}
	assertKept(t, s, fresh, old[:len(old)-len(keptOld)])
}

func TestKeepNRemovesSegmentsItEmptied(t *testing.T) {
	s, path := openTemp(t, Options{Keep: 20, segmentSize: retentionSegment})
	ds := insertBodies(t, s, 100, time.Now())
	if err := s.pruneNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	assertKept(t, s, ds[80:], ds[:80])
	files, _ := segmentFiles(t, path)
	// 20 deliveries take three or four segments of seven.
	if len(files) > 5 {
		t.Errorf("%d segment files remain for 20 deliveries", len(files))
	}
}

func TestTrashKeepsItsSegmentsUntilEmptied(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t, Options{Keep: 20, segmentSize: retentionSegment})
	gone := sample(`{"bird":"kookaburra"}`)
	if err := s.Insert(ctx, gone); err != nil {
		t.Fatal(err)
	}
	ds := append([]*Delivery{gone}, insertBodies(t, s, 30, time.Now())...)
	u, err := s.Delete(ctx, Filter{Expr: mustParse(t, "kookaburra")})
	if err != nil || u.Count != 1 {
		t.Fatalf("Delete = %+v, %v", u, err)
	}
	insertBodies(t, s, 70, time.Now())
	if err := s.pruneNow(ctx); err != nil {
		t.Fatal(err)
	}
	files, _ := segmentFiles(t, path)
	if len(files) < 2 {
		t.Fatalf("the trashed delivery's segment went: %v", files)
	}
	if n, err := s.Undelete(ctx, u); err != nil || n != 1 {
		t.Fatalf("Undelete = %d, %v", n, err)
	}
	assertKept(t, s, ds[:1], nil)

	// Deleted again and the trash emptied (Close does, as does Open after
	// a day), the segment goes at the next sweep.
	if _, err := s.Delete(ctx, Filter{Expr: mustParse(t, "kookaburra")}); err != nil {
		t.Fatal(err)
	}
	if err := s.emptyTrash(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.pruneNow(ctx); err != nil {
		t.Fatal(err)
	}
	after, _ := segmentFiles(t, path)
	if len(after) >= len(files) {
		t.Errorf("segments %v stayed after the trash was emptied (before: %v)", after, files)
	}
}

// --keep-for ages deliveries out of a store that receives nothing more:
// before, retention swept only at Open and every pruneEvery deliveries,
// so an idle serve kept expired deliveries until it restarted.
func TestKeepForSweepsWhileNothingArrives(t *testing.T) {
	s, path := openTemp(t, Options{Keep: -1, KeepFor: time.Hour, segmentSize: retentionSegment, ageSweep: 20 * time.Millisecond})
	old := insertBodies(t, s, 30, time.Now().Add(-2*time.Hour))
	insertBodies(t, s, 5, time.Now())
	// The sweep deletes the rows, then the segment files they emptied:
	// the 30 old bodies alone are 60 KB of records. (It may have run
	// already while the deliveries were stored.)
	const oldBytes = 30 * 2000
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		n, _ := s.Count(context.Background(), Filter{})
		_, bytes := segmentFiles(t, path)
		if n < 35 && bytes < oldBytes {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s of idling: %d of 35 deliveries, segments %d bytes", n, bytes)
		}
	}
	if got, err := s.Get(context.Background(), old[0].ID); err == nil {
		t.Errorf("the oldest expired delivery %s is still there: %d bytes", old[0].ID, len(got.Body))
	}
}

// Under a burst the writer leaves retention for later (pruneUnderLoad),
// but once capture pauses the store is back within --keep.
func TestKeepHoldsOnceABurstPauses(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: 100})
	if err := insertConcurrently(s, samples(3000, `{"burst":true}`), 64); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		n, err := s.Count(context.Background(), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if n == 100 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries kept 5 s after the burst, want 100", n)
		}
	}
}

// A sweep under load leaves --keep's deletes while the deliveries past it
// are no more than its slack, then deletes the oldest, no more than its
// limit at a time; marked deliveries stay whatever the sweep.
func TestSweepLeavesSlackAndDeletesOldestByLimit(t *testing.T) {
	ctx := context.Background()
	// No idle steps: the sweeps below are the only ones.
	s, _ := openTemp(t, Options{Keep: 1000, indexDelay: time.Hour})
	count := func() int {
		t.Helper()
		n, err := s.Count(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	ds := samples(1400, `{"n":1}`)
	if err := insertConcurrently(s, ds, 16); err != nil {
		t.Fatal(err)
	}
	ids := idsBySeq(t, s) // oldest first
	if _, err := s.Mark(ctx, ids[:1], true); err != nil {
		t.Fatal(err)
	}
	underLoad := sweep{limit: 8192, slack: 500}
	if more, err := sweepNow(ctx, s, underLoad); err != nil || more {
		t.Fatalf("sweep: more %v, %v", more, err)
	}
	if n := count(); n != 1400 {
		t.Fatalf("400 past --keep 1000 with a slack of 500: %d kept, want all 1400", n)
	}

	if err := insertConcurrently(s, samples(200, `{"n":2}`), 16); err != nil {
		t.Fatal(err)
	}
	if _, err := sweepNow(ctx, s, underLoad); err != nil {
		t.Fatal(err)
	}
	// 600 past it: all go but the marked one.
	if n := count(); n != 1001 {
		t.Fatalf("600 past --keep 1000 with a slack of 500: %d kept, want 1000 and the marked one", n)
	}
	if _, err := s.Get(ctx, ids[0]); err != nil {
		t.Errorf("the marked oldest delivery: %v", err)
	}

	if err := insertConcurrently(s, samples(250, `{"n":3}`), 16); err != nil {
		t.Fatal(err)
	}
	oldest := idsBySeq(t, s)[1:] // past the marked one
	var steps int
	for more := true; more; steps++ {
		var err error
		if more, err = sweepNow(ctx, s, sweep{limit: 100}); err != nil {
			t.Fatal(err)
		}
		if want := max(1001, 1251-100*(steps+1)); count() != want {
			t.Fatalf("after step %d of 100: %d kept, want %d", steps+1, count(), want)
		}
	}
	if steps != 3 {
		t.Errorf("250 past --keep took %d steps of 100, want 3", steps)
	}
	// The oldest went, the newest stayed.
	assertKeptIDs(t, s, oldest[250:], oldest[:250])
}

// sweepNow commits the rows pending, then sweeps retention as sw says.
func sweepNow(ctx context.Context, s *Store, sw sweep) (more bool, err error) {
	if err := s.syncRows(ctx); err != nil {
		return false, err
	}
	return s.prune(ctx, sw)
}

// idsBySeq lists the ids of every stored delivery, oldest first.
func idsBySeq(t *testing.T, s *Store) []string {
	t.Helper()
	ds, err := s.ListAfterSeq(context.Background(), 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return ids
}

// assertKeptIDs checks that the deliveries gone are no longer found and
// those kept are.
func assertKeptIDs(t *testing.T, s *Store, kept, gone []string) {
	t.Helper()
	for _, id := range gone {
		if _, err := s.Get(context.Background(), id); err == nil {
			t.Errorf("%s was kept", id)
		}
	}
	for _, id := range kept {
		if _, err := s.Get(context.Background(), id); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
}

// --keep-bytes deletes an expired segment's rows no more than a sweep's
// limit at a time, the oldest first, and removes the file once they are
// gone: the steps end where one whole sweep does.
func TestKeepBytesSweepsSegmentsByLimit(t *testing.T) {
	const keep = 64 << 10
	ctx := context.Background()
	opts := Options{Keep: -1, KeepBytes: keep, segmentSize: retentionSegment, indexDelay: time.Hour}
	whole, _ := openTemp(t, opts)
	stepped, path := openTemp(t, opts)
	insertBodies(t, whole, 100, time.Now())
	ds := insertBodies(t, stepped, 100, time.Now())
	if _, err := sweepNow(ctx, whole, sweep{}); err != nil {
		t.Fatal(err)
	}
	want, err := whole.Count(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if want > 60 {
		t.Fatalf("a whole sweep kept %d of 100", want)
	}
	_, before := segmentFiles(t, path)
	const limit = 5
	n, steps := 100, 0
	for more := true; more; {
		if more, err = sweepNow(ctx, stepped, sweep{limit: limit}); err != nil {
			t.Fatal(err)
		}
		steps++
		left, err := stepped.Count(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if n-left > limit || more && n-left != limit {
			t.Fatalf("step %d deleted %d, limit %d (more: %v)", steps, n-left, limit, more)
		}
		n = left
	}
	if n != want {
		t.Errorf("the steps kept %d, a whole sweep %d", n, want)
	}
	_, after := segmentFiles(t, path)
	if after >= before || after > keep+retentionSegment {
		t.Errorf("segments %d bytes before the steps, %d after: want at most %d", before, after, keep+retentionSegment)
	}
	assertKept(t, stepped, ds[100-want:], ds[:100-want])
}
