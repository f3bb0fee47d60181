// Package registry lists the providers hookscope knows and analyses
// deliveries with them: which provider and topic (configured routes first,
// then each provider's own detection), the signature check, and the typed
// view. Adding a provider is adding its package and one line to providers.
package registry

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/americommerce"
	"github.com/hookscope/hookscope/decode/amplify"
	"github.com/hookscope/hookscope/decode/github"
	"github.com/hookscope/hookscope/decode/gitlab"
	"github.com/hookscope/hookscope/decode/merchone"
	"github.com/hookscope/hookscope/decode/paddle"
	"github.com/hookscope/hookscope/decode/shopify"
	"github.com/hookscope/hookscope/decode/slack"
	"github.com/hookscope/hookscope/decode/spiffy"
	"github.com/hookscope/hookscope/decode/stripe"
	"github.com/hookscope/hookscope/decode/svix"
	"github.com/hookscope/hookscope/decode/twilio"
	"github.com/hookscope/hookscope/decode/vend"
)

// providers in the order ties in detection are broken: those a header
// identifies first, then the generic Standard Webhooks scheme (a
// platform's own header wins over it), then those known by body shape.
var providers = []decode.Provider{
	spiffy.Provider{},
	stripe.Provider,
	github.Provider,
	gitlab.Provider,
	slack.Provider,
	shopify.Provider,
	paddle.Provider,
	twilio.Provider,
	svix.Provider,
	vend.Provider{},
	amplify.Provider{},
	merchone.Provider{},
	americommerce.Provider{},
}

// All returns every provider.
func All() []decode.Provider { return append([]decode.Provider(nil), providers...) }

// IDs returns every provider id, sorted.
func IDs() []string {
	var ids []string
	for _, p := range providers {
		ids = append(ids, p.ID())
	}
	sort.Strings(ids)
	return ids
}

// Lookup returns the provider with id.
func Lookup(id string) (decode.Provider, bool) {
	for _, p := range providers {
		if p.ID() == id {
			return p, true
		}
	}
	return nil, false
}

// Route maps a path prefix to a provider and, optionally, a topic: how a
// user settles detection for an endpoint (config [[routes]]).
type Route struct {
	Prefix   string `toml:"prefix"`
	Provider string `toml:"provider"`
	Topic    string `toml:"topic"`
}

// Analyzer analyses deliveries with the configured routes and secrets.
// It is safe for concurrent use; nothing in it changes after New.
type Analyzer struct {
	routes  []Route
	secrets map[string][][]byte
	sources map[string]string
}

// Option configures an Analyzer.
type Option func(*Analyzer)

// WithSecretSources says where each provider's secret came from, for
// people ("the environment variable HOOKSCOPE_SPIFFY_SECRET"); the
// inspection of a delivery repeats it beside the check the secret made.
func WithSecretSources(sources map[string]string) Option {
	return func(a *Analyzer) { a.sources = sources }
}

// New returns an Analyzer. Routes naming an unknown provider are an error;
// secrets maps provider ids to their secrets, tried in order (rotation,
// several endpoints): secret first, then secrets = […].
func New(routes []Route, secrets map[string][][]byte, opts ...Option) (*Analyzer, error) {
	for _, r := range routes {
		if _, ok := Lookup(r.Provider); !ok {
			return nil, fmt.Errorf("route %s: unknown provider %q (known: %s)", r.Prefix, r.Provider, strings.Join(IDs(), ", "))
		}
		if !strings.HasPrefix(r.Prefix, "/") {
			return nil, fmt.Errorf("route %q: prefix must start with /", r.Prefix)
		}
	}
	sorted := append([]Route(nil), routes...)
	// Longest prefix first: the most specific route wins.
	sort.SliceStable(sorted, func(i, j int) bool { return len(sorted[i].Prefix) > len(sorted[j].Prefix) })
	a := &Analyzer{routes: sorted, secrets: secrets}
	for _, o := range opts {
		o(a)
	}
	return a, nil
}

// Secret returns the first configured secret for provider id, the one
// re-signing uses; nil when none.
func (a *Analyzer) Secret(id string) []byte {
	if s := a.Secrets(id); len(s) > 0 {
		return s[0]
	}
	return nil
}

// Secrets returns every configured secret for provider id, in order.
func (a *Analyzer) Secrets(id string) [][]byte {
	if a == nil {
		return nil
	}
	return a.secrets[id]
}

// Detect tells provider and topic: a configured route first, then the
// provider with the most confident claim.
func (a *Analyzer) Detect(r *decode.Request) decode.Detection {
	if a != nil {
		for _, rt := range a.routes {
			if !strings.HasPrefix(r.Path, rt.Prefix) {
				continue
			}
			p, _ := Lookup(rt.Provider)
			d, _ := p.Detect(r)
			d.Provider, d.Confidence = p.ID(), decode.High
			d.Evidence = append([]string{"route " + rt.Prefix + " → " + p.ID()}, d.Evidence...)
			if rt.Topic != "" {
				d.Topic, d.Candidates = rt.Topic, nil
				d.Evidence[0] += " (topic " + rt.Topic + ")"
			}
			return d
		}
	}
	// Providers that detect by headers come first in the list; a
	// high-confidence claim ends the search, sparing the others' JSON
	// parsing on the capture path. A lower claim is kept only when no
	// earlier one was as sure: ties go to the earlier (header) provider.
	best := decode.Detection{Provider: decode.Unknown}
	for _, p := range providers {
		if d, ok := p.Detect(r); ok && d.Confidence > best.Confidence {
			best = d
			if d.Confidence == decode.High {
				break
			}
		}
	}
	return best
}

// Result is what capture records of a delivery.
type Result struct {
	Detection decode.Detection
	Signature decode.Signature
	Summary   string
}

