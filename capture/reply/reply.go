// Package reply decides what hookscope answers a delivery: a rule's status,
// headers and body, the body a text/template over the decoded request.
// Several platforms act on the reply body (AmeriCommerce's tax amounts and
// price checks, Amplify's products and orders), so every reply-expecting
// event has a documented default (defaults.go); other events get a plain
// 200.
package reply

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"text/template"
)

// Rule is a reply: status, headers and a templated body.
type Rule struct {
	Name    string
	Status  int
	Headers map[string]string
	Body    string // text/template over Data
}

// Data is what a body template sees.
type Data struct {
	Request  Request
	Provider string
	Topic    string
	// Event is the typed request body (e.g. *americommerce.GetTaxRequest),
	// nil when the delivery was not decoded.
	Event any
}

// Request is the raw request as templates see it.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   string
	// JSON is the body decoded generically, nil when it is not JSON.
	JSON any
}

// Reply is a rendered rule, ready to send and to record.
type Reply struct {
	Rule    string
	Status  int
	Headers http.Header
	Body    []byte
	// Err is set when the template failed; the reply is then a 500 with
	// the error, so the sender and the user both see what went wrong.
	Err string
}

// Plain is the reply to deliveries whose platform reads no reply body.
var Plain = Rule{Name: "plain 200", Status: http.StatusOK,
	Headers: map[string]string{"Content-Type": "application/json"}, Body: `{"ok":true}`}

// Render runs r's body template over data. It never fails: a template that
// does not parse or execute gives a 500 reply naming the error.
func Render(r Rule, data Data) Reply {
	out := Reply{Rule: r.Name, Status: r.Status, Headers: http.Header{}}
	for k, v := range r.Headers {
		out.Headers.Set(k, v)
	}
	if r.Body != "" && !strings.Contains(r.Body, "{{") {
		// No action: the template would write the text as it is. Most
		// replies (plain 200) are such, and executing them was a tenth
		// of the capture path's CPU (issue 12).
		out.Body = []byte(r.Body)
		return out
	}
	tmpl, err := parse(r.Body, isJSON(r.Headers))
	if err == nil {
		var b bytes.Buffer
		if err = tmpl.Execute(&b, data); err == nil {
			out.Body = b.Bytes()
			return out
		}
	}
	err = templateError(err)
	out.Err = err.Error()
	out.Status = http.StatusInternalServerError
	out.Headers = http.Header{"Content-Type": {"application/json"}}
	out.Body, _ = json.Marshal(map[string]string{"error": "hookscope reply " + r.Name + ": " + err.Error()})
	return out
}

// templateName names every reply template; templateError takes it out of
// Go's messages again, which name it twice ("template: reply:1: …",
// "executing \"reply\" at …") where the rule's own name says more.
const templateName = "reply"

// templateError rewrites text/template's "template: reply:2:6: executing
// "reply" at <.A>: …" as "template line 2, column 6: at <.A>: …".
func templateError(err error) error {
	msg, ok := strings.CutPrefix(err.Error(), "template: "+templateName+":")
	if !ok {
		return err
	}
	var pos []string
	for len(pos) < 2 {
		n, rest, ok := strings.Cut(msg, ":")
		if !ok || n == "" || strings.Trim(n, "0123456789") != "" {
			break
		}
		pos, msg = append(pos, n), rest
	}
	msg = strings.TrimSpace(msg)
	msg = strings.TrimPrefix(msg, `executing "`+templateName+`" `)
	switch len(pos) {
	case 0:
		return errors.New("template: " + msg)
	case 1:
		return fmt.Errorf("template line %s: %s", pos[0], msg)
	}
	return fmt.Errorf("template line %s, column %s: %s", pos[0], pos[1], msg)
}

// parsed caches templates by their text and whether they write JSON:
// every delivery renders one, and parsing costs more than executing. Rule
// edits add entries; the cache is dropped when it grows past a bound, so it
// stays small.
var (
	parsedMu sync.Mutex
	parsed   = map[parseKey]*template.Template{}
)

type parseKey struct {
	body string
	json bool
}

const maxParsed = 256

// parse parses body; a JSON body has every action escaped for its place
// (escape.go).
func parse(body string, asJSON bool) (*template.Template, error) {
	key := parseKey{body, asJSON}
	parsedMu.Lock()
	t, ok := parsed[key]
	parsedMu.Unlock()
	if ok {
		return t, nil
	}
	t, err := template.New(templateName).Funcs(funcs).Option("missingkey=error").Parse(body)
	if err != nil {
		return nil, templateError(err)
	}
	if asJSON {
		escapeJSON(t)
	}
	parsedMu.Lock()
	if len(parsed) >= maxParsed {
		parsed = map[parseKey]*template.Template{}
	}
	parsed[key] = t
	parsedMu.Unlock()
	return t, nil
}

// NewData builds template data for a delivery.
func NewData(method, path string, query url.Values, header http.Header, body []byte, provider, topic string, event any) Data {
	req := Request{Method: method, Path: path, Query: query, Header: header, Body: string(body)}
	var v any
	if json.Unmarshal(body, &v) == nil {
		req.JSON = v
	}
	return Data{Request: req, Provider: provider, Topic: topic, Event: event}
}

func (r Reply) String() string { return fmt.Sprintf("%d (%s)", r.Status, r.Rule) }
