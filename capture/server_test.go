package capture

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hookscope/hookscope/capture/hub"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
	"github.com/hookscope/hookscope/decode/content"
)

// testServer is a capture server listening on loopback for one test.
type testServer struct{ URL string }

func newTestServer(t *testing.T, opts ...Option) (*testServer, *store.Store, string) {
	return newTestServerWithStore(t, store.Options{}, opts...)
}

func newTestServerWithStore(t *testing.T, so store.Options, opts ...Option) (*testServer, *store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := store.Open(context.Background(), path, so)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() }) // after the server's shutdown: cleanups run last first
	ts := &testServer{URL: "http://" + startListening(t, New(st, opts...))}
	return ts, st, path
}

func only(t *testing.T, st *store.Store) *store.Delivery {
	t.Helper()
	ctx := context.Background()
	list, err := st.List(ctx, store.Filter{}, 0, 10)
	if err != nil || len(list) != 1 {
		t.Fatalf("want exactly one stored delivery, got %d (%v)", len(list), err)
	}
	d, err := st.Get(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAnyMethodAnyPathStoredByteExact(t *testing.T) {
	bodies := map[string][]byte{
		"json":         []byte(`{"b": 2, "a": 12345678901234567890}`),
		"invalid-utf8": []byte("caf\xe9 \xff\xfe"),
		"binary":       {0, 1, 2, 0xff, 0x1b, '[', '2', 'J', 0},
		"empty":        {},
	}
	for name, body := range bodies {
		for _, method := range []string{"POST", "PUT", "PATCH", "DELETE", "GET", "PROPFIND"} {
			t.Run(name+"/"+method, func(t *testing.T) {
				ts, st, _ := newTestServer(t)
				uri := "/any/deep/path;x=1?topic=a%20b&z=1"
				req, _ := http.NewRequest(method, ts.URL+uri, bytes.NewReader(body))
				req.Header.Add("X-Repeat", "one")
				req.Header.Add("X-Repeat", "two")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				reply, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || string(reply) != `{"ok":true}` || resp.Header.Get("Content-Type") != "application/json" {
					t.Fatalf("reply %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), reply)
				}
				d := only(t, st)
				if !bytes.Equal(d.Body, body) {
					t.Errorf("stored body %q, sent %q", d.Body, body)
				}
				if d.Method != method || d.URI != uri {
					t.Errorf("stored %s %s, sent %s %s", d.Method, d.URI, method, uri)
				}
				if got := d.Headers.Values("X-Repeat"); len(got) != 2 || got[0] != "one" || got[1] != "two" {
					t.Errorf("repeated header = %v", got)
				}
				if d.Size != int64(len(body)) || d.Truncated || d.ReplyStatus != 200 {
					t.Errorf("size %d truncated %v status %d", d.Size, d.Truncated, d.ReplyStatus)
				}
				if d.RemoteAddr == "" || d.Host == "" || d.Proto != "HTTP/1.1" {
					t.Errorf("connection facts missing: %q %q %q", d.RemoteAddr, d.Host, d.Proto)
				}
			})
		}
	}
}

func TestOversizedBodyGets413AndIsRecordedTruncated(t *testing.T) {
	ts, st, _ := newTestServer(t, WithMaxBody(1024))
	body := bytes.Repeat([]byte("0123456789"), 500)
	resp, err := http.Post(ts.URL+"/big", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", resp.StatusCode)
	}
	d := only(t, st)
	if !d.Truncated || d.Size != 1024 || d.DeclaredLength != int64(len(body)) {
		t.Fatalf("truncated=%v size=%d declared=%d", d.Truncated, d.Size, d.DeclaredLength)
	}
	if !bytes.Equal(d.Body, body[:1024]) {
		t.Error("stored prefix differs from what was sent")
	}
	if d.ReplyStatus != 413 {
		t.Errorf("recorded reply %d", d.ReplyStatus)
	}
}

// A sender still writing a large body when the 413 comes must read the
// 413, not a reset: the server closes only once the sender had time to
// read it (hangUpAfterReply).
func TestSenderOfAnOversizedUploadReadsThe413(t *testing.T) {
	ts, st, _ := newTestServer(t, WithMaxBody(1024))
	for i := range 3 {
		resp, err := http.Post(ts.URL+"/upload", "application/octet-stream", bytes.NewReader(make([]byte, 16<<20)))
		if err != nil {
			t.Fatalf("upload %d: %v", i, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("upload %d: status %d, want 413", i, resp.StatusCode)
		}
	}
	if n, err := st.Count(context.Background(), store.Filter{}); err != nil || n != 3 {
		t.Fatalf("stored %d deliveries (%v), want the 3, truncated", n, err)
	}
}

// A sender that stops before the length it declared (it hung up, its
// tunnel dropped) is answered 400 and its delivery recorded truncated, not
// taken for a whole body of what came: fasthttp's body stream reports the
// early end as an ordinary end of body.
func TestBodyEndingBeforeItsLengthIsRecordedTruncated(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	addr := startListening(t, New(st))
	resp := rawRequestThenHangUp(t, addr, "POST /cut HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("answered %d, want 400", resp.StatusCode)
	}
	d := only(t, st)
	if string(d.Body) != "abc" || !d.Truncated || d.DeclaredLength != 10 || d.ReplyRule != "body incomplete" {
		t.Errorf("stored body %q, truncated %v, declared %d, rule %q", d.Body, d.Truncated, d.DeclaredLength, d.ReplyRule)
	}
}

func TestGzipBombStoredAsReceivedAndDisplayDecodeCapped(t *testing.T) {
	ts, st, _ := newTestServer(t)
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 80; i++ { // 80 MiB decoded, past the 64 MiB display cap
		zw.Write(zeros)
	}
	zw.Close()
	bomb := b.Bytes()
	req, _ := http.NewRequest("POST", ts.URL+"/bomb", bytes.NewReader(bomb))
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	d := only(t, st)
	if !bytes.Equal(d.Body, bomb) {
		t.Fatal("compressed body was not stored as received")
	}
	shown, err := content.Decode(d.Body, d.Headers.Get("Content-Encoding"), content.DefaultDecodeLimit)
	if !errors.Is(err, content.ErrDecodedTooLarge) || len(shown) != content.DefaultDecodeLimit {
		t.Fatalf("display decode gave %d bytes, %v", len(shown), err)
	}
}

// A delivery is acknowledged once its record is durable in the segment
// log; SQLite refusing its row (here a trigger, as a damaged index would)
// does not lose it: it is listed once SQLite takes rows again. (A store
// that cannot write the log answers 503: TestFullDiskAnswers503... in
// capture/store.)
func TestDeliveryWhoseRowSQLiteRefusesIsKept(t *testing.T) {
	ts, st, path := newTestServer(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(ts.URL+"/x", "application/json", strings.NewReader(`{"kept":true}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200: the record is durable", resp.StatusCode)
	}
	if _, err := db.Exec(`DROP TRIGGER refuse`); err != nil {
		t.Fatal(err)
	}
	if d := only(t, st); string(d.Body) != `{"kept":true}` {
		t.Fatalf("body %q", d.Body)
	}
}

func TestClosedStoreAnswers503(t *testing.T) {
	ts, st, _ := newTestServer(t)
	st.Close()
	resp, err := http.Post(ts.URL+"/x", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Fatalf("status %d, want 503", resp.StatusCode)
	}
}

func TestConcurrentDeliveriesAllStoredAndPublished(t *testing.T) {
	var h hub.Hub
	sub := h.Subscribe(1000)
	ts, st, _ := newTestServerWithStore(t, store.Options{OnCommit: h.Publish})
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(ts.URL+fmt.Sprintf("/c/%d", i), "text/plain", strings.NewReader(fmt.Sprint(i)))
			if err != nil {
				errs <- err
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				errs <- fmt.Errorf("status %d", resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got, _ := st.Count(context.Background(), store.Filter{}); got != n {
		t.Fatalf("stored %d, want %d", got, n)
	}
	if len(sub.C()) != n {
		t.Fatalf("published %d, want %d", len(sub.C()), n)
	}
	var last int64
	for i := 0; i < n; i++ {
		d := <-sub.C()
		if d.Seq <= last {
			t.Fatalf("published out of commit order: seq %d after %d", d.Seq, last)
		}
		last = d.Seq
	}
}

func TestListenPortInUseNamesThePort(t *testing.T) {
	a := New(nil)
	if err := a.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer a.ln.Close()
	b := New(nil)
	err := b.Listen(a.Addr())
	if err == nil {
		b.ln.Close()
		t.Fatal("second listen on the same port succeeded")
	}
	_, port, _ := strings.Cut(a.Addr(), ":")
	if !strings.Contains(err.Error(), "port "+port+" is already in use") || !strings.Contains(err.Error(), "--listen") {
		t.Fatalf("error does not name the port and the fix: %v", err)
	}
}

func TestIDsSortInArrivalOrder(t *testing.T) {
	src := newIDSource()
	prev, _ := src.next()
	for i := 0; i < 10000; i++ {
		id, _ := src.next()
		if id <= prev {
			t.Fatalf("id %s not after %s", id, prev)
		}
		prev = id
	}
}

// startListening runs srv as `serve` does and stops it when the test ends,
// returning the address it listens on. (capturetest.Serve is the same for
// other packages, which this one's tests cannot import.)
func startListening(t *testing.T, srv *Server) string {
	t.Helper()
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return srv.Addr()
}

// rawRequest writes req on a new connection and returns the response.
func rawRequest(t *testing.T, addr, req string) *http.Response {
	t.Helper()
	return rawExchange(t, addr, req, false)
}

// rawRequestThenHangUp is rawRequest from a sender that closes its
// sending side once req is written, as one whose connection dropped.
func rawRequestThenHangUp(t *testing.T, addr, req string) *http.Response {
	t.Helper()
	return rawExchange(t, addr, req, true)
}

func rawExchange(t *testing.T, addr, req string, hangUp bool) *http.Response {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	if hangUp {
		if err := c.(*net.TCPConn).CloseWrite(); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// net/http answers OPTIONS * itself unless told not to, so it was never
// captured.
func TestOptionsStarIsCaptured(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	addr := startListening(t, New(st))
	resp := rawRequest(t, addr, "OPTIONS * HTTP/1.1\r\nHost: h\r\nX-Probe: 1\r\n\r\n")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	d := only(t, st)
	if d.Method != "OPTIONS" || d.URI != "*" || d.Headers.Get("X-Probe") != "1" {
		t.Fatalf("stored %s %s %v", d.Method, d.URI, d.Headers)
	}
}

// The record says how the body came: Transfer-Encoding and the Trailer
// header as they were sent, the trailers apart.
func TestChunkedDeliveryRecordsTransferEncodingAndBodyByteExact(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	addr := startListening(t, New(st))
	resp := rawRequest(t, addr, "POST /chunked HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"+
		"5\r\n{\"a\":\r\n"+"4\r\n\x00\xff\r\n\r\n"+"1\r\n}\r\n"+"0\r\nX-Checksum: abc\r\n\r\n")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	d := only(t, st)
	if want := "{\"a\":\x00\xff\r\n}"; string(d.Body) != want {
		t.Fatalf("stored body %q, sent %q", d.Body, want)
	}
	if got := d.Headers.Values("Transfer-Encoding"); len(got) != 1 || got[0] != "chunked" {
		t.Errorf("stored Transfer-Encoding %q, want chunked", got)
	}
	if got := d.Headers.Get("Trailer"); got != "X-Checksum" {
		t.Errorf("stored Trailer header %q, want X-Checksum", got)
	}
	if got := d.Trailers.Get("X-Checksum"); got != "abc" {
		t.Errorf("stored trailer X-Checksum %q, want abc (trailers %v)", got, d.Trailers)
	}
	if d.DeclaredLength != -1 || d.Truncated {
		t.Errorf("declared %d truncated %v", d.DeclaredLength, d.Truncated)
	}
}

// Where the HTTP library's own reading of a request differs from what
// arrived, the record keeps what arrived, as it did when capture ran on
// net/http: each header line (Cookie lines too, which fasthttp's parsed
// headers merge), values without the whitespace around them, the host an
// absolute-form target names (RFC 9112 §3.2.2, whatever Host says), and
// no declared length (0, not fasthttp's -2) for a request without one.
func TestRecordKeepsTheRequestAsItArrived(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	addr := startListening(t, New(st))
	rawRequest(t, addr, "POST http://example.com/abs?q=1 HTTP/1.1\r\nHost: other\r\nCookie: a=1\r\nCookie: b=2; c\r\n"+
		"X-Pad:  \t padded \t \r\nUser-Agent: one\r\nUser-Agent: two\r\nContent-Length: 1\r\n\r\nx")
	head, err := http.Head("http://" + addr + "/head")
	if err != nil {
		t.Fatal(err)
	}
	head.Body.Close()
	list, err := st.List(context.Background(), store.Filter{}, 0, 10)
	if err != nil || len(list) != 2 {
		t.Fatalf("stored %d deliveries (%v), want 2", len(list), err)
	}
	abs, err := st.Get(context.Background(), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if abs.Host != "example.com" || abs.URI != "http://example.com/abs?q=1" {
		t.Errorf("absolute-form target stored as host %q, URI %q", abs.Host, abs.URI)
	}
	for name, want := range map[string][]string{"Cookie": {"a=1", "b=2; c"}, "User-Agent": {"one", "two"}, "X-Pad": {"padded"}} {
		if got := abs.Headers.Values(name); !slices.Equal(got, want) {
			t.Errorf("stored %s %q, sent %q", name, got, want)
		}
	}
	if _, ok := abs.Headers["Host"]; ok {
		t.Errorf("Host stored among the headers (%v): it is the delivery's own field", abs.Headers)
	}
	if head := list[1]; head.Method != "HEAD" || head.DeclaredLength != 0 || head.Size != 0 {
		t.Errorf("HEAD without a length stored as %s, declared %d, size %d", head.Method, head.DeclaredLength, head.Size)
	}
}

// On a full disk every sender retries; one log line per refusal buried
// the terminal (118,960 lines in 15 s). A run of refusals is one line, and
// a count once the server stops.
func TestRefusalsAreLoggedOnceThenCounted(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	st.Close()
	var out bytes.Buffer
	var mu sync.Mutex
	srv := New(st, WithLogger(log.New(&lockedWriter{w: &out, mu: &mu}, "", 0)))
	addr := startListening(t, srv)
	for i := 0; i < 50; i++ {
		resp, err := http.Post("http://"+addr+"/x", "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("status %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	mu.Lock()
	lines := logLines(&out)
	mu.Unlock()
	if len(lines) != 1 || !strings.Contains(lines[0], "store is closed") {
		t.Fatalf("50 refusals logged %d lines: %q", len(lines), lines)
	}
	srv.Shutdown(context.Background())
	mu.Lock()
	lines = logLines(&out)
	mu.Unlock()
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "capture: 49 more deliveries refused") {
		t.Fatalf("after shutdown: %q", lines)
	}
}

// What the HTTP server cannot parse is logged like refusals, once and
// then counted, and never with the request's bytes: fasthttp put each
// bad request's contents, headers and all, on its own line.
func TestRequestsNotUnderstoodAreLoggedOnceWithoutTheirBytes(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	var out bytes.Buffer
	var mu sync.Mutex
	srv := New(st, WithLogger(log.New(&lockedWriter{w: &out, mu: &mu}, "", 0)))
	addr := startListening(t, srv)
	for i := 0; i < 20; i++ {
		resp := rawRequest(t, addr, "POST /x HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer s3cret-token\r\nX-Bad: a\x1bb\r\n\r\n")
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("request %d answered %d, want 400", i, resp.StatusCode)
		}
	}
	srv.Shutdown(context.Background())
	mu.Lock()
	lines := logLines(&out)
	mu.Unlock()
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "capture: 19 more requests not understood") {
		t.Errorf("20 bad requests logged %d lines: %q", len(lines), lines)
	}
	if strings.Contains(out.String(), "s3cret-token") {
		t.Errorf("the log holds a request's header: %q", lines)
	}
}

func logLines(b *bytes.Buffer) []string {
	s := strings.TrimSpace(b.String())
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
