// Package decode turns a captured delivery into what it means: which
// platform sent it (provider), which event (topic), a typed view of the
// event, and whether its signature holds.
//
// Each platform is its own package under decode/ implementing Provider; the
// registry package lists them. This package holds what they share: the
// request as providers see it, detection results, views, value types for
// money and time, drift detection and HMAC signature checks.
package decode

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hookscope/hookscope/decode/content"
)

// Request is a delivery as providers examine it.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	// Raw is the body as received: what platforms sign.
	Raw []byte
	// Body is Raw with Content-Encoding undone (capped); what they mean.
	Body []byte
	// ReceivedAt is when hookscope received the delivery: signature
	// timestamps are judged fresh or stale against it, not against the
	// clock at the time of looking. Zero skips the freshness check.
	ReceivedAt time.Time
	// Host is the Host the delivery was sent to, for URL-signing schemes
	// when no public URL is configured.
	Host string
	// PublicURL is the base URL the platform called (public_url), "" to
	// rebuild it from Host and X-Forwarded-Proto.
	PublicURL string

	form    url.Values
	formErr error
	parsed  bool
	uri     string
	typed   typedMemo
	// handshake is the reply the platform's handshake requires, found
	// by analysis.
	handshake handshakeMemo
}

// typedMemo keeps the one typed decoding of a request, so the capture path
// (summary, then a reply template) decodes the event once.
type typedMemo struct {
	provider, topic string
	value           Summarizer
	ok, set         bool
}

// Typed returns the typed event remembered for provider and topic.
func (r *Request) Typed(provider, topic string) (Summarizer, bool, bool) {
	m := r.typed
	if !m.set || m.provider != provider || m.topic != topic {
		return nil, false, false
	}
	return m.value, m.ok, true
}

// RememberTyped keeps the typed event decoded for provider and topic.
func (r *Request) RememberTyped(provider, topic string, v Summarizer, ok bool) {
	r.typed = typedMemo{provider: provider, topic: topic, value: v, ok: ok, set: true}
}

// URI is the request URI as received (path and query).
func (r *Request) URI() string { return r.uri }

// NewRequest builds a Request from a delivery's parts, undoing
// Content-Encoding up to the display limit.
func NewRequest(method, uri string, header http.Header, body []byte) *Request {
	return NewRequestLimit(method, uri, header, body, content.DefaultDecodeLimit)
}

// NewRequestLimit is NewRequest with at most limit decoded bytes; capture
// analyses with a small limit so a compressed body cannot cost it much.
func NewRequestLimit(method, uri string, header http.Header, body []byte, limit int64) *Request {
	if header == nil {
		header = http.Header{}
	}
	path, query, _ := strings.Cut(uri, "?")
	q, _ := url.ParseQuery(query)
	decoded, err := content.Decode(body, header.Get("Content-Encoding"), limit)
	if err != nil && len(decoded) == 0 {
		decoded = body
	}
	return &Request{Method: method, Path: path, Query: q, Header: header, Raw: body, Body: decoded, uri: uri}
}

// MediaType is the Content-Type without parameters, lowercased.
func (r *Request) MediaType() string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt
}

// Form parses a form-encoded body once; nil when the body is not a form.
func (r *Request) Form() url.Values {
	if !r.parsed {
		r.parsed = true
		if r.MediaType() == "application/x-www-form-urlencoded" || r.MediaType() == "" && looksLikeForm(r.Body) {
			r.form, r.formErr = url.ParseQuery(string(r.Body))
		}
	}
	if r.formErr != nil {
		return nil
	}
	return r.form
}

func looksLikeForm(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] != '{' && b[0] != '[' && b[0] != '<' && bytes.IndexByte(b, '=') > 0
}

// LastSegment is the last non-empty segment of the path.
func (r *Request) LastSegment() string {
	p := strings.TrimRight(r.Path, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	s, err := url.PathUnescape(p)
	if err != nil {
		return p
	}
	return s
}

// Confidence is how sure a detection is.
type Confidence int

// Confidences, weakest first.
const (
	None Confidence = iota
	Low
	Medium
	High
)

func (c Confidence) String() string {
	return [...]string{"none", "low", "medium", "high"}[c]
}

// Detection says which provider and topic a delivery is, how sure that is,
// and why.
type Detection struct {
	Provider   string
	Topic      string
	Confidence Confidence
	Evidence   []string
	// Candidates lists the topics that fit equally well when the topic is
	// ambiguous (Topic is then empty).
	Candidates []string
}

// Ambiguous reports whether several topics fit and none was chosen.
func (d Detection) Ambiguous() bool { return d.Topic == "" && len(d.Candidates) > 1 }

// Unknown is the provider id of deliveries no provider claims.
const Unknown = "unknown"

// Provider is one platform.
type Provider interface {
	// ID is the short name used in config, environment and output.
	ID() string
	// Name is the platform's name for people.
	Name() string
	// Detect reports whether r is this platform's and which event it is.
	Detect(r *Request) (Detection, bool)
	// Events lists every documented event.
	Events() []Event
	// Payload extracts the event JSON from r (a Vend form field, the
	// body for the others).
	Payload(r *Request) ([]byte, error)
	// Signature is how the platform signs, nil when it does not.
	Signature() Scheme
}

// Event is one documented event and the Go types of its bodies.
type Event struct {
	Topic string
	// New returns a pointer to a zero request body of this event.
	New func() Summarizer
	// NewReply returns a pointer to a zero reply body, nil when the
	// platform expects no reply body.
	NewReply func() any
	// Timeout is how long the platform waits for the reply; 0 when unknown.
	Timeout string
}

// Summarizer is a decoded event that can say what it is in one line.
type Summarizer interface {
	Summary() string
}

// Topical is a typed event whose summary names its topic, which only the
// request tells (GitHub's event is a header): the topic is set before
// Summary is called.
type Topical interface {
	SetTopic(topic string)
}

// Topic is embedded by typed events that implement Topical.
type Topic struct{ topic string }

// SetTopic implements Topical.
func (t *Topic) SetTopic(topic string) { t.topic = topic }

// Name is the topic set.
func (t *Topic) Name() string { return t.topic }

// Summarize is v's summary for event topic.
func Summarize(v Summarizer, topic string) string {
	if t, ok := v.(Topical); ok {
		t.SetTopic(topic)
	}
	return v.Summary()
}

// FindEvent returns p's event for topic.
func FindEvent(p Provider, topic string) (Event, bool) {
	var fallback *Event
	// By index: taking the address of a range variable moved every
	// Event the loop visited to the heap, on every delivery.
	events := p.Events()
	for i := range events {
		if e := &events[i]; e.Topic == Any {
			fallback = e
		} else if strings.EqualFold(e.Topic, topic) {
			return *e, true
		}
	}
	if fallback != nil && topic != "" {
		e := *fallback
		e.Topic = topic
		return e, true
	}
	return Event{}, false
}
