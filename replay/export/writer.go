package export

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/replay/internal/hopbyhop"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// Format is an export format.
type Format string

// The formats Writer writes.
const (
	HAR    Format = "har"
	NDJSON Format = "ndjson"
	Curl   Format = "curl"
	HTTPie Format = "httpie"
	Raw    Format = "raw"
)

// Formats lists them, for usage text.
var Formats = []Format{HAR, NDJSON, Curl, HTTPie, Raw}

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == strings.ToLower(s) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (want one of har, ndjson, curl, httpie, raw)", s)
}

// Options tune an export.
type Options struct {
	// Redact names headers whose values are blanked (Authorization,
	// Cookie); a name may hold several, comma-separated.
	Redact []string
	// Secrets are the configured provider secrets: replaced by Redacted
	// wherever they appear, whatever the format.
	Secrets [][]byte
	// Target is the base URL curl and httpie send to, and HAR's request
	// URLs start with; empty means the host the delivery was sent to.
	Target string
	// Creator is the version HAR names as its creator.
	Version string
}

// Writer writes deliveries in one format. Close finishes the document
// (HAR's closing brackets) and must be called even for no deliveries.
type Writer struct {
	w      io.Writer
	format Format
	opts   Options
	red    *redactor
	n      int
	err    error
}

// NewWriter writes format to w.
func NewWriter(w io.Writer, format Format, opts Options) (*Writer, error) {
	if _, err := ParseFormat(string(format)); err != nil {
		return nil, err
	}
	if opts.Target != "" && !strings.HasPrefix(opts.Target, "http://") && !strings.HasPrefix(opts.Target, "https://") {
		return nil, fmt.Errorf("target %q: want an http:// or https:// URL", opts.Target)
	}
	return &Writer{w: w, format: format, opts: opts, red: newRedactor(opts.Redact, opts.Secrets)}, nil
}

// Write writes d with its attempts (newest first, as the store lists them;
// only NDJSON and HAR carry them). d must be loaded whole (store.Get).
func (x *Writer) Write(d *store.Delivery, attempts []store.Attempt) error {
	if x.err != nil {
		return x.err
	}
	d, attempts = x.red.delivery(d, attempts)
	var err error
	switch x.format {
	case NDJSON:
		err = writeJSONLine(x.w, ToRecord(d, attempts))
	case HAR:
		err = x.writeHAREntry(d, attempts)
	case Curl:
		err = x.writeCommand(d, curlCommand)
	case HTTPie:
		err = x.writeCommand(d, httpieCommand)
	case Raw:
		err = writeRaw(x.w, d)
	}
	if err != nil {
		x.err = fmt.Errorf("export %s: %w", d.ID, err)
		return x.err
	}
	x.n++
	return nil
}

// Close finishes the document.
func (x *Writer) Close() error {
	if x.err != nil {
		return x.err
	}
	if x.format == HAR {
		if x.n == 0 {
			if err := x.writeHARHead(); err != nil {
				return err
			}
		}
		_, err := io.WriteString(x.w, "\n]}}\n")
		return err
	}
	return nil
}

func (x *Writer) writeCommand(d *store.Delivery, build func(*store.Delivery, string) (string, error)) error {
	cmd, err := build(d, x.opts.Target)
	if err != nil {
		return err
	}
	sep := ""
	if x.n > 0 {
		sep = "\n"
	}
	_, err = io.WriteString(x.w, sep+"# hookscope "+d.ID+"\n"+cmd+"\n")
	return err
}

// writeJSONLine writes v as one line of JSON, with the runes a terminal
// acts on escaped (still the same JSON).
func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	_, err = w.Write(append(sanitize.JSON(b), '\n'))
	return err
}

// RequestURL is where a command line sends d: the target, else the host
// it was sent to (https when a tunnel in front said so), with d's path
// and query exactly as received.
func RequestURL(d *store.Delivery, target string) string {
	base := target
	if base == "" {
		scheme := "http"
		if strings.EqualFold(d.Headers.Get("X-Forwarded-Proto"), "https") {
			scheme = "https"
		}
		host := d.Host
		if host == "" {
			host = "localhost"
		}
		base = scheme + "://" + host
	}
	return strings.TrimSuffix(base, "/") + RequestPath(d)
}

// RequestPath is d's path and query exactly as received, with a leading
// slash.
func RequestPath(d *store.Delivery) string {
	if strings.HasPrefix(d.URI, "/") {
		return d.URI
	}
	return "/" + d.URI
}

// commandHeaders are the headers of d a command line sends, by name, values
// in the order received: all but those replay leaves out too.
func commandHeaders(d *store.Delivery) []store.Header {
	return store.SortHeaders(hopbyhop.Without(d.Headers))
}
