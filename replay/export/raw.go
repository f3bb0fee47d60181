package export

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/hookscope/hookscope/capture/store"
)

// writeRaw writes d as HTTP/1.1 on the wire: request line, Host first
// (capture keeps it apart from the headers), the headers in name order, a blank
// line and the body undecoded, CRLF line ends. The body is framed as it
// came where that frames the body stored, so that a server reading the
// export reads the body whole and no more: a body that arrived chunked
// (stored de-chunked, its chunk sizes gone) goes out again as one chunk,
// then its trailers; any other carries the Content-Length it arrived
// with, or one of its stored size when it came with none (over HTTP/2, or
// imported) or was cut short (truncated), whose declared length the
// stored body no longer has. A request that came over HTTP/2 goes out as
// HTTP/1.1, the only one written this way.
func writeRaw(w io.Writer, d *store.Delivery) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(d.Method + " " + d.URI + " " + wireProto(d.Proto) + "\r\n")
	bw.WriteString("Host: " + d.Host + "\r\n")
	chunked := arrivedChunked(d.Headers)
	headers := d.Headers
	if _, declared := headers["Content-Length"]; !chunked && (declared && d.Truncated || !declared && len(d.Body) > 0) {
		headers = headers.Clone()
		headers["Content-Length"] = []string{strconv.Itoa(len(d.Body))}
	}
	writeFields(bw, headers)
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

// wireProto is the protocol a request line of d's says: its own when it
// came over HTTP/1, HTTP/1.1 when it came over HTTP/2 or later, whose
// messages have no such text form.
func wireProto(proto string) string {
	if strings.HasPrefix(proto, "HTTP/1.") {
		return proto
	}
	return "HTTP/1.1"
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
// chunked is the last transfer coding (RFC 9112 6.1), the only one the
// capture server accepts (fasthttp now, net/http before it).
func arrivedChunked(h http.Header) bool {
	te := h.Values("Transfer-Encoding")
	if len(te) == 0 {
		return false
	}
	codings := strings.Split(te[len(te)-1], ",")
	return strings.EqualFold(strings.TrimSpace(codings[len(codings)-1]), "chunked")
}
