package reply

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hookscope/hookscope/decode"
)

// UserRule is a reply rule the user set. Empty match fields match
// anything; the most specific matching rule wins: provider and topic,
// then provider, then path and method, then a global rule; ties go to the
// lower Position. When no rule matches, the documented default applies.
type UserRule struct {
	ID       int64  `json:"-" toml:"-"`
	Position int    `json:"-" toml:"-"`
	Provider string `json:"provider,omitempty" toml:"provider,omitempty"`
	Topic    string `json:"topic,omitempty" toml:"topic,omitempty"`
	// Path is a path pattern (path.Match syntax, "*" within a segment) or
	// a prefix ending in "/".
	Path   string `json:"path,omitempty" toml:"path,omitempty"`
	Method string `json:"method,omitempty" toml:"method,omitempty"`
	Step
	// Sequence, when set, replaces the single reply: each matching delivery
	// gets the next step, and the last step repeats ("503, 503, then 200").
	Sequence []Step `json:"sequence,omitempty" toml:"sequence,omitempty"`
}

// Step is one reply: status, headers, body template and delay.
type Step struct {
	Status  int               `json:"status,omitempty" toml:"status,omitempty"`
	Headers map[string]string `json:"headers,omitempty" toml:"headers,omitempty"`
	Body    string            `json:"body,omitempty" toml:"body,omitempty"`
	Delay   Duration          `json:"delay,omitempty" toml:"delay,omitempty"`
}

// Duration is a time.Duration written as "1.5s" in JSON and TOML.
type Duration time.Duration

// MarshalText writes the duration as Go writes it.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText reads "500ms", "2s".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("delay %q: %w", b, err)
	}
	if v < 0 {
		return fmt.Errorf("delay %q is negative", b)
	}
	*d = Duration(v)
	return nil
}

// Name is the rule's id and match, for the reply record and messages.
func (u UserRule) Name() string { return fmt.Sprintf("rule %d: %s", u.ID, u.Match()) }

// Match says what the rule matches: "americommerce GetTax", "POST /hooks/*",
// "everything".
func (u UserRule) Match() string {
	var parts []string
	for _, p := range []string{u.Provider, u.Topic, u.Method, u.Path} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "everything"
	}
	return strings.Join(parts, " ")
}

// Statuses is the reply status, or a sequence's statuses: "503,503,200".
func (u UserRule) Statuses() string {
	if len(u.Sequence) == 0 {
		return fmt.Sprint(u.Status)
	}
	parts := make([]string, len(u.Sequence))
	for i, s := range u.Sequence {
		parts[i] = fmt.Sprint(s.Status)
	}
	return strings.Join(parts, ",")
}

// Check reports what makes a rule unusable.
func (u UserRule) Check() error {
	if u.Topic != "" && u.Provider == "" {
		return fmt.Errorf("a rule with a topic needs its provider")
	}
	if u.Path != "" {
		if !strings.HasPrefix(u.Path, "/") {
			return fmt.Errorf("path %q must start with /", u.Path)
		}
		if _, err := path.Match(u.Path, "/"); err != nil {
			return fmt.Errorf("path %q: %w", u.Path, err)
		}
	}
	steps := u.Sequence
	if len(steps) == 0 {
		steps = []Step{u.Step}
	}
	for i, s := range steps {
		step := ""
		if len(u.Sequence) > 0 {
			step = fmt.Sprintf("step %d: ", i+1)
		}
		if s.Status < 100 || s.Status > 599 {
			return fmt.Errorf("%sstatus %d is not an HTTP status", step, s.Status)
		}
		// A body that cannot be parsed would answer every delivery with
		// a 500: refuse it here, where every save passes.
		if _, err := parse(s.Body, isJSON(MergeHeaders(s.Headers))); err != nil {
			return fmt.Errorf("%s%w", step, err)
		}
	}
	return nil
}

// specificity ranks how precisely u matches: provider and topic, then
// provider, then path or method, then everything; within each, a path
// and then a method make a rule more specific, so "americommerce GetTax
// /hooks/tax" wins over "americommerce GetTax" on that path. 0 means u
// does not match.
func (u UserRule) specificity(provider, topic, method, p string) int {
	if u.Provider != "" && u.Provider != provider || u.Topic != "" && u.Topic != topic ||
		u.Method != "" && !strings.EqualFold(u.Method, method) || u.Path != "" && !pathMatches(u.Path, p) {
		return 0
	}
	level := 1
	switch {
	case u.Provider != "" && u.Topic != "":
		level = 4
	case u.Provider != "":
		level = 3
	case u.Path != "" || u.Method != "":
		level = 2
	}
	score := level * 4
	if u.Path != "" {
		score += 2
	}
	if u.Method != "" {
		score++
	}
	return score
}

func pathMatches(pattern, p string) bool {
	if strings.HasSuffix(pattern, "/") {
		return strings.HasPrefix(p, pattern)
	}
	ok, _ := path.Match(pattern, p)
	return ok
}

