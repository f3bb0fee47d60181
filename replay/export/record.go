package export

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/hookscope/hookscope/capture/store"
)

// Record is one delivery as NDJSON: the fields `list --json` and
// `show --json` document (README, "JSON output"), in their order, with
// headers, body, reply and attempts always present, plus what a lossless
// round trip needs beyond them: trailers, the encodings of bytes no JSON
// string holds, the reply's delay and the attempts' headers and bodies.
type Record struct {
	ID              string              `json:"id"`
	ReceivedAt      string              `json:"received_at"`
	Method          string              `json:"method"`
	URI             string              `json:"uri"`
	Proto           string              `json:"proto"`
	Host            string              `json:"host"`
	RemoteAddr      string              `json:"remote_addr"`
	Headers         map[string][]string `json:"headers"`
	HeadersEncoding string              `json:"headers_encoding,omitempty"`
	Body            *string             `json:"body"`
	BodyEncoding    string              `json:"body_encoding,omitempty"`
	Trailers        map[string][]string `json:"trailers,omitempty"`
	TrailersEnc     string              `json:"trailers_encoding,omitempty"`
	Size            int64               `json:"size"`
	DeclaredLength  int64               `json:"declared_length"`
	Truncated       bool                `json:"truncated"`
	Provider        string              `json:"provider"`
	Topic           string              `json:"topic"`
	Signature       json.RawMessage     `json:"signature"`
	Summary         string              `json:"summary"`
	Marked          bool                `json:"marked"`
	RetryOf         string              `json:"retry_of,omitempty"`
	Retry           int                 `json:"retry,omitempty"`
	Reply           RecordReply         `json:"reply"`
	Attempts        []RecordAttempt     `json:"attempts,omitempty"`
}

// RecordReply is what hookscope answered.
type RecordReply struct {
	Status          int                 `json:"status"`
	DurationMS      float64             `json:"duration_ms"`
	Rule            string              `json:"rule"`
	Headers         map[string][]string `json:"headers"`
	HeadersEncoding string              `json:"headers_encoding,omitempty"`
	Body            *string             `json:"body"`
	BodyEncoding    string              `json:"body_encoding,omitempty"`
	DelayMS         float64             `json:"delay_ms,omitempty"`
}

// Attempt is one replay or forward as `replay --json` and `show --json`
// print it and an export carries it: the one shape of an attempt in JSON.
type Attempt struct {
	DeliveryID string  `json:"delivery_id"`
	Kind       string  `json:"kind"`
	At         string  `json:"at"`
	Method     string  `json:"method"`
	URL        string  `json:"url"`
	Status     int     `json:"status"`
	LatencyMS  float64 `json:"latency_ms"`
	Error      string  `json:"error,omitempty"`
	Resigned   string  `json:"resigned,omitempty"`
	BodySHA256 string  `json:"body_sha256"`
	BodySize   int     `json:"body_size"`
}

// AttemptOf is a in that shape.
func AttemptOf(a *store.Attempt) Attempt {
	return Attempt{DeliveryID: a.DeliveryID, Kind: a.Kind, At: a.At.UTC().Format(timeFormat), Method: a.Method,
		URL: a.URL, Status: a.Status, LatencyMS: millis(a.Latency), Error: a.Err, Resigned: a.Resigned,
		BodySHA256: a.BodySHA256, BodySize: a.BodySize}
}

// RecordAttempt is an Attempt with its request headers and the response.
// Its own id is the store's and is left out: an import numbers attempts
// afresh. (It was written as "id" holding the delivery's id, the mistake
// show --json had made.)
type RecordAttempt struct {
	Attempt
	RequestHeaders       map[string][]string `json:"request_headers,omitempty"`
	RequestHeadersEnc    string              `json:"request_headers_encoding,omitempty"`
	ResponseHeaders      map[string][]string `json:"response_headers,omitempty"`
	ResponseHeadersEnc   string              `json:"response_headers_encoding,omitempty"`
	ResponseBody         *string             `json:"response_body,omitempty"`
	ResponseBodyEncoding string              `json:"response_body_encoding,omitempty"`
}

const base64Encoding = "base64"

// timeFormat is received_at's: RFC 3339 with nanoseconds, UTC.
const timeFormat = time.RFC3339Nano

