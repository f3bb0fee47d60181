package store

import (
	"context"
	"fmt"
	"os"
	"time"
)

// The write-ahead log (the -wal file beside the database) holds every
// commit until a checkpoint copies it into the database file. SQLite can
// start the WAL over only when a checkpoint has copied all of it and no
// reader still reads from it, which a checkpoint running beside a writer
// that never pauses does not achieve: under a flood of deliveries the WAL
// grew without limit (2.84 GB against a 50 MB database). So:
//
//   - the checkpointer copies the WAL in the background (PASSIVE: it never
//     blocks the writer or readers), every checkpointEvery commits;
//   - when the WAL passes WALLimit, the writer, between two batches, waits
//     for that copy to finish and restarts the WAL (RESTART), and the next
//     commit cuts the file back to WALLimit (journal_size_limit);
//   - after IdleCheckpoint without a commit, the writer empties the WAL
//     file (TRUNCATE).
//
// The bound: while readers let a checkpoint through, the -wal file stays
// under WALLimit plus what one batch (up to MaxBatch deliveries) writes,
// and is empty once the store has been idle for IdleCheckpoint. RESTART and
// TRUNCATE wait at most checkpointWait for readers of another process
// (a TUI, a list) to leave the WAL; if one holds its snapshot longer, the
// checkpoint copies what it can without them and the writer tries again
// later, so capture never waits on a reader. The WAL can then grow past the
// bound until that reader lets go.

// WALLimit is the size past which the writer restarts the WAL.
const WALLimit = 64 << 20

// IdleCheckpoint is how long the store goes without a commit before the
// writer empties the WAL.
const IdleCheckpoint = 1500 * time.Millisecond

// checkpointWait bounds how long a RESTART or TRUNCATE checkpoint waits for
// readers; capture waits as long at most.
const checkpointWait = 100 * time.Millisecond

// checkpointEvery is how many commits pass between background checkpoints.
const checkpointEvery = 64

// restartBackoff is how many checkpointWaits the writer leaves the WAL
// alone after a reader kept a RESTART from finishing, so that each batch
// does not pay checkpointWait while the reader stays.
const restartBackoff = 5

const (
	checkpointPassive  = "PASSIVE"
	checkpointRestart  = "RESTART"
	checkpointTruncate = "TRUNCATE"
)

// walKeeper is the writer's checkpoint state between batches.
type walKeeper struct {
	commits  int
	restarts int       // RESTART checkpoints run (tests)
	retryAt  time.Time // no RESTART before then
}

// boundWAL runs after each commit, on the writer goroutine.
func (s *Store) boundWAL(k *walKeeper) {
	wal := s.walBytes()
	// A commit of rows holds hundreds of deliveries (rows.go), so a
	// count of commits alone would leave the copying to RESTART, which
	// capture waits for: the background copy also starts once the WAL
	// holds a quarter of the limit.
	if k.commits++; k.commits%checkpointEvery == 0 || wal >= s.opts.walLimit/4 {
		select {
		case s.checkpoint <- struct{}{}:
		default: // one is running or pending already
		}
	}
	// Past the limit, not at it: a WAL that was restarted keeps its file,
	// cut back to exactly the limit (journal_size_limit), and the commits
	// after the restart write over it from its start. The file passes the
	// limit again only once they have filled it.
	if wal <= s.opts.walLimit || time.Now().Before(k.retryAt) {
		return
	}
	k.restarts++
	if done, _ := s.checkpointWAL(checkpointRestart); !done {
		k.retryAt = time.Now().Add(restartBackoff * s.opts.checkpointWait)
	}
}

// truncateIdleWAL empties the WAL; it reports false when it should be
// tried again (a reader was in the way, or the checkpoint failed).
func (s *Store) truncateIdleWAL() bool {
	done, err := s.checkpointWAL(checkpointTruncate)
	return done && err == nil
}

func (s *Store) walBytes() int64 {
	fi, err := os.Stat(s.path + "-wal")
	if err != nil {
		return 0 // no WAL (yet): nothing to bound
	}
	return fi.Size()
}

// checkpointer runs background PASSIVE checkpoints on a read connection.
func (s *Store) checkpointer() {
	defer close(s.checkpointed)
	for range s.checkpoint {
		// Errors and what it could not copy now are retried next time.
		s.checkpointMu.Lock()
		s.read.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		s.checkpointMu.Unlock()
	}
}

// checkpointWAL runs a RESTART or TRUNCATE checkpoint on the write
// connection, between batches, waiting at most checkpointWait for other
// connections. It reports whether the checkpoint completed; when readers
// were in the way SQLite copied what it could, as PASSIVE would.
func (s *Store) checkpointWAL(mode string) (done bool, err error) {
	s.checkpointMu.Lock()
	defer s.checkpointMu.Unlock()
	ctx := context.Background()
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("checkpoint %s: %w", s.path, err)
	}
	defer conn.Close()
	// busy_timeout is per connection: shorten it for the checkpoint only,
	// then give commits back their own.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, s.opts.checkpointWait.Milliseconds())); err != nil {
		return false, fmt.Errorf("checkpoint %s: %w", s.path, err)
	}
	defer conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeout.Milliseconds()))
	var busy, logFrames, copied int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(`+mode+`)`).Scan(&busy, &logFrames, &copied); err != nil {
		return false, fmt.Errorf("checkpoint %s: %w", s.path, err)
	}
	return busy == 0, nil
}
