package store

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"net/http"
	"slices"
)

// Headers are stored in a small binary form rather than JSON: encoding/json
// replaces invalid UTF-8 with U+FFFD, and a delivery must come back exactly
// as it was sent. The form is, per header in name order: uvarint length and
// bytes of the name, uvarint count of values, then each value as uvarint
// length and bytes.

func encodeHeaders(h http.Header) []byte {
	var scratch [maxInlineHeaders]string
	names, size := sortedNames(h, scratch[:0])
	return appendHeaderFields(make([]byte, 0, size), h, names)
}

// appendHeaders appends h to b in its stored form as one field, its
// length first: what appendBytes(b, encodeHeaders(h)) appends, without
// the encoding's own buffer (a record holds three of them).
func appendHeaders(b []byte, h http.Header) []byte {
	var scratch [maxInlineHeaders]string
	names, size := sortedNames(h, scratch[:0])
	return appendHeaderFields(binary.AppendUvarint(b, uint64(size)), h, names)
}

// maxInlineHeaders is how many header names are sorted without an
// allocation.
const maxInlineHeaders = 32

// sortedNames appends h's names to names in order, and returns them with
// the size of h's stored form.
func sortedNames(h http.Header, names []string) ([]string, int) {
	size := 0
	for name, values := range h {
		names = append(names, name)
		size += uvarintLen(len(name)) + len(name) + uvarintLen(len(values))
		for _, v := range values {
			size += uvarintLen(len(v)) + len(v)
		}
	}
	slices.Sort(names)
	return names, size
}

func appendHeaderFields(b []byte, h http.Header, names []string) []byte {
	for _, name := range names {
		values := h[name]
		b = appendString(b, name)
		b = binary.AppendUvarint(b, uint64(len(values)))
		for _, v := range values {
			b = appendString(b, v)
		}
	}
	return b
}

// uvarintLen is how many bytes binary.AppendUvarint takes for n.
func uvarintLen(n int) int { return (bits.Len64(uint64(n)|1) + 6) / 7 }

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errBadHeaders = errors.New("malformed stored headers")

func decodeHeaders(b []byte) (http.Header, error) {
	h := http.Header{}
	for len(b) > 0 {
		name, rest, err := readString(b)
		if err != nil {
			return nil, err
		}
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)) {
			return nil, errBadHeaders
		}
		rest = rest[k:]
		values := make([]string, 0, n)
		for i := uint64(0); i < n; i++ {
			var v string
			if v, rest, err = readString(rest); err != nil {
				return nil, err
			}
			values = append(values, v)
		}
		h[name] = values
		b = rest
	}
	return h, nil
}

func readString(b []byte) (string, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, errBadHeaders
	}
	return string(b[k : k+int(n)]), b[k+int(n):], nil
}
