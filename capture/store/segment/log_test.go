package segment

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func openLog(t *testing.T, dir string, opts Options) *Log {
	t.Helper()
	l, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// payload is record n's content: its number, then bytes of every value.
func payload(n int) []byte {
	b := fmt.Appendf(nil, "record %d:", n)
	for i := range 100 + n*389%3000 {
		b = append(b, byte(i*7+n))
	}
	return b
}

func appendN(t *testing.T, l *Log, from, n, batch int) []Pos {
	t.Helper()
	var all []Pos
	for i := from; i < from+n; i += batch {
		var recs [][]byte
		for j := i; j < min(i+batch, from+n); j++ {
			recs = append(recs, payload(j))
		}
		pos, err := l.Append(recs)
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
		if len(pos) != len(recs) {
			t.Fatalf("Append returned %d positions for %d records", len(pos), len(recs))
		}
		all = append(all, pos...)
	}
	return all
}

// scanAll returns the numbers of the records a scan of the whole log finds.
func scanAll(t *testing.T, l *Log) [][]byte {
	t.Helper()
	var out [][]byte
	if err := l.Scan(Pos{}, func(_ Pos, b []byte) error {
		out = append(out, bytes.Clone(b))
		return nil
	}); err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return out
}

func TestAppendReadScanAndReopen(t *testing.T) {
	for _, format := range formats {
		t.Run(format.name, func(t *testing.T) {
			dir := t.TempDir()
			l := openLog(t, dir, format.opts)
			pos := appendN(t, l, 0, 40, 7)
			pos = append(pos, appendN(t, l, 40, 1, 1)...)
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			l = openLog(t, dir, format.opts)
			if r := l.Recovered(); r.DroppedBytes != 0 {
				t.Fatalf("clean reopen dropped %d bytes", r.DroppedBytes)
			}
			for i, p := range pos {
				got, err := l.Read(p)
				if err != nil || !bytes.Equal(got, payload(i)) {
					t.Fatalf("Read(%s) = %.20q, %v; want record %d", p, got, err, i)
				}
			}
			if got := scanAll(t, l); len(got) != 41 || !bytes.Equal(got[40], payload(40)) {
				t.Fatalf("Scan found %d records, want 41", len(got))
			}
			// Appends after a reopen go after the last record.
			next := appendN(t, l, 41, 1, 1)[0]
			last := pos[40]
			if want := batchStart(t, segFile(t, dir, last.Segment), last.Offset+RecordSize(len(payload(40))), RecordSize(len(payload(41)))); next.Segment != last.Segment || next.Offset != want {
				t.Fatalf("append after reopen at %s, want right after %s", next, last)
			}
		})
	}
}

// formats are the two segment formats a log writes: version 2, direct,
// where the file system allows it (as t.TempDir's on Linux should), and
// version 1, through the page cache.
var formats = []struct {
	name string
	opts Options
}{{"direct", Options{}}, {"buffered", Options{buffered: true}}}

// batchStart is where the log appends a batch of size bytes after
// records that end at end in segment path: right there, or for a batch
// written direct at the next multiple of batchAlign.
func batchStart(t *testing.T, path string, end, size int64) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	aligned, err := checkFileHeader(f, 0)
	if err != nil {
		t.Fatal(err)
	}
	if aligned && size >= directMin {
		return alignUp(end)
	}
	return end
}

func segFile(t *testing.T, dir string, id uint64) string {
	t.Helper()
	return filepath.Join(dir, segmentName(id))
}

