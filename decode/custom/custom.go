// Package custom builds providers from a user's config, with no code: a
// [providers.ID] table names the platform, says how its deliveries are
// recognised (a header, a path prefix or a JSON key) and where the topic
// is, and its signature table is a decode/scheme Config, so a custom
// provider is verified, diagnosed and re-signed by the same engine as the
// built-in ones.
package custom

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Match says how a custom provider's deliveries are recognised. Every key
// set must hold.
type Match struct {
	// Header is a header only this platform sends (its presence counts).
	Header string `toml:"header"`
	// PathPrefix is the path the platform delivers to.
	PathPrefix string `toml:"path_prefix"`
	// JSON is a dotted path into a JSON body that only this platform's
	// deliveries have.
	JSON string `toml:"json"`
}

// Topic says where a custom provider's event name is.
type Topic struct {
	Header string `toml:"header"`
	JSON   string `toml:"json"` // dotted path into the body: "event.type"
}

// Config is the part of a [providers.ID] table that defines a custom
// provider (secrets and public_url are read with the built-in ones').
type Config struct {
	Name      string         `toml:"name"`
	Match     Match          `toml:"match"`
	Topic     Topic          `toml:"topic"`
	Signature *scheme.Config `toml:"signature"`
}

// Defines reports whether c defines a provider: a table with none of these
// keys only configures one (a secret for a built-in provider).
func (c Config) Defines() bool {
	return c.Name != "" || c.Match != (Match{}) || c.Topic != (Topic{}) || c.Signature != nil
}

// KeyError is a problem with one key of a custom provider's table.
type KeyError struct {
	// Key is the key under [providers.ID], dotted: "match.header",
	// "signature.algorithm".
	Key     string
	Problem string
}

func (e *KeyError) Error() string { return e.Key + ": " + e.Problem }

func keyErr(key, format string, args ...any) error {
	return &KeyError{Key: key, Problem: fmt.Sprintf(format, args...)}
}

// idShape is what a provider id may look like: it names a config table, an
// environment variable (HOOKSCOPE_<ID>_SECRET) and a --provider value.
var idShape = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

// New builds the provider id that c describes, or says which key is wrong.
func New(id string, c Config) (*decode.Platform, error) {
	if !idShape.MatchString(id) {
		return nil, keyErr("id", "a provider id is 1 to 32 lower-case letters, digits, - or _, starting with a letter")
	}
	name := strings.TrimSpace(c.Name)
	if name == "" {
		name = id
	}
	m := c.Match
	if m == (Match{}) {
		return nil, keyErr("match", "missing: say how deliveries are recognised, e.g. match = { header = \"X-Acme-Event\" } (or path_prefix, or json)")
	}
	if m.Header != "" && !validHeader(m.Header) {
		return nil, keyErr("match.header", "not a header name")
	}
	if m.PathPrefix != "" && !strings.HasPrefix(m.PathPrefix, "/") {
		return nil, keyErr("match.path_prefix", "must start with /")
	}
	if m.JSON != "" && !validPath(m.JSON) {
		return nil, keyErr("match.json", "want a dotted path into the body, e.g. acme_version or meta.source")
	}
	if c.Topic.Header != "" && c.Topic.JSON != "" {
		return nil, keyErr("topic", "set header or json, not both")
	}
	if c.Topic.Header != "" && !validHeader(c.Topic.Header) {
		return nil, keyErr("topic.header", "not a header name")
	}
	if c.Topic.JSON != "" && !validPath(c.Topic.JSON) {
		return nil, keyErr("topic.json", "want a dotted path into the body, e.g. event.type")
	}
	p := &decode.Platform{Key: id, Title: name}
	if c.Signature != nil {
		spec, err := c.Signature.Spec(id, name)
		if err != nil {
			key, problem, ok := strings.Cut(err.Error(), ": ")
			if !ok || strings.ContainsAny(key, " ") {
				key, problem = "", err.Error()
			}
			return nil, keyErr(strings.TrimSuffix("signature."+key, "."), "%s", problem)
		}
		for _, h := range []struct{ key, v string }{{"header", spec.Header}, {"timestamp_header", spec.TimestampHeader}, {"id_header", spec.IDHeader}} {
			if h.v != "" && !validHeader(h.v) {
				return nil, keyErr("signature."+h.key, "not a header name")
			}
		}
		p.Spec = &spec
	}
	d := detector{id: id, match: m, topic: c.Topic}
	p.Detector = d.detect
	p.EventList = []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{platform: name} }}}
	return p, nil
}

func validHeader(h string) bool {
	return h != "" && strings.IndexFunc(h, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || strings.ContainsRune("()<>@,;:\\\"/[]?={}", r)
	}) < 0
}

func validPath(p string) bool {
	for _, k := range strings.Split(p, ".") {
		if k == "" || strings.TrimSpace(k) != k {
			return false
		}
	}
	return true
}

type detector struct {
	id    string
	match Match
	topic Topic
}

// detect claims a delivery when every match key holds: high on a header or
// a path the user said is the platform's, medium on a JSON key alone (a
// body shape, which loses to any built-in provider's own header).
func (d detector) detect(r *decode.Request) (decode.Detection, bool) {
	var evidence []string
	c := decode.Medium
	if d.match.Header != "" {
		if _, ok := r.Header[http.CanonicalHeaderKey(d.match.Header)]; !ok {
			return decode.Detection{}, false
		}
		evidence, c = append(evidence, "header "+d.match.Header), decode.High
	}
	if d.match.PathPrefix != "" {
		if !strings.HasPrefix(r.Path, d.match.PathPrefix) {
			return decode.Detection{}, false
		}
		evidence, c = append(evidence, "path prefix "+d.match.PathPrefix), decode.High
	}
	if d.match.JSON != "" {
		if !hasJSONPath(r.Body, d.match.JSON) {
			return decode.Detection{}, false
		}
		evidence = append(evidence, "body has "+d.match.JSON)
	}
	evidence[0] += " (custom provider " + d.id + ")"
	topic := ""
	switch {
	case d.topic.Header != "":
		topic = r.Header.Get(d.topic.Header)
	case d.topic.JSON != "":
		topic = decode.JSONString(r.Body, d.topic.JSON)
	}
	return decode.Claim(d.id, topic, c, evidence...)
}

// hasJSONPath reports whether the JSON object body has a value at path.
func hasJSONPath(body []byte, path string) bool {
	raw := json.RawMessage(body)
	for _, k := range strings.Split(path, ".") {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return false
		}
		v, ok := obj[k]
		if !ok {
			return false
		}
		raw = v
	}
	return true
}

// Event is a custom provider's delivery: hookscope knows none of its
// fields, so every field is the platform's own and none is drift.
type Event struct {
	decode.Partial
	decode.Topic
	platform string
}

// Summary implements decode.Summarizer.
func (e *Event) Summary() string { return decode.Join(e.platform, e.Name()) }
