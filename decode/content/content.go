// Package content turns a stored body into bytes fit for display: it undoes
// Content-Encoding within a size cap (so a gzip bomb cannot exhaust memory)
// and tells what kind of text, if any, the body is.
package content

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// DefaultDecodeLimit caps how many decoded bytes Decode produces.
const DefaultDecodeLimit = 64 << 20

// ErrDecodedTooLarge says the decoded body went past the cap; the bytes
// returned with it are the first limit bytes.
var ErrDecodedTooLarge = errors.New("decoded body is larger than the display limit")

// Decode undoes contentEncoding (gzip, deflate, or identity; a list is undone
// right to left) and returns at most limit bytes. The stored body is never
// touched: this is for display only.
func Decode(body []byte, contentEncoding string, limit int64) ([]byte, error) {
	if contentEncoding == "" {
		return body, nil // most deliveries: nothing to undo, nothing to split
	}
	if limit <= 0 {
		limit = DefaultDecodeLimit
	}
	codings := strings.Split(contentEncoding, ",")
	out := body
	for i := len(codings) - 1; i >= 0; i-- {
		coding := strings.ToLower(strings.TrimSpace(codings[i]))
		var r io.Reader
		switch coding {
		case "", "identity":
			continue
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(bytes.NewReader(out))
			if err != nil {
				return body, fmt.Errorf("decode gzip body: %w", err)
			}
			r = zr
		case "deflate":
			// RFC 9110 says zlib-wrapped, but many senders use raw deflate.
			if zr, err := zlib.NewReader(bytes.NewReader(out)); err == nil {
				r = zr
			} else {
				r = flate.NewReader(bytes.NewReader(out))
			}
		default:
			return body, fmt.Errorf("decode body: content encoding %q is not supported", coding)
		}
		decoded, err := io.ReadAll(io.LimitReader(r, limit+1))
		if int64(len(decoded)) > limit {
			return decoded[:limit], fmt.Errorf("%w: more than %d bytes after %s", ErrDecodedTooLarge, limit, coding)
		}
		if err != nil {
			return decoded, fmt.Errorf("decode %s body: %w", coding, err)
		}
		out = decoded
	}
	return out, nil
}

// Kind is what a body is, for choosing how to show it.
type Kind int

// Kinds of body.
const (
	Empty Kind = iota
	JSON
	XML
	Form
	Text
	Binary
)

func (k Kind) String() string {
	return [...]string{"empty", "json", "xml", "form", "text", "binary"}[k]
}

// Detect tells the kind of body from its Content-Type, checked against the
// bytes: a body that claims JSON but is not valid UTF-8 is binary.
func Detect(contentType string, body []byte) Kind {
	if len(body) == 0 {
		return Empty
	}
	if !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0 {
		return Binary
	}
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		return JSON
	case mediaType == "application/xml" || mediaType == "text/xml" || strings.HasSuffix(mediaType, "+xml"):
		return XML
	case mediaType == "application/x-www-form-urlencoded":
		return Form
	}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '['):
		return JSON
	case len(trimmed) > 0 && trimmed[0] == '<':
		return XML
	}
	return Text
}

// Pretty renders body for reading: JSON indented (from the raw bytes, so key
// order and big numbers survive), form fields one per line and decoded,
// binary as a hex dump, anything else unchanged. The result still needs
// sanitizing before it reaches a terminal.
func Pretty(kind Kind, body []byte) []byte {
	switch kind {
	case JSON:
		var b bytes.Buffer
		if err := json.Indent(&b, body, "", "  "); err == nil {
			return b.Bytes()
		}
		return body
	case Form:
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return body
		}
		keys := make([]string, 0, len(values))
		for k := range values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b bytes.Buffer
		for _, k := range keys {
			for _, v := range values[k] {
				if strings.HasPrefix(strings.TrimSpace(v), "{") || strings.HasPrefix(strings.TrimSpace(v), "[") {
					var ind bytes.Buffer
					if json.Indent(&ind, []byte(v), "", "  ") == nil {
						v = ind.String()
					}
				}
				fmt.Fprintf(&b, "%s = %s\n", k, v)
			}
		}
		return b.Bytes()
	case Binary:
		return []byte(hex.Dump(body))
	}
	return body
}

// Display prepares a stored body for reading: decoded within the default
// cap, detected, pretty-printed. The note says what a reader should know
// and the text does not show: the body arrived compressed and is shown
// decoded, decoding failed or was capped, a body sent as JSON is not valid
// JSON and is shown as sent, the body is binary or empty.
func Display(body []byte, contentType, contentEncoding string) (text []byte, kind Kind, note string) {
	return DisplayLimit(body, contentType, contentEncoding, DefaultDecodeLimit)
}