// A crash tears the last batch: recovery must drop the torn record, keep
// every record before it, and append after them.
func TestTornTailIsDroppedAndEarlierRecordsKept(t *testing.T) {
	tears := []struct {
		name string
		do   func(t *testing.T, path string, last Pos, size int64)
		// zeros: the torn record is zeros to the end of the file, which
		// recovery cannot tell from the zeros an Append writes ahead of
		// its records: free space, kept, not bytes dropped.
		zeros bool
	}{
		{"truncated mid-payload", func(t *testing.T, path string, last Pos, size int64) {
			if err := os.Truncate(path, last.Offset+recordHeaderSize+(size-last.Offset-recordHeaderSize)/2); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"truncated mid-header", func(t *testing.T, path string, last Pos, _ int64) {
			if err := os.Truncate(path, last.Offset+5); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"payload byte flipped", func(t *testing.T, path string, last Pos, size int64) { flip(t, path, size-3) }, false},
		{"length byte flipped", func(t *testing.T, path string, last Pos, _ int64) { flip(t, path, last.Offset+4) }, false},
		{"zeros instead of the record", func(t *testing.T, path string, last Pos, size int64) {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt(make([]byte, size-last.Offset), last.Offset); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	for _, format := range formats {
		for _, tear := range tears {
			t.Run(format.name+"/"+tear.name, func(t *testing.T) {
				dir := t.TempDir()
				l := openLog(t, dir, format.opts)
				pos := appendN(t, l, 0, 10, 3)
				l.Close()
				last := pos[9]
				path := segFile(t, dir, last.Segment)
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				tear.do(t, path, last, fi.Size())

				l = openLog(t, dir, format.opts)
				if r := l.Recovered(); tear.zeros != (r.DroppedBytes == 0) {
					t.Fatalf("recovery dropped %d bytes", r.DroppedBytes)
				}
				goodEnd := pos[8].Offset + RecordSize(len(payload(8)))
				if after, _ := os.Stat(path); !tear.zeros && after.Size() != goodEnd {
					t.Fatalf("segment is %d bytes after recovery, want it cut where the records before the torn one end (%d)", after.Size(), goodEnd)
				}
				if _, err := l.Read(last); !errors.Is(err, ErrCorrupt) {
					t.Fatalf("Read of the torn record: %v, want ErrCorrupt", err)
				}
				got := scanAll(t, l)
				if len(got) != 9 {
					t.Fatalf("Scan found %d records, want the 9 before the torn one", len(got))
				}
				for i := range 9 {
					if b, err := l.Read(pos[i]); err != nil || !bytes.Equal(b, payload(i)) {
						t.Fatalf("record %d after recovery: %v", i, err)
					}
				}
				if p := appendN(t, l, 100, 1, 1)[0]; p != last {
					t.Fatalf("next append at %s, want where the torn record was (%s)", p, last)
				}
			})
		}
	}
}

// fileFrom returns the bytes of the file at path from offset off on.
func fileFrom(t *testing.T, path string, off int64) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b[min(off, int64(len(b))):]
}

func flip(t *testing.T, path string, at int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, at); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x20
	if _, err := f.WriteAt(b, at); err != nil {
		t.Fatal(err)
	}
}

// Recovery only checks the newest segment: a bad record in an older one
// (not a crash: the log had rotated away from it) is refused when read but
// does not cost the records after it.
func TestOpenScansOnlyTheNewestSegment(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, Options{SegmentSize: 8 << 10})
	pos := appendN(t, l, 0, 30, 2)
	l.Close()
	if pos[0].Segment == pos[29].Segment {
		t.Fatal("test needs several segments")
	}
	first := segFile(t, dir, pos[0].Segment)
	before, _ := os.Stat(first)
	flip(t, first, pos[0].Offset+recordHeaderSize+2)

	l = openLog(t, dir, Options{SegmentSize: 8 << 10})
	if after, _ := os.Stat(first); after.Size() != before.Size() {
		t.Fatalf("recovery cut an older segment from %d to %d bytes", before.Size(), after.Size())
	}
	if _, err := l.Read(pos[0]); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Read of the corrupt record: %v, want ErrCorrupt", err)
	}
	for i := 1; i < 30; i++ {
		if b, err := l.Read(pos[i]); err != nil || !bytes.Equal(b, payload(i)) {
			t.Fatalf("record %d: %v", i, err)
		}
	}
}

// A disk that fills up mid-batch fails the Append and acknowledges none of
// it; the partial write is cut off, so no reader or recovery ever finds
// those records, and appends resume once there is room. A batch written
// direct is durable when its O_DSYNC write returns, so a flush that fails
// fails that write; one through the page cache fails its fdatasync.
func TestDiskFullFailsTheBatchAndAcknowledgesNothing(t *testing.T) {
	for _, fail := range []struct {
		name   string
		opts   Options
		direct bool // the case needs direct writes
		inject func(l *Log)
		want   error
	}{
		{"write ENOSPC", Options{}, false, func(l *Log) {
			l.writeAt = func(f *os.File, b []byte, off int64) (int, error) {
				n, _ := f.WriteAt(b[:len(b)/2], off) // the disk took half
				return n, syscall.ENOSPC
			}
		}, syscall.ENOSPC},
		{"direct write EIO", Options{}, true, func(l *Log) {
			l.writeAt = func(f *os.File, b []byte, off int64) (int, error) {
				if f != l.direct {
					return f.WriteAt(b, off)
				}
				n, _ := f.WriteAt(b, off) // written, but its flush failed
				return n, syscall.EIO
			}
		}, syscall.EIO},
		{"fdatasync EIO", Options{buffered: true}, false, func(l *Log) {
			l.sync = func(*os.File) error { return syscall.EIO }
		}, syscall.EIO},
	} {
		t.Run(fail.name, func(t *testing.T) {
			dir := t.TempDir()
			if fail.direct {
				directWorks(t, dir)
			}
			l := openLog(t, dir, fail.opts)
			good := appendN(t, l, 0, 5, 5)
			path := segFile(t, dir, good[0].Segment)
			goodEnd := good[4].Offset + RecordSize(len(payload(4)))

			writeAt, sync := l.writeAt, l.sync
			fail.inject(l)
			pos, err := l.Append([][]byte{payload(5), payload(6), payload(7)})
			if !errors.Is(err, fail.want) || pos != nil {
				t.Fatalf("Append on a full disk = %v, %v; want no positions and %v", pos, err, fail.want)
			}
			if rest := fileFrom(t, path, goodEnd); !allZero(rest) {
				t.Fatalf("segment holds %d bytes of the failed batch after its records", len(rest))
			}
			l.writeAt, l.sync = writeAt, sync
			after := appendN(t, l, 8, 2, 2)
			if after[0].Segment == good[0].Segment {
				t.Fatalf("append after a failed batch went to the same segment %d", after[0].Segment)
			}
			l.Close()

			l = openLog(t, dir, fail.opts)
			var got []string
			for _, b := range scanAll(t, l) {
				got = append(got, string(b[:bytes.IndexByte(b, ':')]))
			}
			want := []string{"record 0", "record 1", "record 2", "record 3", "record 4", "record 8", "record 9"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("after reopen the log holds %v, want %v", got, want)
			}
		})
	}
}

func TestRemoveThroughDeletesWholeOldestSegments(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, Options{SegmentSize: 8 << 10})
	pos := appendN(t, l, 0, 40, 2)
	segs, err := l.Segments()
	if err != nil || len(segs) < 4 {
		t.Fatalf("Segments = %d, %v; test needs at least 4", len(segs), err)
	}
	if err := l.RemoveThrough(segs[1].ID); err != nil {
		t.Fatal(err)
	}
	for _, s := range segs[:2] {
		if _, err := os.Stat(segFile(t, dir, s.ID)); !os.IsNotExist(err) {
			t.Fatalf("segment %d still on disk: %v", s.ID, err)
		}
	}
	for i, p := range pos {
		b, err := l.Read(p)
		switch {
		case p.Segment <= segs[1].ID && !errors.Is(err, ErrNotFound):
			t.Fatalf("record %d in a removed segment: %v, want ErrNotFound", i, err)
		case p.Segment > segs[1].ID && (err != nil || !bytes.Equal(b, payload(i))):
			t.Fatalf("record %d in a kept segment: %v", i, err)
		}
	}

	// The newest segment stays, whatever is asked.
	last := segs[len(segs)-1].ID
	if err := l.RemoveThrough(last); err != nil {
		t.Fatal(err)
	}
	if b, err := l.Read(pos[39]); err != nil || !bytes.Equal(b, payload(39)) {
		t.Fatalf("newest record after removing everything removable: %v", err)
	}
	if p := appendN(t, l, 40, 1, 1)[0]; p.Segment < last {
		t.Fatalf("append went to segment %d, before the newest (%d)", p.Segment, last)
	} else if b, err := l.Read(p); err != nil || !bytes.Equal(b, payload(40)) {
		t.Fatalf("append after removal: %v", err)
	}
}

