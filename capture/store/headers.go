package store

import (
	"encoding/binary"
	"errors"
	"net/http"
	"sort"
)

// Headers are stored in a small binary form rather than JSON: encoding/json
// replaces invalid UTF-8 with U+FFFD, and a delivery must come back exactly
// as it was sent. The form is, per header in name order: uvarint length and
// bytes of the name, uvarint count of values, then each value as uvarint
// length and bytes.

func encodeHeaders(h http.Header) []byte {
	names := make([]string, 0, len(h))
	size := 0
	for name, values := range h {
		names = append(names, name)
		size += len(name) + 2*binary.MaxVarintLen16
		for _, v := range values {
			size += len(v) + binary.MaxVarintLen16
		}
	}
	sort.Strings(names)
	b := make([]byte, 0, size)
	for _, name := range names {
		b = appendString(b, name)
		b = binary.AppendUvarint(b, uint64(len(h[name])))
		for _, v := range h[name] {
			b = appendString(b, v)
		}
	}
	return b
}

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
