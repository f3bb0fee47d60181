package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/hookscope/hookscope/capture/store/segment"
)

// A delivery is acknowledged once its record is in the segment log: the
// Append's fdatasync is what makes it durable, and recovery rebuilds a row
// from its record (segments.go). So a capture does not wait for its row:
// the appender acknowledges the batch as soon as the Append returns and
// leaves the batch's rows to the writer (appender.go), which commits the
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
//     row's Seq, as before;
//   - a store that defers rows while nobody watches (DeferUnwatched,
//     backlog.go) commits a burst's rows only once it pauses, or once a
//     watcher opens the store.
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
	rowDelay = 50 * time.Millisecond
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
	// expired is how many of the first rows --keep has retired before
	// they were committed (expire.go): they get their seqs and are
	// told of, and no row is stored for them.
	expired int
}

// loaded notes that the pending rows are committed because of load, not
// of a pause: the store counts as under load for window more. loadedUntil
// is when, in Unix nanoseconds, the last commit of rows forced by load
// (flushRowsAt pending, or the oldest pending for rowDelay) stops counting
// as load.
func (s *Store) loaded(window time.Duration) {
	s.loadedUntil.Store(time.Now().Add(window).UnixNano())
}

// add queues the row of d, whose record is at p and ends at end.
func (p *pendingRows) add(d *Delivery, at segment.Pos, end int64) {
	if len(p.ds) == 0 {
		p.since = time.Now()
	}
	row := *d
	// The server reuses the body's buffer once d is acknowledged; the
	// row keeps none of what the record has and the row does not (the
	// headers, trailers, body and reply), which a reply echoing the body
	// would make as large as the deliveries.
	row.Headers, row.Body, row.Trailers, row.ReplyHeaders, row.ReplyBody = nil, nil, nil, nil, nil
	p.ds, p.pos, p.ends = append(p.ds, &row), append(p.pos, at), append(p.ends, end)
}

func (p *pendingRows) reset() {
	clear(p.ds)
	p.ds, p.pos, p.ends, p.expired = p.ds[:0], p.pos[:0], p.ends[:0], 0
}

// due is when the writer should commit the pending rows, given that the
// last batch was acknowledged now.
func (p *pendingRows) due(now time.Time) time.Duration {
	return min(rowIdle, p.since.Add(rowDelay).Sub(now))
}

// flushRows commits the pending rows, with attempts, in one transaction,
// then tells OnCommit of them in commit order. On failure the rows stay
// pending, to be committed by a later call, except a row SQLite refuses
// for good (its id is stored already: another delivery took it, by an
// import): the rows are then committed in halves around it, and it is
// set aside, its record kept in the log, and named in the error.
func (s *Store) flushRows(attempts [][]*Attempt) error {
	p := &s.pending
	if len(p.ds) == 0 && len(attempts) == 0 {
		return nil
	}
	err := s.commitRowRange(attempts, 0, len(p.ds), nil)
	if err == nil {
		s.unlisted.Add(-int64(len(p.ds)))
		s.pendingSince.Store(0)
		p.reset()
		return nil
	}
	if !refusedForGood(err) || len(attempts) > 0 || len(p.ds) == 0 {
		return err
	}
	// Find the refused rows by halves; keep pending what a passing
	// failure left uncommitted (the rows after it, in log order).
	state := make([]rowState, len(p.ds))
	s.bisectRows(0, len(p.ds), state)
	var refused []string
	kept, expired := 0, 0
	for i, st := range state {
		switch st {
		case rowRefused:
			refused = append(refused, p.ds[i].ID)
		case rowPending:
			p.ds[kept], p.pos[kept], p.ends[kept] = p.ds[i], p.pos[i], p.ends[i]
			kept++
			if i < p.expired {
				expired++
			}
		}
	}
	p.expired = expired
	clear(p.ds[kept:])
	s.unlisted.Add(int64(kept - len(p.ds)))
	p.ds, p.pos, p.ends = p.ds[:kept], p.pos[:kept], p.ends[:kept]
	if len(refused) == 0 {
		return err
	}
	return &refusedRows{ids: refused, err: err}
}

type rowState uint8

const (
	rowPending rowState = iota
	rowCommitted
	rowRefused
)

