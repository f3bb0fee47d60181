// Package store keeps captured deliveries: each one a record in an
// append-only segment log (package segment), indexed by rows in an embedded
// SQLite database (modernc.org/sqlite, pure Go) in WAL mode.
//
// Inserts go through one appender goroutine that appends concurrent
// inserts with one write and one flush (group commit): a caller of
// Insert returns only once its delivery is durable, yet a burst of
// deliveries costs one sync, not one each. The rows follow on the writer
// goroutine, many batches to a transaction (appender.go, rows.go). Readers
// use their own connections, so listing never waits for the writer, and
// several hookscope processes can share one database file.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookscope/hookscope/capture/store/segment"

	"modernc.org/sqlite" // also registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors callers may test for with errors.Is.
var (
	ErrNotFound    = errors.New("delivery not found")
	ErrClosed      = errors.New("store is closed")
	ErrQueueFull   = errors.New("store write queue is full")
	ErrNewerSchema = errors.New("store written by a newer hookscope")
)

// DefaultKeep is how many deliveries a store keeps unless told otherwise.
const DefaultKeep = 100_000

// Options tune a store. The zero value is usable.
type Options struct {
	// Keep is how many deliveries to retain; older ones are deleted.
	// Zero means DefaultKeep; negative keeps everything.
	Keep int
	// KeepBytes, when positive, bounds the segment logs' size: the oldest
	// whole segments go, with their deliveries, until the rest fit
	// (retention.go). The newest segment of a log always stays.
	KeepBytes int64
	// KeepFor, when positive, removes a whole segment, with its
	// deliveries, once its newest delivery is older than this.
	KeepFor time.Duration
	// QueueSize bounds how many inserts may wait for the writer.
	QueueSize int
	// MaxBatch bounds how many inserts share one transaction.
	MaxBatch int
	// EnqueueTimeout is how long Insert waits for room in a full queue
	// before giving up with ErrQueueFull.
	EnqueueTimeout time.Duration
	// ReadOnly opens an existing store for reading only (list, show): no
	// migration, no retention sweep, no writer.
	ReadOnly bool
	// OnCommit, when set, is called by the writer after each commit with
	// the batch in commit (Seq) order. It runs on the write path and must
	// not block; hub.Hub.Publish is made for it.
	OnCommit func(*Delivery)
	// HoldRetention, when set, reports whether a reader of OnCommit is
	// behind and may still read back from the store deliveries it lost,
	// or would lose some of n more told of now (hub.Subscription.Behind,
	// for serve's printer). While it is, --keep deletes and retires
	// (expire.go) only past maxBacklog more deliveries than Keep: a
	// reader slower than a burst still gets every delivery, and one that
	// stopped reading cannot make the store grow without bound.
	HoldRetention func(n int) bool
	// EventKeys, when set, tells the indexer a delivery's event id (it
	// runs behind the writer, never on the capture path). Without it,
	// retries are found by body hash alone.
	EventKeys func(*Delivery) EventKeys
	// DeferUnwatched lets the writer leave rows in the log under load
	// while no other Store has this one open (backlog.go): capture at
	// the rate of the log alone, the rows committed once captures pause.
	// For a process nobody watches but through other processes, such as
	// `hookscope serve`: its own OnCommit hears of a burst's deliveries
	// only once it pauses.
	DeferUnwatched bool

	// Tests shrink these; zero means WALLimit, IdleCheckpoint and
	// checkpointWait.
	walLimit       int64
	idleCheckpoint time.Duration
	checkpointWait time.Duration
	// onBatch, when set, is told the size of each batch the writer commits.
	onBatch func(size int)
	// indexDelay, when positive, replaces indexDelay (index.go).
	indexDelay time.Duration
	// ageSweep, when positive, replaces ageSweep.
	ageSweep time.Duration
	// rowsPerCommit and maxPending, when positive, replace flushRowsAt
	// and maxPendingRows (rows.go).
	rowsPerCommit int
	maxPending    int
	// loadWindow, when positive, replaces rowDelay as how long the store
	// reports Deferring after rows were committed because of load.
	loadWindow time.Duration
	// listLag, when positive, replaces listLag (appender.go).
	listLag time.Duration
	// segmentSize, when positive, is the segment logs' rotation size.
	segmentSize int64
	// maxBacklog and backlogChunk, when positive, replace maxBacklog
	// and backlogChunk (backlog.go).
	maxBacklog   int
	backlogChunk int
	// pauseEnds, when positive, replaces pauseEnds.
	pauseEnds time.Duration
	// appendFault, when set, is asked before each Append to the log; an
	// error fails the Append as a full disk would.
	appendFault func() error
	// writerHeld, when set, holds the writer back until it is closed.
	writerHeld <-chan struct{}
}

func (o Options) withDefaults() Options {
	if o.Keep == 0 {
		o.Keep = DefaultKeep
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 4096
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 256
	}
	if o.EnqueueTimeout <= 0 {
		o.EnqueueTimeout = 5 * time.Second
	}
	if o.walLimit <= 0 {
		o.walLimit = WALLimit
	}
	if o.idleCheckpoint <= 0 {
		o.idleCheckpoint = IdleCheckpoint
	}
	if o.checkpointWait <= 0 {
		o.checkpointWait = checkpointWait
	}
	if o.indexDelay <= 0 {
		o.indexDelay = indexDelay
	}
	if o.ageSweep <= 0 {
		o.ageSweep = ageSweep
	}
	if o.rowsPerCommit <= 0 {
		o.rowsPerCommit = flushRowsAt
	}
	if o.loadWindow <= 0 {
		o.loadWindow = rowDelay
	}
	if o.listLag <= 0 {
		o.listLag = listLag
	}
	if o.maxPending <= 0 {
		o.maxPending = maxPendingRows
	}
	if o.maxBacklog <= 0 {
		o.maxBacklog = maxBacklog
	}
	if o.backlogChunk <= 0 {
		o.backlogChunk = backlogChunk
	}
	if o.pauseEnds <= 0 {
		o.pauseEnds = pauseEnds
	}
	return o
}