// ToRecord is d with its attempts (newest first, as the store lists them).
func ToRecord(d *store.Delivery, attempts []store.Attempt) Record {
	r := Record{
		ID: d.ID, ReceivedAt: d.ReceivedAt.UTC().Format(timeFormat), Method: d.Method, URI: d.URI, Proto: d.Proto,
		Host: d.Host, RemoteAddr: d.RemoteAddr, Size: d.Size, DeclaredLength: d.DeclaredLength, Truncated: d.Truncated,
		Provider: d.Provider, Topic: d.Topic, Summary: d.Summary, Signature: json.RawMessage("null"),
		Marked: d.Marked, RetryOf: d.RetryOf,
		Reply: RecordReply{Status: d.ReplyStatus, DurationMS: millis(d.ReplyDuration), Rule: d.ReplyRule,
			DelayMS: millis(d.ReplyDelay)},
	}
	if d.RetryOf != "" && d.RetryN > 1 {
		r.Retry = d.RetryN
	}
	if d.Signature != "" && json.Valid([]byte(d.Signature)) {
		r.Signature = json.RawMessage(d.Signature)
	}
	r.Headers, r.HeadersEncoding = encodeHeaders(d.Headers)
	r.Body, r.BodyEncoding = encodeBody(d.Body)
	if d.Trailers != nil {
		r.Trailers, r.TrailersEnc = encodeHeaders(d.Trailers)
	}
	r.Reply.Headers, r.Reply.HeadersEncoding = encodeHeaders(d.ReplyHeaders)
	r.Reply.Body, r.Reply.BodyEncoding = encodeBody(d.ReplyBody)
	for i := range attempts {
		a := &attempts[i]
		ra := RecordAttempt{Attempt: AttemptOf(a)}
		if len(a.RequestHeaders) > 0 {
			ra.RequestHeaders, ra.RequestHeadersEnc = encodeHeaders(a.RequestHeaders)
		}
		if len(a.ResponseHeaders) > 0 {
			ra.ResponseHeaders, ra.ResponseHeadersEnc = encodeHeaders(a.ResponseHeaders)
		}
		if len(a.ResponseBody) > 0 {
			ra.ResponseBody, ra.ResponseBodyEncoding = encodeBody(a.ResponseBody)
		}
		r.Attempts = append(r.Attempts, ra)
	}
	return r
}

// FromRecord is the delivery and attempts r describes, attempts oldest
// first (the order to store them in). Errors name the field. Marked is
// the user's and comes back; retry_of and retry are not read: the store
// that takes the delivery finds its retries itself, as for a capture.
func FromRecord(r *Record) (*store.Delivery, []*store.Attempt, error) {
	d := &store.Delivery{ID: r.ID, Method: r.Method, URI: r.URI, Proto: r.Proto, Host: r.Host, RemoteAddr: r.RemoteAddr,
		Size: r.Size, DeclaredLength: r.DeclaredLength, Truncated: r.Truncated, Provider: r.Provider, Topic: r.Topic,
		Summary: r.Summary, Marked: r.Marked, ReplyStatus: r.Reply.Status, ReplyRule: r.Reply.Rule,
		ReplyDuration: fromMillis(r.Reply.DurationMS), ReplyDelay: fromMillis(r.Reply.DelayMS)}
	var err error
	if d.ReceivedAt, err = time.Parse(timeFormat, r.ReceivedAt); err != nil {
		return nil, nil, fieldErr("received_at", err)
	}
	if len(r.Signature) > 0 && string(r.Signature) != "null" {
		d.Signature = string(r.Signature)
	}
	if d.Headers, err = decodeHeaders(r.Headers, r.HeadersEncoding); err != nil {
		return nil, nil, fieldErr("headers", err)
	}
	if r.Body == nil {
		return nil, nil, fieldErr("body", fmt.Errorf("missing (export with `hookscope export --format ndjson`, which includes bodies)"))
	}
	if d.Body, err = decodeBody(r.Body, r.BodyEncoding); err != nil {
		return nil, nil, fieldErr("body", err)
	}
	if r.Trailers != nil {
		if d.Trailers, err = decodeHeaders(r.Trailers, r.TrailersEnc); err != nil {
			return nil, nil, fieldErr("trailers", err)
		}
	}
	if d.ReplyHeaders, err = decodeHeaders(r.Reply.Headers, r.Reply.HeadersEncoding); err != nil {
		return nil, nil, fieldErr("reply.headers", err)
	}
	if d.ReplyBody, err = decodeBody(r.Reply.Body, r.Reply.BodyEncoding); err != nil {
		return nil, nil, fieldErr("reply.body", err)
	}
	attempts := make([]*store.Attempt, len(r.Attempts))
	for i := range r.Attempts {
		ra := &r.Attempts[i]
		field := func(f string) string { return fmt.Sprintf("attempts[%d].%s", i, f) }
		a := &store.Attempt{DeliveryID: r.ID, Kind: ra.Kind, Method: ra.Method, URL: ra.URL, Status: ra.Status,
			Latency: fromMillis(ra.LatencyMS), Err: ra.Error, Resigned: ra.Resigned, BodySHA256: ra.BodySHA256,
			BodySize: ra.BodySize}
		if ra.DeliveryID != "" && ra.DeliveryID != r.ID {
			return nil, nil, fieldErr(field("delivery_id"), fmt.Errorf("%q is not the delivery's id %q", ra.DeliveryID, r.ID))
		}
		if a.At, err = time.Parse(timeFormat, ra.At); err != nil {
			return nil, nil, fieldErr(field("at"), err)
		}
		if a.RequestHeaders, err = decodeHeaders(ra.RequestHeaders, ra.RequestHeadersEnc); err != nil {
			return nil, nil, fieldErr(field("request_headers"), err)
		}
		if a.ResponseHeaders, err = decodeHeaders(ra.ResponseHeaders, ra.ResponseHeadersEnc); err != nil {
			return nil, nil, fieldErr(field("response_headers"), err)
		}
		if a.ResponseBody, err = decodeBody(ra.ResponseBody, ra.ResponseBodyEncoding); err != nil {
			return nil, nil, fieldErr(field("response_body"), err)
		}
		// The file lists them newest first; stored oldest first, they
		// list back in the same order.
		attempts[len(r.Attempts)-1-i] = a
	}
	return d, attempts, nil
}

