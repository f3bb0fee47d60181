package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// importedMark begins the reply_rule column of an imported delivery. It
// records Imported without a schema migration: the unit separator cannot
// be part of a rule name hookscope writes, and the store strips the mark
// when reading, so every reader sees the rule as it was.
const importedMark = "imported\x1f"

func ruleColumn(d *Delivery) string {
	if d.Imported {
		return importedMark + d.ReplyRule
	}
	return d.ReplyRule
}

func splitRuleColumn(col string) (imported bool, rule string) {
	if rest, ok := strings.CutPrefix(col, importedMark); ok {
		return true, rest
	}
	return false, col
}

// InsertImported stores deliveries read from a file, and their attempts,
// in one transaction of their own: all of them or, on any error, none.
// Each is marked Imported and keeps its ReplyDuration. An id already in
// the store fails the whole import (callers check with Has first).
func (s *Store) InsertImported(ctx context.Context, ds []*Delivery, attempts []*Attempt) error {
	if s.write == nil {
		return errors.New("import deliveries: store opened read-only")
	}
	if len(ds) == 0 && len(attempts) == 0 {
		return nil
	}
	for _, d := range ds {
		d.Imported = true
	}
	req := &insertReq{imported: ds, attempts: attempts, err: make(chan error, 1)}
	if req.imported == nil {
		req.imported = []*Delivery{}
	}
	if err := s.enqueue(ctx, req); err != nil {
		return fmt.Errorf("import deliveries: %w", err)
	}
	select {
	case err := <-req.err:
		if err != nil {
			return fmt.Errorf("import deliveries (nothing was imported): %w", err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Has reports whether a delivery with exactly this id is stored.
func (s *Store) Has(ctx context.Context, id string) (bool, error) {
	if err := s.syncRows(ctx); err != nil {
		return false, err
	}
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries WHERE id = ?`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("look up delivery %s: %w", id, err)
	}
	return n > 0, nil
}
