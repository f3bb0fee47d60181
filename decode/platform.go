package decode

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/hookscope/hookscope/decode/scheme"
)

// Platform is a Provider assembled from data: most platforms are an id, a
// name, a signature Spec from decode/scheme, their common events and a
// detection rule. Each provider package fills one in.
type Platform struct {
	Key, Title string
	// Spec is how the platform signs; nil when it does not.
	Spec *scheme.Spec
	// EventList are the events hookscope types; an event with Topic "*"
	// is the fallback for every other topic (the platform's envelope).
	EventList []Event
	Detector  func(r *Request) (Detection, bool)
	// Extract finds the event JSON; nil means the body.
	Extract func(r *Request) ([]byte, error)
	// Handshaker is the reply the platform's handshake needs; nil when it
	// has none.
	Handshaker func(r *Request, in HandshakeInput) (Handshake, bool)
	// Versioner is the resource a delivery is about and when it was
	// last updated (ResourceVersioner); nil when the platform says not.
	Versioner func(r *Request) (key string, updatedAt time.Time, ok bool)
}

// ID implements Provider.
func (p *Platform) ID() string { return p.Key }

// Name implements Provider.
func (p *Platform) Name() string { return p.Title }

// Detect implements Provider.
func (p *Platform) Detect(r *Request) (Detection, bool) { return p.Detector(r) }

// Events implements Provider.
func (p *Platform) Events() []Event { return p.EventList }

// Payload implements Provider.
func (p *Platform) Payload(r *Request) ([]byte, error) {
	if p.Extract != nil {
		return p.Extract(r)
	}
	if len(r.Body) == 0 {
		return nil, errors.New("empty body")
	}
	return r.Body, nil
}

// ResourceVersion implements ResourceVersioner.
func (p *Platform) ResourceVersion(r *Request) (string, time.Time, bool) {
	if p.Versioner == nil {
		return "", time.Time{}, false
	}
	return p.Versioner(r)
}

// Signature implements Provider.
func (p *Platform) Signature() Scheme {
	if p.Spec == nil {
		return nil
	}
	return SpecScheme{Spec: p.Spec}
}

// Any is the Topic of a fallback event.
const Any = "*"

// Partial marks a type that names only the fields hookscope shows: the
// platform sends many more (Stripe's objects have dozens, and grow), so
// fields it does not name are not drift. Embed it.
type Partial struct{}

// Claim is a detection for provider from evidence.
func Claim(provider, topic string, c Confidence, evidence ...string) (Detection, bool) {
	return Detection{Provider: provider, Topic: topic, Confidence: c, Evidence: evidence}, true
}

// JSONString is the string (or number, as written) at a dotted path in a
// JSON object body; "" when absent or not a scalar. It decodes only the
// objects on the path.
func JSONString(body []byte, path string) string {
	raw := json.RawMessage(body)
	for _, k := range strings.Split(path, ".") {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return ""
		}
		raw = obj[k]
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// HasJSON reports whether the JSON object body has every top-level key.
func HasJSON(body []byte, keys ...string) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return false
	}
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			return false
		}
	}
	return true
}