// pruneEvery is how many inserts pass between retention sweeps once
// capture pauses; such a sweep is a step of the writer's idle work
// (pruneStep). Under sustained load (no quiet indexDelay between commits)
// the writer sweeps every pruneUnderLoad inserts instead, and --keep
// deletes only once the deliveries past it outnumber half of it
// (loadSlack): a burst is better answered first and tidied after. Either
// sweep deletes at most pruneStepRows, so that the captures waiting on the
// writer wait for one short sweep (measured in issue 12: 8,192 a sweep
// held them for 0.1-0.3 s, 1,024 for 20-30 ms, for about the same CPU a
// delivery once the facts no longer go in the delete).
const (
	pruneEvery     = 512
	pruneUnderLoad = 1024
	pruneStepRows  = 1024
)

// ageSweep is how often the writer sweeps retention when KeepFor is set.
const ageSweep = time.Minute

// Store is an open database of deliveries. It is safe for concurrent use.
type Store struct {
	path  string
	opts  Options
	write *sql.DB // one connection, owned by the writer goroutine
	read  *sql.DB

	insertRow    *sql.Stmt      // prepared once on the write connection: imports
	leanStmts    leanStatements // the same, for captures, whose records are in logs
	insertTry    *sql.Stmt      // the same, for attempts
	checkpoint   chan struct{}  // wakes the checkpointer; never blocks the writer
	checkpointed chan struct{}  // closed when the checkpointer has stopped
	checkpointMu sync.Mutex     // one checkpoint at a time from this process

	queue    chan *insertReq
	closing  chan struct{}
	done     chan struct{}
	once     sync.Once
	closeMu  sync.RWMutex // held for reading while enqueueing, for writing while closing
	closed   bool
	closeErr error

	indexMu sync.Mutex // one indexer at a time in this process

	logs *logs // the segment logs (segments.go)
	// The appender's buffers for a batch's records, kept between batches.
	arena []byte
	recs  [][]byte
	ds    []*Delivery

	// The appender's side (appender.go).
	appended   chan struct{} // wakes the writer: rows are in the inbox; closed when the appender stops
	handoffs   chan handoff
	inbox      inbox
	appendGate sync.Mutex   // held across an Append and its rows' move to the inbox
	unlisted   atomic.Int64 // rows acknowledged, not committed yet: the inbox's and pending's
	appending  atomic.Bool  // the appender is busy with a batch
	lagGaveUp  int64        // the oldest unlisted row's time when the appender last gave up waiting for its commit (admit)

	pending      pendingRows  // taken from the inbox, not committed yet (rows.go)
	pendingSince atomic.Int64 // pending.since in Unix nanoseconds, 0 when none are
	loadedUntil  atomic.Int64
	syncs        chan writerAsk
	wal          walKeeper
	sincePrune   int       // rows committed since the last retention sweep
	pruneBehind  bool      // a sweep left deliveries past --keep for the idle steps
	pruneHeld    bool      // a sweep kept more while HoldRetention held it: the next idle step sweeps again once it lets go
	rowRetryAt   time.Time // a failed commit of rows is retried from then
	rowErr       error     // and failed with this
	rowCommits   int       // transactions of rows committed (tests)
	rowAttempts  int       // and tried (tests)

	// Rows deferred while nobody watches (backlog.go). The writer owns
	// all but the atomics, which the appender reads.
	deferringRows atomic.Bool  // the writer leaves new rows in the log
	backlog       atomic.Int64 // rows acknowledged that only the log holds
	backlogEnd    segment.Pos  // the last of them
	recoveredEnd  segment.Pos  // the last a crash left (adoptBacklog), whose ids may be stored already
	lastTaken     segment.Pos  // the last record whose row is pending or committed
	lastAppended  time.Time    // when the writer last heard of a batch
	marked        bool         // the log is marked as backlogged in meta
	watchers      *watchers    // a deferring Store's view of the watchers lock
	watch         *os.File     // any other Store's share of it

	trashMu   sync.Mutex
	trash     []int64 // batches this Store deleted, forgotten at Close
	lastBatch int64
}

// insertReq is a delivery, or attempts, for the writer to commit.
type insertReq struct {
	d        *Delivery
	attempts []*Attempt
	// imported, when set, are committed together in a transaction of
	// their own (with attempts), so that one bad row fails the import
	// alone and never a live capture sharing its batch.
	imported []*Delivery
	err      chan error
}

