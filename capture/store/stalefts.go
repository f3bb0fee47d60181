package store

import (
	"context"
	"database/sql"
	"fmt"
)

// A deleted delivery's full-text row and facts stay until the writer
// removes them, once captures pause: the delete (retention's, under load,
// included) only notes the seq in fts_stale (schema v12, v13). A search
// meanwhile finds nothing by them: it matches rowids and the facts' seqs
// against the deliveries there are. An undelete brings a seq back; it
// removes the stale rows before it indexes the delivery again (Undelete).

// staleChunk bounds the deliveries whose full-text rows and facts one step
// removes (about 10 ms of work on the project's machine), so that a
// capture arriving meanwhile waits little.
const staleChunk = 1024

// removeStaleText removes the full-text rows and facts of up to
// staleChunk deleted deliveries and reports whether more wait.
func (s *Store) removeStaleText(ctx context.Context) (more bool, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("remove deleted deliveries from the index: %w", err)
		}
	}()
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var first, last sql.NullInt64
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT min(seq), max(seq), count(*) FROM (SELECT seq FROM fts_stale ORDER BY seq LIMIT ?)`,
		staleChunk).Scan(&first, &last, &n); err != nil {
		return false, err
	}
	if n == 0 {
		return false, nil
	}
	if err := removeStaleRange(ctx, tx, first.Int64, last.Int64); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	return n == staleChunk, nil
}

// removeStaleRange removes, in tx, the full-text rows and facts of the
// deleted deliveries with seqs from first to last.
func removeStaleRange(ctx context.Context, tx *sql.Tx, first, last int64) error {
	for _, table := range []string{"deliveries_fts WHERE rowid", "delivery_facts WHERE seq"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` IN (SELECT seq FROM fts_stale WHERE seq BETWEEN ?1 AND ?2)`,
			first, last); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM fts_stale WHERE seq BETWEEN ?1 AND ?2`, first, last)
	return err
}

// staleStep is removeStaleText for the writer: a failure is retried at
// the next quiet moment.
func (s *Store) staleStep(ctx context.Context) bool {
	more, err := s.removeStaleText(ctx)
	return err == nil && more
}
