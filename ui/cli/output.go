package cli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/content"
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
	Reply          jsonReply           `json:"reply"`
}

type jsonReply struct {
	Status     int     `json:"status"`
	DurationMS float64 `json:"duration_ms"`
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
		Reply: jsonReply{
			Status:     d.ReplyStatus,
			DurationMS: float64(d.ReplyDuration.Microseconds()) / 1000,
		},
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

// writeShow prints one delivery for a person: facts, headers, body.
func writeShow(w io.Writer, d *store.Delivery) {
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
	if d.Provider != "" {
		fmt.Fprintf(w, "provider    %s  topic %s\n", sanitize.Line(d.Provider), sanitize.Line(d.Topic))
	}
	fmt.Fprintf(w, "reply       %d in %s\n", d.ReplyStatus, d.ReplyDuration.Round(time.Microsecond))
	fmt.Fprintf(w, "\nHeaders\n")
	for _, h := range d.SortedHeaders() {
		for _, v := range h.Values {
			fmt.Fprintf(w, "  %s: %s\n", sanitize.Line(h.Name), sanitize.Line(v))
		}
	}
	fmt.Fprintf(w, "\nBody\n")
	body, _, note := content.Display(d.Body, d.Headers.Get("Content-Type"), d.Headers.Get("Content-Encoding"))
	if note != "" {
		fmt.Fprintf(w, "  (%s)\n", note)
	}
	text := sanitize.Text(string(body))
	fmt.Fprint(w, text)
	if !strings.HasSuffix(text, "\n") {
		fmt.Fprintln(w)
	}
}