// Open opens (creating when needed) the store at path and brings its schema
// up to date.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	opts = opts.withDefaults()
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
		if err := checkWritable(path); err != nil {
			return nil, err
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{path: path, opts: opts, closing: make(chan struct{}), done: make(chan struct{})}

	var err error
	if s.read, err = openReader(path, opts.ReadOnly); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.read.SetMaxOpenConns(4)
	if opts.ReadOnly {
		if err := checkVersion(ctx, s.read, path); err != nil {
			s.read.Close()
			return nil, err
		}
		s.logs = &logs{dir: segmentsDir(path), others: map[int64]*segment.Log{}}
		close(s.done)
		s.closed = true
		if err := s.watchStore(ctx, true); err != nil {
			s.Close()
			return nil, err
		}
		return s, nil
	}
	// NORMAL: the rows' commit needs no fsync, the segment log's
	// fdatasync made the delivery durable (segments.go).
	if s.write, err = openDB(path, "NORMAL"); err != nil {
		s.read.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.write.SetMaxOpenConns(1)
	err = retryBusy(ctx, func() error { return migrate(ctx, s.write, path) })
	if err == nil {
		err = s.openLogs(ctx)
	}
	if err == nil {
		err = retryBusy(ctx, func() error { return s.prepareWriter(ctx) })
	}
	if err == nil {
		s.lastTaken, _, err = s.lastIndexed(ctx, s.logs.ownID)
	}
	if err == nil && opts.DeferUnwatched {
		s.watchers, err = openWatchers(s.logs.dir)
	} else if err == nil {
		// A Store that lists at once is a watcher: a deferring writer
		// beside it commits its rows as they come, which it sees.
		err = s.watchStore(ctx, false)
	}
	if err != nil {
		if s.logs != nil {
			s.logs.close()
		}
		s.write.Close()
		s.read.Close()
		return nil, err
	}
	s.queue = make(chan *insertReq, opts.QueueSize)
	s.syncs = make(chan writerAsk)
	s.appended, s.handoffs = make(chan struct{}, 1), make(chan handoff)
	s.checkpoint, s.checkpointed = make(chan struct{}, 1), make(chan struct{})
	go s.checkpointer()
	go s.appender()
	go s.writer()
	return s, nil
}

// retryBusy retries f while SQLite answers SQLITE_BUSY without consulting
// its busy handler, which it does while another process is switching a new
// database file to WAL mode.
func retryBusy(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := f()
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// prepareWriter readies the write connection. Checkpoints (copying the WAL
// into the database file) are taken off its commits: SQLite would otherwise
// run one inside a commit every 1000 pages, and capture would wait for it.
// The checkpointer does them concurrently, and the writer bounds the WAL
// between batches (see wal.go).
func (s *Store) prepareWriter(ctx context.Context) error {
	// journal_size_limit: the first commit after the WAL is reset cuts the
	// file back to the limit, so it does not keep its high-water size.
	if _, err := s.write.ExecContext(ctx, fmt.Sprintf(`PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = %d`,
		s.opts.walLimit)); err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	// The trash first: the segments its rows pinned may go.
	if err := s.emptyTrash(ctx); err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	if _, err := s.prune(ctx, sweep{}); err != nil {
		return err
	}
	// What a process that stopped before indexing left behind is indexed
	// by the writer once it runs (its index timer starts armed), in
	// chunks between captures: after a crash at saturation that can be
	// 100,000 deliveries, ten seconds the capture port stayed closed.
	var err error
	if s.insertRow, err = s.write.PrepareContext(ctx, insertDelivery); err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	if s.insertTry, err = s.write.PrepareContext(ctx, insertAttempt); err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	return nil
}

// busyTimeout is how long a statement waits for another connection's lock,
// such as another process committing, before failing with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// openDB opens connections that could write even for a read-only Store:
// SQLite's mode=ro cannot recover or checkpoint a WAL left by a process
// that was killed, and a reader must still see what that process stored.
// ReadOnly is kept by never issuing a write.
func openDB(path, synchronous string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous("+synchronous+")")
	// A multi-row insert keeps a statement journal, to undo the statement
	// alone if a row fails: in memory it costs no write to a temp file.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	return sql.Open("sqlite", fileURI(path, q))
}

// fileURI is path as an SQLite URI filename with the parameters q. A path
// is not a URI: its '?' would start the parameters and its '#' a fragment,
// so a store in ~/my#dir opened another file. They are percent-encoded,
// and so is '%', which SQLite decodes.
func fileURI(path string, q url.Values) string {
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + escaped + "?" + q.Encode()
}

func checkVersion(ctx context.Context, db *sql.DB, path string) error {
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("read schema version of %s: %w", path, err)
	}
	if version > SchemaVersion {
		return fmt.Errorf("%w: %s has schema v%d, this hookscope knows up to v%d; upgrade hookscope or use another --db",
			ErrNewerSchema, path, version, SchemaVersion)
	}
	if version < SchemaVersion {
		return fmt.Errorf("open store %s: schema v%d is older than v%d; open it once with `hookscope serve` to upgrade", path, version, SchemaVersion)
	}
	return nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close stops the writer after it has committed every queued insert, then
// closes the database. Calling it again returns the first result.
func (s *Store) Close() error {
	s.once.Do(func() {
		s.closeMu.Lock()
		wasClosed := s.closed
		s.closed = true
		s.closeMu.Unlock()
		if !wasClosed {
			close(s.closing)
		}
		<-s.done
		var errs []error
		if s.write != nil {
			close(s.checkpoint)
			<-s.checkpointed
			errs = append(errs, s.emptyTrash(context.Background()))
			// Leave an empty WAL behind when no reader is in the way;
			// other processes may still be using the store.
			s.checkpointWAL(checkpointTruncate)
			errs = append(errs, s.insertRow.Close(), s.insertTry.Close(), s.leanStmts.close(), s.write.Close())
		}
		if s.watchers != nil {
			errs = append(errs, s.watchers.close())
		}
		if s.watch != nil {
			errs = append(errs, s.watch.Close())
		}
		errs = append(errs, s.logs.close(), s.read.Close())
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// Insert stores d and returns once it is durable: its record is in the
// segment log, fdatasync'd. Its row may be committed a moment later
// (rows.go): this Store's queries see it already, another process within
// rowDelay, and OnCommit is told with the row's Seq (d.Seq stays unset).
// It fills in ReplyDuration as the time from d.ReceivedAt to the moment the
// batch holding d was written, which is when the reply can be sent.
func (s *Store) Insert(ctx context.Context, d *Delivery) error {
	req := &insertReq{d: d, err: make(chan error, 1)}
	if err := s.enqueue(ctx, req); err != nil {
		return err
	}
	select {
	case err := <-req.err:
		return err
	case <-ctx.Done():
		// The writer still owns d; the row may yet be committed, but the
		// caller will not acknowledge it, which is the safe direction.
		return ctx.Err()
	}
}

func (s *Store) enqueue(ctx context.Context, req *insertReq) error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	select {
	case s.queue <- req:
		return nil
	default:
	}
	t := time.NewTimer(s.opts.EnqueueTimeout)
	defer t.Stop()
	select {
	case s.queue <- req:
		return nil
	case <-t.C:
		return ErrQueueFull
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Store) writer() {
	defer close(s.done)
	if s.opts.writerHeld != nil {
		<-s.opts.writerHeld
	}
	idle := time.NewTimer(s.opts.idleCheckpoint)
	idle.Stop()
	index := time.NewTimer(s.opts.indexDelay) // armed: catch up what a previous process left
	rows := time.NewTimer(rowIdle)
	if s.backlog.Load() == 0 {
		rows.Stop()
	} // else a crash left one: committed at once (adoptBacklog)
	// --keep-for ages deliveries out while nothing arrives too, not only
	// every pruneEvery deliveries.
	var aging <-chan time.Time
	if s.opts.KeepFor > 0 {
		t := time.NewTicker(s.opts.ageSweep)
		defer t.Stop()
		aging = t.C
	}
	for {
		// Whatever woke the writer, it works on every row acknowledged
		// so far.
		select {
		case _, open := <-s.appended:
			s.takeAppended()
			if !open {
				// The appender has stopped, having appended all that was
				// queued when the store closed.
				_ = s.catchUpAll()
				// For read-only commands run next, which cannot index;
				// bounded, so that a stop after a long burst stays
				// prompt: the next writer indexes the rest.
				_ = s.catchUpIndexFor(context.Background(), closeIndexBudget)
				return
			}
			now := time.Now()
			s.lastAppended = now
			if s.keepDeferring(now) {
				// While no batch comes, rows polls for watchers and
				// for the pause that ends the deferral.
				rows.Reset(watchPoll)
				if s.trimBacklog() != nil {
					rows.Reset(max(time.Until(s.rowRetryAt), time.Millisecond))
				}
				break
			}
			switch n := len(s.pending.ds); {
			case s.backlog.Load() > 0:
				if s.mayDefer(now) {
					// Captures came back before the catch-up was done.
					s.startDeferring()
					rows.Reset(watchPoll)
					break
				}
				s.commitRows(rows)
			case n == 0:
			case now.Before(s.rowRetryAt):
				// A commit of rows failed: wait for its retry, not one per
				// batch (each would insert every pending row again).
				rows.Reset(s.rowRetryAt.Sub(now))
			case n >= s.opts.rowsPerCommit:
				s.loaded(s.opts.loadWindow)
				if s.mayDefer(now) {
					s.startDeferring()
				}
				s.commitRows(rows)
			default:
				rows.Reset(s.pending.due(now))
			}
		case h := <-s.handoffs:
			s.takeAppended()
			s.commitHandedOff(h.req)
			close(h.done)
		case ask := <-s.syncs:
			s.takeAppended()
			if ask.retry {
				// A query asks: it may try again at once (queries do not
				// come at the rate batches do).
				s.rowRetryAt = time.Time{}
			}
			switch {
			case ask.all:
				ask.done <- s.catchUpAll()
			case s.keepDeferring(time.Now()):
				ask.done <- s.trimBacklog()
			default:
				ask.done <- s.commitRows(rows)
			}
			continue
		case <-rows.C:
			s.takeAppended()
			now := time.Now()
			if s.deferringRows.Load() {
				paused := !s.capturing() && now.Sub(s.lastAppended) >= s.opts.pauseEnds
				if !paused && s.keepDeferring(now) {
					rows.Reset(watchPoll)
					continue
				}
				s.deferringRows.Store(false) // a pause, or a watcher: catch up
			}
			if s.backlog.Load() > 0 {
				s.commitRows(rows)
				continue
			}
			if len(s.pending.ds) > 0 && s.capturing() && now.Sub(s.pending.since) < rowDelay && !now.Before(s.rowRetryAt) {
				// Not a pause: the appender is on the next batch
				// already, and will wake the writer when it is done.
				rows.Reset(s.pending.due(now))
				continue
			}
			if len(s.pending.ds) > 0 && time.Since(s.pending.since) >= rowDelay {
				s.loaded(s.opts.loadWindow) // not a pause: the oldest waited its longest
			}
			s.commitRows(rows)
			continue
		case <-index.C:
			s.takeAppended()
			// Quiet for indexDelay: one chunk at a time, so a capture
			// that arrives waits for one at most. A failure is retried
			// after the next commit, and queries that read the index catch
			// it up themselves.
			if s.backlog.Load() > 0 || s.deferringRows.Load() {
				// Rows first: the idle steps once they are committed.
				index.Reset(s.opts.indexDelay)
				continue
			}
			if s.commitRows(rows) == nil {
				// Retention first, so that no delivery about to go is
				// indexed; then indexing; once it has caught up, the
				// full-text rows of deleted deliveries (stalefts.go),
				// then the full-text index's merges (textmerge.go).
				ctx := context.Background()
				switch {
				case s.pruneStep(ctx) || s.indexStep(ctx) || s.staleStep(ctx) || s.mergeStep(ctx):
					index.Reset(0)
				case s.pruneHeld:
					// Back once HoldRetention may have let go.
					index.Reset(s.opts.indexDelay)
				}
			}
			s.boundWAL(&s.wal)
			continue
		case <-aging:
			s.takeAppended()
			if s.commitRows(rows) == nil {
				// The rest, if any, in the idle steps.
				s.pruneBehind = true
				if s.pruneStep(context.Background()) {
					index.Reset(0)
				}
			}
			continue
		case <-idle.C:
			if !s.truncateIdleWAL() {
				idle.Reset(s.opts.idleCheckpoint)
			}
			continue
		}
		// The index waits for a quiet moment (indexDelay without a
		// commit): under sustained load capture has the writer, and a
		// query that reads the index catches it up first.
		index.Reset(s.opts.indexDelay)
		idle.Reset(s.opts.idleCheckpoint)
	}
}

// commitRows commits the pending rows, and a chunk of the backlog when
// there is one (catchUpStep); a failure leaves them pending and has rows
// fire again when they may be retried, more backlog at once.
func (s *Store) commitRows(rows *time.Timer) error {
	err := s.catchUpStep()
	switch {
	case err != nil:
		rows.Reset(max(time.Until(s.rowRetryAt), time.Millisecond))
	case s.backlog.Load() > 0 && !s.deferringRows.Load():
		rows.Reset(0)
	}
	return err
}

// commitPending commits the pending rows, with attempts (flushRows), then
// does what follows every commit of rows: bound the WAL, and sweep
// retention now and then.
func (s *Store) commitPending(attempts [][]*Attempt) error {
	if len(s.pending.ds) == 0 && len(attempts) == 0 {
		return nil
	}
	if len(attempts) == 0 && time.Now().Before(s.rowRetryAt) {
		return s.rowErr // retried at rowRetryAt
	}
	if err := s.flushRows(attempts); err != nil {
		var refused *refusedRows
		if !errors.As(err, &refused) || len(s.pending.ds) > 0 {
			s.rowRetryAt, s.rowErr = time.Now().Add(rowRetry), err
		}
		return err
	}
	s.rowRetryAt, s.rowErr = time.Time{}, nil
	s.boundWAL(&s.wal)
	s.pruneLoaded()
	return nil
}

// pruneLoaded sweeps retention under sustained load, every pruneUnderLoad
// rows committed, leaving --keep's deletes for the idle steps while the
// deliveries past it are no more than loadSlack.
func (s *Store) pruneLoaded() {
	if !s.opts.retains() || s.sincePrune < pruneUnderLoad {
		return
	}
	s.sincePrune = 0
	// Whatever this leaves past --keep goes in the idle steps. A failed
	// sweep is retried at the next one; it never fails a capture.
	s.pruneBehind = true
	_, _ = s.prune(context.Background(), sweep{limit: pruneStepRows, slack: s.loadSlack()})
}

// loadSlack is how many deliveries past --keep a sweep under load leaves:
// half of --keep. A burst of that many costs no deletes while it lasts.
func (s *Store) loadSlack() int { return s.opts.Keep / 2 }

// pruneStep is one step of retention in the writer's idle work, once
// pruneEvery rows were committed since the last sweep or a sweep left
// some for later; it reports whether more is due.
func (s *Store) pruneStep(ctx context.Context) bool {
	if !s.opts.retains() || (s.sincePrune < pruneEvery && !s.pruneBehind && !s.pruneHeld) || s.pruneHeld && s.holding(0) {
		return false
	}
	s.sincePrune = 0
	more, err := s.prune(ctx, sweep{limit: pruneStepRows})
	// A failed step is tried again after pruneEvery more rows.
	s.pruneBehind = more && err == nil
	return s.pruneBehind
}

// insertDelivery stores a delivery: only the delivery, on the capture
// path; what the filters read of it is derived behind the writer
// (index.go). Its seq comes after every seq ever handed out, the deleted
// ones too (seq_high, see delete.go), so a follower of ListAfterSeq never
// misses a row and an undelete gets its seqs back.
const insertDelivery = `INSERT INTO deliveries (seq, id, received_at, method, uri, proto, host, remote_addr,
	size, declared_length, truncated, provider, topic, reply_status, reply_duration_ns, signature, summary,
	reply_rule, reply_headers, reply_body, reply_delay_ns, headers, body, trailers, marked)
	VALUES (` + nextSeq + `, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// nextSeq is the seq of the next row stored.
const nextSeq = `max(coalesce((SELECT max(seq) FROM deliveries), 0), (SELECT value FROM meta WHERE key = 'seq_high')) + 1`

// commitHandedOff commits an attempt or an import the appender handed
// over, after the rows acknowledged before it.
func (s *Store) commitHandedOff(req *insertReq) {
	if req.imported == nil {
		// Attempts are committed with the pending rows, in one
		// transaction, before they are acknowledged.
		req.err <- s.commitPending([][]*Attempt{req.attempts})
		return
	}
	// An import comes after the rows acknowledged before it, and finds
	// them when it checks for ids stored already.
	if err := s.catchUpAll(); err != nil {
		req.err <- err
		return
	}
	s.commitImport(req)
}

// commitImport commits an import, a batch of its own, and tells OnCommit
// of its deliveries.
func (s *Store) commitImport(req *insertReq) {
	err := s.commitImported(req)
	if err == nil && s.opts.OnCommit != nil {
		for _, d := range req.imported {
			s.opts.OnCommit(d)
		}
	}
	req.err <- err
}

func (s *Store) commitImported(req *insertReq) error {
	ctx := context.Background()
	// No log holds an import: its commit must reach the disk itself. The
	// write pool has one connection, which this sets for the commit.
	if _, err := s.write.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		return fmt.Errorf("store delivery: %w", err)
	}
	defer s.write.ExecContext(ctx, `PRAGMA synchronous = NORMAL`)
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store delivery: begin: %w", err)
	}
	defer tx.Rollback()
	if len(req.attempts) > 0 {
		if err := insertAttempts(ctx, tx.StmtContext(ctx, s.insertTry), req.attempts); err != nil {
			return err
		}
	}
	rowStmt := tx.StmtContext(ctx, s.insertRow)
	for _, d := range req.imported {
		// An imported delivery keeps the reply duration it came with.
		if err := insertRow(ctx, rowStmt, d); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store delivery: commit: %w", err)
	}
	return nil
}

func insertRow(ctx context.Context, stmt *sql.Stmt, d *Delivery) error {
	res, err := stmt.ExecContext(ctx, d.ID, d.ReceivedAt.UnixNano(), d.Method, d.URI, d.Proto, d.Host,
		d.RemoteAddr, d.Size, d.DeclaredLength, d.Truncated, d.Provider, d.Topic, d.ReplyStatus,
		int64(d.ReplyDuration), d.Signature, d.Summary, ruleColumn(d), encodeHeaders(d.ReplyHeaders), nonNil(d.ReplyBody),
		int64(d.ReplyDelay), encodeHeaders(d.Headers), nonNil(d.Body), encodeHeaders(d.Trailers), d.Marked)
	if err != nil {
		return fmt.Errorf("store delivery %s: %w", d.ID, err)
	}
	if d.Seq, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("store delivery %s: %w", d.ID, err)
	}
	return nil
}

// nonNil stores an absent blob as empty: the columns are NOT NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

const listColumns = `d.seq, id, received_at, method, uri, proto, host, remote_addr, size, declared_length,
	truncated, provider, topic, reply_status, reply_duration_ns, signature, summary, reply_rule, reply_delay_ns,
	` + factColumns + `, marked`

// factColumns are what List shows of the facts the indexer derived: ""
// and 0 for a delivery not indexed yet.
const factColumns = `coalesce((SELECT f.event_id FROM delivery_facts f WHERE f.seq = d.seq), ''),
	coalesce((SELECT f.retry_of FROM delivery_facts f WHERE f.seq = d.seq), ''),
	coalesce((SELECT f.retry_n FROM delivery_facts f WHERE f.seq = d.seq), 0),
	coalesce((SELECT f.older_than FROM delivery_facts f WHERE f.seq = d.seq), '')`

// List returns up to limit deliveries matching f, oldest first, skipping the
// first offset. Headers and bodies are not loaded.
func (s *Store) List(ctx context.Context, f Filter, offset, limit int) ([]Delivery, error) {
	where, args, err := s.where(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	args = append(args, limit, offset)
	rows, err := s.read.QueryContext(ctx, `SELECT `+listColumns+` FROM deliveries d`+where+
		` ORDER BY id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	return scanDeliveries(rows)
}

// ListPage returns up to limit deliveries matching f in List's order,
// those listed after the delivery afterID ("" from the first) among the
// ones committed up to seq upTo (LastSeq when a walk starts): the next page
// of a walk of the whole listing. Unlike List's OFFSET, deletes behind the
// walk (retention, another process) do not shift the pages under it, and
// deliveries committed since it started do not make it longer, so a walk
// of a live store ends. List's order is the id's (as received), not the
// seq's: an import commits old ids after newer ones.
func (s *Store) ListPage(ctx context.Context, f Filter, afterID string, upTo int64, limit int) ([]Delivery, error) {
	where, args, err := s.where(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list deliveries after %q: %w", afterID, err)
	}
	where = andWhere(where, `id > ? AND d.seq <= ?`)
	args = append(args, afterID, upTo, limit)
	rows, err := s.read.QueryContext(ctx, `SELECT `+listColumns+` FROM deliveries d`+where+` ORDER BY id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries after %q: %w", afterID, err)
	}
	return scanDeliveries(rows)
}

// LastSeq returns the seq of the newest delivery committed, 0 when there
// is none, counting those this Store acknowledged and has yet to commit:
// where a walk of the listing (ListPage) stops.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	if err := s.syncRows(ctx); err != nil {
		return 0, fmt.Errorf("last delivery: %w", err)
	}
	var seq int64
	if err := s.read.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM deliveries`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last delivery: %w", err)
	}
	return seq, nil
}

// ListAfterSeq returns up to limit deliveries committed after seq, in commit
// order: how a follower catches up with what it missed. Writers are
// serialized, so the committed seqs are always a prefix and none is skipped.
func (s *Store) ListAfterSeq(ctx context.Context, seq int64, limit int) ([]Delivery, error) {
	return s.ListAfter(ctx, Filter{}, seq, limit)
}

// ListAfter is ListAfterSeq for the deliveries matching f.
func (s *Store) ListAfter(ctx context.Context, f Filter, seq int64, limit int) ([]Delivery, error) {
	where, args, err := s.where(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list deliveries after %d: %w", seq, err)
	}
	where = andWhere(where, `seq > ?`)
	args = append(args, seq, limit)
	rows, err := s.read.QueryContext(ctx, `SELECT `+listColumns+` FROM deliveries d`+where+` ORDER BY seq LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries after %d: %w", seq, err)
	}
	return scanDeliveries(rows)
}

func scanDeliveries(rows *sql.Rows) ([]Delivery, error) {
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		if err := scanRow(rows, &d); err != nil {
			return nil, fmt.Errorf("list deliveries: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	return out, nil
}

type scanner interface{ Scan(...any) error }

func scanRow(r scanner, d *Delivery) error {
	var receivedNS, durationNS int64
	if err := r.Scan(&d.Seq, &d.ID, &receivedNS, &d.Method, &d.URI, &d.Proto, &d.Host, &d.RemoteAddr, &d.Size,
		&d.DeclaredLength, &d.Truncated, &d.Provider, &d.Topic, &d.ReplyStatus, &durationNS, &d.Signature, &d.Summary, &d.ReplyRule,
		(*int64)(&d.ReplyDelay), &d.EventID, &d.RetryOf, &d.RetryN, &d.OlderThan, &d.Marked); err != nil {
		return err
	}
	d.ReceivedAt = time.Unix(0, receivedNS)
	d.ReplyDuration = time.Duration(durationNS)
	d.Imported, d.ReplyRule = splitRuleColumn(d.ReplyRule)
	return nil
}

// Count returns how many deliveries match f.
func (s *Store) Count(ctx context.Context, f Filter) (int, error) {
	where, args, err := s.where(ctx, f)
	if err != nil {
		return 0, fmt.Errorf("count deliveries: %w", err)
	}
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count deliveries: %w", err)
	}
	return n, nil
}

// IndexOf returns the position of the delivery id within the listing of f,
// so a view can keep its selection on a delivery while rows come and go.
func (s *Store) IndexOf(ctx context.Context, f Filter, id string) (int, error) {
	where, args, err := s.where(ctx, f)
	if err != nil {
		return 0, fmt.Errorf("locate delivery %s: %w", id, err)
	}
	where = andWhere(where, `id < ?`)
	args = append(args, id)
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("locate delivery %s: %w", id, err)
	}
	return n, nil
}

// Get returns one delivery with its headers, body and trailers. An id may
// be given whole or as a unique suffix, the way a user abbreviates the ids
// that list prints. A whole id is found by the unique index on id, so a
// bulk replay or serve --bodies, which look up every delivery, stay linear
// in the store; only an id that is not there is taken for a suffix, which
// the reversed-id index finds (see reversedID). The
// headers and bodies come from the delivery's record in its segment log,
// or from the row for a delivery stored before the logs.
func (s *Store) Get(ctx context.Context, id string) (*Delivery, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	if err := s.syncRows(ctx); err != nil {
		return nil, err
	}
	d, err := s.getExact(ctx, id)
	if !errors.Is(err, ErrNotFound) {
		return d, err
	}
	full, err := s.resolveSuffix(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.getExact(ctx, full)
}

// getDelivery finds a delivery by its whole id.
const getDelivery = `SELECT ` + listColumns + `, reply_headers, reply_body, headers, body, trailers,
	seg_log, seg_id, seg_offset FROM deliveries d WHERE id = ?`

func (s *Store) getExact(ctx context.Context, id string) (*Delivery, error) {
	var d Delivery
	var headers, replyHeaders, trailers []byte
	var log, segID, segOffset sql.NullInt64
	err := scanRowPayload(s.read.QueryRowContext(ctx, getDelivery, id), &d, &replyHeaders, &headers, &trailers,
		&log, &segID, &segOffset)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("get delivery %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get delivery %s: %w", id, err)
	}
	if log.Valid {
		rec, err := s.readRecord(log.Int64, segment.Pos{Segment: uint64(segID.Int64), Offset: segOffset.Int64}, d.ID)
		if err != nil {
			return nil, fmt.Errorf("get delivery %s: %w", id, err)
		}
		d.Headers, d.Body, d.Trailers = rec.Headers, rec.Body, rec.Trailers
		d.ReplyHeaders, d.ReplyBody = rec.ReplyHeaders, rec.ReplyBody
		return &d, nil
	}
	if d.Headers, err = decodeHeaders(headers); err != nil {
		return nil, fmt.Errorf("get delivery %s: %w", id, err)
	}
	if d.ReplyHeaders, err = decodeHeaders(replyHeaders); err != nil {
		return nil, fmt.Errorf("get delivery %s: reply %w", id, err)
	}
	if len(trailers) > 0 {
		if d.Trailers, err = decodeHeaders(trailers); err != nil {
			return nil, fmt.Errorf("get delivery %s: trailers %w", id, err)
		}
	}
	return &d, nil
}

// checkID refuses what cannot be an id, before it reaches a query.
func checkID(id string) error {
	if id == "" {
		return fmt.Errorf("get delivery: empty id: %w", ErrNotFound)
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return fmt.Errorf("get delivery %q: ids are letters and digits: %w", id, ErrNotFound)
		}
	}
	return nil
}

// findBySuffix lists the ids ending with a suffix, in any case: their
// reversed form starts with the reversed suffix ?1, which is the range
// [?1, ?1 || '~') since ids are letters and digits, all below '~'. The
// indexer keeps the reversed ids (delivery_facts.id_reversed, schema v10).
const findBySuffix = `SELECT d.id FROM delivery_facts f JOIN deliveries d ON d.seq = f.seq
	WHERE f.id_reversed >= ?1 AND f.id_reversed < ?1 || '~' LIMIT 2`

// findBySuffixTail is findBySuffix for the deliveries the indexer has not
// reached yet, a range of the primary key: a few under load, none once
// capture pauses. ?2 is the suffix, which checkID made letters and
// digits only, so LIKE (case-insensitive for ASCII) sees no wildcard.
const findBySuffixTail = `SELECT id FROM deliveries
	WHERE seq > (SELECT value FROM meta WHERE key = 'indexed_seq') AND id LIKE '%' || ?2 LIMIT 2`

// reversedUpper is what reversedID makes of an id of up to reversedIDLen
// characters (ids are ASCII letters and digits): the indexer keeps it in
// delivery_facts.id_reversed.
func reversedUpper(id string) string {
	b := []byte(strings.ToUpper(id))
	slices.Reverse(b)
	return string(b)
}

// resolveSuffix expands a unique id suffix to the full id.
func (s *Store) resolveSuffix(ctx context.Context, suffix string) (string, error) {
	if len(suffix) > reversedIDLen {
		return "", fmt.Errorf("get delivery %s: %w", suffix, ErrNotFound)
	}
	var matches []string
	for _, q := range []string{findBySuffix, findBySuffixTail} {
		rows, err := s.read.QueryContext(ctx, q, reversedUpper(suffix), suffix)
		if err != nil {
			return "", fmt.Errorf("get delivery %s: %w", suffix, err)
		}
		for rows.Next() {
			var m string
			if err := rows.Scan(&m); err != nil {
				rows.Close()
				return "", fmt.Errorf("get delivery %s: %w", suffix, err)
			}
			if !slices.Contains(matches, m) {
				matches = append(matches, m)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return "", fmt.Errorf("get delivery %s: %w", suffix, err)
		}
	}
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("get delivery %s: %w", suffix, ErrNotFound)
	case 1:
		return matches[0], nil
	}
	return "", fmt.Errorf("get delivery %s: several deliveries end with %q, give more of the id", suffix, suffix)
}

func scanRowPayload(r scanner, d *Delivery, replyHeaders, headers, trailers *[]byte, where ...any) error {
	var receivedNS, durationNS int64
	if err := r.Scan(append([]any{&d.Seq, &d.ID, &receivedNS, &d.Method, &d.URI, &d.Proto, &d.Host, &d.RemoteAddr, &d.Size,
		&d.DeclaredLength, &d.Truncated, &d.Provider, &d.Topic, &d.ReplyStatus, &durationNS,
		&d.Signature, &d.Summary, &d.ReplyRule, (*int64)(&d.ReplyDelay), &d.EventID, &d.RetryOf, &d.RetryN, &d.OlderThan, &d.Marked,
		replyHeaders, &d.ReplyBody, headers, &d.Body, trailers}, where...)...); err != nil {
		return err
	}
	d.ReceivedAt = time.Unix(0, receivedNS)
	d.ReplyDuration = time.Duration(durationNS)
	d.Imported, d.ReplyRule = splitRuleColumn(d.ReplyRule)
	return nil
}

// TopicCount is how many deliveries one provider and topic has.
type TopicCount struct {
	Provider string
	Topic    string
	Count    int
}

// Topics counts deliveries per provider and topic, ordered by both. It reads
// only the provider/topic index.
func (s *Store) Topics(ctx context.Context) ([]TopicCount, error) {
	if err := s.syncRows(ctx); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT provider, topic, COUNT(*) FROM deliveries GROUP BY provider, topic ORDER BY provider, topic`)
	if err != nil {
		return nil, fmt.Errorf("count topics: %w", err)
	}
	defer rows.Close()
	var out []TopicCount
	for rows.Next() {
		var tc TopicCount
		if err := rows.Scan(&tc.Provider, &tc.Topic, &tc.Count); err != nil {
			return nil, fmt.Errorf("count topics: %w", err)
		}
		out = append(out, tc)
	}
	return out, rows.Err()
}

// Watcher reports whether the database changed since its last call,
// including commits by other processes sharing the file.
type Watcher struct {
	conn *sql.Conn
	last int64
}

// Watch returns a Watcher on its own connection; PRAGMA data_version is
// per connection, so it must not come from the shared pool.
func (s *Store) Watch(ctx context.Context) (*Watcher, error) {
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("watch store %s: %w", s.path, err)
	}
	w := &Watcher{conn: conn}
	if _, err := w.Changed(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return w, nil
}

// Changed reports whether anything was committed since the previous call.
func (w *Watcher) Changed(ctx context.Context) (bool, error) {
	var v int64
	if err := w.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return false, fmt.Errorf("watch store: %w", err)
	}
	changed := v != w.last
	w.last = v
	return changed, nil
}

// Close releases the watcher's connection.
func (w *Watcher) Close() error { return w.conn.Close() }
