package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/capture/store/segment"
)

// The rows of captured deliveries are committed many at a time (rows.go),
// and at that rate what a row costs is mostly the statement around it:
// database/sql's Exec, binding, and the two lookups of nextSeq. So the
// writer inserts them leanRowsPerStmt to a statement, with seqs it counts
// itself from the one nextSeq it reads per transaction. That is safe:
// the transaction holds the database's write lock from its BEGIN
// (_txlock=immediate), so no other process hands out a seq meanwhile.

// leanRowsPerStmt is how many rows one INSERT statement carries: 22
// parameters a row, far from SQLite's limit of 32766.
const leanRowsPerStmt = 64

// leanValues are the values of one lean row, seq first.
const leanValues = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, x'', x'', ?, x'', x'', x'', ?, ?, ?)`

const leanColumns = `INSERT INTO deliveries (seq, id, received_at, method, uri, proto, host, remote_addr,
	size, declared_length, truncated, provider, topic, reply_status, reply_duration_ns, signature, summary,
	reply_rule, reply_headers, reply_body, reply_delay_ns, headers, body, trailers, seg_log, seg_id, seg_offset)
	VALUES `

// leanStatements are the multi-row inserts, prepared on the write
// connection the first time each size is needed: n rows at index n-1.
type leanStatements [leanRowsPerStmt]*sql.Stmt

// prepare readies the statements that n rows need. It must run outside
// a transaction: the write pool's one connection is the transaction's.
func (ls *leanStatements) prepare(ctx context.Context, db *sql.DB, n int) error {
	for _, size := range []int{min(n, leanRowsPerStmt), n % leanRowsPerStmt} {
		if size == 0 || ls[size-1] != nil {
			continue
		}
		st, err := db.PrepareContext(ctx, leanInsert(size))
		if err != nil {
			return fmt.Errorf("store delivery: %w", err)
		}
		ls[size-1] = st
	}
	return nil
}

// leanInsert is the statement that inserts n lean rows.
func leanInsert(n int) string {
	return leanColumns + strings.TrimSuffix(strings.Repeat(leanValues+", ", n), ", ")
}

func (ls *leanStatements) close() error {
	var first error
	for _, st := range ls {
		if st != nil {
			if err := st.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// insertLeanRows inserts the rows of ds, whose records are at pos in log,
// within tx, and sets each one's Seq. leanStmts.prepare readies the
// statements for len(ds) rows, outside tx; one it did not (recovery's
// chunk less the records stored already) is prepared in tx, for it alone.
func (s *Store) insertLeanRows(ctx context.Context, tx *sql.Tx, ds []*Delivery, log int64, pos []segment.Pos) error {
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT `+nextSeq).Scan(&seq); err != nil {
		return fmt.Errorf("store delivery: %w", err)
	}
	args := make([]any, 0, 22*min(len(ds), leanRowsPerStmt))
	for start := 0; start < len(ds); start += leanRowsPerStmt {
		chunk := ds[start:min(start+leanRowsPerStmt, len(ds))]
		args = args[:0]
		for i, d := range chunk {
			p := pos[start+i]
			d.Seq = seq + int64(start+i)
			args = appendLeanArgs(append(args, d.Seq), d, log, p)
		}
		st := s.leanStmts[len(chunk)-1]
		if st == nil {
			var err error
			if st, err = tx.PrepareContext(ctx, leanInsert(len(chunk))); err != nil {
				return fmt.Errorf("store delivery: %w", err)
			}
			defer st.Close()
		} else {
			st = tx.StmtContext(ctx, st)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			for _, d := range chunk {
				d.Seq = 0
			}
			return fmt.Errorf("store deliveries %s to %s: %w", chunk[0].ID, chunk[len(chunk)-1].ID, err)
		}
	}
	return nil
}

// appendLeanArgs appends the values of d's lean row after its seq, in the
// order of leanValues; its record is at p in log.
func appendLeanArgs(args []any, d *Delivery, log int64, p segment.Pos) []any {
	return append(args, d.ID, d.ReceivedAt.UnixNano(), d.Method, d.URI, d.Proto, d.Host,
		d.RemoteAddr, d.Size, d.DeclaredLength, d.Truncated, d.Provider, d.Topic, d.ReplyStatus,
		int64(d.ReplyDuration), d.Signature, d.Summary, ruleColumn(d), int64(d.ReplyDelay), log, p.Segment, p.Offset)
}
