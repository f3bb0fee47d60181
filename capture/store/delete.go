package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Deleted deliveries move, with their attempts, to the trash tables
// (trashDDL) under a batch number, in the delete's transaction; Undelete
// moves them back unchanged (same ids, seqs, bytes), and the batch is
// forgotten when the Store that deleted it closes. A batch left by a
// process that was killed is forgotten by the next Open after trashKeep.
//
// A deleted seq is never handed out again (meta.seq_high), so an undelete
// always gets its seqs back and a follower of ListAfterSeq is never handed
// a new delivery under a seq it has seen.

// trashKeep is how long a batch nobody will undo stays in the trash.
const trashKeep = 24 * time.Hour

// Undo brings back what one Delete removed (Store.Undelete).
type Undo struct {
	batch int64
	// Count is how many deliveries were deleted.
	Count int
}

// Delete removes every delivery f matches, with its attempts, and returns
// how to bring them back. The zero Filter deletes everything.
func (s *Store) Delete(ctx context.Context, f Filter) (Undo, error) {
	if s.write == nil {
		return Undo{}, errors.New("delete deliveries: store opened read-only")
	}
	// Before the transaction: a filter that reads the index may catch it
	// up on the write connection.
	where, args, err := s.where(ctx, f)
	if err != nil {
		return Undo{}, fmt.Errorf("delete deliveries: %w", err)
	}
	batch := s.nextBatch()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return Undo{}, fmt.Errorf("delete deliveries: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO deleted_deliveries SELECT ?, d.* FROM deliveries d`+where, append([]any{batch}, args...)...)
	if err != nil {
		return Undo{}, fmt.Errorf("delete deliveries: %w", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return Undo{}, nil
	}
	for _, q := range []string{
		`INSERT INTO deleted_attempts SELECT ?1, a.* FROM attempts a WHERE delivery_id IN (SELECT id FROM deleted_deliveries WHERE batch = ?1)`,
		`DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deleted_deliveries WHERE batch = ?1)`,
		`DELETE FROM deliveries WHERE seq IN (SELECT seq FROM deleted_deliveries WHERE batch = ?1)`,
		`UPDATE meta SET value = max(value, (SELECT max(seq) FROM deleted_deliveries WHERE batch = ?1)) WHERE key = 'seq_high'`,
	} {
		if _, err := tx.ExecContext(ctx, q, batch); err != nil {
			return Undo{}, fmt.Errorf("delete deliveries: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return Undo{}, fmt.Errorf("delete deliveries: %w", err)
	}
	s.trashMu.Lock()
	s.trash = append(s.trash, batch)
	s.trashMu.Unlock()
	return Undo{batch: batch, Count: int(n)}, nil
}

// nextBatch numbers a delete: its time, so an abandoned batch's age shows,
// and above the last one this process made.
func (s *Store) nextBatch() int64 {
	s.trashMu.Lock()
	defer s.trashMu.Unlock()
	b := max(time.Now().UnixNano(), s.lastBatch+1)
	s.lastBatch = b
	return b
}

// Undelete restores what u's Delete removed, exactly as it was, and
// returns how many deliveries came back. It fails, restoring nothing, if a
// delivery with one of the ids was stored since (an import).
func (s *Store) Undelete(ctx context.Context, u Undo) (int, error) {
	if s.write == nil {
		return 0, errors.New("undelete: store opened read-only")
	}
	if u.batch == 0 {
		return 0, nil
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("undelete: %w", err)
	}
	defer tx.Rollback()
	var n int64
	for _, table := range []string{"deliveries", "attempts"} {
		cols, err := columns(ctx, tx, table)
		if err != nil {
			return 0, fmt.Errorf("undelete: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+cols+`) SELECT `+cols+` FROM deleted_`+table+` WHERE batch = ?`, u.batch)
		if err != nil {
			return 0, fmt.Errorf("undelete: %w", err)
		}
		if table == "deliveries" {
			n, _ = res.RowsAffected()
		}
	}
	// The rows below what the indexer reached must be indexed here; the
	// others it reaches itself.
	restored, err := s.readIndexRows(ctx, tx, `seq IN (SELECT seq FROM deleted_deliveries WHERE batch = ?)
		AND seq <= (SELECT value FROM meta WHERE key = 'indexed_seq') ORDER BY seq`, u.batch)
	if err == nil && len(restored) > 0 {
		// Their full-text rows may not be removed yet (stalefts.go):
		// they go before the new ones come.
		err = removeStaleRange(ctx, tx, restored[0].seq, restored[len(restored)-1].seq)
	}
	if err == nil {
		err = s.index(ctx, tx, restored)
	}
	if err != nil {
		return 0, fmt.Errorf("undelete: index: %w", err)
	}
	if err := forgetBatch(ctx, tx, u.batch); err != nil {
		return 0, fmt.Errorf("undelete: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("undelete: %w", err)
	}
	return int(n), nil
}

// columns lists a table's columns for an INSERT … SELECT.
func columns(ctx context.Context, tx *sql.Tx, table string) (string, error) {
	var cols string
	err := tx.QueryRowContext(ctx, `SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_table_info(?) ORDER BY cid)`, table).Scan(&cols)
	return cols, err
}

func forgetBatch(ctx context.Context, tx *sql.Tx, batch int64) error {
	for _, q := range []string{`DELETE FROM deleted_deliveries WHERE batch = ?`, `DELETE FROM deleted_attempts WHERE batch = ?`} {
		if _, err := tx.ExecContext(ctx, q, batch); err != nil {
			return err
		}
	}
	return nil
}

// emptyTrash forgets the batches this Store deleted (at Close) and those
// older than trashKeep.
func (s *Store) emptyTrash(ctx context.Context) error {
	s.trashMu.Lock()
	batches := s.trash
	s.trash = nil
	s.trashMu.Unlock()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("empty trash: %w", err)
	}
	defer tx.Rollback()
	for _, b := range batches {
		if err := forgetBatch(ctx, tx, b); err != nil {
			return fmt.Errorf("empty trash: %w", err)
		}
	}
	old := time.Now().Add(-trashKeep).UnixNano()
	for _, q := range []string{`DELETE FROM deleted_deliveries WHERE batch < ?`, `DELETE FROM deleted_attempts WHERE batch < ?`} {
		if _, err := tx.ExecContext(ctx, q, old); err != nil {
			return fmt.Errorf("empty trash: %w", err)
		}
	}
	return tx.Commit()
}
