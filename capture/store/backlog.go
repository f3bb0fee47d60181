package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hookscope/hookscope/capture/store/segment"
)

// Under load, what a capture costs is mostly its row: measured in issue
// 12, committing rows (SQLite's B-trees, the WAL, its checkpoints) took
// durable capture from 0.59 of a bare server's rate to 0.40. Yet nobody
// may be reading the rows while a burst lasts: `hookscope serve` alone,
// a retry storm, a bulk redelivery. A store opened with DeferUnwatched
// then defers them: while captures keep coming and no watcher (see
// watchers.go) has the store open, the writer commits no rows at all.
// A delivery is durable all the same, its record in the log fdatasync'd
// before its 2xx, and its row is in the record, so the rows wait in the
// log itself (the backlog), costing no memory; once the captures pause,
// the writer reads them back in log order and commits them, as recovery
// would after a crash (segments.go), and OnCommit hears of them then.
//
// What a user sees: serve prints a burst's lines once it pauses; a TUI,
// list or show opened meanwhile makes the writer catch up (a read-only
// one waits for it, awaitIndexed), and while one is open the writer
// defers nothing; a crash leaves the backlog to the next writer, whose
// Open adopts it (adoptBacklog) and whose writer commits it, a Close
// commits it first. The backlog is bounded by maxBacklog: past it the
// writer, still deferring, commits its oldest rows, a chunk at a time, as
// many as captures add (trimBacklog), so that the catch-up after the
// burst takes no longer than the bound allows. It does not catch up the
// whole backlog while captures go on: that took the CPU the captures
// needed just when they were most (measured at trimBacklog).

const (
	// maxBacklog bounds the deliveries a deferring writer leaves in the
	// log: how long its catch-up, or the next writer's after a crash
	// (adoptBacklog), can take. Measured in issue 12 with 250,000 small
	// deliveries: 3.0 s to catch up (12 µs a row).
	maxBacklog = 256 * 1024
	// backlogChunk is how many rows a step of catch-up commits: a
	// capture that arrives meanwhile waits for one at most.
	backlogChunk = 1024
	// pauseEnds is how long without a new batch ends a deferral.
	pauseEnds = 20 * time.Millisecond
	// awaitIndexedFor bounds how long a read-only Store waits at Open
	// for a writer to commit its backlog.
	awaitIndexedFor = 30 * time.Second
	// markTimeout bounds the write that marks a log as backlogged: a
	// writer that cannot mark it (another process holds the database's
	// write lock) does not defer.
	markTimeout = 50 * time.Millisecond
)

// unindexedKey is the meta key that marks log as having a backlog, for
// readers to wait for (awaitIndexed).
func unindexedKey(log int64) string { return unindexedPrefix + strconv.FormatInt(log, 10) }

const unindexedPrefix = "unindexed:"

// mayDefer reports whether the writer may start deferring rows.
func (s *Store) mayDefer(now time.Time) bool {
	return s.watchers != nil && s.backlog.Load() < int64(s.opts.maxBacklog) && !s.watchers.present(now)
}

// startDeferring marks the log as backlogged, then defers rows: from now
// on takeAppended leaves them in the log.
func (s *Store) startDeferring() {
	if !s.marked {
		ctx, cancel := context.WithTimeout(context.Background(), markTimeout)
		err := s.markUnindexed(ctx, s.logs.ownID)
		cancel()
		if err != nil {
			return
		}
		s.marked = true
	}
	s.deferringRows.Store(true)
}

// keepDeferring reports whether a deferral goes on, ending it when a
// watcher has come.
func (s *Store) keepDeferring(now time.Time) bool {
	if !s.deferringRows.Load() {
		return false
	}
	if !s.watchers.present(now) {
		return true
	}
	s.deferringRows.Store(false)
	return false
}

