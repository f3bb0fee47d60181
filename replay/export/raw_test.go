package export

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// TestRawIsTheRequestOnTheWire: request line, Host, headers, blank line
// and the body's bytes, CRLF.
func TestRawIsTheRequestOnTheWire(t *testing.T) {
	d := hostileDeliveries(t)[2]
	var buf bytes.Buffer
	x, _ := NewWriter(&buf, Raw, Options{})
	x.Write(d, nil)
	x.Close()
	want := "POST " + d.URI + " HTTP/1.1\r\nHost: shop.example:4747\r\n"
	if !strings.HasPrefix(buf.String(), want) || !bytes.HasSuffix(buf.Bytes(), append([]byte("\r\n\r\n"), d.Body...)) ||
		!strings.Contains(buf.String(), "\r\nX-Evil: $(touch pwned)\r\nX-Evil: '; rm -rf ~; '\r\n") {
		t.Errorf("raw:\n%q", buf.String())
	}
}

// chunkedDelivery is a delivery as capture stores one that arrived
// chunked with a trailer: de-chunked body, Transfer-Encoding and Trailer
// put back in its headers, the trailer fields apart.
func chunkedDelivery() *store.Delivery {
	body := []byte("{\"a\":\"\r\n\t\x00\xff\x1b]8;;x\x07\"}\r\n0\r\n\r\n")
	return &store.Delivery{
		ID: "01CHUNKED0000000000000000", ReceivedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
		Method: "POST", URI: "/hooks/chunked", Proto: "HTTP/1.1", Host: "127.0.0.1:4747",
		Headers: http.Header{"Content-Type": {"application/json"}, "Transfer-Encoding": {"chunked"},
			"Trailer": {"X-Checksum, X-Evil"}},
		Trailers: http.Header{"X-Checksum": {"sha256=abc"}, "X-Evil": {"$(touch pwned)"}},
		Body:     body, Size: int64(len(body)), DeclaredLength: -1, ReplyStatus: 200,
	}
}

// TestRawReadsBackAsTheRequests: an export of many deliveries is a
// stream of requests a server reads one after another, each with its body
// whole and no more: one that came chunked goes out chunked, with its
// trailers, and one that came without a Content-Length (HTTP/2, an
// import) or was cut short (truncated: the length it declared is more
// than was stored) gets one of its stored size; one that came over HTTP/2
// goes out as HTTP/1.1. Before, a chunked body went out unframed after
// "Transfer-Encoding: chunked", a body without a length was read as the
// start of the next request, a truncated one took the next request's
// bytes for its own, and "HTTP/2.0" in a request line is refused by
// servers (Go's answers 505).
func TestRawReadsBackAsTheRequests(t *testing.T) {
	truncated := *hostileDeliveries(t)[0]
	truncated.Headers = truncated.Headers.Clone()
	truncated.Headers["Content-Length"] = []string{strconv.Itoa(len(truncated.Body) + 100)}
	truncated.DeclaredLength, truncated.Truncated = int64(len(truncated.Body)+100), true
	overH2 := *hostileDeliveries(t)[1]
	overH2.Proto = "HTTP/2.0"
	ds := append(hostileDeliveries(t), chunkedDelivery(), &truncated, &overH2)
	var buf bytes.Buffer
	x, _ := NewWriter(&buf, Raw, Options{})
	for _, d := range ds {
		if err := x.Write(d, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(&buf)
	for i, d := range ds {
		req, err := http.ReadRequest(r)
		if err != nil {
			t.Fatalf("request %d (%s %s): %v", i, d.Method, d.URI, err)
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Fatalf("request %d (%s): body: %v", i, d.URI, err)
		}
		if req.ProtoMajor != 1 {
			t.Errorf("request %d read back as %s, which an HTTP/1 server refuses", i, req.Proto)
		}
		if req.Method != d.Method || req.RequestURI != d.URI || !bytes.Equal(body, d.Body) {
			t.Errorf("request %d read back as %s %s %q; want %s %s %q", i, req.Method, req.RequestURI, body, d.Method, d.URI, d.Body)
		}
		if len(d.Trailers) > 0 && !maps.EqualFunc(req.Trailer, d.Trailers, slices.Equal) {
			t.Errorf("request %d trailers read back as %v; want %v", i, req.Trailer, d.Trailers)
		}
	}
	if rest, _ := io.ReadAll(r); len(rest) > 0 {
		t.Errorf("%d bytes after the last request: %q", len(rest), rest)
	}
}

// TestRawChunkedIsOneChunkThenTrailers: the wire form of a chunked
// delivery, byte for byte.
func TestRawChunkedIsOneChunkThenTrailers(t *testing.T) {
	d := chunkedDelivery()
	var buf bytes.Buffer
	x, _ := NewWriter(&buf, Raw, Options{})
	x.Write(d, nil)
	x.Close()
	want := "POST /hooks/chunked HTTP/1.1\r\nHost: 127.0.0.1:4747\r\nContent-Type: application/json\r\n" +
		"Trailer: X-Checksum, X-Evil\r\nTransfer-Encoding: chunked\r\n\r\n" +
		fmt.Sprintf("%x\r\n", len(d.Body)) + string(d.Body) + "\r\n0\r\nX-Checksum: sha256=abc\r\nX-Evil: $(touch pwned)\r\n\r\n"
	if got := buf.String(); got != want {
		t.Errorf("raw:\n%q\nwant\n%q", got, want)
	}
}
