package export

import (
	"bufio"
	"io"

	"github.com/hookscope/hookscope/capture/store"
)

// writeRaw writes d as HTTP/1.1 on the wire: request line, Host first (Go's
// server takes it out of the headers), the headers in name order, a blank
// line and the body undecoded, CRLF line ends. A body that arrived
// chunked was stored de-chunked, so it follows without framing.
func writeRaw(w io.Writer, d *store.Delivery) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(d.Method + " " + d.URI + " " + d.Proto + "\r\n")
	bw.WriteString("Host: " + d.Host + "\r\n")
	for _, h := range sortedHeaders(d.Headers) {
		for _, v := range h.Values {
			bw.WriteString(h.Name + ": " + v + "\r\n")
		}
	}
	bw.WriteString("\r\n")
	bw.Write(d.Body)
	return bw.Flush()
}
