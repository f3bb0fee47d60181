package segment

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Errors callers may test for with errors.Is.
var (
	ErrCorrupt  = errors.New("segment record is corrupt")
	ErrNotFound = errors.New("segment not found")
	ErrLocked   = errors.New("segment log is being written by another process")
	ErrClosed   = errors.New("segment log is closed")
	ErrReadOnly = errors.New("segment log is open read-only")
)

// lockName is the file in a log's directory whose exclusive flock its
// writer holds while it has the log open.
const lockName = "LOCK"

// DefaultSegmentSize is the size beyond which the log starts a new segment.
const DefaultSegmentSize = 64 << 20

// Options tune a log. The zero value is usable.
type Options struct {
	// SegmentSize is the size a segment may reach before the log rotates;
	// zero means DefaultSegmentSize. A batch larger than it gets a segment
	// of its own.
	SegmentSize int64
	// ReadOnly opens the log of another process: Read and Scan only, no
	// lock, no recovery.
	ReadOnly bool
	// ScanFrom, when it points into the newest segment, is a record the
	// caller knows to be good (the last its index holds): recovery checks
	// from there instead of from the start of the segment.
	ScanFrom Pos

	// buffered (tests) makes new segments version 1, written through the
	// page cache, as on a file system that refuses direct writes.
	buffered bool
}

// Info describes one segment file.
type Info struct {
	ID uint64
	// Size is where the segment's records end. The newest segment's file
	// goes on with zeros written ahead of its records (prezero.go); in a
	// log opened ReadOnly, whose writer is another process, the newest
	// segment's Size is its file's size, zeros included.
	Size     int64
	Modified time.Time // the last append into it
}

// Recovery says what Open dropped from the newest segment's tail.
type Recovery struct {
	Segment      uint64
	DroppedBytes int64 // a torn batch's bytes; zero after a clean close
}

// Log is an open segment log. It is safe for concurrent use: appends are
// serialized, reads run alongside them.
type Log struct {
	dir      string
	opts     Options
	lock     *os.File
	recovery Recovery

	appendMu sync.Mutex // held across a batch's write and sync
	active   *os.File   // the newest segment, for appending
	activeID uint64
	aligned  bool     // the newest segment is version 2: batches aligned (direct.go)
	direct   *os.File // the newest segment opened for direct writes, or nil
	unsynced bool     // the batch being appended wrote through the page cache: it needs an fdatasync
	size     int64    // where the newest segment's records end
	alloc    int64    // the newest segment's file size: zeros from size on
	rotate   bool     // the next Append starts a new segment (after a failure)
	buf      []byte

	mu     sync.Mutex // guards segs, files and closed
	segs   []Info     // oldest first; the last is the newest
	files  map[uint64]*os.File
	closed bool

	// Tests inject failures here.
	writeAt func(f *os.File, b []byte, off int64) (int, error)
	sync    func(f *os.File) error
}

// Open opens the log in dir, creating it when needed. A writer recovers the
// newest segment's tail (see the package comment).
func Open(dir string, opts Options) (*Log, error) {
	if opts.SegmentSize <= 0 {
		opts.SegmentSize = DefaultSegmentSize
	}
	l := &Log{dir: dir, opts: opts, files: map[uint64]*os.File{},
		writeAt: (*os.File).WriteAt, sync: datasync}
	if opts.ReadOnly {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("open segment log: %w", err)
		}
		return l, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open segment log: %w", err)
	}
	lock, err := lockDir(filepath.Join(dir, lockName))
	if err != nil {
		return nil, fmt.Errorf("open segment log: %w", err)
	}
	l.lock = lock
	if err := l.load(); err != nil {
		l.Close()
		return nil, fmt.Errorf("open segment log %s: %w", dir, err)
	}
	return l, nil
}

// Recovered reports what Open dropped from a torn tail.
func (l *Log) Recovered() Recovery { return l.recovery }

func segmentName(id uint64) string { return fmt.Sprintf("%016d.seg", id) }

func (l *Log) path(id uint64) string { return filepath.Join(l.dir, segmentName(id)) }

