package export

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the subset
// hookscope fills and reads. The request is the delivery as it arrived;
// the response is hookscope's reply; timings say how long the reply took
// (all of it is "wait": hookscope stored the delivery, then answered).
// Fields HAR has no place for ride in "_hookscope", the spec's way to
// extend an entry.

type harCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type harEntry struct {
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"`
	Request         harRequest  `json:"request"`
	Response        harResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         harTimings  `json:"timings"`
	Hookscope       *harExtra   `json:"_hookscope,omitempty"`
}

type harRequest struct {
	Method      string         `json:"method"`
	URL         string         `json:"url"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []harCookie    `json:"cookies"`
	Headers     []harNameValue `json:"headers"`
	QueryString []harNameValue `json:"queryString"`
	PostData    *harPostData   `json:"postData,omitempty"`
	HeadersSize int64          `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
}

type harResponse struct {
	Status      int            `json:"status"`
	StatusText  string         `json:"statusText"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []harCookie    `json:"cookies"`
	Headers     []harNameValue `json:"headers"`
	Content     harContent     `json:"content"`
	RedirectURL string         `json:"redirectURL"`
	HeadersSize int64          `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
}

type harNameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harCookie struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// harPostData carries "encoding" as the content object does: HAR 1.2 has
// it only for responses, and tools that write binary request bodies
// (Charles, Fiddler, hookscope) add it the same way.
type harPostData struct {
	MimeType string         `json:"mimeType"`
	Text     string         `json:"text"`
	Encoding string         `json:"encoding,omitempty"`
	Params   []harNameValue `json:"params,omitempty"`
}

