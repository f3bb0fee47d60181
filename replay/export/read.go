package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// Item is one request read from a file.
type Item struct {
	Delivery *store.Delivery
	// Attempts, oldest first, with Delivery's id.
	Attempts []*store.Attempt
	// Entry says where in the file it was ("line 3", "entries[2]",
	// "command 1 (line 4)"), for messages.
	Entry string
	// Annotated says the file gave provider, topic, signature and summary
	// (NDJSON from hookscope); the importer still checks them again.
	Annotated bool
}

// ReadError is a file that could not be read, naming the entry and field.
type ReadError struct {
	Entry string // as Item.Entry
	Field string // e.g. "request.url"; empty when the entry is not JSON
	Err   error
}

func (e *ReadError) Error() string {
	if e.Field == "" {
		return e.Entry + ": " + e.Err.Error()
	}
	return e.Entry + ": " + e.Field + ": " + e.Err.Error()
}

func (e *ReadError) Unwrap() error { return e.Err }

func entryErr(entry string, err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		return &ReadError{Entry: entry, Field: fe.field, Err: fe.err}
	}
	return &ReadError{Entry: entry, Err: err}
}

// Detect tells a file's format from its content: a JSON object with "log"
// is HAR, JSON objects one per line are NDJSON, and lines starting with
// curl (or printf piping into it, or a # comment) are curl command lines.
// name's extension settles only what the content leaves open.
func Detect(name string, data []byte) (Format, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return "", errors.New("the file is empty")
	case trimmed[0] == '{':
		var probe map[string]json.RawMessage
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		if err := dec.Decode(&probe); err != nil {
			if strings.HasSuffix(strings.ToLower(name), ".har") {
				return HAR, nil // let the HAR reader say what is wrong
			}
			return "", fmt.Errorf("starts like JSON but is not: %w", err)
		}
		if _, ok := probe["log"]; ok {
			return HAR, nil
		}
		return NDJSON, nil
	case bytes.HasPrefix(trimmed, []byte("curl")) || bytes.HasPrefix(trimmed, []byte("printf")) || trimmed[0] == '#':
		return Curl, nil
	}
	first, _, _ := bytes.Cut(trimmed, []byte("\n"))
	if len(first) > 40 {
		first = first[:40]
	}
	return "", fmt.Errorf("not HAR, NDJSON or curl command lines (it starts %q)", first)
}

// Read parses data in format. Items without a received time get the zero
// time and those without an id an empty one: the caller stamps them.
func Read(format Format, data []byte) ([]Item, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch format {
	case NDJSON:
		return readNDJSON(data)
	case HAR:
		return readHAR(data)
	case Curl:
		return readCurl(data)
	}
	return nil, fmt.Errorf("cannot import %s", format)
}

func readNDJSON(data []byte) ([]Item, error) {
	var items []Item
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), len(data)+1)
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		entry := fmt.Sprintf("line %d", line)
		var r Record
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			return nil, entryErr(entry, jsonFieldErr(err))
		}
		if dec.More() {
			return nil, entryErr(entry, errors.New("more than one JSON value on the line"))
		}
		if err := checkRequest(r.Method, r.URI, "method", "uri"); err != nil {
			return nil, entryErr(entry, err)
		}
		d, attempts, err := FromRecord(&r)
		if err != nil {
			return nil, entryErr(entry, err)
		}
		if err := checkHeaders(d.Headers, "headers"); err != nil {
			return nil, entryErr(entry, err)
		}
		items = append(items, Item{Delivery: d, Attempts: attempts, Entry: entry, Annotated: true})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read NDJSON: %w", err)
	}
	return items, nil
}

// jsonFieldErr names the field of a JSON type error.
func jsonFieldErr(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fieldErr(te.Field, fmt.Errorf("want %s, got JSON %s", te.Type, te.Value))
	}
	if msg, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fieldErr(strings.Trim(msg, `"`), errors.New("not a field of hookscope's NDJSON"))
	}
	return fmt.Errorf("not JSON: %w", err)
}

// checkRequest refuses what no HTTP request line could carry.
func checkRequest(method, uri, methodField, uriField string) error {
	if method == "" {
		return fieldErr(methodField, errors.New("missing"))
	}
	if !isToken(method) {
		return fieldErr(methodField, fmt.Errorf("%q is not an HTTP method", method))
	}
	if uri == "" {
		return fieldErr(uriField, errors.New("missing"))
	}
	if strings.ContainsFunc(uri, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fieldErr(uriField, fmt.Errorf("%q has spaces or control bytes", uri))
	}
	return nil
}

// checkHeaders refuses header names that are not tokens and values with
// line breaks or NUL, which no request could have carried.
func checkHeaders(h http.Header, field string) error {
	for name, values := range h {
		if !isToken(name) {
			return fieldErr(field, fmt.Errorf("%q is not a header name", name))
		}
		for _, v := range values {
			if strings.ContainsAny(v, "\r\n\x00") {
				return fieldErr(field+"."+name, fmt.Errorf("value %q has a line break or NUL", v))
			}
		}
	}
	return nil
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// splitURL is an absolute URL's host and request-URI, the latter exactly
// as written.
func splitURL(raw string) (host, uri string, err error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || (strings.ToLower(scheme) != "http" && strings.ToLower(scheme) != "https") {
		return "", "", fmt.Errorf("%q is not an http:// or https:// URL", raw)
	}
	i := strings.IndexAny(rest, "/?#")
	if i < 0 {
		return rest, "/", nil
	}
	host, uri = rest[:i], rest[i:]
	uri, _, _ = strings.Cut(uri, "#")
	if strings.HasPrefix(uri, "?") {
		uri = "/" + uri
	}
	if at := strings.LastIndex(host, "@"); at >= 0 {
		host = host[at+1:] // userinfo is not part of the request
	}
	if host == "" {
		return "", "", fmt.Errorf("%q has no host", raw)
	}
	return host, uri, nil
}

func declaredLength(h http.Header) int64 {
	var n int64 = -1
	if v := h.Get("Content-Length"); v != "" {
		fmt.Sscan(v, &n)
	}
	return n
}

// parseTime reads RFC 3339 times, with or without fractions.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an ISO 8601 time", s)
	}
	return t, nil
}