// Analyze detects, checks the signature and summarises r. It is cheap
// enough for the capture path: no drift walk, no sections.
func (a *Analyzer) Analyze(r *decode.Request) Result {
	det := a.Detect(r)
	res := Result{Detection: det, Signature: a.Check(r, det)}
	p, ok := Lookup(det.Provider)
	if !ok {
		return res
	}
	e, ok := eventFor(p, det)
	if !ok {
		return res
	}
	if value, ok := decodeAs(p, e, r); ok {
		res.Summary = decode.Summarize(value, e.Topic)
	}
	return res
}

// Typed decodes r as provider's event topic: the event and the typed
// request body. ok is false when there is no such event or the body does
// not fit its type; the event is returned whenever it exists.
func Typed(provider, topic string, r *decode.Request) (e decode.Event, value decode.Summarizer, ok bool) {
	p, found := Lookup(provider)
	if !found {
		return decode.Event{}, nil, false
	}
	if e, found = decode.FindEvent(p, topic); !found {
		return decode.Event{}, nil, false
	}
	value, ok = decodeAs(p, e, r)
	return e, value, ok
}

// decodeAs decodes r as event e once per request: capture's summary and a
// reply template share the one decoding.
func decodeAs(p decode.Provider, e decode.Event, r *decode.Request) (decode.Summarizer, bool) {
	if v, ok, seen := r.Typed(p.ID(), e.Topic); seen {
		return v, ok
	}
	value, ok := decodeOnce(p, e, r)
	r.RememberTyped(p.ID(), e.Topic, value, ok)
	return value, ok
}

func decodeOnce(p decode.Provider, e decode.Event, r *decode.Request) (decode.Summarizer, bool) {
	payload, err := p.Payload(r)
	if err != nil {
		return nil, false
	}
	value := e.New()
	if decode.Unmarshal(payload, value) != nil {
		return nil, false
	}
	return value, true
}

// Check verifies r's signature for the detected provider.
func (a *Analyzer) Check(r *decode.Request, det decode.Detection) decode.Signature {
	p, ok := Lookup(det.Provider)
	if !ok {
		return decode.Signature{Status: decode.SigUnsigned, Scheme: "none", Reason: "no provider recognised this delivery"}
	}
	return decode.Check(p, r, a.Secrets(p.ID()))
}

// View decodes r as its detected event into a typed view. It never fails:
// problems are in the view's Error, and the body stays viewable as is.
func (a *Analyzer) View(r *decode.Request, det decode.Detection) *decode.View {
	p, ok := Lookup(det.Provider)
	if !ok {
		return &decode.View{Error: "no provider recognised this delivery"}
	}
	e, ok := eventFor(p, det)
	if !ok {
		switch {
		case det.Topic == "" && len(det.Candidates) == 0:
			return &decode.View{Error: "the topic could not be told"}
		case det.Topic == "":
			return &decode.View{Error: "ambiguous topic: one of " + strings.Join(det.Candidates, ", ")}
		}
		return &decode.View{Error: fmt.Sprintf("%s does not document the topic %q", p.Name(), det.Topic)}
	}
	payload, err := p.Payload(r)
	if err != nil {
		return &decode.View{Error: err.Error()}
	}
	v := decode.DecodeEvent(e, payload)
	if det.Topic == "" {
		v.Summary = decode.Join(v.Summary, "topic ambiguous: "+strings.Join(det.Candidates, " / "))
	}
	return v
}

// eventFor is the detected event, or, when the topic is ambiguous but every
// candidate has the same body type (AmeriCommerce's Order* events), that
// type under the first candidate.
func eventFor(p decode.Provider, det decode.Detection) (decode.Event, bool) {
	if det.Topic != "" {
		return decode.FindEvent(p, det.Topic)
	}
	if len(det.Candidates) == 0 {
		return decode.Event{}, false
	}
	first, ok := decode.FindEvent(p, det.Candidates[0])
	if !ok {
		return decode.Event{}, false
	}
	want := reflect.TypeOf(first.New())
	for _, c := range det.Candidates[1:] {
		e, ok := decode.FindEvent(p, c)
		if !ok || reflect.TypeOf(e.New()) != want {
			return decode.Event{}, false
		}
	}
	return first, true
}

// Inspection is everything hookscope can say about a delivery.
type Inspection struct {
	Detection decode.Detection
	Signature decode.Signature
	View      *decode.View
	// SecretConfig and SecretEnv say where the provider's secret is
	// configured; "" when the provider does not sign.
	SecretConfig string // e.g. [providers.spiffy] secret = "…"
	SecretEnv    string // e.g. HOOKSCOPE_SPIFFY_SECRET
	// SecretFrom says where the secret the check used came from; "" when
	// none was used. Never the secret itself.
	SecretFrom string
}

// Inspect detects, checks and decodes r with the current routes and
// secrets: what show and the TUI display.
func (a *Analyzer) Inspect(r *decode.Request) Inspection {
	det := a.Detect(r)
	in := Inspection{Detection: det, Signature: a.Check(r, det), View: a.View(r, det)}
	if p, ok := Lookup(det.Provider); ok && p.Signature() != nil {
		in.SecretConfig = fmt.Sprintf("[providers.%s] secret = \"…\"", p.ID())
		in.SecretEnv = decode.SecretEnv(p.ID())
		if len(a.Secret(p.ID())) > 0 {
			in.SecretFrom = "the configuration"
			if src := a.sources[p.ID()]; src != "" {
				in.SecretFrom = src
			}
		}
	}
	return in
}

// AnalyzeLimit caps how much of a compressed body capture decodes to
// analyse it; display decodes up to 64 MiB later, off the request path.
const AnalyzeLimit = 4 << 20
