package store

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hookscope/hookscope/capture/store/segment"
)

// A delivery is acknowledged once its record is in the segment log: the
// Append's fdatasync is what makes it durable, and recovery rebuilds a row
// from its record (segments.go). So the writer does not make a capture
// wait for its row. It acknowledges the batch as soon as the Append
// returns and keeps the batch's rows pending, then commits the pending
// rows of many batches in one SQLite transaction: when captures pause for
// rowIdle, when the oldest has waited rowDelay, or when flushRowsAt are
// pending. Measured in issue 12, a transaction per capture batch (a few
// dozen rows) cost more than the rest of the write path together: BEGIN,
// the commit's WAL frames (one per dirty page, and the index on reversed
// ids dirties about one page per row) and the checkpoints that copy them.
// Many batches in one transaction share the pages they dirty.
//
// What this changes for readers:
//   - this Store's own queries see every delivery Insert acknowledged: a
//     query first has the writer commit what is pending (syncRows);
//   - another process sees a delivery within rowDelay of its ack, plus
//     the commit's own time, well within the half second a TUI beside a
//     serve is promised;
//   - OnCommit (the live hub) is told once the row is committed, with the
//     row's Seq, as before.
//
// A pending row holds no body: the server reuses the body's buffer once
// Insert returns, and the row keeps none anyway (the record has it).

const (
	// rowIdle is how long without a new batch the writer waits before
	// committing the pending rows: a delivery in a quiet moment is
	// listed almost at once.
	rowIdle = 2 * time.Millisecond
	// rowDelay bounds how long a row may stay pending under sustained
	// load.
	rowDelay = 100 * time.Millisecond
	// flushRowsAt is how many pending rows make the writer commit them
	// at once.
	flushRowsAt = 512
	// maxPendingRows bounds the rows pending while their commit keeps
	// failing: past it, captures are refused (503) until a commit
	// succeeds, so memory stays bounded and nothing acknowledged waits on
	// an unbounded list.
	maxPendingRows = 64 * 1024
	// rowRetry is how long the writer waits to try a failed commit of
	// the pending rows again.
	rowRetry = 100 * time.Millisecond
)

// pendingRows are the rows of acknowledged deliveries not committed yet,
// in log order.
type pendingRows struct {
	ds    []*Delivery
	pos   []segment.Pos
	ends  []int64
	since time.Time // when the oldest was acknowledged
	count atomic.Int64
}

// add queues the row of d, whose record is at p and ends at end.
func (p *pendingRows) add(d *Delivery, at segment.Pos, end int64) {
	if len(p.ds) == 0 {
		p.since = time.Now()
	}
	row := *d
	// The server reuses the body's buffer once d is acknowledged; the
	// row keeps neither the body nor the headers (the record has them).
	row.Headers, row.Body = nil, nil
	p.ds, p.pos, p.ends = append(p.ds, &row), append(p.pos, at), append(p.ends, end)
	p.count.Store(int64(len(p.ds)))
}

func (p *pendingRows) reset() {
	clear(p.ds)
	p.ds, p.pos, p.ends = p.ds[:0], p.pos[:0], p.ends[:0]
	p.count.Store(0)
}

// due is when the writer should commit the pending rows, given that the
// last batch was acknowledged now.
func (p *pendingRows) due(now time.Time) time.Duration {
	return min(rowIdle, p.since.Add(rowDelay).Sub(now))
}

// flushRows commits the pending rows, with attempts, in one transaction,
// then tells OnCommit of them in commit order. On failure the rows stay
// pending, to be committed by a later call.
func (s *Store) flushRows(attempts [][]*Attempt) error {
	p := &s.pending
	if len(p.ds) == 0 && len(attempts) == 0 {
		return nil
	}
	if err := s.leanStmts.prepare(context.Background(), s.write, len(p.ds)); err != nil {
		return err
	}
	if err := s.insertRows(context.Background(), nil, attempts, s.logs.ownID, p.ds, p.pos, p.ends); err != nil {
		return err
	}
	s.rowCommits++
	if s.opts.OnCommit != nil {
		for _, d := range p.ds {
			s.opts.OnCommit(d)
		}
	}
	s.sincePrune += len(p.ds)
	p.reset()
	return nil
}

// Deferring reports whether the store is deferring rows behind their
// acknowledgements, which it does only under sustained load: a capture
// server then leaves display-only work (the summary) to the indexer too.
func (s *Store) Deferring() bool { return s.pending.count.Load() > 0 }

// syncRows has the writer commit the rows pending now, so that a query of
// this Store sees every delivery Insert acknowledged. A commit that fails
// is not the query's failure: the rows are durable and a later commit
// lists them. Only ctx ends the wait early.
func (s *Store) syncRows(ctx context.Context) error {
	if s.pending.count.Load() == 0 {
		return nil
	}
	done := make(chan error, 1)
	select {
	case s.syncs <- done:
	case <-s.done:
		return nil // the writer committed what it could as it stopped
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