// trimBacklog commits the oldest rows of a backlog that reached its bound,
// a chunk at a time, until it is below it; the deferral goes on. Measured
// in issue 12 (12 s of the side-by-side benchmark's load against serve,
// past the bound from about the 7th second, two runs each, alternating):
// 25.9k-26.8k deliveries a second and a p99 of 14.6-15.8 ms when the
// writer caught the whole backlog up instead; 32.1k-32.9k and 7.9-8.1 ms.
func (s *Store) trimBacklog() error {
	for s.backlog.Load() >= int64(s.opts.maxBacklog) {
		err := s.commitPending(nil)
		if err == nil {
			err = s.commitBacklogChunk()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// deferInto leaves the rows of records appended up to last in the log:
// n more in the backlog. The writer calls it instead of taking them
// pending while it defers or has a backlog, so that rows are committed in
// log order.
func (s *Store) deferInto(n int, last segment.Pos) {
	s.backlog.Add(int64(n))
	s.backlogEnd = last
}

// adoptBacklog makes the records of log id (opened as l) after last, the
// last whose row was committed, the backlog of this Store, which is to
// write to l: rows a crash kept from being committed. It marks the log,
// for read-only Stores to wait for, and reports whether there were any.
func (s *Store) adoptBacklog(ctx context.Context, id int64, l *segment.Log, last segment.Pos, known bool) (bool, error) {
	var n int64
	var end segment.Pos
	err := l.Scan(last, func(p segment.Pos, _ []byte) error {
		if !known || p != last {
			n, end = n+1, p
		}
		return nil
	})
	if err != nil || n == 0 {
		return false, err
	}
	if err := s.markUnindexed(ctx, id); err != nil {
		return false, err
	}
	s.marked = true
	s.backlog.Store(n)
	s.unlisted.Store(n)
	s.backlogEnd, s.recoveredEnd = end, end
	return true, nil
}

// catchUpStep commits the pending rows, then, unless the writer defers, a
// chunk of the backlog; once there is none left it unmarks the log.
func (s *Store) catchUpStep() error {
	if err := s.commitPending(nil); err != nil {
		return err
	}
	if s.deferringRows.Load() {
		return nil
	}
	return s.commitBacklogChunk()
}

// commitBacklogChunk commits the oldest chunk of the backlog, which needs
// no rows pending; once there is none left it unmarks the log.
func (s *Store) commitBacklogChunk() error {
	if s.backlog.Load() > 0 {
		err := s.fillFromBacklog(s.opts.backlogChunk)
		if err == nil {
			err = s.commitPending(nil)
		}
		if err != nil {
			return err
		}
	}
	if s.backlog.Load() == 0 && s.marked {
		s.unmark()
	}
	return nil
}

// catchUpAll ends a deferral and commits every row acknowledged so far:
// for a query of this Store, or a Close. Captures may go on meanwhile;
// their rows join the backlog, and those after the call's are left.
func (s *Store) catchUpAll() error {
	s.deferringRows.Store(false)
	target := s.backlogEnd
	for {
		if err := s.catchUpStep(); err != nil {
			return err
		}
		if s.backlog.Load() == 0 || !before(s.lastTaken, target) {
			return nil
		}
		s.takeAppended()
	}
}

func before(a, b segment.Pos) bool {
	return a.Segment < b.Segment || a.Segment == b.Segment && a.Offset < b.Offset
}

var errChunkFull = errors.New("chunk full")

// fillFromBacklog reads up to n rows of the backlog from the log into the
// pending rows, which must be empty. A backlog the log no longer holds
// whole (a record that fails its checks) is given up, saying how many
// deliveries it leaves unlisted: they stay in the log.
func (s *Store) fillFromBacklog(n int) error {
	p := &s.pending
	expired := s.expiredInBacklog(n)
	taken := 0
	err := s.logs.own.Scan(s.lastTaken, func(at segment.Pos, b []byte) error {
		if at == s.lastTaken {
			return nil // committed already
		}
		d, _, err := decodeRecordRow(b)
		if err != nil {
			return fmt.Errorf("record %s: %w", at, err)
		}
		p.add(d, at, at.Offset+segment.RecordSize(len(b)))
		s.lastTaken = at
		if taken++; taken == n || at == s.backlogEnd {
			return errChunkFull
		}
		return nil
	})
	if taken > 0 {
		s.pendingSince.Store(p.since.UnixNano())
	}
	p.expired = min(expired, taken)
	s.backlog.Add(-int64(taken))
	if errors.Is(err, errChunkFull) && (taken == n || s.backlog.Load() == 0) {
		return nil
	}
	lost := s.backlog.Swap(0)
	s.unlisted.Add(-lost)
	s.lastTaken = s.backlogEnd
	if err == nil {
		err = errors.New("the log ends before them")
	}
	return fmt.Errorf("%d acknowledged deliveries are kept in the segment log but cannot be listed: %w", lost, err)
}

// unmark says the log has no backlog any more; a failure leaves it
// marked, for the next step to try again.
func (s *Store) unmark() {
	if err := s.forgetUnindexed(context.Background(), s.logs.ownID); err == nil {
		s.marked = false
	}
}

// markUnindexed marks log id as having a backlog, for read-only Stores
// to wait for (awaitIndexed).
func (s *Store) markUnindexed(ctx context.Context, id int64) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, 1) ON CONFLICT (key) DO NOTHING`, unindexedKey(id))
	return err
}

// forgetUnindexed unmarks log id: its backlog is committed, or recovered.
func (s *Store) forgetUnindexed(ctx context.Context, id int64) error {
	_, err := s.write.ExecContext(ctx, `DELETE FROM meta WHERE key = ?`, unindexedKey(id))
	return err
}

// awaitIndexed waits, up to awaitIndexedFor, until no writer that is
// still running has a backlog: a read-only Store then lists every
// delivery acknowledged before it opened. Having opened the watchers
// lock first, it is seen by those writers, which stop deferring and
// catch up. A mark left by a writer that is gone is not waited for: the
// next writer to open the store recovers that log.
func (s *Store) awaitIndexed(ctx context.Context) error {
	deadline := time.Now().Add(awaitIndexedFor)
	for {
		ids, err := s.unindexedLogs(ctx)
		if err != nil {
			return err
		}
		waiting := false
		for _, id := range ids {
			if (s.logs.own == nil || id != s.logs.ownID) && segment.Held(s.logs.path(id)) {
				waiting = true
			}
		}
		if !waiting || time.Now().After(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// unindexedLogs lists the logs marked as having a backlog.
func (s *Store) unindexedLogs(ctx context.Context) ([]int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT key FROM meta WHERE key >= ? AND key < ?`,
		unindexedPrefix, unindexedPrefix[:len(unindexedPrefix)-1]+";")
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", s.path, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, fmt.Errorf("open store %s: %w", s.path, err)
		}
		if id, err := strconv.ParseInt(strings.TrimPrefix(key, unindexedPrefix), 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

// watchStore registers this Store as a watcher for as long as it is open
// and, when wait is set, waits for the writers' backlogs. A store the
// lock cannot be taken in (a read-only directory) is read without it.
func (s *Store) watchStore(ctx context.Context, wait bool) error {
	f, err := watch(s.logs.dir)
	if err != nil {
		return nil
	}
	s.watch = f
	if !wait {
		return nil
	}
	return s.awaitIndexed(ctx)
}
