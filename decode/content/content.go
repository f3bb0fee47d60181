// Package content turns a stored body into bytes fit for display: it undoes
// Content-Encoding within a size cap (so a gzip bomb cannot exhaust memory)
// and tells what kind of text, if any, the body is.
package content

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
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
