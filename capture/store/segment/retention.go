package segment

import (
	"fmt"
	"os"
)

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
