package store

import (
	"context"
	"database/sql"
	"fmt"
)

// A backlog (backlog.go) can hold more deliveries than --keep keeps: a
// burst of 262,144 into a store that keeps 100,000. Committing the oldest
// of them would store rows that retention deletes at its next sweep, an
// insert and a delete each: the B-tree churn that issue 12 has retention
// remove whole segments to avoid. So the writer retires them instead of
// committing them. Each gets its seq, in log order as if committed;
// OnCommit hears of it (serve prints its line); the log's last indexed
// record moves past it (segment_logs), so that no Open adopts it again;
// and no row is stored. Retention then removes their segments as it would
// have once their rows were deleted. A delivery retired so is one --keep
// would have deleted: at least Keep deliveries newer than it were
// acknowledged (the backlog holds them, behind it), and it had no row for
// anyone to mark. Measured in issue 12 (12 s of the side-by-side
// benchmark's load against serve, the backlog at its bound from about the
// 7th second, two runs each, alternating): 32.9k-33.8k deliveries a
// second and a p99 of 6.7-7.1 ms, against 29.7k-30.0k and 8.4 ms when
// they were committed.

// expiredInBacklog is how many of the n rows about to be taken from the
// front of the backlog --keep has passed already.
func (s *Store) expiredInBacklog(n int) int {
	if s.opts.Keep <= 0 {
		return 0
	}
	return int(min(int64(n), max(0, s.backlog.Load()-int64(s.keepHeld(n)))))
}

// retireRows gives ds the next seqs, in order, and marks those seqs handed
// out (seq_high, as a delete does), without storing their rows.
func retireRows(ctx context.Context, tx *sql.Tx, ds []*Delivery) error {
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT `+nextSeq).Scan(&seq); err != nil {
		return fmt.Errorf("retire deliveries past --keep: %w", err)
	}
	for i, d := range ds {
		d.Seq = seq + int64(i)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('seq_high', ?)
		ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)`, seq+int64(len(ds))-1); err != nil {
		return fmt.Errorf("retire deliveries past --keep: %w", err)
	}
	return nil
}

// keptOfPrefix is how many of the first n of ds are in kept, a
// subsequence of ds in the same order (unstored's answer).
func keptOfPrefix(kept, ds []*Delivery, n int) int {
	k := 0
	for _, d := range ds[:n] {
		if k < len(kept) && kept[k] == d {
			k++
		}
	}
	return k
}
