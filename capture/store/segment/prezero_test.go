package segment

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// crash drops the log as kill -9 would: its files closed, the zeros ahead
// of the records left in the newest segment, nothing sealed.
func crash(t *testing.T, l *Log) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	for _, f := range l.files {
		f.Close()
	}
	l.lock.Close()
}

// logicalEnd is where the record at p, holding payload(n), ends.
func logicalEnd(p Pos, n int) int64 { return p.Offset + RecordSize(len(payload(n))) }

// zerosAfter checks that the newest segment holds zeros written ahead of
// its records, from end on, so that a test runs against the new layout.
func zerosAfter(t *testing.T, path string, end int64) {
	t.Helper()
	rest := fileFrom(t, path, end)
	if len(rest) == 0 || !allZero(rest) {
		t.Fatalf("segment has %d bytes after its records, want zeros written ahead of them", len(rest))
	}
}

// After a crash, the newest segment ends in zeros: recovery finds the end
// of the records before them, drops nothing, and appends go right after
// the last record, into the zeros.
func TestReopenAfterACrashEndsAtTheLastRecord(t *testing.T) {
	for _, format := range formats {
		for _, scanFrom := range []string{"start", "last record", "beyond the records"} {
			t.Run(format.name+"/scan from "+scanFrom, func(t *testing.T) {
				dir := t.TempDir()
				l := openLog(t, dir, format.opts)
				pos := appendN(t, l, 0, 20, 6)
				crash(t, l)
				last := pos[19]
				end := logicalEnd(last, 19)
				path := segFile(t, dir, last.Segment)
				zerosAfter(t, path, end)
				before, _ := os.Stat(path)

				opts := format.opts
				switch scanFrom {
				case "last record":
					opts.ScanFrom = last
				case "beyond the records":
					// An index that is wrong: zeros there are no record.
					opts.ScanFrom = Pos{Segment: last.Segment, Offset: end + 100}
				}
				l = openLog(t, dir, opts)
				if r := l.Recovered(); r.DroppedBytes != 0 {
					t.Fatalf("recovery dropped %d bytes of zeros", r.DroppedBytes)
				}
				if after, _ := os.Stat(path); after.Size() != before.Size() {
					t.Fatalf("recovery cut the zeros ahead of the records: %d bytes, was %d", after.Size(), before.Size())
				}
				if segs, _ := l.Segments(); segs[len(segs)-1].Size != end {
					t.Fatalf("newest segment's Size %d, want where its records end (%d)", segs[len(segs)-1].Size, end)
				}
				if got := scanAll(t, l); len(got) != 20 {
					t.Fatalf("Scan found %d records, want 20", len(got))
				}
				if p, want := appendN(t, l, 20, 1, 1)[0], batchStart(t, path, end, RecordSize(len(payload(20)))); p != (Pos{last.Segment, want}) {
					t.Fatalf("append after reopen at %s, want right after the last record (%d)", p, want)
				}
				for i, p := range pos {
					if b, err := l.Read(p); err != nil || !bytes.Equal(b, payload(i)) {
						t.Fatalf("record %d after reopen: %v", i, err)
					}
				}
			})
		}
	}
}

