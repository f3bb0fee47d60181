package store

// Platforms do not promise to deliver in order: a retry, or a queue of
// their own, can bring an order's state from before the one already
// received. The indexer (index.go) keeps, per delivery, the resource it
// is about and when that resource's state is from (EventKeys.Resource,
// UpdatedAt), and flags a delivery whose state is older than one already
// received for the same resource of the same provider: older_than names
// that delivery, the newest such state when there are several. A retry
// carries the state of its first delivery and is flagged only when that
// state was already superseded.

// olderThanProbe finds, for a delivery of resource ?1 from provider ?4
// updated at ?2 (Unix nanoseconds), the delivery received before seq ?3
// with the newest state of that resource newer than ?2: its id.
const olderThanProbe = `SELECT d.id FROM delivery_facts f JOIN deliveries d ON d.seq = f.seq
	WHERE f.resource = ?1 AND f.resource <> '' AND f.updated_at > ?2 AND f.seq < ?3 AND d.provider = ?4
	ORDER BY f.updated_at DESC LIMIT 1`

// maxResource bounds what is kept of a resource key.
const maxResource = 200
