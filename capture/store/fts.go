package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hookscope/hookscope/capture/store/filter"
)

// The full-text index (filter.FTSTable) is kept behind the writer rather
// than by an insert trigger: indexing each delivery inside its capture
// transaction halved capture throughput (BenchmarkInsert, 2 KB bodies).
// Instead the writer indexes what it committed indexDelay after a commit,
// in one transaction for everything since, between two batches; and a
// search with free text first catches the index up itself, so a delivery is
// findable as soon as it is stored. meta.fts_seq is the highest seq indexed:
// every delivery with a seq at or below it is in the index, because seqs
// are handed out in increasing order (insertDelivery) and an undelete,
// which brings back older seqs, indexes what it restores.
//
// Deletes (retention included) remove rows from the index by the delete
// trigger, which is harmless for a row not indexed yet. The update trigger
// stays for edits of the indexed columns, which the store does not make.

// indexDelay is how long after a commit the writer indexes it.
const indexDelay = 100 * time.Millisecond

// ftsDDL creates the index and its delete and update triggers.
const ftsDDL = filter.FTSDDL + `
	DROP TRIGGER deliveries_fts_insert;
	INSERT INTO meta (key, value) VALUES ('fts_seq', 0);`

// ftsRebuilt records, after filter.FTSRebuild, that everything is indexed.
const ftsRebuilt = `UPDATE meta SET value = coalesce((SELECT max(seq) FROM deliveries), 0) WHERE key = 'fts_seq'`

// catchUpIndex indexes the deliveries stored since the last time, in a
// write transaction of its own, which makes two processes sharing the
// store take turns instead of indexing a row twice.
func (s *Store) catchUpIndex(ctx context.Context) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("index deliveries: %w", err)
	}
	defer tx.Rollback()
	if err := indexAfter(ctx, tx); err != nil {
		return fmt.Errorf("index deliveries: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("index deliveries: %w", err)
	}
	return nil
}

// indexAfter indexes, within tx, the deliveries above meta.fts_seq.
func indexAfter(ctx context.Context, tx *sql.Tx) error {
	var indexed, newest int64
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT value FROM meta WHERE key = 'fts_seq'),
		coalesce((SELECT max(seq) FROM deliveries), 0)`).Scan(&indexed, &newest); err != nil {
		return err
	}
	if newest <= indexed {
		return nil
	}
	if _, err := tx.ExecContext(ctx, filter.FTSRebuildFrom, indexed); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'fts_seq'`, newest)
	return err
}

// indexBehind reports whether deliveries are stored that the index does
// not hold yet: one cheap read, made before every free-text search.
func (s *Store) indexBehind(ctx context.Context) (bool, error) {
	var behind bool
	err := s.read.QueryRowContext(ctx, `SELECT coalesce((SELECT max(seq) FROM deliveries), 0) >
		(SELECT value FROM meta WHERE key = 'fts_seq')`).Scan(&behind)
	return behind, err
}

// freshIndex catches the index up before a search with free text. A
// read-only store cannot; the writing process indexes within indexDelay.
func (s *Store) freshIndex(ctx context.Context, e filter.Expr) error {
	if s.write == nil || !filter.HasText(e) {
		return nil
	}
	behind, err := s.indexBehind(ctx)
	if err != nil || !behind {
		return err
	}
	return s.catchUpIndex(ctx)
}
