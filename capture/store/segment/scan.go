package segment

import (
	"errors"
	"fmt"
)

// Scan calls fn with every record from the one at from (inclusive) to the
// end of the log, in order; a zero from starts at the oldest record. The
// payload is only valid during the call. This is how an index catches up
// with what the log holds beyond the last record it indexed. A record that
// fails its checks stops the scan with ErrCorrupt.
func (l *Log) Scan(from Pos, fn func(Pos, []byte) error) error {
	segs, err := l.Segments()
	if err != nil {
		return err
	}
	for _, s := range segs {
		if s.ID < from.Segment {
			continue
		}
		f, err := l.file(s.ID)
		if errors.Is(err, ErrNotFound) {
			continue // removed by retention since it was listed
		}
		if err != nil {
			return fmt.Errorf("scan segment %d: %w", s.ID, err)
		}
		start := fileHeaderSize
		if s.ID == from.Segment && from.Offset > start {
			start = from.Offset
		}
		size := s.Size
		if l.opts.ReadOnly {
			// Another process appends: take the file as it is now,
			// up to the zeros it writes ahead of its records.
			fi, err := f.Stat()
			if err != nil {
				return fmt.Errorf("scan segment %d: %w", s.ID, err)
			}
			size = fi.Size()
		}
		id := s.ID
		if size <= start {
			continue // nothing past start (or a header being written)
		}
		aligned, err := checkFileHeader(f, id)
		if err != nil {
			return fmt.Errorf("scan segment %d: %w", id, err)
		}
		if _, err := scanFile(f, start, size, aligned, func(p Pos, b []byte) error {
			p.Segment = id
			return fn(p, b)
		}); err != nil {
			return fmt.Errorf("scan segment %d: %w", id, err)
		}
	}
	return nil
}

// Segments lists the log's segments, oldest first.
func (l *Log) Segments() ([]Info, error) {
	if l.opts.ReadOnly {
		segs, err := listSegments(l.dir)
		if err != nil {
			return nil, fmt.Errorf("list segments: %w", err)
		}
		return segs, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, ErrClosed
	}
	return append([]Info(nil), l.segs...), nil
}
