package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// referenceDelivery and referenceLine are the JSON line encoder as it was
// before serve's printer was made cheaper (issue 12): a fresh struct per
// delivery, the signature column unmarshalled into a json.RawMessage, then
// json.Marshal and sanitize.JSON. They are kept here, apart from the code,
// as the definition of the bytes `serve` and `list --json` must keep
// printing. (The show-only fields, nil in every line toJSON builds, are
// left out: encoding/json omits them.)
type referenceDelivery struct {
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
	Marked         bool                `json:"marked"`
	RetryOf        string              `json:"retry_of,omitempty"`
	Retry          int                 `json:"retry,omitempty"`
	OlderThan      string              `json:"older_than,omitempty"`
	Reply          struct {
		Status     int                 `json:"status"`
		DurationMS float64             `json:"duration_ms"`
		Rule       string              `json:"rule"`
		Headers    map[string][]string `json:"headers,omitempty"`
		Body       *string             `json:"body,omitempty"`
	} `json:"reply"`
}

func referenceLine(t testing.TB, d *store.Delivery, withPayload bool) []byte {
	t.Helper()
	j := referenceDelivery{
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
		OlderThan:      d.OlderThan,
	}
	if d.RetryOf != "" && d.RetryN >= 2 {
		j.Retry = d.RetryN
	}
	j.Reply.Status = d.ReplyStatus
	j.Reply.DurationMS = float64(d.ReplyDuration.Microseconds()) / 1000
	j.Reply.Rule = d.ReplyRule
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
	b, err := json.Marshal(j)
	if err != nil {
		t.Fatalf("reference encoder: %v", err)
	}
	return append(sanitize.JSON(b), '\n')
}

// lineDeliveries is every fixture as capture annotates it, then deliveries
// whose columns are hostile to a JSON encoder: invalid UTF-8, control and
// terminal-active runes, HTML-ish text, and signature columns that are
// empty, not JSON, or JSON written loosely. Deliveries with the same
// signature text follow each other, and differ from their neighbours, so
// whatever the printer remembers from one line to the next is tried both
// ways.
func lineDeliveries(t *testing.T) []store.Delivery {
	t.Helper()
	all, err := fixtures.All()
	if err != nil {
		t.Fatal(err)
	}
	hostile, err := fixtures.Hostile()
	if err != nil {
		t.Fatal(err)
	}
	a, err := registry.New(nil, map[string][][]byte{"spiffy": {[]byte("bench-secret")}})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 11, 30, 14, 3, 7, 120000000, time.FixedZone("EST", -5*3600))
	var ds []store.Delivery
	for i, f := range append(all, hostile...) {
		d := store.Delivery{ID: "01LINE" + strings.Repeat("0", 16) + string(rune('A'+i%26)) + string(rune('A'+i/26)),
			ReceivedAt: at.Add(time.Duration(i) * 1001 * time.Microsecond), Method: f.Method, URI: f.Path,
			Proto: "HTTP/1.1", Host: "127.0.0.1:8080", RemoteAddr: "127.0.0.1:53124", Headers: f.Headers, Body: f.Body,
			Size: int64(len(f.Body)), DeclaredLength: int64(len(f.Body)), ReplyStatus: 200, ReplyRule: "plain 200",
			ReplyDuration: time.Duration(i) * 1234567 * time.Nanosecond}
		capture.Annotate(a, &d, nil)
		ds = append(ds, d)
	}
	spiffy := spiffyOrderDelivery(t)
	ds = append(ds, spiffy, spiffy)

	bad := "\xff\xfe bad \xc3\x28 utf-8"
	terminal := "\x1b[31mred\x1b[0m \r\b\a\x00\x7f \u009b2J \u202egnp.exe \u2028\u2029 tab\there"
	html := `<script>alert("x&y")</script> & <b>`
	sigs := []string{
		``,
		`not json`,
		`{"status":"valid"`,
		`{"status":"valid"} trailing`,
		`{"a":1}{"b":2}`,
		`null`,
		`42`,
		`"just a string"`,
		"  {\n \"status\" : \"invalid\",\t\"reason\" : \"mismatch\" }  ",
		`{"status":"invalid","reason":"` + html + `"}`,
		`{"status":"invalid","reason":"` + bad + `"}`,
		`{"status":"invalid","reason":"` + "\u2028 \u202e \u009b \x7f" + `"}`,
		`{"status":"invalid","reason":"\u001b[31m \u003c\u003e\u0026"}`,
		`{"z":1,"a":[1.50,12345678901234567890,{"k":null}]}`,
		`{"status":"valid","scheme":"HMAC-SHA256"}`,
		// JSON that decodes into capture's shape but is not written as
		// capture writes it.
		`{"STATUS":"valid"}`,
		`{"status":"valid","status":"invalid"}`,
		`{"reason":"r","status":"invalid"}`,
		`{"status":"valid","scheme":""}`,
		`{"status":"valid","header":"X-Sig"}`,
		`{"status":"valid","reason":null}`,
		`{}`,
	}
	for i, sig := range sigs {
		d := spiffy
		d.ID = "01HOSTILE" + strings.Repeat("0", 15) + string(rune('A'+i))
		d.Signature = sig
		switch i % 4 {
		case 0:
			d.Summary, d.URI, d.Host = bad, "/hook?q="+bad, bad
		case 1:
			d.Summary, d.URI, d.Topic, d.RemoteAddr = terminal, "/hook/"+terminal, terminal, terminal
		case 2:
			d.Summary, d.URI, d.Provider = html, "/hook?a=<b>&c=d", html
		case 3:
			d.Body = []byte("\x00\xff binary " + bad)
			d.Headers = http.Header{"X-Evil": {terminal, bad, html}}
			d.ReplyHeaders = http.Header{"Content-Type": {"text/html"}}
			d.ReplyBody = []byte(html + terminal)
		}
		d.Marked, d.Truncated, d.DeclaredLength = i%2 == 0, i%3 == 0, -1
		d.RetryOf, d.RetryN, d.OlderThan = spiffy.ID, i%4, "01OLDER"
		d.ReceivedAt = time.Time{}.Add(time.Duration(i) * time.Second)
		ds = append(ds, d, d) // the same signature twice in a row
	}
	noHeaders := spiffy
	noHeaders.ID, noHeaders.Headers, noHeaders.Body = "01NOHEADERS", nil, nil
	return append(ds, noHeaders, spiffy)
}