// Rules are the user's rules plus sequence positions. Positions live in
// memory, per process: a sequence starts over when hookscope starts or when
// Reset is called.
type Rules struct {
	mu        sync.Mutex
	rules     []UserRule
	positions map[int64]int
}

// NewRules returns an empty set.
func NewRules() *Rules { return &Rules{positions: map[int64]int{}} }

// Replace installs rules, keeping positions of sequences still present.
func (r *Rules) Replace(rules []UserRule) {
	sorted := append([]UserRule(nil), rules...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Position < sorted[j].Position })
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rules = sorted
	keep := map[int64]int{}
	for _, u := range sorted {
		if p, ok := r.positions[u.ID]; ok {
			keep[u.ID] = p
		}
	}
	r.positions = keep
}

// Reset starts every sequence over.
func (r *Rules) Reset() {
	r.mu.Lock()
	r.positions = map[int64]int{}
	r.mu.Unlock()
}

// Choose returns the rule for a delivery: the most specific user rule (the
// next step of a sequence) or the documented default. Choosing advances
// the sequence.
func (r *Rules) Choose(provider, topic, method, p string) (Rule, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	best, bestScore := -1, 0
	for i, u := range r.rules {
		if s := u.specificity(provider, topic, method, p); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return Default(provider, topic), 0
	}
	u := r.rules[best]
	step, name := u.Step, u.Name()
	if len(u.Sequence) > 0 {
		pos := r.positions[u.ID]
		step = u.Sequence[min(pos, len(u.Sequence)-1)]
		name = fmt.Sprintf("%s (step %d of %d)", name, min(pos, len(u.Sequence)-1)+1, len(u.Sequence))
		r.positions[u.ID] = pos + 1
	}
	return step.Rule(name), time.Duration(step.Delay)
}

// BaseHeaders are the headers every user reply starts with.
var BaseHeaders = map[string]string{"Content-Type": "application/json"}

// Rule is the reply step s sends, named name. Its headers are
// BaseHeaders with the step's added or overriding them (names compared
// as HTTP does); a step header with an empty value removes one. A user
// who adds X-Broken keeps the Content-Type the body needs.
func (s Step) Rule(name string) Rule {
	return Rule{Name: name, Status: s.Status, Headers: MergeHeaders(s.Headers), Body: s.Body}
}

// MergeHeaders is BaseHeaders overridden by h, canonical names, headers
// given empty dropped.
func MergeHeaders(h map[string]string) map[string]string {
	out := make(map[string]string, len(BaseHeaders)+len(h))
	for k, v := range BaseHeaders {
		out[http.CanonicalHeaderKey(k)] = v
	}
	for k, v := range h {
		k = http.CanonicalHeaderKey(strings.TrimSpace(k))
		if v = strings.TrimSpace(v); v == "" {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// Encode and Decode store a rule as JSON in the store.
func (u UserRule) Encode() (string, error) {
	b, err := json.Marshal(u)
	return string(b), err
}

// DecodeRule reads a stored rule.
func DecodeRule(id int64, position int, data string) (UserRule, error) {
	var u UserRule
	if err := json.Unmarshal([]byte(data), &u); err != nil {
		return u, fmt.Errorf("reply rule %d: %w", id, err)
	}
	u.ID, u.Position = id, position
	return u, nil
}

// SameMatch reports whether a and b match the same deliveries: saving a
// rule with the match of an existing one replaces it.
func SameMatch(a, b UserRule) bool {
	return a.Provider == b.Provider && a.Topic == b.Topic && a.Path == b.Path && strings.EqualFold(a.Method, b.Method)
}

// MatchFor is the match a new rule for a delivery starts with: its
// provider and topic when it was recognised, else its method and path, so
// deliveries of unknown platforms do not all share one rule.
func MatchFor(provider, topic, method, path string) UserRule {
	if provider != "" && provider != decode.Unknown {
		return UserRule{Provider: provider, Topic: topic}
	}
	return UserRule{Method: strings.ToUpper(method), Path: path}
}

// Conflict returns the rule among rules, other than u itself, that
// matches what u matches: saving u beside it would leave one of the two
// never chosen, so a new rule must not silently take its place.
func Conflict(rules []UserRule, u UserRule) (UserRule, bool) {
	for _, e := range rules {
		if (u.ID == 0 || e.ID != u.ID) && SameMatch(e, u) {
			return e, true
		}
	}
	return UserRule{}, false
}

// BodyPreview is the body on one line, whitespace runs (newlines
// included) collapsed: `{ "items": [] }` rather than the `{` a first line
// shows. A sequence shows its first step's body.
func (u UserRule) BodyPreview() string {
	b := u.Body
	if len(u.Sequence) > 0 {
		b = u.Sequence[0].Body
	}
	return strings.Join(strings.Fields(b), " ")
}
