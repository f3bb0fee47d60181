package segment

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// recoverTail checks the records of the newest segment f and cuts the file
// at the first that fails, returning where the good records end and
// whether the segment is version 2 (its batches aligned, direct.go).
func (l *Log) recoverTail(f *os.File, id uint64) (int64, bool, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, false, err
	}
	size := fi.Size()
	if size < fileHeaderSize {
		// Created but its header never made durable: the segment was
		// never appended to (newSegment syncs the header first). It
		// starts again as version 1; the next segment is written direct
		// if it can be.
		if err := f.Truncate(0); err != nil {
			return 0, false, err
		}
		if _, err := f.WriteAt([]byte(fileHeader), 0); err != nil {
			return 0, false, err
		}
		l.recovery = Recovery{Segment: id, DroppedBytes: size}
		return fileHeaderSize, false, l.sync(f)
	}
	aligned, err := checkFileHeader(f, id)
	if err != nil {
		return 0, false, err
	}
	from := int64(fileHeaderSize)
	if s := l.opts.ScanFrom; s.Segment == id && s.Offset > fileHeaderSize && s.Offset < size {
		from = s.Offset
	}
	end, err := scanFile(f, from, size, aligned, nil)
	if (err != nil || end == from) && from != fileHeaderSize {
		// The caller's record is not a good one here (zeros are not a
		// record either): check it all.
		end, err = scanFile(f, fileHeaderSize, size, aligned, nil)
	}
	if err != nil && !errors.Is(err, ErrCorrupt) {
		return 0, false, err
	}
	if err == nil {
		// Whatever follows the records is zeros: space the log wrote
		// ahead of them (prezero.go), kept for the next appends.
		return end, aligned, nil
	}
	// A torn batch: cut it off, zeros after it and all, so that no part
	// of it can line up behind a later record and be read as one.
	torn, err := dataEnd(f, end, size)
	if err != nil {
		return 0, false, fmt.Errorf("drop torn tail of segment %d: %w", id, err)
	}
	if err := f.Truncate(end); err != nil {
		return 0, false, fmt.Errorf("drop torn tail of segment %d: %w", id, err)
	}
	if err := l.sync(f); err != nil {
		return 0, false, fmt.Errorf("drop torn tail of segment %d: %w", id, err)
	}
	l.recovery = Recovery{Segment: id, DroppedBytes: torn - end}
	return end, aligned, nil
}

// dataEnd returns the offset after the last byte of f between from and
// size that is not zero, or from if there is none.
func dataEnd(f *os.File, from, size int64) (int64, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(f, from, size-from), 1<<20)
	end, off := from, from
	for {
		b, err := r.Peek(r.Size())
		for i := len(b) - 1; i >= 0; i-- {
			if b[i] != 0 {
				end = off + int64(i) + 1
				break
			}
		}
		off += int64(len(b))
		r.Discard(len(b))
		if err == io.EOF {
			return end, nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			return 0, err
		}
	}
}

// checkFileHeader reads the header of segment f and reports whether its
// batches are aligned (version 2).
func checkFileHeader(f *os.File, id uint64) (aligned bool, err error) {
	var hdr [fileHeaderSize]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		return false, fmt.Errorf("segment %d: %w", id, err)
	}
	switch string(hdr[:]) {
	case fileHeader:
		return false, nil
	case fileHeaderV2:
		return true, nil
	}
	// Refuse rather than truncate what may be someone else's file.
	return false, fmt.Errorf("segment %d: %w: not a hookscope segment (or a newer format)", id, ErrCorrupt)
}

// scanFile reads the records of f from offset from up to size, calling fn
// (when set) with each good one, and returns the offset after the last good
// record. Zeros where a record header belongs end the records when only
// zeros follow them up to size: the space the log writes ahead of its
// records (prezero.go); no record header is zeros, since it starts with
// recordMagic. In an aligned segment (version 2) a zero byte there off a
// multiple of batchAlign starts a batch's padding instead: zeros up to
// the next multiple, where the next batch may begin. It stops with
// ErrCorrupt at the first record that fails its checks, at padding that
// is not zeros, or at zeros that data follows (a torn batch), and with
// fn's error if fn fails.
func scanFile(f *os.File, from, size int64, aligned bool, fn func(Pos, []byte) error) (int64, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(f, from, size-from), 1<<20)
	var hdr [recordHeaderSize]byte
	var payload []byte
	off, end := from, from
	for off < size {
		if aligned && off%batchAlign != 0 {
			if b, err := r.Peek(1); err == nil && b[0] == 0 {
				next := min(alignUp(off), size)
				if err := skipZeros(r, next-off); err != nil {
					return end, fmt.Errorf("%w: padding at %d: %w", ErrCorrupt, off, err)
				}
				off = next
				continue
			}
		}
		n, err := io.ReadFull(r, hdr[:])
		if allZero(hdr[:n]) {
			return end, zerosToEnd(r, off)
		}
		if err != nil {
			return end, fmt.Errorf("%w: torn record header at %d", ErrCorrupt, off)
		}
		length, crc, err := parseHeader(hdr[:], size-off-recordHeaderSize)
		if err != nil {
			return end, fmt.Errorf("at %d: %w", off, err)
		}
		if int64(cap(payload)) < length {
			payload = make([]byte, length)
		}
		payload = payload[:length]
		if _, err := io.ReadFull(r, payload); err != nil {
			return end, fmt.Errorf("%w: torn record at %d", ErrCorrupt, off)
		}
		if err := verify(hdr[:], payload, crc); err != nil {
			return end, fmt.Errorf("at %d: %w", off, err)
		}
		if fn != nil {
			if err := fn(Pos{Offset: off}, payload); err != nil {
				return end, err
			}
		}
		off += recordHeaderSize + length
		end = off
	}
	return end, nil
}

// zerosToEnd reads r, positioned after zeros that stand where the record
// at off would begin, to its end: nil if only zeros follow, ErrCorrupt if
// anything else does.
func zerosToEnd(r *bufio.Reader, off int64) error {
	for {
		b, err := r.Peek(r.Size())
		if !allZero(b) {
			return fmt.Errorf("%w: zeros at %d where a record belongs, and data after them (a torn batch)", ErrCorrupt, off)
		}
		r.Discard(len(b))
		if err == io.EOF {
			return nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			return err
		}
	}
}

// skipZeros reads n bytes of r, an error unless they are all zeros.
func skipZeros(r *bufio.Reader, n int64) error {
	for n > 0 {
		b, err := r.Peek(int(min(n, int64(r.Size()))))
		if !allZero(b) {
			return errors.New("not zeros")
		}
		r.Discard(len(b))
		n -= int64(len(b))
		if err != nil && n > 0 {
			return err
		}
	}
	return nil
}
