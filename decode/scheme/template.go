package scheme

import (
	"fmt"
	"io"
	"mime"
	"net/url"
	"sort"
	"strings"
)

type partKind int

const (
	partLiteral partKind = iota
	partBody
	partTimestamp
	partID
	partURL
	partMethod
	partForm
	partJSON
)

type part struct {
	kind partKind
	text string // literal text, or the JSON path
}

// nextPart reads the part at the start of t and returns the rest.
func nextPart(t string) (part, string, error) {
	if t[0] != '{' {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			i = len(t)
		}
		return part{kind: partLiteral, text: t[:i]}, t[i:], nil
	}
	end := strings.IndexByte(t, '}')
	if end < 0 {
		return part{}, "", fmt.Errorf("unclosed %q", t)
	}
	name, rest := t[1:end], t[end+1:]
	switch name {
	case "body":
		return part{kind: partBody}, rest, nil
	case "timestamp":
		return part{kind: partTimestamp}, rest, nil
	case "id":
		return part{kind: partID}, rest, nil
	case "url":
		return part{kind: partURL}, rest, nil
	case "method":
		return part{kind: partMethod}, rest, nil
	case "form":
		return part{kind: partForm}, rest, nil
	}
	if path, ok := strings.CutPrefix(name, "json:"); ok && path != "" {
		return part{kind: partJSON, text: path}, rest, nil
	}
	return part{}, "", fmt.Errorf("unknown part {%s} (want {body}, {timestamp}, {id}, {url} or {method})", name)
}

// parseTemplate splits a signed-bytes template into parts.
func parseTemplate(t string) ([]part, error) {
	if t == "" {
		return nil, fmt.Errorf("empty (e.g. \"{body}\" or \"{timestamp}.{body}\")")
	}
	var parts []part
	for t != "" {
		p, rest, err := nextPart(t)
		if err != nil {
			return nil, err
		}
		parts, t = append(parts, p), rest
	}
	return parts, nil
}

// payload is what a template's parts are filled from.
type payload struct {
	body        []byte
	timestamp   string
	id          string
	url         string
	method      string
	contentType string
	json        *jsonDoc
}

// render writes the signed bytes for template t to w. It walks the template
// string rather than a parsed slice so the capture path does not allocate;
// built-in templates are validated by the tests and custom ones by Validate.
func render(w io.Writer, t string, p *payload) error {
	for t != "" {
		pt, rest, err := nextPart(t)
		if err != nil {
			return err
		}
		t = rest
		switch pt.kind {
		case partLiteral:
			io.WriteString(w, pt.text)
		case partBody:
			w.Write(p.body)
		case partTimestamp:
			io.WriteString(w, p.timestamp)
		case partID:
			io.WriteString(w, p.id)
		case partURL:
			io.WriteString(w, p.url)
		case partMethod:
			io.WriteString(w, strings.ToUpper(p.method))
		case partForm:
			writeForm(w, p.body, p.contentType)
		case partJSON:
			v, _ := p.json.lookup(p.body, pt.text)
			io.WriteString(w, v)
		}
	}
	return nil
}

// writeForm writes a form body's parameters sorted by name in byte order,
// each name followed by its value, decoded (Twilio). Repeated names are
// written once per value, in the order received. A body that is not a form
// (Twilio's JSON bodies) contributes nothing.
func writeForm(w io.Writer, body []byte, contentType string) {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt != "application/x-www-form-urlencoded" && (mt != "" || !looksLikeForm(body)) {
		return
	}
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range vals[k] {
			io.WriteString(w, k)
			io.WriteString(w, v)
		}
	}
}

func looksLikeForm(b []byte) bool {
	return len(b) > 0 && b[0] != '{' && b[0] != '[' && b[0] != '<' && strings.IndexByte(string(b), '=') > 0
}