// millis is a duration in milliseconds to the microsecond, as the
// documented *_ms fields give it.
func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fromMillis(ms float64) time.Duration {
	return time.Duration(math.Round(ms*1000)) * time.Microsecond
}

type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

func fieldErr(field string, err error) error { return &fieldError{field, err} }

// encodeBody is b as a JSON string: as is when it is UTF-8, else base64.
func encodeBody(b []byte) (*string, string) {
	if utf8.Valid(b) {
		s := string(b)
		return &s, ""
	}
	s := base64.StdEncoding.EncodeToString(b)
	return &s, base64Encoding
}

func decodeBody(s *string, encoding string) ([]byte, error) {
	if s == nil {
		return []byte{}, nil
	}
	switch encoding {
	case "":
		return []byte(*s), nil
	case base64Encoding:
		b, err := base64.StdEncoding.DecodeString(*s)
		if err != nil {
			return nil, fmt.Errorf("not base64: %w", err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("unknown encoding %q (want base64 or none)", encoding)
}

// encodeHeaders is h as JSON can hold it: names and values as they are
// when all are UTF-8, else all base64 (encoding/json would turn the
// stray bytes into U+FFFD).
func encodeHeaders(h http.Header) (map[string][]string, string) {
	out := make(map[string][]string, len(h))
	clean := true
	for name, values := range h {
		clean = clean && utf8.ValidString(name)
		for _, v := range values {
			clean = clean && utf8.ValidString(v)
		}
		out[name] = values
	}
	if clean {
		return out, ""
	}
	b64 := make(map[string][]string, len(h))
	for name, values := range h {
		enc := make([]string, len(values))
		for i, v := range values {
			enc[i] = base64.StdEncoding.EncodeToString([]byte(v))
		}
		b64[base64.StdEncoding.EncodeToString([]byte(name))] = enc
	}
	return b64, base64Encoding
}

func decodeHeaders(m map[string][]string, encoding string) (http.Header, error) {
	h := make(http.Header, len(m))
	for name, values := range m {
		switch encoding {
		case "":
			h[name] = append([]string(nil), values...)
			if values == nil {
				h[name] = []string{}
			}
		case base64Encoding:
			n, err := base64.StdEncoding.DecodeString(name)
			if err != nil {
				return nil, fmt.Errorf("name %q is not base64", name)
			}
			dec := make([]string, len(values))
			for i, v := range values {
				b, err := base64.StdEncoding.DecodeString(v)
				if err != nil {
					return nil, fmt.Errorf("%s value %d is not base64", n, i)
				}
				dec[i] = string(b)
			}
			h[string(n)] = dec
		default:
			return nil, fmt.Errorf("unknown encoding %q (want base64 or none)", encoding)
		}
	}
	return h, nil
}