// A batch torn over the zeros (some of its pages reached the disk, others
// did not) is dropped whole, and so are the zeros after it: otherwise a
// record of it that did reach the disk could line up behind a later batch
// and be read as one of the log's records, never acknowledged.
func TestATornBatchOverZerosIsDropped(t *testing.T) {
	tears := []struct {
		name string
		// write puts the torn batch into the file at end, the end of
		// the good records, and returns its length.
		write func(t *testing.T, f *os.File, end int64) int64
	}{
		{"half a record", func(t *testing.T, f *os.File, end int64) int64 {
			rec := appendRecord(nil, payload(50))
			writeFileAt(t, f, rec[:len(rec)/2], end)
			return int64(len(rec) / 2)
		}},
		{"a header and zeros for its payload", func(t *testing.T, f *os.File, end int64) int64 {
			rec := appendRecord(nil, payload(50))
			writeFileAt(t, f, rec[:recordHeaderSize], end)
			return recordHeaderSize
		}},
		{"its first page lost, a whole record after it", func(t *testing.T, f *os.File, end int64) int64 {
			rec := appendRecord(nil, payload(50))
			writeFileAt(t, f, rec, end+4096)
			return 4096 + int64(len(rec))
		}},
	}
	for _, format := range formats {
		for _, tear := range tears {
			t.Run(format.name+"/"+tear.name, func(t *testing.T) {
				dir := t.TempDir()
				l := openLog(t, dir, format.opts)
				pos := appendN(t, l, 0, 10, 4)
				crash(t, l)
				end := logicalEnd(pos[9], 9)
				path := segFile(t, dir, pos[9].Segment)
				zerosAfter(t, path, end)
				f, err := os.OpenFile(path, os.O_RDWR, 0)
				if err != nil {
					t.Fatal(err)
				}
				torn := tear.write(t, f, end)
				f.Close()

				l = openLog(t, dir, format.opts)
				if r := l.Recovered(); r.DroppedBytes != torn {
					t.Fatalf("recovery dropped %d bytes, want the torn batch's %d", r.DroppedBytes, torn)
				}
				if rest := fileFrom(t, path, end); !allZero(rest) {
					t.Fatalf("%d bytes after the records still hold the torn batch", len(rest))
				}
				if _, err := l.Read(Pos{pos[9].Segment, end}); !errors.Is(err, ErrCorrupt) {
					t.Fatalf("Read of the torn record: %v, want ErrCorrupt", err)
				}
				// A batch that ends where the torn batch's whole record was
				// written must not bring that record back.
				next, err := l.Append([][]byte{bytes.Repeat([]byte{'n'}, 4096-recordHeaderSize)})
				if want := batchStart(t, path, end, 4096); err != nil || next[0] != (Pos{pos[9].Segment, want}) {
					t.Fatalf("append after recovery: %v at %v, want at %d", err, next, want)
				}
				crash(t, l)
				l = openLog(t, dir, format.opts)
				got := scanAll(t, l)
				if len(got) != 11 {
					t.Fatalf("Scan found %d records, want the 10 good ones and the one appended after recovery", len(got))
				}
				for i := range 10 {
					if !bytes.Equal(got[i], payload(i)) {
						t.Fatalf("record %d differs after recovery", i)
					}
				}
			})
		}
	}
}

