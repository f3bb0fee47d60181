package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Attempt is one replay or forward of a delivery.
type Attempt struct {
	ID              int64
	DeliveryID      string
	Kind            string // "replay" or "forward"
	At              time.Time
	URL             string
	Method          string
	RequestHeaders  http.Header
	BodySHA256      string
	BodySize        int
	Resigned        string
	Status          int
	ResponseHeaders http.Header
	ResponseBody    []byte
	Latency         time.Duration
	Err             string
}

// OK reports a 2xx answer.
func (a Attempt) OK() bool { return a.Err == "" && a.Status >= 200 && a.Status < 300 }

// InsertAttempt records a.
func (s *Store) InsertAttempt(ctx context.Context, a *Attempt) error {
	return s.InsertAttempts(ctx, []*Attempt{a})
}

// InsertAttempts records as and returns once they are committed. They go
// through the capture path's writer and share its commits: a forwarder
// recording at capture rates costs no commit, and no wait for the write
// connection, of its own.
func (s *Store) InsertAttempts(ctx context.Context, as []*Attempt) error {
	if s.write == nil {
		return errors.New("record attempts: store opened read-only")
	}
	if len(as) == 0 {
		return nil
	}
	req := &insertReq{attempts: as, err: make(chan error, 1)}
	if err := s.enqueue(ctx, req); err != nil {
		return fmt.Errorf("record attempts: %w", err)
	}
	select {
	case err := <-req.err:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

const insertAttempt = `INSERT INTO attempts (delivery_id, kind, at, url, method, request_headers,
	body_sha256, body_size, resigned, status, response_headers, response_body, latency_ns, error)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func insertAttempts(ctx context.Context, stmt *sql.Stmt, as []*Attempt) error {
	for _, a := range as {
		res, err := stmt.ExecContext(ctx, a.DeliveryID, a.Kind, a.At.UnixNano(), a.URL, a.Method, encodeHeaders(a.RequestHeaders),
			a.BodySHA256, a.BodySize, a.Resigned, a.Status, encodeHeaders(a.ResponseHeaders), nonNil(a.ResponseBody),
			int64(a.Latency), a.Err)
		if err != nil {
			return fmt.Errorf("record attempt for %s: %w", a.DeliveryID, err)
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("record attempt for %s: %w", a.DeliveryID, err)
		}
	}
	return nil
}

// Attempts lists the attempts of a delivery, newest first.
func (s *Store) Attempts(ctx context.Context, deliveryID string) ([]Attempt, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, delivery_id, kind, at, url, method, request_headers, body_sha256,
		body_size, resigned, status, response_headers, response_body, latency_ns, error
		FROM attempts WHERE delivery_id = ? ORDER BY id DESC`, deliveryID)
	if err != nil {
		return nil, fmt.Errorf("list attempts of %s: %w", deliveryID, err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		var at, latency int64
		var reqH, respH []byte
		if err := rows.Scan(&a.ID, &a.DeliveryID, &a.Kind, &at, &a.URL, &a.Method, &reqH, &a.BodySHA256, &a.BodySize,
			&a.Resigned, &a.Status, &respH, &a.ResponseBody, &latency, &a.Err); err != nil {
			return nil, fmt.Errorf("list attempts of %s: %w", deliveryID, err)
		}
		a.At, a.Latency = time.Unix(0, at), time.Duration(latency)
		if a.RequestHeaders, err = decodeHeaders(reqH); err != nil {
			return nil, fmt.Errorf("list attempts of %s: %w", deliveryID, err)
		}
		if a.ResponseHeaders, err = decodeHeaders(respH); err != nil {
			return nil, fmt.Errorf("list attempts of %s: %w", deliveryID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
