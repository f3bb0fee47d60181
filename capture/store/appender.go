package store

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/hookscope/hookscope/capture/store/segment"
)

// Capture runs on two goroutines, so that committing rows never holds up
// an acknowledgement:
//
//   - the appender takes inserts off the queue in batches, appends the
//     captures' records to the log (one write, one flush), puts their
//     rows in the inbox, and acknowledges them;
//   - the writer takes the inbox's rows and commits them (rows.go), and
//     does everything else that writes SQLite: attempts, imports,
//     retention, indexing and checkpoints.
//
// With one goroutine for both, a commit of hundreds of rows (several ms)
// stopped every append behind it: measured in issue 12, that was most of
// capture's p99, and the CPU idled through each fdatasync that nothing
// else could use. Now the two overlap.
//
// An attempt or an import, which only SQLite holds, the appender hands to
// the writer and waits for, so that it is committed after the rows
// acknowledged before it; they come from a replay or an import, not at
// the rate of captures.
//
// The appender runs at most aheadRows commits' worth of rows ahead of the
// writer: past them it waits for a commit, so that a writer slower than
// the captures slows them down, as it did when one goroutine did both,
// rather than piling up rows until maxPending refuses captures. While
// commits fail it does not wait (they are retried every rowRetry) and
// maxPending bounds the rows.

// aheadRows is how many rows may wait for the writer before the appender
// waits for it, as a multiple of the rows a commit takes under load.
const aheadRows = 4

// listLag is how long an acknowledged row may wait for its commit before
// the appender waits for the writer: it bounds how much later than before
// the split another process (a TUI beside serve) can see a delivery, which
// issue 12 promises within half a second, whatever the captures' rate.
// Rows counted alone do not bound it: aheadRows commits are a quarter
// second at 8k deliveries a second, more at a higher rate. Measured
// (same process / second store), BenchmarkLag's maximum lag is 194 / 205
// ms without this bound and 199 / 228 ms with it; BenchmarkSideBySide's
// p99 21.5 and 19.4 ms with it, 21.4 and 20.0 ms without. At rowDelay
// (50 ms) it engaged in every burst and gave back the p99 that running
// ahead won (29.7 ms, as before the split).
const listLag = 200 * time.Millisecond

// inbox holds the rows the appender acknowledged that the writer has not
// taken yet.
type inbox struct {
	mu   sync.Mutex
	rows pendingRows
}

// handoff is an insert that only the writer can commit; done is closed once
// it has been answered.
type handoff struct {
	req  *insertReq
	done chan struct{}
}

func (s *Store) appender() {
	defer close(s.appended) // tells the writer there is no more
	batch := make([]*insertReq, 0, s.opts.MaxBatch)
	for {
		var first *insertReq
		s.appending.Store(false)
		select {
		case first = <-s.queue:
			s.appending.Store(true)
		case <-s.closing:
			// Closing holds closeMu until closed is set, so no enqueue
			// can race this final drain.
			for batch = drainQueue(batch[:0], s.queue, s.opts.MaxBatch); len(batch) > 0; batch = drainQueue(batch[:0], s.queue, s.opts.MaxBatch) {
				s.appendBatch(batch)
			}
			return
		}
		batch = fillBatch(append(batch[:0], first), s.queue, s.opts.MaxBatch, fillWait)
		if s.opts.onBatch != nil {
			s.opts.onBatch(len(batch))
		}
		s.appendBatch(batch)
		clear(batch)
	}
}

// appendBatch appends the batch's captures and hands its attempts and
// imports to the writer, in queue order.
func (s *Store) appendBatch(batch []*insertReq) {
	start := 0
	for i, req := range batch {
		if req.d == nil {
			s.appendCaptures(batch[start:i])
			h := handoff{req: req, done: make(chan struct{})}
			s.handoffs <- h
			<-h.done
			start = i + 1
		}
	}
	s.appendCaptures(batch[start:])
}

// appendCaptures makes captures durable with one Append and acknowledges
// them; their rows go to the inbox. A failed Append fails every capture
// of the batch.
func (s *Store) appendCaptures(batch []*insertReq) {
	if len(batch) == 0 {
		return
	}
	batch = s.admit(batch)
	err := s.appendRecords(batch)
	if err == nil && len(batch) == 1 && len(s.queue) == 0 {
		// A lone delivery, nothing else waiting: no load to amortise
		// a transaction over, so its row is committed before its ack,
		// and a process that lists right after the 2xx finds it. A
		// failure leaves the row pending; the record is durable. The
		// ack waits rowDelay at most, the longest a row waits under
		// load: a writer held up (by another process's write lock, say)
		// does not hold up the capture.
		ctx, cancel := context.WithTimeout(context.Background(), rowDelay)
		_ = s.askWriter(ctx, false, false)
		cancel()
	}
	for _, req := range batch {
		req.err <- err
	}
}

