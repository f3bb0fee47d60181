package store

import (
	"net/http"
	"sort"
	"time"
)

// Delivery is one HTTP request received by the capture server, exactly as it
// arrived, plus what hookscope answered.
type Delivery struct {
	ID         string // sortable unique id (ULID)
	Seq        int64  // commit order in this store; set by the store
	ReceivedAt time.Time
	Method     string
	URI        string // full request URI, as received
	Proto      string
	Host       string
	RemoteAddr string
	Headers    http.Header
	Body       []byte // byte-exact; the first MaxBody bytes when Truncated
	// Trailers are the trailer fields sent after a chunked body; nil when
	// there were none. Loaded by Get only.
	Trailers http.Header

	// Size is the number of body bytes stored; DeclaredLength is what the
	// client announced in Content-Length (-1 when it announced nothing).
	Size           int64
	DeclaredLength int64
	Truncated      bool

	// Provider and Topic say which platform and event; "" when the
	// delivery was captured before decoding existed.
	Provider string
	Topic    string
	// Signature is the signature check made at capture, as JSON
	// ({"status","scheme","reason"}); Summary is the event in one line.
	Signature string
	Summary   string

	// The reply hookscope sent: status, the rule that made it, headers,
	// body (headers and body are loaded by Get only), and how long from
	// receipt until it was ready.
	ReplyStatus   int
	ReplyRule     string
	ReplyHeaders  http.Header
	ReplyBody     []byte
	ReplyDelay    time.Duration // waited on purpose after storing, by the rule
	ReplyDuration time.Duration

	// EventID is the platform's id of the event, the same in every
	// delivery of it; "" when the platform sends none. RetryOf is the id
	// of the first delivery of the same event, "" for a first delivery;
	// RetryN counts the deliveries of the event up to this one, 1 for the
	// first (retry 2, retry 3…). The indexer derives all three behind the
	// writer (index.go, retries.go): List returns them, "" and 0 until then.
	EventID string
	RetryOf string
	RetryN  int
	// OlderThan is the id of a delivery received before this one with a
	// newer state of the same resource (an order updated later): this one
	// arrived out of order. "" when none, or until indexed (outoforder.go).
	OlderThan string
	// Marked is set by the user (Store.Mark); retention keeps marked
	// deliveries.
	Marked bool

	// Imported marks a delivery read from a file (hookscope import), not
	// received by the capture server.
	Imported bool
}

// Header is one header name with every value it was sent with.
type Header struct {
	Name   string
	Values []string
}

// SortedHeaders returns the headers ordered by name, values in the order
// they were received, so every view of a delivery lists them the same way.
func (d *Delivery) SortedHeaders() []Header { return SortHeaders(d.Headers) }

// SortHeaders returns h's fields ordered by name, values in the order they
// were received: headers, trailers, a reply's or a replay's answer's
// headers, listed the same way by every view and export.
func SortHeaders(h http.Header) []Header {
	out := make([]Header, 0, len(h))
	for name, values := range h {
		out = append(out, Header{Name: name, Values: values})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Path is the request URI without its query string.
func (d *Delivery) Path() string {
	for i := 0; i < len(d.URI); i++ {
		if d.URI[i] == '?' {
			return d.URI[:i]
		}
	}
	return d.URI
}
