package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hookscope/hookscope/capture/store/segment"
)

// Retention runs in the writer every pruneEvery inserts once capture
// pauses (every pruneUnderLoad while it does not, see store.go), at Open,
// and with KeepFor every ageSweep. It deletes rows first, then whole
// segment files:
//
//   - Keep deletes the unmarked rows below max(seq)-Keep: a range of the
//     primary key, as before the segment logs; a sweep may delete only
//     the oldest of them, and may leave them while they are few (sweep).
//   - KeepBytes and KeepFor pick whole segments from segment_files (oldest
//     first by their newest seq, never a log's newest segment) and delete
//     their unmarked rows, one seq range per segment; a bounded sweep
//     deletes the oldest of them, and the next sweep goes on.
//   - Once that delete committed, every segment of this store's own log
//     that no row points into, in deliveries or in the trash, is removed,
//     oldest first up to the first one still in use, and its segment_files
//     row after the file. The index never points into a missing file, and
//     a deleted delivery stays restorable until the trash is emptied.
//
// Marked deliveries stay, and keep their segment. Rows stored before the
// segment logs (no seg_log) go by Keep only. The segments of another log
// are removed by the process that writes it, or by the next Open that
// takes that log over.

// retains reports whether any retention rule is set.
func (o Options) retains() bool { return o.Keep > 0 || o.KeepBytes > 0 || o.KeepFor > 0 }

// keepHeld is how many deliveries --keep keeps now, about to tell
// OnCommit of n more: Keep, or, while a reader of OnCommit is behind
// (Options.HoldRetention), maxBacklog more.
func (s *Store) keepHeld(n int) int {
	if s.holding(n) {
		return s.opts.Keep + s.opts.maxBacklog
	}
	return s.opts.Keep
}

// holding reports whether Options.HoldRetention holds retention back.
func (s *Store) holding(n int) bool {
	return s.opts.HoldRetention != nil && s.opts.HoldRetention(n)
}

