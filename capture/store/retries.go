package store

// A platform that does not get a 2xx in time delivers the event again.
// The indexer (index.go) finds the earlier deliveries of an event by one
// indexed probe of the facts table:
//
//   - by the event id the platform puts in every delivery of the event
//     (EventKeys.EventID), within one provider, however far apart they
//     came (Stripe retries for three days);
//   - for a delivery without one from a platform hookscope recognised, by
//     the same provider, topic and body (sha256) received within
//     retryWindow before it, or stored before it: under load a copy can be
//     stored before one received a moment earlier, and both must not count
//     as the same retry. Deliveries no provider claims are never taken for
//     retries of each other: two senders posting the same `{}` are not
//     one platform retrying.
//
// retry_of names the first delivery of the event: the newest earlier copy's
// own retry_of, or that copy itself when it was the first; retry_n counts
// the deliveries of the event, 1 for the first. Taking the newest copy, not
// the oldest, keeps a chain of body-hash retries together even when its
// first delivery is more than retryWindow older than the last.

import (
	"context"
	"fmt"
	"time"

	"github.com/hookscope/hookscope/decode"
)

// retryWindow is how far back a delivery without an event id looks for an
// earlier copy of itself.
const retryWindow = time.Hour

// retryByEvent finds the newest earlier delivery with the event id (?1)
// from the provider (?2) before seq ?3: its id, retry_of and retry_n.
const retryByEvent = `SELECT d.id, f.retry_of, f.retry_n FROM delivery_facts f JOIN deliveries d ON d.seq = f.seq
	WHERE f.event_id = ?1 AND f.event_id <> '' AND f.seq < ?3 AND d.provider = ?2
	ORDER BY f.seq DESC LIMIT 1`

// retryByBody finds the newest delivery stored before seq ?5, without an
// event id, with the body hash ?1, provider ?2 and topic ?3, received at
// ?4 or later.
const retryByBody = `SELECT d.id, f.retry_of, f.retry_n FROM delivery_facts f JOIN deliveries d ON d.seq = f.seq
	WHERE f.body_sha256 = ?1 AND f.event_id = '' AND f.seq < ?5
	  AND d.provider = ?2 AND d.topic = ?3 AND d.received_at >= ?4
	ORDER BY f.seq DESC LIMIT 1`

// claimed reports whether a provider recognised the delivery, which the
// body-hash rule needs.
func claimed(provider string) bool { return provider != "" && provider != decode.Unknown }

// Retries lists every delivery of the same event as the delivery id (a
// whole id), itself included, in the order received: the platform's retry
// schedule. A delivery that is no retry and has none lists alone.
//
// The TUI asks on every delivery it shows, and while it follows captures
// at saturation that is every list refresh. So Retries indexes only a
// backlog one capture batch could leave (MaxBatch rows, a few ms of the
// write lock); past that it answers from the index as it stands, and
// unindexed says about how many stored deliveries it did not look at.
// Catching up a whole backlog there held the write lock for a chunk of
// indexChunk rows per look and stalled capture behind it: with a TUI
// open, serve acknowledged a third of what it did without.
func (s *Store) Retries(ctx context.Context, id string) (tries []Delivery, unindexed int64, err error) {
	if unindexed, err = s.freshIndexUpTo(ctx, s.liveIndexLimit()); err != nil {
		return nil, 0, fmt.Errorf("list retries of %s: %w", id, err)
	}
	rows, err := s.read.QueryContext(ctx, `WITH root AS (
			SELECT coalesce(nullif(f.retry_of, ''), d.id) AS id FROM deliveries d
			LEFT JOIN delivery_facts f ON f.seq = d.seq WHERE d.id = ?)
		SELECT `+listColumns+` FROM deliveries d WHERE d.id = (SELECT id FROM root)
		UNION ALL
		SELECT `+listColumns+` FROM deliveries d WHERE d.seq IN (
			SELECT seq FROM delivery_facts WHERE retry_of = (SELECT id FROM root) AND retry_of <> '')
		ORDER BY received_at, seq`, id)
	if err != nil {
		return nil, 0, fmt.Errorf("list retries of %s: %w", id, err)
	}
	out, err := scanDeliveries(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("list retries of %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, 0, fmt.Errorf("list retries of %s: %w", id, ErrNotFound)
	}
	return out, unindexed, nil
}