// listSegments returns the segment files in dir, oldest first.
func listSegments(dir string) ([]Info, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var segs []Info
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".seg")
		if !ok || len(name) != 16 || !e.Type().IsRegular() {
			continue
		}
		id, err := strconv.ParseUint(name, 10, 64)
		if err != nil || id == 0 {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			return nil, err
		}
		segs = append(segs, Info{ID: id, Size: fi.Size(), Modified: fi.ModTime()})
	}
	slices.SortFunc(segs, func(a, b Info) int { return cmp.Compare(a.ID, b.ID) })
	return segs, nil
}

// load lists the segments and recovers the newest, or starts the first.
func (l *Log) load() error {
	segs, err := listSegments(l.dir)
	if err != nil {
		return err
	}
	l.segs = segs
	if len(segs) == 0 {
		return l.newSegment(1)
	}
	last := segs[len(segs)-1]
	f, err := os.OpenFile(l.path(last.ID), os.O_RDWR, 0)
	if err != nil {
		return err
	}
	end, aligned, err := l.recoverTail(f, last.ID)
	if err != nil {
		f.Close()
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	l.active, l.activeID, l.size, l.alloc = f, last.ID, end, fi.Size()
	l.aligned = aligned
	l.files[last.ID] = f
	l.segs[len(l.segs)-1].Size = end
	l.openActiveDirect()
	return nil
}

// newSegment creates segment id, durable with its directory entry, and
// makes it the one appended to: in version 2, written direct, when its
// file system takes direct writes.
func (l *Log) newSegment(id uint64) error {
	path := l.path(id)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("new segment: %w", err)
	}
	header := fileHeader
	var direct *os.File
	if !l.opts.buffered {
		if direct, err = openDirect(path); err != nil {
			direct = nil // version 1, through the page cache
		}
	}
	if direct != nil {
		header = fileHeaderV2
	}
	if _, err = l.writeAt(f, []byte(header), 0); err == nil {
		err = l.sync(f)
	}
	if err == nil {
		// The file's name must survive a crash as well as its data.
		err = syncDir(l.dir)
	}
	if err != nil {
		if direct != nil {
			direct.Close()
		}
		f.Close()
		os.Remove(path)
		return fmt.Errorf("new segment %s: %w", path, err)
	}
	l.mu.Lock()
	l.files[id] = f
	l.segs = append(l.segs, Info{ID: id, Size: fileHeaderSize, Modified: time.Now()})
	l.mu.Unlock()
	l.closeDirect()
	l.active, l.activeID, l.size, l.alloc, l.rotate = f, id, fileHeaderSize, fileHeaderSize, false
	l.aligned, l.direct = direct != nil, direct
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Append writes the records as one batch, with one write and one fdatasync,
// and returns where each is. It returns an error and no position when any
// of the batch may not be durable: none of it is acknowledged.
func (l *Log) Append(records [][]byte) ([]Pos, error) {
	if l.opts.ReadOnly {
		return nil, ErrReadOnly
	}
	l.appendMu.Lock()
	defer l.appendMu.Unlock()
	l.mu.Lock()
	closed := l.closed
	l.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	if len(records) == 0 {
		return nil, nil
	}
	var n int64
	for _, r := range records {
		if len(r) > MaxRecord {
			return nil, fmt.Errorf("append: record of %d bytes exceeds %d", len(r), MaxRecord)
		}
		n += RecordSize(len(r))
	}
	if l.rotate || l.size > fileHeaderSize && l.size+n > l.opts.SegmentSize {
		l.seal(l.active)
		if err := l.newSegment(l.activeID + 1); err != nil {
			return nil, fmt.Errorf("append: %w", err)
		}
	}
	id, start, written := l.activeID, l.size, n
	direct := l.aligned && n >= directMin
	if direct {
		start, written = alignUp(l.size), alignUp(n)
	}
	// Built in place in an aligned buffer with room for the whole batch,
	// so that a direct write takes it as it is.
	l.buf = alignedBlock(l.buf, int(alignUp(written)))[:0]
	pos := make([]Pos, len(records))
	for i, r := range records {
		pos[i] = Pos{Segment: id, Offset: start + int64(len(l.buf))}
		l.buf = appendRecord(l.buf, r)
	}
	l.unsynced = false
	var err error
	if direct {
		l.buf = l.buf[:written]
		clear(l.buf[n:]) // the padding, zeros
		_, err = l.writeBlocks(l.buf, start)
	} else {
		_, err = l.writeCached(l.buf, start)
	}
	if err != nil {
		l.abandon(start)
		return nil, fmt.Errorf("append to segment %d: %w", id, err)
	}
	l.alloc = max(l.alloc, start+written)
	if target := l.reserveTarget(start + n); target > 0 {
		l.reserve(start+n, target)
	}
	if l.unsynced {
		if err := l.sync(l.active); err != nil {
			l.abandon(start)
			return nil, fmt.Errorf("append to segment %d: sync: %w", id, err)
		}
	}
	l.size = start + n
	l.mu.Lock()
	l.segs[len(l.segs)-1].Size, l.segs[len(l.segs)-1].Modified = l.size, time.Now()
	l.mu.Unlock()
	if cap(l.buf) > 4<<20 {
		l.buf = nil // do not keep a huge batch's buffer
	}
	return pos, nil
}

// abandon undoes a failed batch: what it wrote is cut off (so that no
// reader or recovery finds records that were never acknowledged) and the
// next batch goes to a new segment.
func (l *Log) abandon(start int64) {
	// Best effort: if the truncate fails too, the unacknowledged records
	// stay in a sealed segment, where a Scan may find them.
	_ = l.active.Truncate(start)
	l.alloc = start
	l.rotate = true
}

// Read returns the payload of the record at p, checked against its CRC.
func (l *Log) Read(p Pos) ([]byte, error) {
	f, err := l.file(p.Segment)
	if err != nil {
		return nil, fmt.Errorf("read record %s: %w", p, err)
	}
	if p.Offset < fileHeaderSize {
		return nil, fmt.Errorf("read record %s: %w: offset inside the file header", p, ErrCorrupt)
	}
	var hdr [recordHeaderSize]byte
	if _, err := f.ReadAt(hdr[:], p.Offset); err != nil {
		return nil, fmt.Errorf("read record %s: %w", p, eofCorrupt(err))
	}
	end, err := l.end(p.Segment, f)
	if err != nil {
		return nil, fmt.Errorf("read record %s: %w", p, err)
	}
	length, crc, err := parseHeader(hdr[:], end-p.Offset-recordHeaderSize)
	if err != nil {
		return nil, fmt.Errorf("read record %s: %w", p, err)
	}
	payload := make([]byte, length)
	if _, err := f.ReadAt(payload, p.Offset+recordHeaderSize); err != nil {
		return nil, fmt.Errorf("read record %s: %w", p, eofCorrupt(err))
	}
	if err := verify(hdr[:], payload, crc); err != nil {
		return nil, fmt.Errorf("read record %s: %w", p, err)
	}
	return payload, nil
}

// eofCorrupt turns a read past the end into ErrCorrupt: a position that
// does not hold a whole record.
func eofCorrupt(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: record runs past the end of its segment", ErrCorrupt)
	}
	return err
}

