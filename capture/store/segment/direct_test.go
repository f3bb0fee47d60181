package segment

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// directWorks reports whether dir's file system takes O_DIRECT writes, and
// skips the test when it does not (tmpfs, or not Linux).
func directWorks(t *testing.T, dir string) {
	t.Helper()
	probe := filepath.Join(dir, "probe")
	if err := os.WriteFile(probe, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := openDirect(probe)
	if err != nil {
		t.Skipf("no direct writes here: %v", err)
	}
	f.Close()
	os.Remove(probe)
}

func segmentVersion(t *testing.T, path string) byte {
	t.Helper()
	hdr := make([]byte, fileHeaderSize)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.ReadAt(hdr, 0); err != nil {
		t.Fatal(err)
	}
	return hdr[len(hdr)-1]
}

// batchOf is k records from n on, each payload(i) three times over, and
// the batch's size in the segment.
func batchOf(n, k int) (recs [][]byte, size int64) {
	for i := n; i < n+k; i++ {
		recs = append(recs, bigPayload(i))
		size += RecordSize(len(recs[len(recs)-1]))
	}
	return recs, size
}

func bigPayload(n int) []byte { return bytes.Repeat(payload(n), 3) }

// Where direct writes work, a new segment is version 2: a batch of
// directMin bytes or more starts on a block boundary, a smaller one right
// after the records before it; the padding is skipped by Scan, by
// recovery after a crash and by a reader in another process, and every
// record reads back whole.
func TestADirectSegmentAlignsItsBatchesAndReadsBackWhole(t *testing.T) {
	dir := t.TempDir()
	directWorks(t, dir)
	l := openLog(t, dir, Options{SegmentSize: 4 << 20})
	var pos []Pos
	end, aligned, packed := fileHeaderSize, 0, 0
	for n, k := 0, 1; n < 120; n, k = n+k, 1+(k*5)%11 {
		recs, size := batchOf(n, k)
		batch, err := l.Append(recs)
		if err != nil {
			t.Fatal(err)
		}
		if size >= directMin {
			if batch[0].Offset != alignUp(end) {
				t.Fatalf("a batch of %d bytes at %s, want it direct at the boundary after %d", size, batch[0], end)
			}
			aligned++
		} else {
			if batch[0].Offset != end {
				t.Fatalf("a batch of %d bytes at %s, want it right after the records before it (%d)", size, batch[0], end)
			}
			packed++
		}
		end = batch[0].Offset + size
		pos = append(pos, batch...)
	}
	if aligned == 0 || packed == 0 {
		t.Fatalf("%d batches direct, %d through the page cache: the test wants both", aligned, packed)
	}
	if l.direct == nil {
		t.Fatal("the newest segment is not open for direct writes")
	}
	path := segFile(t, dir, pos[0].Segment)
	if v := segmentVersion(t, path); v != 2 {
		t.Fatalf("a segment written direct is version %d, want 2", v)
	}
	check := func(what string, l *Log) {
		t.Helper()
		got := scanAll(t, l)
		if len(got) != len(pos) {
			t.Fatalf("%s: Scan found %d records, want %d", what, len(got), len(pos))
		}
		for i, p := range pos {
			if !bytes.Equal(got[i], bigPayload(i)) {
				t.Fatalf("%s: Scan's record %d is not the one appended", what, i)
			}
			if b, err := l.Read(p); err != nil || !bytes.Equal(b, bigPayload(i)) {
				t.Fatalf("%s: Read(%s) = %v, not record %d", what, p, err, i)
			}
		}
	}
	check("live", l)
	reader := openLog(t, dir, Options{ReadOnly: true})
	check("another process", reader)

	crash(t, l)
	l = openLog(t, dir, Options{SegmentSize: 4 << 20})
	if r := l.Recovered(); r.DroppedBytes != 0 {
		t.Fatalf("recovery took %d bytes of padding for a torn batch", r.DroppedBytes)
	}
	check("after a crash", l)
	if segs, _ := l.Segments(); segs[len(segs)-1].Size != end {
		t.Fatalf("after a crash the segment's records end at %d, want %d", segs[len(segs)-1].Size, end)
	}
	recs, _ := batchOf(200, 8)
	if next, err := l.Append(recs); err != nil || next[0].Offset != alignUp(end) || l.direct == nil {
		t.Fatalf("after a crash the next batch is at %v, %v (direct: %v)", next, err, l.direct != nil)
	}
}

// refuseDirectWrites makes l's file system refuse direct writes (EINVAL),
// as one that opens a file direct but cannot write it so does, and
// counts the writes refused.
func refuseDirectWrites(l *Log) *int {
	refused := 0
	write := l.writeAt
	l.writeAt = func(f *os.File, b []byte, off int64) (int, error) {
		if f == l.direct {
			refused++
			return 0, syscall.EINVAL
		}
		return write(f, b, off)
	}
	return &refused
}

// A file system that opens a file direct but refuses the write (EINVAL)
// gets the batch through the page cache, and the ones after it: nothing
// is refused for it.
func TestARefusedDirectWriteGoesThroughThePageCache(t *testing.T) {
	dir := t.TempDir()
	directWorks(t, dir)
	l := openLog(t, dir, Options{})
	refused := refuseDirectWrites(l)
	var pos []Pos
	for n := 0; n < 24; n += 8 {
		recs, _ := batchOf(n, 8)
		batch, err := l.Append(recs)
		if err != nil {
			t.Fatalf("Append with direct writes refused: %v", err)
		}
		if batch[0].Offset%batchAlign != 0 {
			t.Fatalf("batch at %s: no longer aligned, in a version 2 segment", batch[0])
		}
		pos = append(pos, batch...)
	}
	if *refused != 1 || l.direct != nil {
		t.Fatalf("%d direct writes refused, direct still open: %v; want one, then the page cache", *refused, l.direct != nil)
	}
	for i, p := range pos {
		if b, err := l.Read(p); err != nil || !bytes.Equal(b, bigPayload(i)) {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	// Any other failure fails the batch, as ever.
	l.writeAt = func(*os.File, []byte, int64) (int, error) { return 0, syscall.ENOSPC }
	if _, err := l.Append([][]byte{payload(30)}); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Append on a full disk: %v", err)
	}
}

// Padding that is not zeros is not skipped: whatever follows it is not
// taken for records.
func TestPaddingThatIsNotZerosStopsTheScan(t *testing.T) {
	dir := t.TempDir()
	directWorks(t, dir)
	l := openLog(t, dir, Options{})
	first := appendN(t, l, 0, 1, 1)
	recs, _ := batchOf(1, 8)
	second, err := l.Append(recs)
	if err != nil {
		t.Fatal(err)
	}
	crash(t, l)
	end := first[0].Offset + RecordSize(len(payload(0)))
	if end%batchAlign == 0 || second[0].Offset != alignUp(end) {
		t.Fatalf("no padding between the batches: first ends at %d, second at %s", end, second[0])
	}
	flip(t, segFile(t, dir, 1), end+1)
	l = openLog(t, dir, Options{})
	if got := scanAll(t, l); len(got) != 1 {
		t.Fatalf("Scan found %d records past bad padding, want the one before it", len(got))
	}
}

// A log written before direct writes (version 1 segments) goes on as it
// was: its newest segment keeps its batches back to back, and the next
// segment it rotates to is version 2.
func TestAVersion1LogGoesOnAndRotatesToVersion2(t *testing.T) {
	dir := t.TempDir()
	directWorks(t, dir)
	l := openLog(t, dir, Options{SegmentSize: 64 << 10, buffered: true})
	pos := appendN(t, l, 0, 3, 3)
	l.Close()

	l = openLog(t, dir, Options{SegmentSize: 64 << 10})
	recs, size := batchOf(3, 4)
	batch, err := l.Append(recs)
	if end := pos[2].Offset + RecordSize(len(payload(2))); err != nil || batch[0].Offset != end || size < directMin {
		t.Fatalf("a %d-byte batch in the version 1 segment at %v (%v), want right after its records at %d", size, batch, err, end)
	}
	for n := 7; batch[0].Segment == 1; n += 8 {
		recs, _ := batchOf(n, 8)
		if batch, err = l.Append(recs); err != nil {
			t.Fatal(err)
		}
	}
	if v1, v2 := segmentVersion(t, segFile(t, dir, 1)), segmentVersion(t, segFile(t, dir, batch[0].Segment)); v1 != 1 || v2 != 2 {
		t.Fatalf("segment 1 is version %d, segment %d version %d; want 1 and 2", v1, batch[0].Segment, v2)
	}
	if batch[0].Offset%batchAlign != 0 || l.direct == nil {
		t.Fatalf("the first batch of the new segment is at %s (direct: %v)", batch[0], l.direct != nil)
	}
	for i, p := range pos {
		if b, err := l.Read(p); err != nil || !bytes.Equal(b, payload(i)) {
			t.Fatalf("record %d of the version 1 segment: %v", i, err)
		}
	}
}

// A batch written direct is durable when its write returns (the file is
// open O_DSYNC), so its Append makes no fdatasync; a batch through the
// page cache, a small one or one the file system refused direct, is
// made durable by one.
func TestOnlyABatchThroughThePageCacheIsFollowedByAnFdatasync(t *testing.T) {
	dir := t.TempDir()
	directWorks(t, dir)
	l := openLog(t, dir, Options{})
	syncs := 0
	sync := l.sync
	l.sync = func(f *os.File) error {
		syncs++
		return sync(f)
	}
	appendAndCount := func(what string, recs [][]byte, want int) {
		t.Helper()
		before := syncs
		if _, err := l.Append(recs); err != nil {
			t.Fatalf("Append %s: %v", what, err)
		}
		if got := syncs - before; got != want {
			t.Fatalf("Append %s made %d fdatasyncs, want %d", what, got, want)
		}
	}
	for n := 0; n < 24; n += 8 {
		recs, _ := batchOf(n, 8)
		appendAndCount("of a batch written direct", recs, 0)
	}
	appendAndCount("of a small batch", [][]byte{payload(24)}, 1)

	refuseDirectWrites(l)
	recs, _ := batchOf(25, 8)
	appendAndCount("of a batch refused direct", recs, 1)
	recs, _ = batchOf(33, 8)
	appendAndCount("of a batch after a refusal", recs, 1)
}
