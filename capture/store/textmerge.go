package store

import (
	"context"
	"fmt"
)

// The full-text index (FTS5) is a set of segments: each transaction that
// indexes adds one, and they are merged to keep searches fast and to drop
// what deletes left behind. FTS5 merges as it commits by default; here it
// does not (migration v11), and the writer has it merge when captures
// pause instead, in bounded steps, one per quiet moment while there is
// work: a capture that arrives meanwhile waits for one step at most.

// mergePages bounds one step: about how many leaf pages of merged
// segments FTS5 writes in it. Measured after indexing 20,000 orders
// (BenchmarkBehindCapture/index), 256 took up to 53 ms a step and 64 up
// to 18 ms, for the same work in all: a capture waits for one step.
const mergePages = 64

// mergeText runs one step of FTS5's merge and reports whether it did any
// work (then more may wait). It merges as FTS5's own automerge would have:
// a level once it holds usermerge (4) segments, or segments that deletes
// have hollowed out (deletemerge).
func (s *Store) mergeText(ctx context.Context) (merged bool, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("merge the full-text index: %w", err)
		}
	}()
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	// FTS5 says whether a merge did anything only through the
	// connection's change count: two or more changes mean it did.
	var before, after int64
	if err := conn.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
		return false, err
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO deliveries_fts(deliveries_fts, rank) VALUES ('merge', ?)`, mergePages); err != nil {
		return false, err
	}
	if err := conn.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
		return false, err
	}
	return after-before >= 2, nil
}

// mergeStep is mergeText for the writer: a failure is retried at the next
// quiet moment.
func (s *Store) mergeStep(ctx context.Context) bool {
	more, err := s.mergeText(ctx)
	return err == nil && more
}