func writeFileAt(t *testing.T, f *os.File, b []byte, off int64) {
	t.Helper()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

// Records read back byte for byte from a segment that ends in zeros, those
// whose payload ends in zeros (or is nothing but zeros, or nothing)
// included, after a crash as before it, and by a reader in another
// process while the writer still has the log.
func TestRecordsInAPreZeroedSegmentReadBackByteExact(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, Options{})
	recs := [][]byte{
		payload(1),
		append(payload(2), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		make([]byte, 100),
		{},
		append([]byte("last"), make([]byte, 5000)...),
	}
	pos, err := l.Append(recs[:3])
	if err != nil {
		t.Fatal(err)
	}
	more, err := l.Append(recs[3:])
	if err != nil {
		t.Fatal(err)
	}
	pos = append(pos, more...)
	end := pos[4].Offset + RecordSize(len(recs[4]))
	path := segFile(t, dir, pos[0].Segment)
	zerosAfter(t, path, end)

	check := func(who string, l *Log) {
		t.Helper()
		for i, p := range pos {
			if b, err := l.Read(p); err != nil || !bytes.Equal(b, recs[i]) {
				t.Fatalf("%s: Read of record %d = %d bytes, %v; want %d bytes", who, i, len(b), err, len(recs[i]))
			}
		}
		got := scanAll(t, l)
		if len(got) != len(recs) {
			t.Fatalf("%s: Scan found %d records, want %d", who, len(got), len(recs))
		}
		for i := range recs {
			if !bytes.Equal(got[i], recs[i]) {
				t.Fatalf("%s: Scan's record %d is %d bytes, want %d", who, i, len(got[i]), len(recs[i]))
			}
		}
	}
	check("writer", l)
	check("reader", openLog(t, dir, Options{ReadOnly: true}))
	crash(t, l)
	l = openLog(t, dir, Options{})
	if r := l.Recovered(); r.DroppedBytes != 0 {
		t.Fatalf("recovery dropped %d bytes of records ending in zeros", r.DroppedBytes)
	}
	check("after a crash", l)
}

// A segment written before the zeros (its records up to the end of the
// file, as they still are after a clean Close) opens, reads, and takes
// appends right after its last record.
func TestASegmentWithoutZerosOpens(t *testing.T) {
	dir := t.TempDir()
	file := []byte(fileHeader)
	var pos []Pos
	for i := range 5 {
		pos = append(pos, Pos{Segment: 1, Offset: int64(len(file))})
		file = appendRecord(file, payload(i))
	}
	if err := os.WriteFile(segFile(t, dir, 1), file, 0o600); err != nil {
		t.Fatal(err)
	}
	l := openLog(t, dir, Options{})
	if r := l.Recovered(); r.DroppedBytes != 0 {
		t.Fatalf("recovery dropped %d bytes of a whole segment", r.DroppedBytes)
	}
	for i, p := range pos {
		if b, err := l.Read(p); err != nil || !bytes.Equal(b, payload(i)) {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	if p := appendN(t, l, 5, 1, 1)[0]; p != (Pos{1, int64(len(file))}) {
		t.Fatalf("append at %s, want right after the last record (%d)", p, len(file))
	}
	if got := scanAll(t, l); len(got) != 6 || !bytes.Equal(got[5], payload(5)) {
		t.Fatalf("Scan found %d records, want 6", len(got))
	}
	// A clean Close leaves it as it found it: records to the end.
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(segFile(t, dir, 1))
	if want := int64(len(file)) + RecordSize(len(payload(5))); err != nil || fi.Size() != want {
		t.Fatalf("after Close the segment is %d bytes (%v), want its records' %d", fi.Size(), err, want)
	}
}

// No record header is zeros, not even an empty record's: zeros where a
// header belongs can only be the space written ahead of the records.
func TestNoRecordHeaderIsZeros(t *testing.T) {
	if _, _, err := parseHeader(make([]byte, recordHeaderSize), 1<<20); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a header of zeros parsed: %v", err)
	}
	if rec := appendRecord(nil, nil); allZero(rec[:4]) {
		t.Fatalf("an empty record starts with zeros: %x", rec)
	}
}

// Rotation cuts the zeros off the segment it leaves: a sealed segment
// ends at its last record, and so its file's size is its Size.
func TestRotationSealsTheSegmentItLeaves(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, Options{SegmentSize: 3 << 20})
	rec := bytes.Repeat([]byte{'r'}, 100<<10)
	var last []Pos
	for range 40 {
		p, err := l.Append([][]byte{rec})
		if err != nil {
			t.Fatal(err)
		}
		last = append(last, p[0])
	}
	segs, err := l.Segments()
	if err != nil || len(segs) < 2 {
		t.Fatalf("Segments = %d, %v; test needs a rotation", len(segs), err)
	}
	for _, s := range segs[:len(segs)-1] {
		fi, err := os.Stat(segFile(t, dir, s.ID))
		if err != nil || fi.Size() != s.Size {
			t.Fatalf("sealed segment %d: file of %d bytes (%v), Size %d", s.ID, fi.Size(), err, s.Size)
		}
		if rest := fileFrom(t, segFile(t, dir, s.ID), s.Size-4); allZero(rest) {
			t.Fatalf("sealed segment %d ends in zeros", s.ID)
		}
	}
	for i, p := range last {
		if b, err := l.Read(p); err != nil || !bytes.Equal(b, rec) {
			t.Fatalf("record %d at %s: %v", i, p, err)
		}
	}
}
