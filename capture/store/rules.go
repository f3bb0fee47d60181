package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// RuleRow is one stored reply rule: its id, its place in the user's order,
// and the rule itself as JSON (package reply reads it).
type RuleRow struct {
	ID       int64
	Position int
	Data     string
}

// Rules returns every reply rule in order, and the rules version they are.
func (s *Store) Rules(ctx context.Context) ([]RuleRow, int64, error) {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("read reply rules: %w", err)
	}
	defer tx.Rollback()
	var version int64
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'rules_version'`).Scan(&version); err != nil {
		return nil, 0, fmt.Errorf("read reply rules: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, position, rule FROM reply_rules ORDER BY position, id`)
	if err != nil {
		return nil, 0, fmt.Errorf("read reply rules: %w", err)
	}
	defer rows.Close()
	var out []RuleRow
	for rows.Next() {
		var r RuleRow
		if err := rows.Scan(&r.ID, &r.Position, &r.Data); err != nil {
			return nil, 0, fmt.Errorf("read reply rules: %w", err)
		}
		out = append(out, r)
	}
	return out, version, rows.Err()
}

// RulesVersion is bumped by every change to the rules, by any process.
func (s *Store) RulesVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.read.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'rules_version'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read rules version: %w", err)
	}
	return v, nil
}

// editRules runs f in a write transaction and bumps the rules version.
func (s *Store) editRules(ctx context.Context, f func(tx *sql.Tx) error) error {
	if s.write == nil {
		return errors.New("store opened read-only")
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("edit reply rules: %w", err)
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'rules_version'`); err != nil {
		return fmt.Errorf("edit reply rules: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("edit reply rules: %w", err)
	}
	return nil
}

// PutRule stores data as rule id, or as a new last rule when id is 0, and
// returns its id.
func (s *Store) PutRule(ctx context.Context, id int64, data string) (int64, error) {
	err := s.editRules(ctx, func(tx *sql.Tx) error {
		if id != 0 {
			res, err := tx.ExecContext(ctx, `UPDATE reply_rules SET rule = ? WHERE id = ?`, data, id)
			if err != nil {
				return fmt.Errorf("update reply rule %d: %w", id, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("reply rule %d: %w", id, ErrNotFound)
			}
			return nil
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO reply_rules (position, rule)
			VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM reply_rules), ?)`, data)
		if err != nil {
			return fmt.Errorf("add reply rule: %w", err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// DeleteRule removes rule id.
func (s *Store) DeleteRule(ctx context.Context, id int64) error {
	return s.editRules(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM reply_rules WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete reply rule %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("reply rule %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// RestoreRule puts back a deleted rule (undo): at its old position, the
// rules from there on moving down one, and under its old id unless a rule
// added since has taken it. It returns the id the rule has now.
func (s *Store) RestoreRule(ctx context.Context, id int64, position int, data string) (int64, error) {
	err := s.editRules(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE reply_rules SET position = position + 1 WHERE position >= ?`, position); err != nil {
			return fmt.Errorf("restore reply rule %d: %w", id, err)
		}
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM reply_rules WHERE id = ?)`, id).Scan(&taken); err != nil {
			return fmt.Errorf("restore reply rule %d: %w", id, err)
		}
		var newID any
		if !taken {
			newID = id
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO reply_rules (id, position, rule) VALUES (?, ?, ?)`, newID, position, data)
		if err != nil {
			return fmt.Errorf("restore reply rule %d: %w", id, err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// MoveRule swaps rule id with its neighbour: up when delta < 0.
func (s *Store) MoveRule(ctx context.Context, id int64, delta int) error {
	return s.editRules(ctx, func(tx *sql.Tx) error {
		var pos int
		if err := tx.QueryRowContext(ctx, `SELECT position FROM reply_rules WHERE id = ?`, id).Scan(&pos); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("reply rule %d: %w", id, ErrNotFound)
			}
			return fmt.Errorf("move reply rule %d: %w", id, err)
		}
		q := `SELECT id, position FROM reply_rules WHERE position > ? ORDER BY position LIMIT 1`
		if delta < 0 {
			q = `SELECT id, position FROM reply_rules WHERE position < ? ORDER BY position DESC LIMIT 1`
		}
		var other int64
		var otherPos int
		if err := tx.QueryRowContext(ctx, q, pos).Scan(&other, &otherPos); errors.Is(err, sql.ErrNoRows) {
			return nil // already first or last
		} else if err != nil {
			return fmt.Errorf("move reply rule %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reply_rules SET position = ? WHERE id = ?`, otherPos, id); err != nil {
			return fmt.Errorf("move reply rule %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reply_rules SET position = ? WHERE id = ?`, pos, other); err != nil {
			return fmt.Errorf("move reply rule %d: %w", id, err)
		}
		return nil
	})
}

// SequenceEpoch changes whenever ResetSequences is called.
func (s *Store) SequenceEpoch(ctx context.Context) (int64, error) {
	var v int64
	if err := s.read.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'sequence_epoch'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read sequence epoch: %w", err)
	}
	return v, nil
}

// ResetSequences asks every process capturing into this store to start its
// reply sequences over.
func (s *Store) ResetSequences(ctx context.Context) error {
	return s.editRules(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'sequence_epoch'`)
		return err
	})
}

// ReplaceRules replaces every rule with data, in order (import).
func (s *Store) ReplaceRules(ctx context.Context, data []string) error {
	return s.editRules(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM reply_rules`); err != nil {
			return fmt.Errorf("replace reply rules: %w", err)
		}
		for i, d := range data {
			if _, err := tx.ExecContext(ctx, `INSERT INTO reply_rules (position, rule) VALUES (?, ?)`, i+1, d); err != nil {
				return fmt.Errorf("replace reply rules: %w", err)
			}
		}
		return nil
	})
}
