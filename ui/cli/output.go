package cli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/ui/format"
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
	Body           *string             `json:"body,omitempty"`
	BodyEncoding   string              `json:"body_encoding,omitempty"`
	Size           int64               `json:"size"`
	DeclaredLength int64               `json:"declared_length"`
	Truncated      bool                `json:"truncated"`
	Provider       string              `json:"provider"`
	Topic          string              `json:"topic"`
	Signature      any                 `json:"signature"`
	Summary        string              `json:"summary"`
	Reply          jsonReply           `json:"reply"`
	Detection      *jsonDetection      `json:"detection,omitempty"`
	Decoded        *decode.View        `json:"decoded,omitempty"`
	Attempts       []jsonAttempt       `json:"attempts,omitempty"`
}

// jsonAttempt is one replay or forward of a delivery, as `replay --json`
// and `show --json` print it.
type jsonAttempt struct {
	DeliveryID string  `json:"id"`
	Kind       string  `json:"kind"`
	At         string  `json:"at"`
	Method     string  `json:"method"`
	URL        string  `json:"url"`
	Status     int     `json:"status"`
	LatencyMS  float64 `json:"latency_ms"`
	Error      string  `json:"error,omitempty"`
	Resigned   string  `json:"resigned,omitempty"`
	BodySHA256 string  `json:"body_sha256"`
	BodySize   int     `json:"body_size"`
}

