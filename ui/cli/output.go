package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/replay/export"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/report"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// jsonDelivery is the documented JSON shape of a delivery (README, "JSON
// output"). Headers and body are present only where they were loaded:
// `show` and `serve --bodies`.
type jsonDelivery struct {
	ID             string              `json:"id"`
	ReceivedAt     string              `json:"received_at"`
	Method         string              `json:"method"`
	URI            string              `json:"uri"`
	Proto          string              `json:"proto"`
	Host           string              `json:"host"`
	RemoteAddr     string              `json:"remote_addr"`
	Headers        map[string][]string `json:"headers,omitempty"`
	Trailers       map[string][]string `json:"trailers,omitempty"`
	Body           *string             `json:"body,omitempty"`
	BodyEncoding   string              `json:"body_encoding,omitempty"`
	Size           int64               `json:"size"`
	DeclaredLength int64               `json:"declared_length"`
	Truncated      bool                `json:"truncated"`
	Provider       string              `json:"provider"`
	Topic          string              `json:"topic"`
	Signature      any                 `json:"signature"`
	Summary        string              `json:"summary"`
	Marked         bool                `json:"marked"`
	RetryOf        string              `json:"retry_of,omitempty"`
	Retry          int                 `json:"retry,omitempty"`
	OlderThan      string              `json:"older_than,omitempty"`
	Reply          jsonReply           `json:"reply"`
	Detection      *jsonDetection      `json:"detection,omitempty"`
	Decoded        *decode.View        `json:"decoded,omitempty"`
	Attempts       []jsonAttempt       `json:"attempts,omitempty"`
}

// jsonAttempt is one replay or forward of a delivery, as `replay --json`
// and `show --json` print it: its own ID, 0 (left out) when it could not
// be recorded, then the shape an export carries too.
type jsonAttempt struct {
	ID int64 `json:"id,omitempty"`
	export.Attempt
}

func toJSONAttempt(a *store.Attempt) jsonAttempt {
	return jsonAttempt{ID: a.ID, Attempt: export.AttemptOf(a)}
}

type jsonDetection struct {
	Confidence string   `json:"confidence"`
	Evidence   []string `json:"evidence"`
	Candidates []string `json:"candidates,omitempty"`
}

type jsonReply struct {
	Status     int                 `json:"status"`
	DurationMS float64             `json:"duration_ms"`
	Rule       string              `json:"rule"`
	Headers    map[string][]string `json:"headers,omitempty"`
	Body       *string             `json:"body,omitempty"`
}

func toJSON(d *store.Delivery, withPayload bool) jsonDelivery {
	var j jsonDelivery
	j.fill(d, withPayload, signatureValue(d.Signature))
	return j
}

// fill makes j d's JSON shape, with sig as its signature (signatureValue
// of d.Signature) and, withPayload, its headers and body. Every field is
// set, so a jsonDelivery can be filled again for the next delivery.
func (j *jsonDelivery) fill(d *store.Delivery, withPayload bool, sig any) {
	*j = jsonDelivery{
		ID:             d.ID,
		ReceivedAt:     d.ReceivedAt.UTC().Format(time.RFC3339Nano),
		Method:         d.Method,
		URI:            d.URI,
		Proto:          d.Proto,
		Host:           d.Host,
		RemoteAddr:     d.RemoteAddr,
		Size:           d.Size,
		DeclaredLength: d.DeclaredLength,
		Truncated:      d.Truncated,
		Provider:       d.Provider,
		Topic:          d.Topic,
		Summary:        d.Summary,
		Marked:         d.Marked,
		RetryOf:        d.RetryOf,
		Retry:          retryOrdinal(d),
		OlderThan:      d.OlderThan,
		Reply: jsonReply{
			Status:     d.ReplyStatus,
			DurationMS: float64(d.ReplyDuration.Microseconds()) / 1000,
			Rule:       d.ReplyRule,
		},
	}
	j.Signature = sig
	if withPayload {
		j.Headers = d.Headers
		if j.Headers == nil {
			j.Headers = map[string][]string{}
		}
		j.Trailers = d.Trailers
		var body string
		if utf8.Valid(d.Body) {
			body = string(d.Body)
		} else {
			body = base64.StdEncoding.EncodeToString(d.Body)
			j.BodyEncoding = "base64"
		}
		j.Body = &body
		if d.ReplyHeaders != nil {
			j.Reply.Headers = d.ReplyHeaders
			replyBody := string(d.ReplyBody)
			j.Reply.Body = &replyBody
		}
	}
}

