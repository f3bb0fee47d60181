package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// readHAR reads every entry of a HAR log: its request becomes the
// delivery, its response the reply. HAR from devtools or Insomnia and
// from hookscope itself read the same way; hookscope's "_hookscope"
// extension, when there, restores what HAR has no field for.
func readHAR(data []byte) ([]Item, error) {
	var doc struct {
		Log *struct {
			Version string            `json:"version"`
			Entries []json.RawMessage `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, entryErr("HAR", jsonFieldErr(err))
	}
	if doc.Log == nil {
		return nil, entryErr("HAR", fieldErr("log", errors.New("missing")))
	}
	if doc.Log.Entries == nil {
		return nil, entryErr("HAR", fieldErr("log.entries", errors.New("missing")))
	}
	items := make([]Item, 0, len(doc.Log.Entries))
	for i, raw := range doc.Log.Entries {
		entry := fmt.Sprintf("entries[%d]", i)
		var e harEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, entryErr(entry, jsonFieldErr(err))
		}
		d, attempts, err := fromHAREntry(&e)
		if err != nil {
			return nil, entryErr(entry, err)
		}
		items = append(items, Item{Delivery: d, Attempts: attempts, Entry: entry})
	}
	return items, nil
}

func fromHAREntry(e *harEntry) (*store.Delivery, []*store.Attempt, error) {
	req := &e.Request
	if err := checkRequest(req.Method, req.URL, "request.method", "request.url"); err != nil {
		return nil, nil, err
	}
	host, uri, err := splitURL(req.URL)
	if err != nil {
		return nil, nil, fieldErr("request.url", err)
	}
	if e.StartedDateTime == "" {
		return nil, nil, fieldErr("startedDateTime", errors.New("missing"))
	}
	received, err := parseTime(e.StartedDateTime)
	if err != nil {
		return nil, nil, fieldErr("startedDateTime", err)
	}
	d := &store.Delivery{ReceivedAt: received, Method: req.Method, URI: uri, Proto: harProto(req.HTTPVersion), Host: host,
		ReplyRule: "recorded in HAR"}
	if d.Headers, err = fromHARHeaders(req.Headers, "request.headers", d); err != nil {
		return nil, nil, err
	}
	if pd := req.PostData; pd != nil {
		if d.Body, err = harBody(pd.Text, pd.Encoding, pd.Params); err != nil {
			return nil, nil, fieldErr("request.postData.text", err)
		}
		if _, ok := d.Headers["Content-Type"]; !ok && pd.MimeType != "" {
			d.Headers["Content-Type"] = []string{pd.MimeType}
		}
	}
	if d.Body == nil {
		d.Body = []byte{}
	}
	d.Size, d.DeclaredLength = int64(len(d.Body)), declaredLength(d.Headers)

	resp := &e.Response
	d.ReplyStatus = resp.Status
	if d.ReplyHeaders, err = fromHARHeaders(resp.Headers, "response.headers", nil); err != nil {
		return nil, nil, err
	}
	if d.ReplyBody, err = harBody(resp.Content.Text, resp.Content.Encoding, nil); err != nil {
		return nil, nil, fieldErr("response.content.text", err)
	}
	wait := e.Timings.Wait
	if wait < 0 || math.IsNaN(wait) {
		wait = 0
	}
	d.ReplyDuration = fromMillis(wait)

	var attempts []*store.Attempt
	if x := e.Hookscope; x != nil {
		d.ID, d.RemoteAddr, d.Truncated = x.ID, x.RemoteAddr, x.Truncated
		d.Provider, d.Topic, d.Summary = x.Provider, x.Topic, x.Summary
		if x.Host != "" {
			d.Host = x.Host
		}
		if x.URI != "" {
			d.URI = x.URI
		}
		if x.DeclaredLength != nil {
			d.DeclaredLength = *x.DeclaredLength
		}
		if len(x.Signature) > 0 {
			d.Signature = string(x.Signature)
		}
		if x.ReplyRule != "" {
			d.ReplyRule = x.ReplyRule
		}
		d.ReplyDelay = fromMillis(x.ReplyDelayMS)
		d.ReplyDuration = max(0, d.ReplyDuration-d.ReplyDelay)
		r := Record{ID: d.ID, ReceivedAt: received.UTC().Format(time.RFC3339Nano), Body: new(string), Attempts: x.Attempts}
		_, attempts, err = FromRecord(&r)
		if err != nil {
			return nil, nil, prefixField("_hookscope.", err)
		}
	}
	return d, attempts, nil
}

func prefixField(prefix string, err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		return fieldErr(prefix+fe.field, fe.err)
	}
	return err
}

// fromHARHeaders turns HAR's name/value list into headers as Go's server
// would have them: names canonical, HTTP/2 pseudo-headers dropped, and a
// request's Host taken into d.Host.
func fromHARHeaders(list []harNameValue, field string, d *store.Delivery) (http.Header, error) {
	h := http.Header{}
	for i, nv := range list {
		f := fmt.Sprintf("%s[%d]", field, i)
		if strings.HasPrefix(nv.Name, ":") {
			if d != nil && nv.Name == ":authority" && nv.Value != "" {
				d.Host = nv.Value
			}
			continue
		}
		if !isToken(nv.Name) {
			return nil, fieldErr(f+".name", fmt.Errorf("%q is not a header name", nv.Name))
		}
		if strings.ContainsAny(nv.Value, "\r\n\x00") {
			return nil, fieldErr(f+".value", fmt.Errorf("%q has a line break or NUL", nv.Value))
		}
		name := http.CanonicalHeaderKey(nv.Name)
		if d != nil && name == "Host" {
			d.Host = nv.Value
			continue
		}
		h[name] = append(h[name], nv.Value)
	}
	return h, nil
}

// harBody is a HAR text in its encoding; a form given only as params is
// encoded as a browser would.
func harBody(text, encoding string, params []harNameValue) ([]byte, error) {
	if text == "" && len(params) > 0 {
		parts := make([]string, len(params))
		for i, p := range params {
			parts[i] = queryEscape(p.Name) + "=" + queryEscape(p.Value)
		}
		return []byte(strings.Join(parts, "&")), nil
	}
	return decodeBody(&text, encoding)
}

// harProto is Go's spelling of a HAR httpVersion ("http/2.0", "h2").
func harProto(v string) string {
	switch u := strings.ToUpper(v); u {
	case "":
		return "HTTP/1.1"
	case "H2", "HTTP/2", "HTTP/2.0":
		return "HTTP/2.0"
	case "H3", "HTTP/3", "HTTP/3.0":
		return "HTTP/3.0"
	default:
		return u
	}
}
