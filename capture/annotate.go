package capture

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// This file adapts decode, which knows nothing of storage, to the capture
// path: a delivery becomes one decode.Request, analysed once, and what
// analysis finds goes into the stored delivery's columns.

// Request is d as decode sees it, with its receive time and Host (for
// URL-signing schemes); compressed bodies are decoded up to the capture
// path's limit.
func Request(d *store.Delivery) *decode.Request {
	r := decode.NewRequestLimit(d.Method, d.URI, d.Headers, d.Body, registry.AnalyzeLimit)
	r.ReceivedAt, r.Host = d.ReceivedAt, d.Host
	return r
}

// storedSignature is the part of a signature check kept with a delivery.
type storedSignature struct {
	Status decode.SigStatus `json:"status"`
	Scheme string           `json:"scheme,omitempty"`
	Reason string           `json:"reason,omitempty"`
}

// Annotate fills in d's provider, topic, signature check and summary from
// r (d's request; nil builds it).
func Annotate(a *registry.Analyzer, d *store.Delivery, r *decode.Request) {
	if r == nil {
		r = Request(d)
	}
	det := identify(a, d, r)
	d.Summary = registry.Summary(det, r)
}

// identify fills in d's provider, topic and signature check from r: what
// capture must know before it answers. The summary, which takes decoding
// the body as its typed event, is only for display.
func identify(a *registry.Analyzer, d *store.Delivery, r *decode.Request) decode.Detection {
	res := a.Identify(r)
	d.Provider, d.Topic = res.Detection.Provider, res.Detection.Topic
	d.Signature = storedSignature{res.Signature.Status, res.Signature.Scheme, res.Signature.Reason}.column()
	return res.Detection
}

// column is s as the signature column holds it: json.Marshal(s), byte for
// byte. Statuses, scheme names and reasons rarely hold a byte that JSON
// escapes, and then it is written directly: json.Marshal's reflection over
// the struct and the copy of its result into a string cost as much as
// detection on every delivery (issue 12).
func (s storedSignature) column() string {
	if !jsonVerbatim(string(s.Status)) || !jsonVerbatim(s.Scheme) || !jsonVerbatim(s.Reason) {
		b, _ := json.Marshal(s)
		return string(b)
	}
	var b strings.Builder
	b.Grow(len(`{"status":"","scheme":"","reason":""}`) + len(s.Status) + len(s.Scheme) + len(s.Reason))
	b.WriteString(`{"status":"`)
	b.WriteString(string(s.Status))
	if s.Scheme != "" {
		b.WriteString(`","scheme":"`)
		b.WriteString(s.Scheme)
	}
	if s.Reason != "" {
		b.WriteString(`","reason":"`)
		b.WriteString(s.Reason)
	}
	b.WriteString(`"}`)
	return b.String()
}

// jsonVerbatim reports whether json.Marshal writes s as itself between
// quotes: valid UTF-8 with no quote, backslash, control character, nor
// what it escapes for HTML (<, >, &) or JavaScript (U+2028, U+2029).
func jsonVerbatim(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s) && !strings.ContainsRune(s, '\u2028') && !strings.ContainsRune(s, '\u2029')
}

// deferring is what a Recorder under sustained load says: the store
// commits rows behind the acknowledgements, and capture leaves the
// summary to the store's indexer too (store.Options.EventKeys).
type deferring interface{ Deferring() bool }

// EventKeys is what the store's indexer learns of a stored delivery from
// its platform (store.Options.EventKeys): the event id decode finds for
// the provider it was detected as, the resource the delivery is about
// with its updated_at, and the summary when capture left it to the
// indexer (under load). It runs behind the store's writer, never on the
// capture path.
func EventKeys(d *store.Delivery) store.EventKeys {
	p, _ := registry.Lookup(d.Provider)
	r := Request(d)
	keys := store.EventKeys{EventID: decode.EventID(p, r)}
	keys.Resource, keys.UpdatedAt, _ = decode.ResourceVersion(p, r)
	if d.Summary == "" {
		keys.Summary = registry.SummaryOf(d.Provider, d.Topic, r)
	}
	return keys
}

// WithAnalyzer has a annotate each delivery before it is stored, from the
// one decode.Request the server builds per delivery; a replier set with
// WithRequestReplier reads the same request, so the body and the typed
// event are decoded once.
//
// While the recorder defers (a store under sustained load: its Deferring
// reports true), the summary is left to the store's indexer, which fills
// it in once capture pauses: at saturation the typed decoding it takes
// was a sixth of the capture path's CPU (issue 12).
func WithAnalyzer(a *registry.Analyzer) Option {
	return func(s *Server) {
		s.annotateReq = func(d *store.Delivery, r *decode.Request) {
			if dr, ok := s.rec.(deferring); ok && dr.Deferring() {
				identify(a, d, r)
				return
			}
			Annotate(a, d, r)
		}
	}
}

// WithRequestReplier has f choose the reply to each delivery that was read
// whole (d's ReplyStatus, ReplyRule, ReplyHeaders and ReplyBody, all four:
// f gets d with the status 200 and the rule "plain 200", no headers and no
// body), from the request the analyzer decoded. It runs after the
// analyzer, on the request path; it must not block or fail.
func WithRequestReplier(f func(*store.Delivery, *decode.Request)) Option {
	return func(s *Server) { s.replyReq = f }
}
