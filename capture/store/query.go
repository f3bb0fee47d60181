package store

import (
	"context"
	"math"
	"time"

	"github.com/hookscope/hookscope/capture/store/filter"
)

// Filter narrows a listing to the deliveries every set part matches: the
// provider and topic (as the TUI's tree selects them) and a filter
// expression. The zero Filter matches everything.
type Filter struct {
	// ID, when set, is the whole id of the one delivery to match: what
	// the TUI's x deletes.
	ID       string
	Provider string
	Topic    string
	// Expr is a parsed filter expression (filter.Parse); nil matches all.
	Expr filter.Expr
	// Now is the moment relative times in Expr (after:2h) count back
	// from; zero means the time of the query.
	Now time.Time
	// Live marks the query of a view that asks again whenever the store
	// changes, as the TUI's list does. When Expr reads the index
	// (filter.NeedsIndex) and more deliveries than a capture batch wait
	// for it, a Live query answers from the index as it stands and
	// leaves them to the writer, which indexes them once captures pause;
	// LiveBacklog says about how many the answer may miss. Otherwise a
	// query first catches the index up, on the write connection: at
	// every refresh of a view filtered while captures run, that held
	// the row commits behind thousands of deliveries' indexing and
	// slowed capture to the indexer's pace. A command that runs once
	// (list, export, a bulk replay, a delete) leaves Live unset and
	// gets an exact answer.
	Live bool
}

// IsZero reports whether f matches everything.
func (f Filter) IsZero() bool {
	return f.ID == "" && f.Provider == "" && f.Topic == "" && f.Expr == nil
}

// where compiles f into a WHERE clause (with its leading space and
// keyword, or "" for everything) on the deliveries table aliased d, and
// its arguments.
func (s *Store) where(ctx context.Context, f Filter) (string, []any, error) {
	// Every query that filters deliveries comes here first.
	if err := s.syncRows(ctx); err != nil {
		return "", nil, err
	}
	var conds []string
	var args []any
	if f.ID != "" {
		conds, args = append(conds, `id = ?`), append(args, f.ID)
	}
	if f.Provider != "" {
		conds, args = append(conds, `provider = ?`), append(args, f.Provider)
	}
	if f.Topic != "" {
		conds, args = append(conds, `topic = ?`), append(args, f.Topic)
	}
	if f.Expr != nil {
		if filter.NeedsIndex(f.Expr) {
			limit := int64(math.MaxInt64)
			if f.Live {
				limit = s.liveIndexLimit()
			}
			if _, err := s.freshIndexUpTo(ctx, limit); err != nil {
				return "", nil, err
			}
		}
		now := f.Now
		if now.IsZero() {
			now = time.Now()
		}
		cond, exprArgs, err := filter.Compile(f.Expr, now)
		if err != nil {
			return "", nil, err
		}
		conds, args = append(conds, cond), append(args, exprArgs...)
	}
	where := ""
	for _, c := range conds {
		where = andWhere(where, c)
	}
	return where, args, nil
}

// andWhere adds cond to a WHERE clause as where() writes them.
func andWhere(where, cond string) string {
	if where == "" {
		return ` WHERE ` + cond
	}
	return where + ` AND ` + cond
}