// bisectRows commits the pending rows [lo, hi), in halves around the rows
// SQLite refuses for good, and records what became of each in state. It
// stops at the first passing failure, reporting false: a row committed
// after one left pending would move the log's last indexed record past
// it (segment_logs), and recovery would never index it.
func (s *Store) bisectRows(lo, hi int, state []rowState) bool {
	err := s.commitRowRange(nil, lo, hi, state)
	switch {
	case err == nil:
		return true
	case !refusedForGood(err):
		return false
	case hi-lo == 1:
		state[lo] = rowRefused
		return true
	}
	mid := lo + (hi-lo)/2
	return s.bisectRows(lo, mid, state) && s.bisectRows(mid, hi, state)
}

// commitRowRange commits the pending rows [lo, hi) with attempts in one
// transaction and tells OnCommit of them; state, when given, records
// them committed.
func (s *Store) commitRowRange(attempts [][]*Attempt, lo, hi int, state []rowState) error {
	p := &s.pending
	ds := p.ds[lo:hi]
	expired := max(0, min(hi, p.expired)-lo)
	s.rowAttempts++
	if err := s.leanStmts.prepare(context.Background(), s.write, len(ds)-expired); err != nil {
		return err
	}
	// Records a crash left may have been stored since (adoptBacklog).
	recovering := len(ds) > 0 && s.recoveredEnd != (segment.Pos{}) && !before(s.recoveredEnd, p.pos[lo])
	if err := s.insertRows(context.Background(), recovering, attempts, s.logs.ownID, ds, p.pos[lo:hi], p.ends[lo:hi], expired); err != nil {
		return err
	}
	s.rowCommits++
	for i, d := range ds {
		if state != nil {
			state[lo+i] = rowCommitted
		}
		if d.Seq == 0 {
			continue // skipped by recovery: stored already
		}
		if s.opts.OnCommit != nil {
			s.opts.OnCommit(d)
		}
	}
	s.sincePrune += len(ds) - expired // the rows stored
	return nil
}

// refusedForGood reports whether err is SQLite refusing a row for a
// reason no retry changes: its id or seq is stored already.
func refusedForGood(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code()
	return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// refusedRows names the acknowledged deliveries set aside because SQLite
// refuses their rows for good; their records stay in the segment log.
type refusedRows struct {
	ids []string
	err error
}

func (e *refusedRows) Error() string {
	return fmt.Sprintf("%d acknowledged deliveries (%s) are kept in the segment log but cannot be listed: %v",
		len(e.ids), strings.Join(e.ids, ", "), e.err)
}

func (e *refusedRows) Unwrap() error { return e.err }

// Deferring reports whether the store is under sustained load: rows are
// pending behind their acknowledgements, or were committed because of
// load within the last rowDelay. A capture server then leaves
// display-only work (the summary) to the indexer too. The second case
// matters: right after a commit of flushRowsAt rows none are pending, and
// the deliveries of the next few batches would each be summarised, on
// the capture path, in the middle of the burst (measured in issue 12: 0.3
// s of a 10 s run's CPU, 4 µs a delivery).
//
// A backlog (backlog.go) counts among the rows pending.
func (s *Store) Deferring() bool {
	return s.unlisted.Load() > 0 || time.Now().UnixNano() < s.loadedUntil.Load()
}

// syncRows has the writer commit the rows pending now, so that a query of
// this Store sees every delivery Insert acknowledged. When the commit
// fails the query fails with it, saying so: its answer would miss
// deliveries that are stored (durably, in the log) but not listed yet.
func (s *Store) syncRows(ctx context.Context) error {
	if s.unlisted.Load() == 0 {
		return nil
	}
	err := s.askWriter(ctx, true, true)
	if n := s.unlisted.Load(); err != nil && n > 0 {
		return fmt.Errorf("%d stored deliveries are not listed yet: %w", n, err)
	}
	return err
}

// writerAsk asks the writer to commit the rows acknowledged so far, and
// answers on done. retry has it try at once a commit that failed, rather
// than at its rowRetry; all has it commit the backlog too (backlog.go),
// where without it the writer commits a chunk of it at most.
type writerAsk struct {
	done  chan error
	retry bool
	all   bool
}

// askWriter has the writer commit the rows acknowledged so far and waits
// for it.
func (s *Store) askWriter(ctx context.Context, retry, all bool) error {
	ask := writerAsk{done: make(chan error, 1), retry: retry, all: all}
	select {
	case s.syncs <- ask:
	case <-s.done:
		return nil // the writer committed what it could as it stopped
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-ask.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