// file returns an open handle on segment id, opening it when needed.
func (l *Log) file(id uint64) (*os.File, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, ErrClosed
	}
	if f := l.files[id]; f != nil {
		return f, nil
	}
	if !l.opts.ReadOnly && !slices.ContainsFunc(l.segs, func(s Info) bool { return s.ID == id }) {
		return nil, fmt.Errorf("segment %d: %w", id, ErrNotFound)
	}
	f, err := os.Open(l.path(id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("segment %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	l.files[id] = f
	return f, nil
}

// end returns where the records of segment id, open as f, end: what the
// log knows for its own segments (the file goes on with zeros beyond the
// newest one's records), the file's size when another process writes them.
func (l *Log) end(id uint64, f *os.File) (int64, error) {
	if l.opts.ReadOnly {
		fi, err := f.Stat()
		if err != nil {
			return 0, err
		}
		return fi.Size(), nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if i := slices.IndexFunc(l.segs, func(s Info) bool { return s.ID == id }); i >= 0 {
		return l.segs[i].Size, nil
	}
	return 0, fmt.Errorf("segment %d: %w", id, ErrNotFound)
}

// Close closes the log's files and releases the writer's lock. Every
// append that returned is already durable.
func (l *Log) Close() error {
	l.appendMu.Lock()
	defer l.appendMu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	if l.active != nil && !l.opts.ReadOnly {
		l.seal(l.active)
	}
	l.closeDirect()
	var errs []error
	for _, f := range l.files {
		errs = append(errs, f.Close())
	}
	if l.lock != nil {
		errs = append(errs, l.lock.Close())
	}
	return errors.Join(errs...)
}
