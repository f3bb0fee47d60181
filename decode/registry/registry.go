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
	"sync/atomic"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/americommerce"
	"github.com/hookscope/hookscope/decode/amplify"
	"github.com/hookscope/hookscope/decode/asana"
	"github.com/hookscope/hookscope/decode/bigcommerce"
	"github.com/hookscope/hookscope/decode/bitbucket"
	"github.com/hookscope/hookscope/decode/calendly"
	"github.com/hookscope/hookscope/decode/coinbase"
	"github.com/hookscope/hookscope/decode/discord"
	"github.com/hookscope/hookscope/decode/dropbox"
	"github.com/hookscope/hookscope/decode/github"
	"github.com/hookscope/hookscope/decode/gitlab"
	"github.com/hookscope/hookscope/decode/hubspot"
	"github.com/hookscope/hookscope/decode/intercom"
	"github.com/hookscope/hookscope/decode/lemonsqueezy"
	"github.com/hookscope/hookscope/decode/linear"
	"github.com/hookscope/hookscope/decode/mailgun"
	"github.com/hookscope/hookscope/decode/merchone"
	"github.com/hookscope/hookscope/decode/mux"
	"github.com/hookscope/hookscope/decode/paddle"
	"github.com/hookscope/hookscope/decode/pagerduty"
	"github.com/hookscope/hookscope/decode/postmark"
	"github.com/hookscope/hookscope/decode/razorpay"
	"github.com/hookscope/hookscope/decode/sendgrid"
	"github.com/hookscope/hookscope/decode/sentry"
	"github.com/hookscope/hookscope/decode/shopify"
	"github.com/hookscope/hookscope/decode/slack"
	"github.com/hookscope/hookscope/decode/spiffy"
	"github.com/hookscope/hookscope/decode/square"
	"github.com/hookscope/hookscope/decode/stripe"
	"github.com/hookscope/hookscope/decode/svix"
	"github.com/hookscope/hookscope/decode/twilio"
	"github.com/hookscope/hookscope/decode/twitch"
	"github.com/hookscope/hookscope/decode/typeform"
	"github.com/hookscope/hookscope/decode/vend"
	"github.com/hookscope/hookscope/decode/vercel"
	"github.com/hookscope/hookscope/decode/woocommerce"
	"github.com/hookscope/hookscope/decode/xero"
	"github.com/hookscope/hookscope/decode/zoom"
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
	bitbucket.Provider,
	woocommerce.Provider,
	square.Provider,
	lemonsqueezy.Provider,
	linear.Provider,
	sentry.Provider,
	pagerduty.Provider,
	typeform.Provider,
	calendly.Provider,
	zoom.Provider,
	twitch.Provider,
	discord.Provider,
	hubspot.Provider,
	sendgrid.Provider,
	intercom.Provider,
	dropbox.Provider,
	vercel.Provider,
	coinbase.Provider,
	razorpay.Provider,
	asana.Provider,
	mux.Provider,
	xero.Provider,
	svix.Provider,
	bigcommerce.Provider,
	mailgun.Provider,
	postmark.Provider,
	vend.Provider{},
	amplify.Provider{},
	merchone.Provider{},
	americommerce.Provider{},
}

// customSet holds the providers the user's config defines (decode/custom).
// They are set once, when the config is read, before any delivery is
// analysed; an atomic pointer keeps a concurrent reader safe regardless.
var customSet atomic.Pointer[[]decode.Provider]

// SetCustom installs the providers a config defines, replacing any set
// before; nil removes them. An id that is built in, or given twice, is an
// error and nothing is installed. Custom providers are found by Lookup and
// IDs and detected like built-in ones, ahead of them: a user who describes
// a platform's header means that platform.
func SetCustom(ps []decode.Provider) error {
	seen := map[string]bool{}
	for _, p := range ps {
		if Builtin(p.ID()) {
			return fmt.Errorf("[providers.%s]: %s is a built-in provider; give the custom provider another id", p.ID(), p.ID())
		}
		if seen[p.ID()] {
			return fmt.Errorf("[providers.%s]: defined twice", p.ID())
		}
		seen[p.ID()] = true
	}
	ps = append([]decode.Provider(nil), ps...)
	customSet.Store(&ps)
	return nil
}

// customs is the installed custom providers.
func customs() []decode.Provider {
	if c := customSet.Load(); c != nil {
		return *c
	}
	return nil
}

// Builtin reports whether id is a built-in provider's.
func Builtin(id string) bool {
	for _, p := range providers {
		if p.ID() == id {
			return true
		}
	}
	return false
}