// TestServeLinesAreTheOldEncodersByteForByte prints deliveries through
// serve's printer, without and with --bodies, and through list --json's
// writer, and checks every line is the one the encoder before issue 12's
// change printed: a cheaper line must not be a different line.
func TestServeLinesAreTheOldEncodersByteForByte(t *testing.T) {
	ctx := context.Background()
	ds := lineDeliveries(t)

	t.Run("serve", func(t *testing.T) {
		var out bytes.Buffer
		p := &printer{w: bufio.NewWriter(&out)}
		for i := range ds {
			d := ds[i]
			d.Seq = int64(i + 1)
			if err := p.print(ctx, &d); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.w.Flush(); err != nil {
			t.Fatal(err)
		}
		compareLines(t, out.String(), ds, false)
	})

	t.Run("list --json", func(t *testing.T) {
		var out bytes.Buffer
		for i := range ds {
			if err := writeOut(&out, toJSON(&ds[i], false)); err != nil {
				t.Fatal(err)
			}
		}
		compareLines(t, out.String(), ds, false)
	})

	t.Run("serve --bodies", func(t *testing.T) {
		st, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		for i := range ds {
			d := ds[i]
			d.ID = d.ID[:len(d.ID)-2] + string(rune('A'+i%26)) + string(rune('A'+i/26))
			if err := st.Insert(ctx, &d); err != nil {
				t.Fatal(err)
			}
		}
		listed, err := st.ListAfterSeq(ctx, 0, len(ds)+1)
		if err != nil || len(listed) != len(ds) {
			t.Fatalf("listed %d of %d: %v", len(listed), len(ds), err)
		}
		var out bytes.Buffer
		p := &printer{st: st, w: bufio.NewWriter(&out), bodies: true}
		full := make([]store.Delivery, len(listed))
		for i := range listed {
			if err := p.print(ctx, &listed[i]); err != nil {
				t.Fatal(err)
			}
			g, err := st.Get(ctx, listed[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			full[i] = *g
		}
		if err := p.w.Flush(); err != nil {
			t.Fatal(err)
		}
		compareLines(t, out.String(), full, true)
	})
}

func compareLines(t *testing.T, out string, ds []store.Delivery, withPayload bool) {
	t.Helper()
	lines := strings.SplitAfter(out, "\n")
	if last := lines[len(lines)-1]; last != "" {
		t.Fatalf("output does not end in a newline: %q", last)
	}
	lines = lines[:len(lines)-1]
	if len(lines) != len(ds) {
		t.Fatalf("%d lines for %d deliveries", len(lines), len(ds))
	}
	for i := range ds {
		if want := string(referenceLine(t, &ds[i], withPayload)); lines[i] != want {
			t.Errorf("delivery %d (signature %q):\n got %q\nwant %q", i, ds[i].Signature, lines[i], want)
		}
	}
}

// TestJSONLineWriterLetsGoOfALargeLine writes a delivery with a 4 MiB body,
// as serve --bodies prints it, then a small one: the writer lets go of the
// large line's buffer once it is written (a quiet serve would otherwise
// hold it until the next delivery, or for good), and both lines are whole.
func TestJSONLineWriterLetsGoOfALargeLine(t *testing.T) {
	big := spiffyOrderDelivery(t)
	big.Body = bytes.Repeat([]byte("x"), 4<<20)
	small := spiffyOrderDelivery(t)
	var out bytes.Buffer
	l := newJSONLineWriter(&out)
	if err := l.write(toJSON(&big, true)); err != nil {
		t.Fatal(err)
	}
	if c := l.buf.Cap(); c > keptLineBuffer {
		t.Errorf("kept a %d-byte buffer after the large line", c)
	}
	if err := l.write(toJSON(&small, true)); err != nil {
		t.Fatal(err)
	}
	if want := string(referenceLine(t, &big, true)) + string(referenceLine(t, &small, true)); out.String() != want {
		t.Fatalf("lines differ from the reference encoder's (%d bytes, want %d)", out.Len(), len(want))
	}
}

// TestCapturesSignaturesEncodeAsFields checks that the signature text
// capture stores for every fixture takes the printer's fast path (a
// struct, not a RawMessage compacted again on every line): when capture's
// shape changes, signatureFields must follow, or serve slows down
// unnoticed (BenchmarkServeLine).
func TestCapturesSignaturesEncodeAsFields(t *testing.T) {
	for _, d := range lineDeliveries(t) {
		if !strings.HasPrefix(d.ID, "01LINE") {
			continue // the hostile columns written here, not by capture
		}
		if _, ok := signatureFieldsValue(d.Signature).(*signatureFields); !ok {
			t.Errorf("%s %s: signature %q is printed through a RawMessage", d.Provider, d.Topic, d.Signature)
		}
	}
}
