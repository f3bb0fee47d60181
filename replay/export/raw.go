package export

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/hookscope/hookscope/capture/store"
)

// writeRaw writes d as HTTP/1.1 on the wire: request line, Host first (Go's
// server takes it out of the headers), the headers in name order, a blank
// line and the body undecoded, CRLF line ends. The body is framed as it
// came, so that a server reading the export reads the body whole and no
// more: a body that arrived chunked (stored de-chunked, its chunk sizes
// gone) goes out again as one chunk, then its trailers; any other carries
// the Content-Length it arrived with, or, when it came with none (over
// HTTP/2, or imported), one of its stored size.
func writeRaw(w io.Writer, d *store.Delivery) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(d.Method + " " + d.URI + " " + d.Proto + "\r\n")
	bw.WriteString("Host: " + d.Host + "\r\n")
	writeFields(bw, d.Headers)
	chunked := arrivedChunked(d.Headers)
	if _, framed := d.Headers["Content-Length"]; !chunked && !framed && len(d.Body) > 0 {
		bw.WriteString("Content-Length: " + strconv.Itoa(len(d.Body)) + "\r\n")
	}
	bw.WriteString("\r\n")
	if !chunked {
		bw.Write(d.Body)
		return bw.Flush()
	}
	if len(d.Body) > 0 {
		bw.WriteString(strconv.FormatInt(int64(len(d.Body)), 16) + "\r\n")
		bw.Write(d.Body)
		bw.WriteString("\r\n")
	}
	bw.WriteString("0\r\n")
	writeFields(bw, d.Trailers)
	bw.WriteString("\r\n")
	return bw.Flush()
}

// writeFields writes the fields of h, headers or trailers, in name order,
// one line per value.
func writeFields(bw *bufio.Writer, h http.Header) {
	for _, f := range store.SortHeaders(h) {
		for _, v := range f.Values {
			bw.WriteString(f.Name + ": " + v + "\r\n")
		}
	}
}

// arrivedChunked reports whether the headers say the body came chunked:
// chunked is the last transfer coding (RFC 9112 6.1), the only one Go's
// server accepts.
func arrivedChunked(h http.Header) bool {
	te := h.Values("Transfer-Encoding")
	if len(te) == 0 {
		return false
	}
	codings := strings.Split(te[len(te)-1], ",")
	return strings.EqualFold(strings.TrimSpace(codings[len(codings)-1]), "chunked")
}