// ShowLimit is how much of a decoded body `hookscope show` prints: a gzip
// bomb of a few hundred KiB inflates to hundreds of MiB, and its hex dump
// to five times that.
const ShowLimit = 256 << 10

// DisplayLimit is Display with at most limit decoded bytes inflated and
// shown; a longer body is cut there, and the note says so.
func DisplayLimit(body []byte, contentType, contentEncoding string, limit int64) (text []byte, kind Kind, note string) {
	decoded, err := Decode(body, contentEncoding, limit)
	if errors.Is(err, ErrDecodedTooLarge) {
		note = fmt.Sprintf("body shown: the first %s of %s decoded", Size(limit), decodedSize(body, contentEncoding))
	} else if err != nil {
		note = err.Error()
	} else {
		if codings := appliedCodings(contentEncoding); codings != "" {
			note = fmt.Sprintf("arrived %s-compressed (%d bytes), shown decoded (%d bytes)", codings, len(body), len(decoded))
		}
		if int64(len(decoded)) > limit {
			note = joinNote(note, fmt.Sprintf("body shown: the first %s of %s", Size(limit), Size(int64(len(decoded)))))
			decoded = decoded[:limit]
		}
	}
	kind = Detect(contentType, decoded)
	switch kind {
	case Empty:
		return nil, kind, joinNote(note, "empty body")
	case Binary:
		note = joinNote(note, fmt.Sprintf("binary, %d bytes, shown as hex", len(decoded)))
		if mediaType := declaredText(contentType); mediaType != "" {
			why := "not UTF-8"
			if utf8.Valid(decoded) {
				why = "holds NUL bytes"
			}
			note = joinNote(note, "sent as "+mediaType+" but "+why)
		}
	case JSON:
		var indented bytes.Buffer
		if err := json.Indent(&indented, decoded, "", "  "); err != nil {
			claim := "looks like JSON"
			if mediaType := declaredText(contentType); mediaType != "" {
				claim = "sent as " + mediaType
			}
			return decoded, kind, joinNote(note, fmt.Sprintf("%s but is not valid JSON (%s); shown as sent", claim, jsonError(err)))
		}
		return indented.Bytes(), kind, note
	}
	return Pretty(kind, decoded), kind, note
}

// appliedCodings is the content codings Decode undid, "+"-joined
// ("gzip"), "" when there were none.
func appliedCodings(contentEncoding string) string {
	var applied []string
	for _, c := range strings.Split(contentEncoding, ",") {
		switch c = strings.ToLower(strings.TrimSpace(c)); c {
		case "", "identity":
		default:
			applied = append(applied, c)
		}
	}
	return strings.Join(applied, "+")
}

// declaredText is the media type contentType declares when it names a
// kind of text Detect knows, "" otherwise.
func declaredText(contentType string) string {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mediaType == "application/json", strings.HasSuffix(mediaType, "+json"),
		mediaType == "application/xml", mediaType == "text/xml", strings.HasSuffix(mediaType, "+xml"),
		mediaType == "application/x-www-form-urlencoded", strings.HasPrefix(mediaType, "text/"):
		return mediaType
	}
	return ""
}

// jsonError says where err, from json.Indent, found the body broken.
func jsonError(err error) string {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf("%s at byte %d", syntax.Error(), syntax.Offset)
	}
	return err.Error()
}

// sizeCountLimit bounds how far decodedSize inflates to count.
const sizeCountLimit = 4 << 30

// decodedSize says how large body is once decoded, counted by streaming
// the decoders into nothing: a bomb's size costs time, not memory.
func decodedSize(body []byte, contentEncoding string) string {
	var r io.Reader = bytes.NewReader(body)
	codings := strings.Split(contentEncoding, ",")
	for i := len(codings) - 1; i >= 0; i-- {
		switch strings.ToLower(strings.TrimSpace(codings[i])) {
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				return "more"
			}
			r = zr
		case "deflate":
			br := bufio.NewReader(r)
			if h, err := br.Peek(2); err == nil && h[0]&0x0f == 8 && (uint(h[0])<<8|uint(h[1]))%31 == 0 {
				zr, err := zlib.NewReader(br)
				if err != nil {
					return "more"
				}
				r = zr
			} else {
				r = flate.NewReader(br) // raw deflate, as many senders use
			}
		}
	}
	n, _ := io.Copy(io.Discard, io.LimitReader(r, sizeCountLimit+1))
	if n > sizeCountLimit {
		return "more than " + Size(sizeCountLimit)
	}
	return Size(n)
}

// Size renders a byte count as B, KiB, MiB or GiB (powers of 1024): the
// one way hookscope writes a size, so a note and the caption beside it
// never disagree.
func Size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