type harContent struct {
	Size     int64  `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
	Encoding string `json:"encoding,omitempty"`
}

type harTimings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
	SSL     float64 `json:"ssl"`
}

// harExtra is what a hookscope import needs that HAR has no field for.
type harExtra struct {
	ID             string          `json:"id,omitempty"`
	RemoteAddr     string          `json:"remote_addr,omitempty"`
	Host           string          `json:"host,omitempty"`
	URI            string          `json:"uri,omitempty"`
	DeclaredLength *int64          `json:"declared_length,omitempty"`
	Truncated      bool            `json:"truncated,omitempty"`
	Provider       string          `json:"provider,omitempty"`
	Topic          string          `json:"topic,omitempty"`
	Signature      json.RawMessage `json:"signature,omitempty"`
	Summary        string          `json:"summary,omitempty"`
	ReplyRule      string          `json:"reply_rule,omitempty"`
	ReplyDelayMS   float64         `json:"reply_delay_ms,omitempty"`
	Attempts       []RecordAttempt `json:"attempts,omitempty"`
}

// writeHARHead opens the document; entries follow, one per line.
func (x *Writer) writeHARHead() error {
	v := x.opts.Version
	if v == "" {
		v = "dev"
	}
	creator, _ := json.Marshal(harCreator{Name: "hookscope", Version: v})
	_, err := io.WriteString(x.w, `{"log":{"version":"1.2","creator":`+string(creator)+`,"entries":[`)
	return err
}

// writeHAREntry writes one entry. The document is streamed, so 10,000
// deliveries never sit in memory together.
func (x *Writer) writeHAREntry(d *store.Delivery, attempts []store.Attempt) error {
	if x.n == 0 {
		if err := x.writeHARHead(); err != nil {
			return err
		}
		if _, err := io.WriteString(x.w, "\n"); err != nil {
			return err
		}
	} else if _, err := io.WriteString(x.w, ",\n"); err != nil {
		return err
	}
	b, err := json.Marshal(toHAREntry(d, attempts, x.opts.Target))
	if err != nil {
		return err
	}
	return writeSanitized(x.w, b)
}

func toHAREntry(d *store.Delivery, attempts []store.Attempt, target string) harEntry {
	wait := millis(d.ReplyDuration + d.ReplyDelay)
	e := harEntry{
		StartedDateTime: d.ReceivedAt.UTC().Format(time.RFC3339Nano),
		Time:            wait,
		Timings:         harTimings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1, Wait: wait},
		Request: harRequest{
			Method: d.Method, URL: RequestURL(d, target), HTTPVersion: d.Proto,
			Cookies:     requestCookies(d.Headers),
			Headers:     harHeaders(d.Headers),
			QueryString: queryString(d.URI),
			HeadersSize: -1, BodySize: int64(len(d.Body)),
		},
		Response: harResponse{
			Status: d.ReplyStatus, StatusText: http.StatusText(d.ReplyStatus), HTTPVersion: d.Proto,
			Cookies: responseCookies(d.ReplyHeaders), Headers: harHeaders(d.ReplyHeaders),
			Content:     harContent{Size: int64(len(d.ReplyBody)), MimeType: d.ReplyHeaders.Get("Content-Type")},
			HeadersSize: -1, BodySize: int64(len(d.ReplyBody)),
		},
		Hookscope: &harExtra{ID: d.ID, RemoteAddr: d.RemoteAddr, Host: d.Host, URI: d.URI, DeclaredLength: &d.DeclaredLength,
			Truncated: d.Truncated, Provider: d.Provider, Topic: d.Topic, Summary: d.Summary, ReplyRule: d.ReplyRule,
			ReplyDelayMS: millis(d.ReplyDelay)},
	}
	if d.Signature != "" && json.Valid([]byte(d.Signature)) {
		e.Hookscope.Signature = json.RawMessage(d.Signature)
	}
	if e.Request.HTTPVersion == "" {
		e.Request.HTTPVersion, e.Response.HTTPVersion = "HTTP/1.1", "HTTP/1.1"
	}
	if len(d.Body) > 0 || d.Method == http.MethodPost || d.Method == http.MethodPut || d.Method == http.MethodPatch {
		pd := &harPostData{MimeType: d.Headers.Get("Content-Type")}
		pd.Text, pd.Encoding = harText(d.Body)
		e.Request.PostData = pd
	}
	e.Response.Content.Text, e.Response.Content.Encoding = harText(d.ReplyBody)
	e.Hookscope.Attempts = ToRecord(d, attempts).Attempts
	return e
}

// harText is a body as HAR text: as is when UTF-8, else base64.
func harText(b []byte) (string, string) {
	if utf8.Valid(b) {
		return string(b), ""
	}
	return base64.StdEncoding.EncodeToString(b), base64Encoding
}

// harHeaders lists h in name order, one entry per value.
func harHeaders(h http.Header) []harNameValue {
	out := []harNameValue{}
	for _, hd := range store.SortHeaders(h) {
		for _, v := range hd.Values {
			out = append(out, harNameValue{Name: hd.Name, Value: v})
		}
	}
	return out
}

func requestCookies(h http.Header) []harCookie {
	out := []harCookie{}
	for _, c := range (&http.Request{Header: h}).Cookies() {
		out = append(out, harCookie{Name: c.Name, Value: c.Value})
	}
	return out
}

func responseCookies(h http.Header) []harCookie {
	out := []harCookie{}
	for _, c := range (&http.Response{Header: h}).Cookies() {
		out = append(out, harCookie{Name: c.Name, Value: c.Value})
	}
	return out
}

// queryString splits the query in the order written, decoding each part
// where it decodes.
func queryString(uri string) []harNameValue {
	out := []harNameValue{}
	_, q, ok := strings.Cut(uri, "?")
	if !ok || q == "" {
		return out
	}
	for _, part := range strings.Split(q, "&") {
		name, value, _ := strings.Cut(part, "=")
		out = append(out, harNameValue{Name: unescapeQuery(name), Value: unescapeQuery(value)})
	}
	return out
}

func unescapeQuery(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// writeSanitized writes encoded JSON with the runes a terminal acts on
// escaped.
func writeSanitized(w io.Writer, b []byte) error {
	_, err := w.Write(sanitize.JSON(b))
	return err
}

func queryEscape(s string) string { return url.QueryEscape(s) }
