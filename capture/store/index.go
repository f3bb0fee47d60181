package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hookscope/hookscope/capture/store/filter"
	"github.com/hookscope/hookscope/capture/store/segment"
)

// What the filter language and the retry view read beyond a delivery's own
// columns is derived behind the writer, never on the capture path: the
// insert that runs before the 2xx writes only the delivery. The indexer
// reads back what was committed and, per delivery, writes a row of
// filter.FactsTable (the headers as JSON, the body's sha256 and, for a
// body in a segment log that is JSON, its text; the event id,
// which delivery of its event it is: retries.go; the resource it is about
// and whether a newer state of it came first: outoforder.go) and a row of the
// full-text index.
//
// The writer indexes only when captures pause (indexDelay without a
// commit), in transactions of at most MaxBatch deliveries, so a capture
// waits for one such chunk at most. Under sustained load capture has the
// writer to itself: indexing each delivery as it came cost a third of
// capture throughput, and indexing in chunks once 10,000 waited still cost
// half of it. A query that reads the index (filter.NeedsIndex) first
// catches it up itself: a delivery is findable as soon as it is stored,
// and a search right after a long burst pays for the burst's indexing
// (BenchmarkBehindCapture/index: 1.8-2.3 s per 10,000 2 KB orders, merges
// included, on a 2-core VM where bare net/http serves 20-30k requests a
// second). Open leaves what a previous process did not index to the
// writer, which starts on it at once, and Close indexes for at most
// closeIndexBudget, so that neither waits for a long burst's indexing (a
// read-only store cannot index: its searches see what was indexed).
// meta.indexed_seq is the highest seq indexed: every delivery with a seq
// at or below it is indexed, because seqs are handed out in increasing
// order (insertDelivery) and an undelete, which brings back older seqs,
// indexes what it restores. What a view asks again at every change
// (Retries, a Live filter) catches up a capture batch's backlog at most
// and leaves a longer one to the writer, saying how long it is: catching
// it up at every refresh would index at capture's pace.
//
// Deletes (retention included) leave an indexed delivery's index rows, its
// facts and full-text row, for the writer to remove once captures pause
// (stalefts.go); a delivery not indexed yet has none.

// indexDelay is how long without a commit the writer waits to index.
const indexDelay = 100 * time.Millisecond

// indexChunk bounds the deliveries one index transaction covers when a
// query, Open or Close catches the index up.
const indexChunk = 1000

// EventKeys is what the indexer learns about a delivery from the platform
// that sent it (Options.EventKeys).
type EventKeys struct {
	// EventID is the platform's id of the event, the same in every
	// delivery of it; "" when the platform sends none.
	EventID string
	// Resource is the resource the delivery is about, unique within its
	// provider ("order:123"), and UpdatedAt when that resource's state in
	// it is from; "" and zero when the platform says not (outoforder.go).
	Resource  string
	UpdatedAt time.Time
	// Summary is the delivery's one-line summary, when its row has none
	// (capture leaves it to the indexer under load: Store.Deferring); the
	// indexer stores it in the row.
	Summary string
}

// maxEventID bounds what is kept of an event id: ids are short, a header
// is not.
const maxEventID = 200

// indexRow is what the indexer reads of a stored delivery.
type indexRow struct {
	seq        int64
	id         string
	receivedAt int64
	provider   string
	topic      string
	method     string
	uri        string
	host       string
	summary    string
	headers    http.Header
	body       []byte
	// inLog is true when the row's record is in a segment log, whose body
	// SQL cannot read: the facts then keep the body's JSON text (json:).
	inLog bool
}

const indexRowColumns = `seq, id, received_at, provider, topic, method, uri, host, summary, headers, body,
	seg_log, seg_id, seg_offset`

