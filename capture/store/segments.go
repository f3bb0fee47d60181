package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/hookscope/hookscope/capture/store/segment"
)

// Deliveries live in segment logs (package segment); their rows in SQLite
// are an index written after the log: list and search columns, and where
// the record is (seg_log, seg_id, seg_offset). A delivery is durable, and
// acknowledged, once its batch's Append returned: one write and one
// fdatasync for the whole batch. The rows' commit that follows needs no
// fsync of its own (the write connection runs synchronous=NORMAL): what a
// crash or power loss takes from it, recovery rebuilds from the records.
//
// The logs are directories <db>.segments/N, one per process writing at a
// time: segment.Open's flock lets one writer into each, and a second
// process capturing into the store (serve beside a TUI) takes the next
// free one, or makes one. segment_logs holds, per log, the last record
// whose row is committed, updated in the rows' transaction; so on Open,
// for every log no living process holds, the records after it are exactly
// those whose rows a crash lost, and recovery inserts them (recoverLog).
// Rows written before v8 keep their headers and body in their columns and
// have no seg_log; Get reads them from there.

// segmentsDir is where the store at path keeps its logs.
func segmentsDir(path string) string { return path + ".segments" }

// logs are the segment logs a Store uses: its own (nil when read-only) and
// those of other processes, opened read-only when a record is read there.
type logs struct {
	dir   string
	own   *segment.Log
	ownID int64

	mu     sync.Mutex
	others map[int64]*segment.Log
	closed bool
}

// openLogs takes a log to write to and recovers every log whose writer is
// gone. Called by Open after migration, before the writer starts.
func (s *Store) openLogs(ctx context.Context) error {
	s.logs = &logs{dir: segmentsDir(s.path), others: map[int64]*segment.Log{}}
	if err := os.MkdirAll(s.logs.dir, 0o700); err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	ids, err := listLogs(s.logs.dir)
	if err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	for _, id := range ids {
		l, err := s.openLog(ctx, id, s.logs.own == nil)
		if errors.Is(err, segment.ErrLocked) {
			continue // a living process writes it
		}
		if err != nil {
			return err
		}
		if s.logs.own == nil {
			s.logs.own, s.logs.ownID = l, id
		} else if err := l.Close(); err != nil {
			return fmt.Errorf("open store %s: %w", s.path, err)
		}
	}
	// Every log is held by another process: start one. Two processes
	// starting at once race for the same number; the loser takes the next.
	next := int64(1)
	if len(ids) > 0 {
		next = ids[len(ids)-1] + 1
	}
	for ; s.logs.own == nil; next++ {
		l, err := s.openLog(ctx, next, true)
		if errors.Is(err, segment.ErrLocked) {
			continue
		}
		if err != nil {
			return err
		}
		s.logs.own, s.logs.ownID = l, next
	}
	return nil
}