func TestSecondWriterIsRefusedAndReadersAreNot(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, Options{})
	pos := appendN(t, l, 0, 3, 3)
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second writer: %v, want ErrLocked", err)
	}
	r := openLog(t, dir, Options{ReadOnly: true})
	if b, err := r.Read(pos[2]); err != nil || !bytes.Equal(b, payload(2)) {
		t.Fatalf("reader: %v", err)
	}
	more := appendN(t, l, 3, 2, 2)
	if got := scanAll(t, r); len(got) != 5 {
		t.Fatalf("reader scanned %d records, want the writer's 5", len(got))
	}
	if b, err := r.Read(more[1]); err != nil || !bytes.Equal(b, payload(4)) {
		t.Fatalf("reader, new record: %v", err)
	}
	if _, err := r.Append([][]byte{{1}}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Append on a reader: %v", err)
	}
	l.Close()
	l2, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("writer after the first closed: %v", err)
	}
	l2.Close()
}

func TestScanFromAPosition(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, Options{SegmentSize: 8 << 10})
	pos := appendN(t, l, 0, 20, 3)
	var got []Pos
	if err := l.Scan(pos[12], func(p Pos, _ []byte) error { got = append(got, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(pos[12:]) {
		t.Fatalf("Scan from %s = %v, want %v", pos[12], got, pos[12:])
	}
	l.Close()
	// Recovery from the index's last record gives the same log.
	l = openLog(t, dir, Options{SegmentSize: 8 << 10, ScanFrom: pos[19]})
	if got := scanAll(t, l); len(got) != 20 {
		t.Fatalf("after reopen from %s: %d records", pos[19], len(got))
	}
}

func TestReadRefusesPositionsThatHoldNoRecord(t *testing.T) {
	l := openLog(t, t.TempDir(), Options{})
	pos := appendN(t, l, 0, 2, 2)
	for _, p := range []Pos{{pos[0].Segment, pos[0].Offset + 1}, {pos[0].Segment, 1 << 40}, {pos[0].Segment, 0}} {
		if _, err := l.Read(p); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Read(%s) = %v, want ErrCorrupt", p, err)
		}
	}
	if _, err := l.Read(Pos{Segment: 99, Offset: 8}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Read of a missing segment: %v", err)
	}
}

// A new segment whose header could not be written (or synced) was used
// all the same: the error was assigned to a shadowed err and lost, so
// records went into a file recovery would not read as a segment.
func TestANewSegmentWhoseHeaderFailsIsNotUsed(t *testing.T) {
	l := openLog(t, t.TempDir(), Options{SegmentSize: 8 << 10})
	writeAt := l.writeAt
	l.writeAt = func(f *os.File, b []byte, off int64) (int, error) {
		if off == 0 { // a new segment's header
			return 0, syscall.EIO
		}
		return writeAt(f, b, off)
	}
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		_, err = l.Append([][]byte{payload(i)})
	}
	if !errors.Is(err, syscall.EIO) {
		t.Fatalf("appends across a segment whose header failed: %v, want EIO", err)
	}
}