// catchUpIndex indexes the deliveries stored since the last time, each
// chunk in a write transaction of its own, which makes two processes
// sharing the store take turns instead of indexing a delivery twice.
//
// It indexes what was stored when it was called: under load that outruns
// indexing, catching up with deliveries still arriving would never end.
func (s *Store) catchUpIndex(ctx context.Context) error {
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	var upTo int64
	if err := s.write.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM deliveries`).Scan(&upTo); err != nil {
		return fmt.Errorf("index deliveries: %w", err)
	}
	for {
		n, last, err := s.indexNext(ctx, indexChunk)
		if err != nil {
			return fmt.Errorf("index deliveries: %w", err)
		}
		if n < indexChunk || last >= upTo {
			return nil
		}
	}
}

// closeIndexBudget bounds how long Close spends catching the index up.
const closeIndexBudget = time.Second

// catchUpIndexFor is catchUpIndex that stops after the chunk that ends
// past budget.
func (s *Store) catchUpIndexFor(ctx context.Context, budget time.Duration) error {
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	deadline := time.Now().Add(budget)
	for time.Now().Before(deadline) {
		n, _, err := s.indexNext(ctx, indexChunk)
		if err != nil {
			return fmt.Errorf("index deliveries: %w", err)
		}
		if n < indexChunk {
			return nil
		}
	}
	return nil
}

// indexNext indexes up to limit deliveries above meta.indexed_seq and
// returns how many, and the last one's seq.
func (s *Store) indexNext(ctx context.Context, limit int) (int, int64, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	var from int64
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'indexed_seq'`).Scan(&from); err != nil {
		return 0, 0, err
	}
	rows, err := s.readIndexRows(ctx, tx, `seq > ? ORDER BY seq LIMIT ?`, from, limit)
	if err != nil || len(rows) == 0 {
		return 0, from, err
	}
	if err := s.index(ctx, tx, rows); err != nil {
		return 0, 0, err
	}
	last := rows[len(rows)-1].seq
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'indexed_seq'`, last); err != nil {
		return 0, 0, err
	}
	return len(rows), last, tx.Commit()
}

// readIndexRows reads the deliveries matching cond (SQL after WHERE), with
// the headers and body from their records.
func (s *Store) readIndexRows(ctx context.Context, tx *sql.Tx, cond string, args ...any) ([]indexRow, error) {
	rs, err := tx.QueryContext(ctx, `SELECT `+indexRowColumns+` FROM deliveries WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []indexRow
	for rs.Next() {
		var r indexRow
		var headers []byte
		var log, segID, segOffset sql.NullInt64
		if err := rs.Scan(&r.seq, &r.id, &r.receivedAt, &r.provider, &r.topic, &r.method, &r.uri, &r.host,
			&r.summary, &headers, &r.body, &log, &segID, &segOffset); err != nil {
			return nil, err
		}
		if log.Valid {
			d, err := s.readRecord(log.Int64, segment.Pos{Segment: uint64(segID.Int64), Offset: segOffset.Int64}, r.id)
			if err != nil {
				// A record that no longer reads has nothing to search:
				// the row is indexed by its columns alone.
				d = &Delivery{}
			}
			r.headers, r.body, r.inLog = d.Headers, d.Body, true
		} else if r.headers, err = decodeHeaders(headers); err != nil {
			r.headers = nil // a damaged row: no headers to search
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// index writes the facts and full-text rows of rows, in seq order, within
// tx: a retry finds the earlier copies indexed before it, in this chunk
// too.
func (s *Store) index(ctx context.Context, tx *sql.Tx, rows []indexRow) error {
	stmts := make([]*sql.Stmt, 0, 4)
	var prepErr error
	prep := func(q string) *sql.Stmt {
		if prepErr != nil {
			return nil
		}
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			prepErr = err
			return nil
		}
		stmts = append(stmts, st)
		return st
	}
	byEvent, byBody, newer := prep(retryByEvent), prep(retryByBody), prep(olderThanProbe)
	insertFacts, insertText := prep(insertFactsRow), prep(filter.FTSInsert)
	setSummary := prep(`UPDATE deliveries SET summary = ? WHERE seq = ?`)
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	if prepErr != nil {
		return prepErr
	}
	for i := range rows {
		r := &rows[i]
		h := r.headers
		var keys EventKeys
		if s.opts.EventKeys != nil {
			keys = s.opts.EventKeys(&Delivery{ID: r.id, ReceivedAt: time.Unix(0, r.receivedAt), Method: r.method,
				URI: r.uri, Host: r.host, Headers: h, Body: r.body, Provider: r.provider, Topic: r.topic, Summary: r.summary})
		}
		if r.summary == "" && keys.Summary != "" {
			r.summary = keys.Summary
			if _, err := setSummary.ExecContext(ctx, r.summary, r.seq); err != nil {
				return err
			}
		}
		eventID := keys.EventID
		if len(eventID) > maxEventID {
			eventID = eventID[:maxEventID]
		}
		sum := sha256.Sum256(r.body)
		var prevID, prevRetryOf string
		var prevN int
		var err error
		switch {
		case eventID != "":
			err = byEvent.QueryRowContext(ctx, eventID, r.provider, r.seq).Scan(&prevID, &prevRetryOf, &prevN)
		case claimed(r.provider):
			err = byBody.QueryRowContext(ctx, sum[:], r.provider, r.topic, r.receivedAt-int64(retryWindow),
				r.seq).Scan(&prevID, &prevRetryOf, &prevN)
		default:
			err = sql.ErrNoRows
		}
		retryOf, n := "", 1
		switch {
		case err == nil:
			retryOf, n = prevRetryOf, prevN+1
			if retryOf == "" {
				retryOf = prevID
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		resource, updatedAt, olderThan := keys.Resource, int64(0), ""
		if len(resource) > maxResource || keys.UpdatedAt.IsZero() {
			resource = ""
		}
		if resource != "" {
			updatedAt = keys.UpdatedAt.UnixNano()
			err = newer.QueryRowContext(ctx, resource, updatedAt, r.seq, r.provider).Scan(&olderThan)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		var bodyJSON []byte
		if r.inLog {
			bodyJSON = r.body
		}
		if _, err := insertFacts.ExecContext(ctx, r.seq, filter.HeadersJSON(h), sum[:], eventID, retryOf, n, bodyJSON,
			resource, updatedAt, olderThan, reversedUpper(r.id)); err != nil {
			return err
		}
	}
	// The full-text rows go last, after every other write of the chunk.
	// FTS5 flushes what it holds in memory to a new segment of its index
	// at every savepoint of the transaction, and SQLite opens one for each
	// statement that may write more than one row (the facts' INSERT OR
	// REPLACE): interleaved, every delivery became a segment of its own
	// and FTS5 spent most of the indexer's time merging them (measured in
	// issue 12: 330 µs a delivery, BenchmarkBehindCapture/index).
	for i := range rows {
		r := &rows[i]
		if _, err := insertText.ExecContext(ctx, r.seq, r.uri, filter.HeaderText(r.headers), r.summary, r.body); err != nil {
			return err
		}
	}
	return nil
}

// insertFactsRow keeps ?7, a body from a segment log, as body_json when
// SQLite's JSON functions read it as JSON, the test the json: filter
// makes; an old row's body (nil here) stays in its own column.
const insertFactsRow = `INSERT OR REPLACE INTO delivery_facts (seq, headers_json, body_sha256, event_id, retry_of, retry_n, body_json,
		resource, updated_at, older_than, id_reversed)
	VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN json_valid(CAST(?7 AS TEXT)) THEN CAST(?7 AS TEXT) END, ?8, ?9, ?10, ?11)`

// freshIndexUpTo catches the index up before a query that reads it when
// at most limit deliveries wait for it, and otherwise leaves them to the
// writer (a read-only store cannot index: the writing process does,
// within indexDelay of a pause in captures); it returns about how
// many deliveries the index does not hold (indexBacklog): 0 once it
// caught up.
func (s *Store) freshIndexUpTo(ctx context.Context, limit int64) (int64, error) {
	if s.write == nil {
		return s.indexBacklog(ctx) // it cannot index
	}
	if err := s.syncRows(ctx); err != nil {
		return 0, err
	}
	behind, err := s.indexBacklog(ctx)
	if err != nil || behind == 0 || behind > limit {
		return behind, err
	}
	return 0, s.catchUpIndex(ctx)
}

// indexBacklog is about how many stored deliveries the index does not
// hold yet: the newest seq less the last one indexed, so deletes may make
// it an overcount. One cheap read, made before every query that needs the
// index.
func (s *Store) indexBacklog(ctx context.Context) (int64, error) {
	var behind int64
	if err := s.read.QueryRowContext(ctx, `SELECT max(0, coalesce((SELECT max(seq) FROM deliveries), 0) -
		(SELECT value FROM meta WHERE key = 'indexed_seq'))`).Scan(&behind); err != nil {
		return 0, fmt.Errorf("read the index backlog: %w", err)
	}
	return behind, nil
}

// liveIndexLimit is the longest index backlog a view's query (Retries, a
// Live filter) catches up before it answers: what one capture batch leaves,
// a few ms of the write lock. LiveBacklog counts what lies beyond it.
func (s *Store) liveIndexLimit() int64 { return int64(s.opts.MaxBatch) }

// LiveBacklog is about how many stored deliveries a Live query that reads
// the index leaves out (Filter.Live): the index's backlog when it is longer
// than such a query catches up, 0 when it is not (the next Live query
// indexes it first). A read-only store indexes nothing: all of it.
func (s *Store) LiveBacklog(ctx context.Context) (int64, error) {
	behind, err := s.indexBacklog(ctx)
	if err != nil || s.write != nil && behind <= s.liveIndexLimit() {
		return 0, err
	}
	return behind, nil
}

// indexStep indexes, for the writer, as many deliveries as one capture
// batch holds (so a capture waits no longer for it than for a batch, and
// the WAL grows by less), and reports whether more wait. A failure waits
// for the next commit to try again.
func (s *Store) indexStep(ctx context.Context) bool {
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	n, _, err := s.indexNext(ctx, s.opts.MaxBatch)
	return err == nil && n == s.opts.MaxBatch
}
