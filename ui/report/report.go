// Package report is what hookscope says about one delivery, built once and
// drawn twice: by the CLI's `show` as plain text and by the TUI's detail
// tabs with styles. Each renderer only lays out and colours what the
// report holds, so the two cannot drift apart (they once had tables 28 and
// 32 cells wide and joined ambiguous topics with ", " and " / ").
//
// Every string in a Report is display text: untrusted text from the
// delivery has been through ui/sanitize.
package report

import (
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// Report is one delivery, described.
type Report struct {
	ID string
	// Request is the delivery's identity: received, request line, host,
	// sender, size, reply.
	Request []Row

	// Provider and Topic say what the delivery is; Topic reads
	// "ambiguous: A / B" when several topics fit. Detection says how sure
	// that is and why ("high confidence: header X-Spiffy-Stores-Topic").
	Provider, Topic, Detection string
	// Unknown is set when no provider claimed the delivery.
	Unknown bool
	// Summary is the event in one line.
	Summary string
	// OutOfOrder names the delivery received before this one with a newer
	// state of the same resource, "" when there is none: a handler that
	// applies deliveries as they come would put this older state over it.
	OutOfOrder string
	// Retry says which delivery of its event this one is when the
	// platform sent the event before, "" when it is the first.
	Retry string
	// Marked is set when the user marked the delivery.
	Marked bool
	// Decoding says why there is no typed view, "" when there is one.
	Decoding string
	// Drift lists where the body departs from its documented type.
	Drift []string
	// Sections are the typed view: fields and tables.
	Sections []Section

	// Headers are the request's, by name, one row per value.
	Headers []Row
	// Trailers are the fields sent after a chunked body, as Headers;
	// none for a body that came any other way.
	Trailers []Row

	Signature Signature
	Reply     Reply
	Attempts  []Attempt
	Body      Body
}

// Row is one labelled value.
type Row struct{ Label, Value string }

// Build describes d with the analysis in (a fresh one, with the secrets
// configured now) and d's replays and forwards, newest first. At most
// bodyLimit bytes of the decoded body are shown (0: content's default).
func Build(d *store.Delivery, in registry.Inspection, attempts []store.Attempt, bodyLimit int64) *Report {
	r := &Report{ID: d.ID}
	r.Request = requestRows(d)
	if d.OlderThan != "" {
		r.OutOfOrder = "out of order: older than #" + format.ShortID(sanitize.Line(d.OlderThan)) +
			", received before this one with a newer state of the same resource"
	}
	if d.RetryOf != "" && d.RetryN > 1 {
		r.Retry = fmt.Sprintf("retry %d: the platform sent this event before, first as #%s",
			d.RetryN, format.ShortID(sanitize.Line(d.RetryOf)))
	}
	r.Marked = d.Marked
	det := in.Detection
	r.Provider = sanitize.Line(det.Provider)
	r.Unknown = det.Provider == decode.Unknown
	r.Topic = sanitize.Line(Topic(det))
	if len(det.Evidence) > 0 {
		r.Detection = sanitize.Line(fmt.Sprintf("%s confidence: %s", det.Confidence, strings.Join(det.Evidence, "; ")))
	}
	if v := in.View; v != nil {
		r.Summary = sanitize.Line(v.Summary)
		r.Decoding = sanitize.Line(v.Error)
		for _, dr := range v.Drift {
			r.Drift = append(r.Drift, sanitize.Line(dr.String()))
		}
		for _, sec := range v.Sections {
			r.Sections = append(r.Sections, newSection(sec))
		}
	}
	r.Headers = headerRows(d.Headers)
	r.Trailers = headerRows(d.Trailers)
	r.Signature = newSignature(in)
	r.Reply = newReply(d)
	for i := range attempts {
		r.Attempts = append(r.Attempts, newAttempt(&attempts[i]))
	}
	r.Body = newBody(d, bodyLimit)
	return r
}

// ListSummary is a delivery's summary as lists show it, in the TUI and
// from `hookscope list`: the event in one line (the request line when
// there is no summary), led by "retry 3" on the third delivery of an
// event the platform sent again and by "older than #…" on one that
// arrived after a newer state of its resource. It is display text.
func ListSummary(d *store.Delivery) string {
	summary := sanitize.Line(d.Summary)
	if summary == "" {
		summary = sanitize.Line(d.Method) + " " + sanitize.Line(d.URI)
	}
	if d.OlderThan != "" {
		summary = "older than #" + format.ShortID(sanitize.Line(d.OlderThan)) + " · " + summary
	}
	if d.RetryN > 1 {
		summary = fmt.Sprintf("retry %d · %s", d.RetryN, summary)
	}
	return summary
}

// Topic is the detected topic, or the candidates when it is ambiguous.
func Topic(det decode.Detection) string {
	if det.Topic == "" && len(det.Candidates) > 0 {
		return "ambiguous: " + strings.Join(det.Candidates, " / ")
	}
	return det.Topic
}

// What is provider and topic in one line.
func (r *Report) What() string { return decode.Join(r.Provider, r.Topic) }

func requestRows(d *store.Delivery) []Row {
	size := fmt.Sprintf("%d bytes", d.Size)
	if d.Size >= 1024 {
		size += " (" + content.Size(d.Size) + ")"
	}
	if d.Truncated {
		size += fmt.Sprintf(", truncated; declared %d", d.DeclaredLength)
	}
	return []Row{
		{"received", d.ReceivedAt.Local().Format("2006-01-02 15:04:05.000000000 MST")},
		{"request", sanitize.Line(d.Method) + " " + sanitize.Line(d.URI) + " " + sanitize.Line(d.Proto)},
		{"host", sanitize.Line(d.Host)},
		{"from", sanitize.Line(d.RemoteAddr)},
		{"size", size},
		{"reply", replyRow(d)},
	}
}

// replyRow is the reply in one line: a rule's delay comes after storing,
// so "200 in 558µs" for a rule that waited a second said the wrong thing.
func replyRow(d *store.Delivery) string {
	stored, answered := replyTiming(d)
	return fmt.Sprintf("%d (%s): stored %s, answered %s", d.ReplyStatus, sanitize.Line(d.ReplyRule), stored, answered)
}

// Attempt is one replay or forward and what came back.
type Attempt struct {
	At, Kind, Method, URL, Outcome string
}

func newAttempt(a *store.Attempt) Attempt {
	return Attempt{At: a.At.Local().Format("2006-01-02 15:04:05"), Kind: a.Kind, Method: sanitize.Line(a.Method),
		URL: sanitize.Line(a.URL), Outcome: sanitize.Line(replay.Outcome(a))}
}

// Body is the request body prepared for reading.
type Body struct {
	// Text is decoded, pretty-printed and sanitised; Kind says what it is
	// (for highlighting).
	Text string
	Kind content.Kind
	// Note says what the text does not show: truncation, compression, a
	// body sent as JSON that is not JSON.
	Note string
}

func newBody(d *store.Delivery, limit int64) Body {
	if limit <= 0 {
		limit = content.DefaultDecodeLimit
	}
	text, kind, note := content.DisplayLimit(d.Body, d.Headers.Get("Content-Type"), d.Headers.Get("Content-Encoding"), limit)
	if d.Truncated {
		note = JoinNotes(fmt.Sprintf("truncated: %d of %d bytes stored", d.Size, d.DeclaredLength), note)
	}
	return Body{Text: sanitize.Text(string(text)), Kind: kind, Note: sanitize.Line(note)}
}

// JoinNotes joins the notes that are not empty with "; ".
func JoinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}