func toJSONAttempt(a *store.Attempt) jsonAttempt {
	return jsonAttempt{DeliveryID: a.DeliveryID, Kind: a.Kind, At: a.At.UTC().Format(time.RFC3339Nano), Method: a.Method,
		URL: a.URL, Status: a.Status, LatencyMS: float64(a.Latency.Microseconds()) / 1000, Error: a.Err,
		Resigned: a.Resigned, BodySHA256: a.BodySHA256, BodySize: a.BodySize}
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
	j := jsonDelivery{
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
		Reply: jsonReply{
			Status:     d.ReplyStatus,
			DurationMS: float64(d.ReplyDuration.Microseconds()) / 1000,
			Rule:       d.ReplyRule,
		},
	}
	if d.Signature != "" {
		var sig json.RawMessage
		if json.Unmarshal([]byte(d.Signature), &sig) == nil {
			j.Signature = sig
		}
	}
	if withPayload {
		j.Headers = d.Headers
		if j.Headers == nil {
			j.Headers = map[string][]string{}
		}
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
	return j
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
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	b = append(sanitize.JSON(b), '\n')
	_, err = w.Write(b)
	return err
}

// listHeader and listRow print the table of `hookscope list`.
const listFormat = "%-26s  %-23s  %-7s  %-40s  %9s  %5s\n"

func writeListHeader(w io.Writer) {
	fmt.Fprintf(w, listFormat, "ID", "RECEIVED", "METHOD", "PATH", "SIZE", "REPLY")
}

func writeListRow(w io.Writer, d *store.Delivery) {
	path := format.Pad(sanitize.Line(d.URI), 40)
	size := format.Size(d.Size)
	if d.Truncated {
		size += "+"
	}
	fmt.Fprintf(w, listFormat, d.ID, d.ReceivedAt.Local().Format("2006-01-02 15:04:05.000"),
		sanitize.Line(d.Method), path, size, fmt.Sprint(d.ReplyStatus))
}

// writeShow prints one delivery for a person: facts, what it is, headers,
// body.
func writeShow(w io.Writer, d *store.Delivery, an registry.Inspection, attempts []store.Attempt) {
	fmt.Fprintf(w, "id          %s\n", d.ID)
	fmt.Fprintf(w, "received    %s\n", d.ReceivedAt.Local().Format("2006-01-02 15:04:05.000000000 MST"))
	fmt.Fprintf(w, "request     %s %s %s\n", sanitize.Line(d.Method), sanitize.Line(d.URI), sanitize.Line(d.Proto))
	fmt.Fprintf(w, "host        %s\n", sanitize.Line(d.Host))
	fmt.Fprintf(w, "from        %s\n", sanitize.Line(d.RemoteAddr))
	size := fmt.Sprintf("%d bytes", d.Size)
	if d.Truncated {
		size += fmt.Sprintf(" (truncated; declared %d)", d.DeclaredLength)
	}
	fmt.Fprintf(w, "size        %s\n", size)
	fmt.Fprintf(w, "reply       %d in %s (%s)\n", d.ReplyStatus, d.ReplyDuration.Round(time.Microsecond), sanitize.Line(d.ReplyRule))
	writeAnalysis(w, an)
	if len(attempts) > 0 {
		fmt.Fprintf(w, "\nReplays (newest first)\n")
		for i := range attempts {
			a := &attempts[i]
			fmt.Fprintf(w, "  %s  %-7s %s %s → %s\n", a.At.Local().Format("2006-01-02 15:04:05"), a.Kind,
				sanitize.Line(a.Method), sanitize.Line(a.URL), sanitize.Line(replay.Outcome(a)))
		}
	}
	fmt.Fprintf(w, "\nHeaders\n")
	for _, h := range d.SortedHeaders() {
		for _, v := range h.Values {
			fmt.Fprintf(w, "  %s: %s\n", sanitize.Line(h.Name), sanitize.Line(v))
		}
	}
	fmt.Fprintf(w, "\nBody\n")
	body, _, note := content.DisplayLimit(d.Body, d.Headers.Get("Content-Type"), d.Headers.Get("Content-Encoding"), content.ShowLimit)
	if strings.HasPrefix(note, "body shown:") {
		note += "; the rest: --body-out FILE writes the body as captured"
	}
	if note != "" {
		fmt.Fprintf(w, "  (%s)\n", sanitize.Line(note))
	}
	text := sanitize.Text(string(body))
	fmt.Fprint(w, text)
	if !strings.HasSuffix(text, "\n") {
		fmt.Fprintln(w)
	}
}

// writeAnalysis prints provider, topic, signature and the typed view.
func writeAnalysis(w io.Writer, an registry.Inspection) {
	det := an.Detection
	topic := det.Topic
	if topic == "" && len(det.Candidates) > 0 {
		topic = "ambiguous: " + strings.Join(det.Candidates, ", ")
	}
	fmt.Fprintf(w, "provider    %s", sanitize.Line(det.Provider))
	if topic != "" {
		fmt.Fprintf(w, "  topic %s", sanitize.Line(topic))
	}
	if len(det.Evidence) > 0 {
		fmt.Fprintf(w, "  (%s: %s)", det.Confidence, sanitize.Line(strings.Join(det.Evidence, "; ")))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "signature   %s", an.Signature.Status)
	if an.Signature.Reason != "" {
		fmt.Fprintf(w, ": %s", sanitize.Line(an.Signature.Reason))
	}
	fmt.Fprintln(w)
	if s := an.Signature; s.Status == decode.SigInvalid {
		if s.Received != "" {
			fmt.Fprintf(w, "  received  %s\n", sanitize.Line(s.Received))
		}
		if s.ExpectedPrefix != "" {
			fmt.Fprintf(w, "  expected  %s… (the start only: the whole value would sign a body anyone chose)\n", sanitize.Line(s.ExpectedPrefix))
		}
	}
	v := an.View
	if v.Summary != "" {
		fmt.Fprintf(w, "summary     %s\n", sanitize.Line(v.Summary))
	}
	if v.Error != "" {
		fmt.Fprintf(w, "decoding    %s\n", sanitize.Line(v.Error))
	}
	for _, dr := range v.Drift {
		fmt.Fprintf(w, "drift       %s\n", sanitize.Line(dr.String()))
	}
	for _, sec := range v.Sections {
		fmt.Fprintf(w, "\n%s\n", sanitize.Line(sec.Title))
		for _, f := range sec.Fields {
			fmt.Fprintf(w, "  %-24s %s\n", sanitize.Line(f.Label), sanitize.Line(f.Value))
		}
		if sec.Table != nil {
			writeTable(w, sec.Table)
		}
	}
}

func writeTable(w io.Writer, t *decode.Table) {
	widths := make([]int, len(t.Columns))
	for i := range t.Columns {
		widths[i] = maxCellWidth(t, i)
	}
	line := func(cells []string) {
		parts := make([]string, len(cells))
		for i, c := range cells {
			parts[i] = sanitize.Line(c)
			if i < len(widths) {
				parts[i] = format.Pad(parts[i], widths[i])
			}
		}
		fmt.Fprintf(w, "  %s\n", strings.TrimRight(strings.Join(parts, "  "), " "))
	}
	line(t.Columns)
	for _, r := range t.Rows {
		line(r)
	}
}

// maxCellWidth is the widest value in column i, in terminal cells (a wide
// character takes two), capped.
func maxCellWidth(t *decode.Table, i int) int {
	n := ansi.StringWidth(sanitize.Line(t.Columns[i]))
	for _, r := range t.Rows {
		if i < len(r) {
			n = max(n, ansi.StringWidth(sanitize.Line(r[i])))
		}
	}
	return min(n, 28)
}