// noteSegments records, in tx, that the rows ds (with their records at pos,
// ending at ends) are in their segments: one segment per Append, more for
// recovery's chunks.
func noteSegments(ctx context.Context, tx *sql.Tx, log int64, ds []*Delivery, pos []segment.Pos, ends []int64) error {
	for i := 0; i < len(ds); {
		j, first, last, at := i, int64(0), int64(0), int64(0)
		for ; j < len(ds) && pos[j].Segment == pos[i].Segment; j++ {
			if ds[j].Seq == 0 {
				continue // a record stored already, skipped by recovery
			}
			if first == 0 {
				first = ds[j].Seq
			}
			last, at = ds[j].Seq, max(at, ds[j].ReceivedAt.UnixNano())
		}
		if first != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO segment_files (log, seg_id, first_seq, last_seq, bytes, last_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (log, seg_id) DO UPDATE SET
				first_seq = min(first_seq, excluded.first_seq), last_seq = max(last_seq, excluded.last_seq),
				bytes = max(bytes, excluded.bytes), last_at = max(last_at, excluded.last_at)`,
				log, pos[i].Segment, first, last, ends[j-1], at); err != nil {
				return err
			}
		}
		i = j
	}
	return nil
}

// A sweep is how much one prune deletes; the zero sweep deletes every row
// the rules let go.
type sweep struct {
	// limit, when positive, bounds how many rows the sweep deletes, the
	// oldest first: Keep's, then the expired segments', oldest segment
	// first.
	limit int
	// slack is how many rows past Keep are left alone: a sweep deletes
	// nothing by Keep until more than slack are past it.
	slack int
}

// prune applies the retention rules (see above). It reports whether the
// sweep's limit left rows that the rules let go.
func (s *Store) prune(ctx context.Context, sw sweep) (more bool, err error) {
	if !s.opts.retains() {
		return false, nil
	}
	if more, err = s.pruneRows(ctx, sw); err != nil {
		return false, fmt.Errorf("prune %s: %w", s.path, err)
	}
	if err := s.removeSegments(ctx); err != nil {
		return false, fmt.Errorf("prune %s: %w", s.path, err)
	}
	return more, nil
}

// expiredSegments are the segments KeepBytes or KeepFor let go: a segment
// goes when it and the newer ones hold more than KeepBytes, or when its
// newest delivery is older than KeepFor.
const expiredSegments = `SELECT log, seg_id, first_seq, last_seq FROM (
	SELECT log, seg_id, first_seq, last_seq, last_at,
		sum(bytes) OVER (ORDER BY last_seq DESC) AS from_here,
		seg_id = max(seg_id) OVER (PARTITION BY log) AS newest
	FROM segment_files)
	WHERE NOT newest AND (?1 > 0 AND from_here > ?1 OR ?2 > 0 AND last_at < ?2)`

func (s *Store) pruneRows(ctx context.Context, sw sweep) (more bool, err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	// budget is how many more rows the sweep may delete; -1, no bound
	// (SQLite's LIMIT -1).
	budget := int64(-1)
	if sw.limit > 0 {
		budget = int64(sw.limit)
	}
	if s.opts.Keep > 0 {
		var n int64
		keep := s.keepHeld(0) // what it deletes was told of already
		s.pruneHeld = keep != s.opts.Keep
		if n, more, err = pruneBeyond(ctx, tx, keep, sw); err != nil {
			return false, err
		}
		if budget >= 0 {
			budget = max(budget-n, 0)
		}
	}
	if (s.opts.KeepBytes > 0 || s.opts.KeepFor > 0) && budget != 0 {
		var before int64
		if s.opts.KeepFor > 0 {
			before = time.Now().Add(-s.opts.KeepFor).UnixNano()
		}
		type seg struct{ log, id, first, last int64 }
		var segs []seg
		rs, err := tx.QueryContext(ctx, expiredSegments, s.opts.KeepBytes, before)
		if err != nil {
			return false, err
		}
		for rs.Next() {
			var g seg
			if err := rs.Scan(&g.log, &g.id, &g.first, &g.last); err != nil {
				rs.Close()
				return false, err
			}
			segs = append(segs, g)
		}
		if err := rs.Close(); err != nil {
			return false, err
		}
		for _, g := range segs {
			// The oldest rows of the segment, as many as the budget
			// lets go: a segment holds tens of thousands of
			// deliveries, and deleting them all at once held the
			// writer, and every capture waiting on it, for seconds.
			// The attempts first, while their deliveries' ids are
			// there.
			const rows = `SELECT %s FROM deliveries WHERE seq BETWEEN ?1 AND ?2 AND seg_log = ?3 AND seg_id = ?4 AND marked = 0
				ORDER BY seq LIMIT ?5`
			if _, err := tx.ExecContext(ctx, `DELETE FROM attempts WHERE delivery_id IN (`+fmt.Sprintf(rows, "id")+`)`,
				g.first, g.last, g.log, g.id, budget); err != nil {
				return false, err
			}
			res, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE seq IN (`+fmt.Sprintf(rows, "seq")+`)`,
				g.first, g.last, g.log, g.id, budget)
			if err != nil {
				return false, err
			}
			if budget < 0 {
				continue
			}
			n, err := res.RowsAffected()
			if err != nil {
				return false, err
			}
			if budget = max(budget-n, 0); budget == 0 {
				more = true
				break
			}
		}
	}
	return more, tx.Commit()
}

