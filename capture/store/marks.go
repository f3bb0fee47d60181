package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// markChunk bounds the ids in one statement (SQLite allows 32766
// parameters).
const markChunk = 500

// Mark marks (or unmarks) the deliveries with the given whole ids and
// returns how many it changed. Marked deliveries are kept by retention.
func (s *Store) Mark(ctx context.Context, ids []string, marked bool) (int, error) {
	if s.write == nil {
		return 0, errors.New("mark deliveries: store opened read-only")
	}
	if err := s.syncRows(ctx); err != nil {
		return 0, err
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("mark deliveries: %w", err)
	}
	defer tx.Rollback()
	n := 0
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), markChunk)]
		ids = ids[len(chunk):]
		args := []any{marked}
		for _, id := range chunk {
			args = append(args, id)
		}
		res, err := tx.ExecContext(ctx, `UPDATE deliveries SET marked = ? WHERE marked <> ?1 AND id IN (?`+
			strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return 0, fmt.Errorf("mark deliveries: %w", err)
		}
		changed, _ := res.RowsAffected()
		n += int(changed)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("mark deliveries: %w", err)
	}
	return n, nil
}