// admit returns the part of batch whose rows fit under maxPending, and
// refuses the deliveries of the rest. Past aheadRows it first has the
// writer commit what waits (while commits fail, the writer tries again
// only every rowRetry); past listLag it waits rowDelay at most for that.
func (s *Store) admit(batch []*insertReq) []*insertReq {
	n := int64(len(batch))
	var err error
	backlog := s.backlog.Load()
	switch {
	case s.deferringRows.Load() || backlog > 0:
		// Nobody waits for the rows: no list lag to bound, only the
		// backlog, which every row acknowledged joins. The writer trims
		// it to maxBacklog as it takes the rows; a chunk past that, it
		// has fallen behind, and the captures wait for it to trim.
		if s.unlisted.Load()+n > int64(s.opts.maxBacklog+s.opts.backlogChunk) {
			err = s.askWriter(context.Background(), false, false)
		}
	case s.unlisted.Load()+n > int64(min(aheadRows*s.opts.rowsPerCommit, s.opts.maxPending)):
		err = s.askWriter(context.Background(), false, false)
	default:
		oldest := s.oldestUnlisted()
		if oldest == s.lagGaveUp || time.Now().UnixNano()-oldest <= int64(s.opts.listLag) {
			break
		}
		// Bounded, as the lone delivery's wait is: a commit held up by
		// another process's write lock must not hold the captures up
		// too. Given up on, the same oldest row is not waited for again.
		ctx, cancel := context.WithTimeout(context.Background(), rowDelay)
		if s.askWriter(ctx, false, false) != nil && ctx.Err() != nil {
			s.lagGaveUp = oldest
		}
		cancel()
	}
	// The backlog is bounded apart, and waits for no commit to be safe.
	unlisted := s.unlisted.Load() - s.backlog.Load()
	if unlisted+n <= int64(s.opts.maxPending) {
		return batch
	}
	if err == nil {
		err = ErrQueueFull
	}
	why := fmt.Errorf("store delivery: %d deliveries wait to be indexed: %w", unlisted, err)
	room := max(int64(s.opts.maxPending)-unlisted, 0)
	for _, req := range batch[room:] {
		req.err <- why
	}
	return batch[:room]
}

// appendRecords appends the records of the batch's deliveries to the log
// and puts their rows in the inbox.
func (s *Store) appendRecords(batch []*insertReq) error {
	now := time.Now()
	s.arena, s.recs, s.ds = s.arena[:0], s.recs[:0], s.ds[:0]
	ends := make([]int, 0, len(batch))
	for _, req := range batch {
		req.d.ReplyDuration = now.Sub(req.d.ReceivedAt)
		s.arena = encodeRecord(s.arena, req.d)
		s.ds, ends = append(s.ds, req.d), append(ends, len(s.arena))
	}
	defer func() {
		if cap(s.arena) > 4<<20 {
			s.arena = nil // do not keep a huge batch's buffer
		}
		clear(s.ds[:cap(s.ds)])
	}()
	if len(s.ds) == 0 {
		return nil
	}
	start := 0
	for _, end := range ends {
		s.recs = append(s.recs, s.arena[start:end:end])
		start = end
	}
	// Retention removes segment files only while it holds the gate, so
	// it sees every record appended in the inbox or committed.
	s.appendGate.Lock()
	defer s.appendGate.Unlock()
	var err error
	if s.opts.appendFault != nil {
		err = s.opts.appendFault()
	}
	var pos []segment.Pos
	if err == nil {
		pos, err = s.logs.own.Append(s.recs)
	}
	if err != nil {
		return fmt.Errorf("store delivery: %w", err)
	}
	s.inbox.mu.Lock()
	for i, p := range pos {
		s.inbox.rows.add(s.ds[i], p, p.Offset+segment.RecordSize(len(s.recs[i])))
	}
	s.inbox.mu.Unlock()
	s.unlisted.Add(int64(len(pos)))
	select {
	case s.appended <- struct{}{}:
	default: // the writer has been told already
	}
	return nil
}

// capturing reports whether captures are coming in: the appender is
// busy with a batch, or one waits for it. The writer's rowIdle measures a
// pause between them.
func (s *Store) capturing() bool {
	return s.appending.Load() || len(s.queue) > 0
}

// oldestUnlisted is when, in Unix nanoseconds, the oldest row acknowledged
// and not committed was acknowledged; the far future when there is none.
func (s *Store) oldestUnlisted() int64 {
	oldest := s.pendingSince.Load()
	if oldest == 0 {
		s.inbox.mu.Lock()
		if len(s.inbox.rows.ds) > 0 {
			oldest = s.inbox.rows.since.UnixNano()
		}
		s.inbox.mu.Unlock()
	}
	if oldest == 0 {
		return math.MaxInt64
	}
	return oldest
}

// takeAppended moves the inbox's rows to the writer's pending rows, or,
// while the writer defers them or has a backlog, leaves them in the log
// (backlog.go).
func (s *Store) takeAppended() {
	in := &s.inbox
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.rows.ds) == 0 {
		return
	}
	if s.deferringRows.Load() || s.backlog.Load() > 0 {
		s.deferInto(len(in.rows.ds), in.rows.pos[len(in.rows.pos)-1])
		in.rows.reset()
		return
	}
	s.lastTaken = in.rows.pos[len(in.rows.pos)-1]
	p := &s.pending
	if len(p.ds) == 0 {
		p.since = in.rows.since
		s.pendingSince.Store(p.since.UnixNano())
	}
	p.ds, p.pos, p.ends = append(p.ds, in.rows.ds...), append(p.pos, in.rows.pos...), append(p.ends, in.rows.ends...)
	in.rows.reset()
}