// pruneBeyond deletes the unmarked deliveries older than the newest keep,
// as much of them as sw lets it; it reports how many it deleted, and
// whether it left some.
func pruneBeyond(ctx context.Context, tx *sql.Tx, keep int, sw sweep) (deleted int64, more bool, err error) {
	// The newest Keep seqs are those above max-Keep. Seqs deleted by the
	// user leave gaps, so fewer may remain, never more. (Finding the cutoff
	// with OFFSET would walk every row.)
	var newest sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(seq) FROM deliveries`).Scan(&newest); err != nil {
		return 0, false, err
	}
	cutoff := newest.Int64 - int64(keep)
	if !newest.Valid || cutoff <= 0 {
		return 0, false, nil
	}
	// The oldest that may go: marked deliveries stay. They are few, and
	// the walks below start past them.
	var oldest int64
	switch err := tx.QueryRowContext(ctx, `SELECT seq FROM deliveries WHERE marked = 0 ORDER BY seq LIMIT 1`).Scan(&oldest); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, nil
	case err != nil:
		return 0, false, err
	}
	// How many are past keep, at most (gaps and marked ones counted too).
	if past := cutoff - oldest + 1; past <= 0 || past <= int64(sw.slack) {
		return 0, false, nil
	}
	if sw.limit > 0 {
		var last int64
		err := tx.QueryRowContext(ctx, `SELECT seq FROM deliveries WHERE seq <= ? AND marked = 0 ORDER BY seq LIMIT 1 OFFSET ?`,
			cutoff, sw.limit-1).Scan(&last)
		switch {
		case err == nil && last < cutoff:
			cutoff, more = last, true
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return 0, false, err
		}
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE seq <= ? AND marked = 0`, cutoff)
	if err != nil {
		return 0, false, err
	}
	if deleted, err = res.RowsAffected(); err != nil {
		return 0, false, err
	}
	// Attempts go with their delivery; ids sort as they were received, so
	// those of pruned deliveries are below the oldest id kept unmarked.
	_, err = tx.ExecContext(ctx, `DELETE FROM attempts WHERE delivery_id < coalesce((SELECT id FROM deliveries WHERE seq > ?1 ORDER BY seq LIMIT 1), '~')
		AND delivery_id NOT IN (SELECT id FROM deliveries WHERE marked <> 0)`, cutoff)
	return deleted, more, err
}

// segmentsInUse lists the own log's known segments, oldest first, and
// whether a row, stored or in the trash, points into each.
const segmentsInUse = `SELECT seg_id,
	EXISTS (SELECT 1 FROM deliveries d WHERE d.seq BETWEEN f.first_seq AND f.last_seq AND d.seg_log = f.log AND d.seg_id = f.seg_id)
	OR EXISTS (SELECT 1 FROM deleted_deliveries t WHERE t.seg_log = f.log AND t.seg_id = f.seg_id)
	FROM segment_files f WHERE log = ? ORDER BY seg_id`

// removeSegments removes the own log's oldest segments that nothing points
// into any more (see above).
func (s *Store) removeSegments(ctx context.Context) error {
	rs, err := s.write.QueryContext(ctx, segmentsInUse, s.logs.ownID)
	if err != nil {
		return err
	}
	var through int64 = -1
	for rs.Next() {
		var id int64
		var used bool
		if err := rs.Scan(&id, &used); err != nil {
			rs.Close()
			return err
		}
		if used {
			break
		}
		through = id
	}
	if err := rs.Close(); err != nil || through < 0 {
		return err
	}
	// The rows of records appended since the last commit are not in
	// SQLite yet. Today's rules never let their segments go (they are the
	// newest, or newer than the newest row, which every rule keeps), but
	// that holds by an argument about every rule, present and future: so
	// with the appender held at the gate, where each such record's row is
	// pending or in the inbox, no segment from the oldest of them on goes.
	// (Rows are committed only on this goroutine, so none was since the
	// query.)
	s.appendGate.Lock()
	defer s.appendGate.Unlock()
	s.takeAppended()
	if len(s.pending.pos) > 0 {
		through = min(through, int64(s.pending.pos[0].Segment)-1)
	}
	if through < 0 {
		return nil
	}
	// RemoveThrough keeps the newest segment, the one appended to. Its
	// segment_files row may go all the same: nothing points into it, and
	// the next Append into it writes the row afresh.
	if err := s.logs.own.RemoveThrough(uint64(through)); err != nil {
		return err
	}
	_, err = s.write.ExecContext(ctx, `DELETE FROM segment_files WHERE log = ? AND seg_id <= ?`, s.logs.ownID, through)
	return err
}