// listLogs returns the numbers of the logs in dir, in order.
func listLogs(dir string) ([]int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, e := range entries {
		id, err := strconv.ParseInt(e.Name(), 10, 64)
		if err == nil && id > 0 && e.IsDir() {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

func (l *logs) path(id int64) string { return filepath.Join(l.dir, strconv.FormatInt(id, 10)) }

// openLog opens log id for writing and indexes what its rows miss.
//
// The log this Store will write to (adopt) is not recovered here: the rows
// of its records after the last committed are its backlog (backlog.go),
// which the writer commits as soon as it starts, and which read-only
// Stores wait for, so that Open, and serve's capture port, do not wait
// for them. (Measured in issue 12: recovering 50,000 rows took Open
// 0.6-0.9 s, many to a statement; adopting them, 42-49 ms.)
func (s *Store) openLog(ctx context.Context, id int64, adopt bool) (*segment.Log, error) {
	last, _, err := s.lastIndexed(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("open store %s: segment log %d: %w", s.path, id, err)
	}
	l, err := segment.Open(s.logs.path(id), segment.Options{ScanFrom: last, SegmentSize: s.opts.segmentSize})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", s.path, err)
	}
	// Read again now that the log's lock is ours: another process may
	// have recovered it between the two reads, and its rows since been
	// deleted; recovering from the first read would bring them back.
	// (The first read only spares Open a scan of the segment's head.)
	last, known, err := s.lastIndexed(ctx, id)
	if err != nil {
		l.Close()
		return nil, fmt.Errorf("open store %s: segment log %d: %w", s.path, id, err)
	}
	if adopt {
		adopted, err := s.adoptBacklog(ctx, id, l, last, known)
		if err != nil {
			l.Close()
			return nil, fmt.Errorf("open store %s: segment log %d: %w", s.path, id, err)
		}
		if adopted {
			return l, nil
		}
	} else if err := s.recoverLog(ctx, id, l, last, known); err != nil {
		l.Close()
		return nil, fmt.Errorf("open store %s: recover segment log %d: %w", s.path, id, err)
	}
	// A backlog its writer left (backlog.go) is recovered with the rest.
	if err := s.forgetUnindexed(ctx, id); err != nil {
		l.Close()
		return nil, fmt.Errorf("open store %s: segment log %d: %w", s.path, id, err)
	}
	return l, nil
}

// lastIndexed is the last record of log id whose row was committed.
func (s *Store) lastIndexed(ctx context.Context, id int64) (p segment.Pos, known bool, err error) {
	err = s.write.QueryRowContext(ctx, `SELECT seg_id, seg_offset FROM segment_logs WHERE log = ?`, id).Scan(&p.Segment, &p.Offset)
	if errors.Is(err, sql.ErrNoRows) {
		return segment.Pos{}, false, nil
	}
	return p, err == nil, err
}

// recoveryChunk bounds the rows one recovery transaction inserts.
const recoveryChunk = 1024

// recoverLog inserts the rows of the records after last in a log whose
// writer is gone and which this Store does not adopt (openLog), which a
// crash kept from being committed: the batches acknowledged just before it, a
// backlog (backlog.go), or what synchronous=NORMAL lost to a power cut. A
// record whose id is stored already (an import that failed as a whole
// after its Append) is skipped. The rows go in as the writer's do, many
// to a statement (leanrows.go): one at a time, the 256Ki rows a backlog
// may hold kept the capture port closed for seconds.
func (s *Store) recoverLog(ctx context.Context, id int64, l *segment.Log, last segment.Pos, known bool) error {
	var batch []*Delivery
	var at []segment.Pos
	var ends []int64
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.leanStmts.prepare(ctx, s.write, len(batch))
		if err == nil {
			err = s.insertRows(ctx, true, nil, id, batch, at, ends, 0)
		}
		batch, at, ends = batch[:0], at[:0], ends[:0]
		return err
	}
	err := l.Scan(last, func(p segment.Pos, b []byte) error {
		if known && p == last {
			return nil
		}
		// The row holds no headers nor body: they are read from the
		// record when shown.
		d, _, err := decodeRecordRow(b)
		if err != nil {
			return fmt.Errorf("record %s: %w", p, err)
		}
		batch, at = append(batch, d), append(at, p)
		ends = append(ends, p.Offset+segment.RecordSize(len(b)))
		if len(batch) == recoveryChunk {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// insertRows commits attempts and the rows of ds, whose records are at pos
// in log id, and moves the log's last indexed record to the last of them:
// all in one transaction, so that recovery never inserts a row twice nor
// misses one. ends[i] is where ds[i]'s record ends in its segment.
// recovering skips the records whose ids are stored already, leaving
// their Seq 0. The first expired of ds are retired, not stored
// (retireRows). leanStmts.prepare should have readied the statements for
// the rest (see insertLeanRows).
func (s *Store) insertRows(ctx context.Context, recovering bool, attempts [][]*Attempt, id int64, ds []*Delivery, pos []segment.Pos, ends []int64, expired int) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store delivery: begin: %w", err)
	}
	defer tx.Rollback()
	for _, as := range attempts {
		if err := insertAttempts(ctx, tx.StmtContext(ctx, s.insertTry), as); err != nil {
			return err
		}
	}
	if len(ds) > 0 {
		fresh, freshPos := ds, pos
		if recovering {
			if fresh, freshPos, err = unstored(ctx, tx, ds, pos); err != nil {
				return fmt.Errorf("store delivery: %w", err)
			}
			expired = keptOfPrefix(fresh, ds, expired)
		}
		if expired > 0 {
			if err := retireRows(ctx, tx, fresh[:expired]); err != nil {
				return err
			}
			fresh, freshPos = fresh[expired:], freshPos[expired:]
		}
		if len(fresh) > 0 {
			if err := s.insertLeanRows(ctx, tx, fresh, id, freshPos); err != nil {
				return err
			}
		}
		p := pos[len(pos)-1]
		if _, err := tx.ExecContext(ctx, `INSERT INTO segment_logs (log, seg_id, seg_offset) VALUES (?, ?, ?)
			ON CONFLICT (log) DO UPDATE SET seg_id = excluded.seg_id, seg_offset = excluded.seg_offset`, id, p.Segment, p.Offset); err != nil {
			return fmt.Errorf("store delivery: %w", err)
		}
		if err := noteSegments(ctx, tx, id, ds, pos, ends); err != nil {
			return fmt.Errorf("store delivery: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store delivery: commit: %w", err)
	}
	return nil
}

// unstored returns the deliveries of ds (at pos) whose ids tx does not
// hold yet, with their positions.
func unstored(ctx context.Context, tx *sql.Tx, ds []*Delivery, pos []segment.Pos) ([]*Delivery, []segment.Pos, error) {
	stored := map[string]bool{}
	const perQuery = 500
	args := make([]any, 0, perQuery)
	for start := 0; start < len(ds); start += perQuery {
		chunk := ds[start:min(start+perQuery, len(ds))]
		args = args[:0]
		for _, d := range chunk {
			args = append(args, d.ID)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM deliveries WHERE id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, nil, err
			}
			stored[id] = true
		}
		if err := rows.Close(); err != nil {
			return nil, nil, err
		}
	}
	if len(stored) == 0 {
		return ds, pos, nil
	}
	var fresh []*Delivery
	var freshPos []segment.Pos
	for i, d := range ds {
		if !stored[d.ID] {
			fresh, freshPos = append(fresh, d), append(freshPos, pos[i])
		}
	}
	return fresh, freshPos, nil
}

// readRecord reads the delivery whose record is at p in log id, checking
// that it is the delivery with this id.
func (s *Store) readRecord(log int64, p segment.Pos, id string) (*Delivery, error) {
	l, err := s.logs.reader(log)
	if err != nil {
		return nil, err
	}
	b, err := l.Read(p)
	if err != nil {
		return nil, err
	}
	d, err := decodeRecord(b)
	if err != nil {
		return nil, fmt.Errorf("record %d/%s: %w", log, p, err)
	}
	if d.ID != id {
		return nil, fmt.Errorf("record %d/%s: %w: holds delivery %s", log, p, errBadRecord, d.ID)
	}
	return d, nil
}

// reader returns a log to read log id from: the store's own, or another
// process's opened read-only.
func (l *logs) reader(id int64) (*segment.Log, error) {
	if l.own != nil && id == l.ownID {
		return l.own, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, ErrClosed
	}
	if r := l.others[id]; r != nil {
		return r, nil
	}
	r, err := segment.Open(l.path(id), segment.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	l.others[id] = r
	return r, nil
}

func (l *logs) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	var errs []error
	for _, r := range l.others {
		errs = append(errs, r.Close())
	}
	if l.own != nil {
		errs = append(errs, l.own.Close())
	}
	return errors.Join(errs...)
}
