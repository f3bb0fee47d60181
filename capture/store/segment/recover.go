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
	if err != nil && from != fileHeaderSize {
		// The caller's record is not a good one here: check it all.
		end, err = scanFile(f, fileHeaderSize, size, nil)
	}
	if err != nil && !errors.Is(err, ErrCorrupt) {
		return 0, err
	}
	if end < size {
		if err := f.Truncate(end); err != nil {
			return 0, fmt.Errorf("drop torn tail of segment %d: %w", id, err)
		}
		if err := l.sync(f); err != nil {
			return 0, fmt.Errorf("drop torn tail of segment %d: %w", id, err)
		}
		l.recovery = Recovery{Segment: id, DroppedBytes: size - end}
	}
	return end, nil
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
// record. It stops with ErrCorrupt at the first record that fails its
// checks, and with fn's error if fn fails.
func scanFile(f *os.File, from, size int64, fn func(Pos, []byte) error) (int64, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(f, from, size-from), 1<<20)
	var hdr [recordHeaderSize]byte
	var payload []byte
	off := from
	for off < size {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
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
