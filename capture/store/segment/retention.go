package segment

import (
	"fmt"
	"os"
	"time"
)

// Retention says which old segments may go. Zero fields keep everything.
type Retention struct {
	// MaxBytes bounds the size of all segments together: the oldest go
	// until the rest fit (the newest always stays, however large).
	MaxBytes int64
	// MaxAge removes a segment once its last append is older than this.
	MaxAge time.Duration
}

// Expired returns the oldest segments that r would remove, oldest first: a
// prefix of the log, never its newest segment. The caller forgets what it
// indexed in them, then calls RemoveThrough with the last one.
func (l *Log) Expired(r Retention, now time.Time) []Info {
	l.mu.Lock()
	defer l.mu.Unlock()
	var total int64
	for _, s := range l.segs {
		total += s.Size
	}
	var out []Info
	for _, s := range l.segs[:max(len(l.segs)-1, 0)] {
		tooBig := r.MaxBytes > 0 && total > r.MaxBytes
		tooOld := r.MaxAge > 0 && now.Sub(s.Modified) > r.MaxAge
		if !tooBig && !tooOld {
			break
		}
		out = append(out, s)
		total -= s.Size
	}
	return out
}

// RemoveThrough deletes the segment files up to and including id, oldest
// first. The newest segment is never removed.
func (l *Log) RemoveThrough(id uint64) error {
	if l.opts.ReadOnly {
		return ErrReadOnly
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	for len(l.segs) > 1 && l.segs[0].ID <= id {
		s := l.segs[0]
		if f := l.files[s.ID]; f != nil {
			f.Close()
			delete(l.files, s.ID)
		}
		if err := os.Remove(l.path(s.ID)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("remove segment %d: %w", s.ID, err)
		}
		l.segs = l.segs[1:]
	}
	return nil
}