// All returns every provider, custom ones first.
func All() []decode.Provider {
	return append(append([]decode.Provider(nil), customs()...), providers...)
}

// IDs returns every provider id, built-in and custom, sorted.
func IDs() []string {
	var ids []string
	for _, p := range All() {
		ids = append(ids, p.ID())
	}
	sort.Strings(ids)
	return ids
}

// Lookup returns the provider with id.
func Lookup(id string) (decode.Provider, bool) {
	for _, ps := range [][]decode.Provider{customs(), providers} {
		for _, p := range ps {
			if p.ID() == id {
				return p, true
			}
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
	// publicURL is the base URL platforms call (public_url), perProvider
	// a provider's own; "" rebuilds it from Host and X-Forwarded-Proto.
	publicURL   string
	perProvider map[string]string
}

// Option configures an Analyzer.
type Option func(*Analyzer)

// WithSecretSources says where each provider's secret came from, for
// people ("the environment variable HOOKSCOPE_SPIFFY_SECRET"); the
// inspection of a delivery repeats it beside the check the secret made.
func WithSecretSources(sources map[string]string) Option {
	return func(a *Analyzer) { a.sources = sources }
}

// PublicURLs sets the URL platforms call, for the schemes that sign it
// (Twilio, Square, HubSpot): base for every provider (config public_url or
// --public-url), perProvider for those with their own ([providers.ID]
// public_url). Without either the URL is rebuilt from the delivery's Host
// and X-Forwarded-Proto, and the verdict says so.
func PublicURLs(base string, perProvider map[string]string) Option {
	return func(a *Analyzer) { a.publicURL, a.perProvider = base, perProvider }
}

// PublicURL is the configured public URL for provider id, "" when none.
func (a *Analyzer) PublicURL(id string) string {
	if a == nil {
		return ""
	}
	if u := a.perProvider[id]; u != "" {
		return u
	}
	return a.publicURL
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
	for id := range a.perProvider {
		if _, ok := Lookup(id); !ok {
			return nil, fmt.Errorf("public_url for unknown provider %q", id)
		}
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
	for _, ps := range [][]decode.Provider{customs(), providers} {
		for _, p := range ps {
			if d, ok := p.Detect(r); ok && d.Confidence > best.Confidence {
				best = d
				if d.Confidence == decode.High {
					return best
				}
			}
		}
	}
	return best
}

// Result is what capture must know of a delivery before it answers.
type Result struct {
	Detection decode.Detection
	Signature decode.Signature
}

// Identify detects r's provider, checks its signature and finds a
// handshake's answer: what capture must know before it answers, and
// nothing that is only for display. The summary, which takes decoding the
// body as its typed event, is Summary's. It is cheap enough for the
// capture path: no drift walk, no sections.
func (a *Analyzer) Identify(r *decode.Request) Result {
	det := a.Detect(r)
	res := Result{Detection: det, Signature: a.Check(r, det)}
	p, ok := Lookup(det.Provider)
	if !ok {
		return res
	}
	if hs, ok := p.(decode.Handshaker); ok {
		// The reply is chosen after analysis, from the same request.
		if h, ok := hs.Handshake(r, decode.HandshakeInput{Signature: res.Signature, Secrets: a.Secrets(p.ID())}); ok {
			r.RememberHandshake(h)
		}
	}
	return res
}

// SummaryOf is Summary for a delivery stored as provider and topic, as the
// store's indexer has it: an empty topic is detected again, for the
// candidates an ambiguous body had.
func SummaryOf(provider, topic string, r *decode.Request) string {
	p, ok := Lookup(provider)
	if !ok {
		return ""
	}
	det := decode.Detection{Provider: provider, Topic: topic}
	if topic == "" {
		if d, ok := p.Detect(r); ok {
			det = d
			det.Provider = provider
		}
	}
	return Summary(det, r)
}

// Summary is the one-line summary of r as the event det found: "" when
// the provider has no such event or the body does not fit its type.
func Summary(det decode.Detection, r *decode.Request) string {
	p, ok := Lookup(det.Provider)
	if !ok {
		return ""
	}
	e, ok := eventFor(p, det)
	if !ok {
		return ""
	}
	if value, ok := decodeAs(p, e, r); ok {
		return decode.Summarize(value, e.Topic)
	}
	return ""
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
	if u := a.PublicURL(p.ID()); u != "" && r.PublicURL == "" {
		// A copy: the request is the caller's, shared with the reply.
		cp := *r
		cp.PublicURL = u
		r = &cp
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