// signatureValue is what `signature` holds for the signature check stored
// with a delivery (store.Delivery.Signature, JSON text): the text itself,
// or nil (null) when there is none or it is not JSON. It is validated here,
// once; json.Marshal only compacts it. (Unmarshalling it into a
// json.RawMessage, as this did before, scanned it twice and copied it.)
func signatureValue(text string) any {
	if text == "" || !json.Valid([]byte(text)) {
		return nil
	}
	return json.RawMessage(text)
}

// signatureMemo is signatureFieldsValue for a run of deliveries: capture
// stores the same few texts (one per provider and outcome) again and
// again, so it keeps the last text's value and works a text out once per
// run of it.
type signatureMemo struct {
	text string
	v    any // signatureFieldsValue(text); nil for "", as that has it
}

func (m *signatureMemo) value(text string) any {
	if text != m.text {
		m.text, m.v = text, signatureFieldsValue(text)
	}
	return m.v
}

// signatureFields is the shape capture stores the signature check in (see
// store.Delivery.Signature). encoding/json re-scans a RawMessage on every
// line to compact it; a struct of three strings it encodes much faster.
type signatureFields struct {
	Status string `json:"status"`
	Scheme string `json:"scheme,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// signatureFieldsValue is signatureValue(text), as a *signatureFields when
// that encodes to exactly the same bytes (checked here), so that using
// one for the other cannot change a line; any other text, a key spelt
// differently, invalid UTF-8 or an extra field, stays the RawMessage.
func signatureFieldsValue(text string) any {
	raw := signatureValue(text)
	if raw == nil {
		return nil
	}
	var f signatureFields
	if json.Unmarshal([]byte(text), &f) != nil {
		return raw
	}
	want, err1 := json.Marshal(raw)
	got, err2 := json.Marshal(&f)
	if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
		return raw
	}
	return &f
}

// retryOrdinal is which delivery of its event d is when it is a retry (2
// for the first retry), else 0: the JSON leaves it out for a first
// delivery, as it does retry_of.
func retryOrdinal(d *store.Delivery) int {
	if d.RetryOf == "" || d.RetryN < 2 {
		return 0
	}
	return d.RetryN
}

// inspect analyses d again with the current config: show and the TUI check
// signatures with the secret configured now.
func inspect(a *registry.Analyzer, d *store.Delivery) registry.Inspection {
	return a.Inspect(asReceived(decode.NewRequest(d.Method, d.URI, d.Headers, d.Body), d))
}

// asReceived gives r d's receive time and Host: a signature's timestamp is
// judged against when it arrived, and a URL-signing scheme without
// public_url verifies against the URL rebuilt from Host.
func asReceived(r *decode.Request, d *store.Delivery) *decode.Request {
	r.ReceivedAt, r.Host = d.ReceivedAt, d.Host
	return r
}

// showAnalyzeLimit caps how much of a compressed body `show` inflates to
// decode its event: as much as capture stores whole by default, so a
// gzip bomb costs show tens of MiB, not the display limit's 64 and more.
const showAnalyzeLimit = capture.DefaultMaxBody

// inspectForShow is inspect within showAnalyzeLimit.
func inspectForShow(a *registry.Analyzer, d *store.Delivery) registry.Inspection {
	return a.Inspect(asReceived(decode.NewRequestLimit(d.Method, d.URI, d.Headers, d.Body, showAnalyzeLimit), d))
}

// toShowJSON is the whole delivery with a fresh analysis.
func toShowJSON(d *store.Delivery, an registry.Inspection) jsonDelivery {
	j := toJSON(d, true)
	j.Provider, j.Topic = an.Detection.Provider, an.Detection.Topic
	j.Signature = an.Signature
	j.Summary = an.View.Summary
	j.Detection = &jsonDetection{Confidence: an.Detection.Confidence.String(), Evidence: an.Detection.Evidence, Candidates: an.Detection.Candidates}
	j.Decoded = an.View
	if j.Decoded.Sections == nil {
		j.Decoded.Sections = []decode.Section{}
	}
	if j.Decoded.Drift == nil {
		j.Decoded.Drift = []decode.Drift{}
	}
	return j
}

// writeJSONLine writes v as one line of JSON with terminal-active runes
// escaped (it is still the same JSON).
func writeJSONLine(w io.Writer, v any) error {
	return newJSONLineWriter(w).write(v)
}

// jsonLineWriter is writeJSONLine for many lines: it encodes each into one
// buffer it keeps, where json.Marshal would allocate a slice per line and
// appending the newline often another.
type jsonLineWriter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder // writes into buf
}

// keptLineBuffer is the largest buffer a jsonLineWriter keeps between
// lines: the buffer of a line with a large body (serve --bodies) is let go
// once the line is written.
const keptLineBuffer = 1 << 20

func newJSONLineWriter(w io.Writer) *jsonLineWriter {
	l := &jsonLineWriter{w: w}
	l.enc = json.NewEncoder(&l.buf)
	return l
}

// write writes v as one line. json.Encoder's line is json.Marshal's
// (escaping <, > and &, as Marshal does) followed by a newline.
func (l *jsonLineWriter) write(v any) error {
	l.buf.Reset()
	if err := l.enc.Encode(v); err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	_, err := l.w.Write(sanitize.JSON(l.buf.Bytes()))
	if l.buf.Cap() > keptLineBuffer {
		l.buf = bytes.Buffer{}
	}
	return err
}

// writeShow prints one delivery for a person: facts, what it is, the
// signature check, the typed view, replays, headers, body, trailers.
func writeShow(w io.Writer, r *report.Report) {
	fmt.Fprintf(w, "id          %s\n", r.ID)
	for _, row := range r.Request {
		fmt.Fprintf(w, "%-11s %s\n", row.Label, row.Value)
	}
	writeAnalysis(w, r)
	if len(r.Attempts) > 0 {
		fmt.Fprintf(w, "\nReplays (newest first)\n")
		for _, a := range r.Attempts {
			fmt.Fprintf(w, "  %s  %-7s %s %s → %s\n", a.At, a.Kind, a.Method, a.URL, a.Outcome)
		}
	}
	fmt.Fprintf(w, "\nHeaders\n")
	writeHeaderRows(w, r.Headers)
	fmt.Fprintf(w, "\nBody\n")
	if note := r.Body.Note; note != "" {
		if strings.Contains(note, "body shown:") {
			note += "; the rest: --body-out FILE writes the body as captured"
		}
		fmt.Fprintf(w, "  (%s)\n", note)
	}
	fmt.Fprint(w, r.Body.Text)
	if !strings.HasSuffix(r.Body.Text, "\n") {
		fmt.Fprintln(w)
	}
	if len(r.Trailers) > 0 {
		fmt.Fprintf(w, "\nTrailers (sent after the chunked body)\n")
		writeHeaderRows(w, r.Trailers)
	}
}

// writeHeaderRows prints header or trailer rows, indented, a line each.
func writeHeaderRows(w io.Writer, rows []report.Row) {
	for _, h := range rows {
		fmt.Fprintf(w, "  %s: %s\n", h.Label, h.Value)
	}
}

// writeAnalysis prints provider, topic, signature and the typed view.
func writeAnalysis(w io.Writer, r *report.Report) {
	fmt.Fprintf(w, "provider    %s\n", r.Provider)
	if r.Topic != "" {
		fmt.Fprintf(w, "topic       %s\n", r.Topic)
	}
	if r.Detection != "" {
		fmt.Fprintf(w, "detected    %s\n", r.Detection)
	}
	s := r.Signature
	fmt.Fprintf(w, "signature   %s", s.Status)
	if s.Reason != "" {
		fmt.Fprintf(w, ": %s", s.Reason)
	}
	fmt.Fprintln(w)
	for _, row := range s.Mismatch {
		fmt.Fprintf(w, "  %-9s %s\n", row.Label, row.Value)
	}
	if s.SecretFrom != "" {
		fmt.Fprintf(w, "  %-9s %s\n", "secret", s.SecretFrom)
	}
	if r.Retry != "" {
		fmt.Fprintf(w, "retry       %s\n", r.Retry)
	}
	if r.OutOfOrder != "" {
		fmt.Fprintf(w, "order       %s\n", r.OutOfOrder)
	}
	if r.Marked {
		fmt.Fprintf(w, "marked      yes (m in the TUI, hookscope mark --unmark)\n")
	}
	if r.Summary != "" {
		fmt.Fprintf(w, "summary     %s\n", r.Summary)
	}
	if r.Decoding != "" {
		fmt.Fprintf(w, "decoding    %s\n", r.Decoding)
	}
	for _, dr := range r.Drift {
		fmt.Fprintf(w, "drift       %s\n", dr)
	}
	for _, sec := range r.Sections {
		fmt.Fprintf(w, "\n%s\n", sec.Title)
		width := sec.LabelWidth()
		for _, f := range sec.Fields {
			fmt.Fprintf(w, "  %s  %s\n", format.Pad(f.Label, width), f.Value)
		}
		if t := sec.Table; t != nil {
			fmt.Fprintf(w, "  %s\n", t.Header())
			for _, l := range t.Lines() {
				fmt.Fprintf(w, "  %s\n", l)
			}
		}
	}
}
