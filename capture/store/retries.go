package store

// A platform that does not get a 2xx in time delivers the event again.
// Deliveries of one event are found at Insert, in the insert statement
// itself, by one indexed probe:
//
//   - by the event id the platform puts in every delivery of the event
//     (Delivery.EventID, from decode.EventID), within one provider, however
//     far apart they came (Stripe retries for three days);
//   - for a delivery without one, by the same provider, topic and body
//     (sha256) received within an hour before it (retryWindowNS).
//
// retry_of names the first delivery of the event: the newest earlier copy's
// own retry_of, or that copy itself when it was the first. Taking the newest
// copy, not the oldest, keeps a chain of body-hash retries together even
// when its first delivery is more than an hour older than the last.

import (
	"context"
	"fmt"
)

// retryOfSQL computes retry_of from the insert's arguments: ?2 received_at,
// ?11 provider, ?12 topic, ?25 event_id, ?26 body_sha256. The explicit
// event_id conditions let SQLite use the partial indexes.
const retryOfSQL = `coalesce(CASE WHEN ?25 <> '' THEN
		(SELECT CASE r.retry_of WHEN '' THEN r.id ELSE r.retry_of END FROM deliveries r
		 WHERE r.event_id = ?25 AND r.event_id <> '' AND r.provider = ?11 ORDER BY r.seq DESC LIMIT 1)
	ELSE
		(SELECT CASE r.retry_of WHEN '' THEN r.id ELSE r.retry_of END FROM deliveries r
		 WHERE r.body_sha256 = ?26 AND r.body_sha256 <> '' AND r.event_id = ''
		   AND r.received_at BETWEEN ?2 - ` + retryWindowNS + ` AND ?2
		   AND r.provider = ?11 AND r.topic = ?12
		 ORDER BY r.received_at DESC LIMIT 1)
	END, '')`

// retryWindowNS is how far back (one hour, in received_at's nanoseconds)
// a delivery without an event id looks for an earlier copy of itself.
const retryWindowNS = "3600000000000"

// Retries lists every delivery of the same event as the delivery id (a
// whole id), itself included, in the order received: the platform's retry
// schedule. A delivery that is no retry and has none lists alone.
func (s *Store) Retries(ctx context.Context, id string) ([]Delivery, error) {
	rows, err := s.read.QueryContext(ctx, `WITH root AS (
			SELECT CASE retry_of WHEN '' THEN id ELSE retry_of END AS id FROM deliveries WHERE id = ?)
		SELECT `+listColumns+` FROM deliveries d WHERE d.id = (SELECT id FROM root)
		UNION ALL
		SELECT `+listColumns+` FROM deliveries d WHERE d.retry_of = (SELECT id FROM root) AND d.retry_of <> ''
		ORDER BY received_at, seq`, id)
	if err != nil {
		return nil, fmt.Errorf("list retries of %s: %w", id, err)
	}
	out, err := scanDeliveries(rows)
	if err != nil {
		return nil, fmt.Errorf("list retries of %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("list retries of %s: %w", id, ErrNotFound)
	}
	return out, nil
}
