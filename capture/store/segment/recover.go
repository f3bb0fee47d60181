package segment

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// recoverTail checks the records of the newest segment f and cuts the file
// at the first that fails, returning where the good records end.
func (l *Log) recoverTail(f *os.File, id uint64) (int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := fi.Size()
	if size < fileHeaderSize {
		// Created but its header never made durable: the segment was
		// never appended to (newSegment syncs the header first).
		if err := f.Truncate(0); err != nil {
			return 0, err
		}
		if _, err := f.WriteAt([]byte(fileHeader), 0); err != nil {
			return 0, err
		}
		l.recovery = Recovery{Segment: id, DroppedBytes: size}
		return fileHeaderSize, l.sync(f)
	}
	if err := checkFileHeader(f, id); err != nil {
		return 0, err
	}
	from := int64(fileHeaderSize)
	if s := l.opts.ScanFrom; s.Segment == id && s.Offset > fileHeaderSize && s.Offset < size {
		from = s.Offset
	}
	end, err := scanFile(f, from, size, nil)
	if (err != nil || end == from) && from != fileHeaderSize {
		// The caller's record is not a good one here (zeros are not a
		// record either): check it all.
		end, err = scanFile(f, fileHeaderSize, size, nil)
	}
	if err != nil && !errors.Is(err, ErrCorrupt) {
		return 0, err
	}
	if err == nil {
		// Whatever follows the records is zeros: space the log wrote
		// ahead of them (prezero.go), kept for the next appends.
		return end, nil
	}
	// A torn batch: cut it off, zeros after it and all, so that no part
	// of it can line up behind a later record and be read as one.
	torn, err := dataEnd(f, end, size)
	if err != nil {
		return 0, fmt.Errorf("drop torn tail of segment %d: %w", id, err)
	}
	if err := f.Truncate(end); err != nil {
		return 0, fmt.Errorf("drop torn tail of segment %d: %w", id, err)
	}
	if err := l.sync(f); err != nil {
		return 0, fmt.Errorf("drop torn tail of segment %d: %w", id, err)
	}
	l.recovery = Recovery{Segment: id, DroppedBytes: torn - end}
	return end, nil
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

func checkFileHeader(f *os.File, id uint64) error {
	var hdr [fileHeaderSize]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		return fmt.Errorf("segment %d: %w", id, err)
	}
	if string(hdr[:]) != fileHeader {
		// Refuse rather than truncate what may be someone else's file.
		return fmt.Errorf("segment %d: %w: not a hookscope segment (or a newer format)", id, ErrCorrupt)
	}
	return nil
}

// scanFile reads the records of f from offset from up to size, calling fn
// (when set) with each good one, and returns the offset after the last good
// record. Zeros where a record header belongs end the records when only
// zeros follow them up to size: the space the log writes ahead of its
// records (prezero.go); no record header is zeros, since it starts with
// recordMagic. It stops with ErrCorrupt at the first record that fails its
// checks, or at zeros that data follows (a torn batch), and with fn's
// error if fn fails.
func scanFile(f *os.File, from, size int64, fn func(Pos, []byte) error) (int64, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(f, from, size-from), 1<<20)
	var hdr [recordHeaderSize]byte
	var payload []byte
	off := from
	for off < size {
		n, err := io.ReadFull(r, hdr[:])
		if allZero(hdr[:n]) {
			return off, zerosToEnd(r, off)
		}
		if err != nil {
			return off, fmt.Errorf("%w: torn record header at %d", ErrCorrupt, off)
		}
		length, crc, err := parseHeader(hdr[:], size-off-recordHeaderSize)
		if err != nil {
			return off, fmt.Errorf("at %d: %w", off, err)
		}
		if int64(cap(payload)) < length {
			payload = make([]byte, length)
		}
		payload = payload[:length]
		if _, err := io.ReadFull(r, payload); err != nil {
			return off, fmt.Errorf("%w: torn record at %d", ErrCorrupt, off)
		}
		if err := verify(hdr[:], payload, crc); err != nil {
			return off, fmt.Errorf("at %d: %w", off, err)
		}
		if fn != nil {
			if err := fn(Pos{Offset: off}, payload); err != nil {
				return off, err
			}
		}
		off += recordHeaderSize + length
	}
	return off, nil
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
