// Package capture is hookscope's embedded HTTP server: it accepts any
// request on any path, stores it byte-exact, and only then answers.
//
// It runs on fasthttp rather than net/http: at saturation HTTP is most of
// what a capture costs, and fasthttp's in-place parsing and reused
// per-connection state cost a delivery measurably less CPU (issue 12).
// The record is built from the header lines as they arrived, not from
// either library's parsed view of them.
//
// A 2xx is written only after the delivery is committed to the store; when
// the store cannot take it the sender gets a 503 and will retry. Live views
// learn of stored deliveries from the store's commit hook (see package hub).
package capture

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hookscope/hookscope/capture/ratelog"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/valyala/fasthttp"
)

// DefaultAddr is where the capture server listens unless told otherwise:
// loopback only, so nothing outside this machine reaches it but through a
// tunnel the user started.
const DefaultAddr = "127.0.0.1:4747"

const (
	// headerTimeout bounds the wait for a request's header section,
	// bodyTimeout then its body.
	headerTimeout = 10 * time.Second
	bodyTimeout   = 60 * time.Second
	// maxHeaderBytes is the largest header section taken; a larger one
	// is answered 431.
	maxHeaderBytes = 64 << 10
)

// Recorder durably stores a delivery; *store.Store is one.
type Recorder interface {
	Insert(ctx context.Context, d *store.Delivery) error
}

// Server captures deliveries. Create it with New.
type Server struct {
	rec        Recorder
	maxBody    int64
	budgetSize int64
	budget     *budget
	budgetWait time.Duration
	log        *log.Logger
	failures   *ratelog.Log
	// httpErrors are what the HTTP server reports: requests it could
	// not parse, connections that failed.
	httpErrors *ratelog.Log
	// conns counts the connections fasthttp has not yet reported closed
	// (or hijacked), which it does after logging how each ended: its
	// Shutdown returns before that, and a refusal logged after the final
	// Flush went unreported.
	conns atomic.Int64
	// annotateReq and replyReq share one decode.Request per delivery.
	annotateReq func(*store.Delivery, *decode.Request)
	replyReq    func(*store.Delivery, *decode.Request)
	relay       func(context.Context, *store.Delivery)
	forward     func(*store.Delivery)
	ids         *idSource
	http        *fasthttp.Server
	ln          net.Listener
}

// Option configures a Server.
type Option func(*Server)

// WithMaxBody sets the body limit in bytes. New brings a value outside 0
// to MaxMaxBody into that range; check what a user typed with
// ValidateMaxBody first, to tell them.
func WithMaxBody(n int64) Option { return func(s *Server) { s.maxBody = n } }

// WithBodyBudget bounds the body bytes held in memory across all requests
// at once (DefaultBodyBudget unless set, or when n ≤ 0). A body that does
// not fit waits briefly for room, then its sender gets a 503 with
// Retry-After and nothing is stored. The budget is raised to the body
// limit plus one byte when smaller, so that a body of the largest size
// allowed can always be taken.
func WithBodyBudget(n int64) Option { return func(s *Server) { s.budgetSize = n } }

// WithLogger sends the server's error log to l; by default it is discarded,
// because the TUI owns the terminal.
func WithLogger(l *log.Logger) Option { return func(s *Server) { s.log = l } }

// WithForwarder hands every stored delivery to f, after it is committed
// and before it is answered. f must not block: it queues the delivery to be
// sent elsewhere, copying what it keeps (the body's buffer is reused).
func WithForwarder(f func(*store.Delivery)) Option { return func(s *Server) { s.forward = f } }

// WithRelay has f replace the chosen reply with another endpoint's answer
// (`--relay`). It runs after the replier and before the delivery is stored,
// so the reply recorded is the one sent; f bounds its own wait and leaves
// the canned reply when the endpoint fails.
func WithRelay(f func(context.Context, *store.Delivery)) Option {
	return func(s *Server) { s.relay = f }
}

// New returns a server that stores into rec.
func New(rec Recorder, opts ...Option) *Server {
	s := &Server{rec: rec, maxBody: DefaultMaxBody, budgetSize: DefaultBodyBudget, budgetWait: defaultBudgetWait,
		log: log.New(io.Discard, "", 0), ids: newIDSource()}
	for _, o := range opts {
		o(s)
	}
	s.maxBody = clampMaxBody(s.maxBody)
	if s.budgetSize <= 0 {
		s.budgetSize = DefaultBodyBudget
	}
	s.budget = newBudget(max(s.budgetSize, s.maxBody+1))
	s.failures = ratelog.New(s.log, "capture", "delivery refused", "deliveries refused", ratelog.DefaultInterval, nil)
	s.httpErrors = ratelog.New(s.log, "capture", "request not understood", "requests not understood", ratelog.DefaultInterval, nil)
	s.http = &fasthttp.Server{
		Handler: s.serve,
		// A capture answers with the reply chosen and nothing else: no
		// Server header, no Content-Type the reply did not set.
		NoDefaultServerHeader: true,
		NoDefaultContentType:  true,
		// Every body is streamed into readBody, which holds it to the
		// budget; fasthttp would otherwise read up to the limit into its
		// own buffer first. The limit of 1 is what makes it stream: a
		// body above the limit is handed over as a stream. Multipart
		// bodies are stored as bytes, not parsed.
		StreamRequestBody:            true,
		MaxRequestBodySize:           1,
		DisablePreParseMultipartForm: true,
		// Slow or malformed clients must not pin connections: headers
		// within 10 s, then a whole 16 MiB body within a minute over a
		// tunnel.
		ReadTimeout: headerTimeout,
		HeaderReceived: func(*fasthttp.RequestHeader) fasthttp.RequestConfig {
			return fasthttp.RequestConfig{ReadTimeout: bodyTimeout}
		},
		WriteTimeout: 60 * time.Second,
		IdleTimeout:  120 * time.Second,
		// The header section must fit the read buffer. A webhook's
		// takes a few KiB; 64 KiB leaves room for the largest proxies
		// pass, yet holds 64 connections' buffers to 4 MiB.
		ReadBufferSize:  maxHeaderBytes,
		CloseOnShutdown: true,
		// A port scanner or a confused client sends what cannot be
		// parsed by the thousand: one line, then a count. The request's
		// bytes, which may carry a secret, stay out of the message.
		Logger:                httpErrorLog{s.httpErrors},
		SecureErrorLogMessage: true,
		ConnState: func(_ net.Conn, state fasthttp.ConnState) {
			switch state {
			case fasthttp.StateNew:
				s.conns.Add(1)
			case fasthttp.StateClosed, fasthttp.StateHijacked:
				s.conns.Add(-1)
			}
		},
	}
	return s
}

// Listen binds addr. A port in use is reported with the port and what to do.
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			_, port, _ := net.SplitHostPort(addr)
			return fmt.Errorf("listen on %s: port %s is already in use (another hookscope?); choose another with --listen, or --listen 127.0.0.1:0 for a free one", addr, port)
		}
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.ln = ln
	return nil
}

// Addr is the address actually bound, with the port chosen for ":0".
func (s *Server) Addr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Serve accepts connections until Shutdown. It returns nil after a clean
// shutdown.
func (s *Server) Serve() error {
	if s.ln == nil {
		return errors.New("capture: Serve called before Listen")
	}
	if err := s.http.Serve(s.ln); err != nil {
		return fmt.Errorf("capture server on %s: %w", s.Addr(), err)
	}
	return nil
}

// Shutdown stops accepting and waits for requests in flight, whose
// deliveries are then all stored and answered. Refusals not yet reported
// in the log are reported before it returns.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.ShutdownWithContext(ctx)
	for s.conns.Load() > 0 && ctx.Err() == nil {
		time.Sleep(time.Millisecond) // fasthttp logs, then reports the close
	}
	s.failures.Flush()
	s.httpErrors.Flush()
	return err
}

// annotateSafely runs the annotator; a bug in decoding must never cost a
// capture, so a panic leaves the delivery unannotated and is logged.
func (s *Server) annotateSafely(d *store.Delivery, r *decode.Request) {
	defer func() {
		if v := recover(); v != nil {
			d.Provider, d.Topic, d.Signature, d.Summary = "", "", "", ""
			s.log.Printf("decode %s %s: %v", d.Method, d.URI, v)
		}
	}()
	s.annotateReq(d, r)
}

// replySafely runs the replier; a panic leaves the plain reply.
func (s *Server) replySafely(d *store.Delivery, r *decode.Request) {
	defer func() {
		if v := recover(); v != nil {
			d.ReplyStatus, d.ReplyRule = http.StatusOK, "plain 200"
			d.ReplyHeaders = http.Header{"Content-Type": {"application/json"}}
			d.ReplyBody = []byte(`{"ok":true}`)
			s.log.Printf("reply to %s %s: %v", d.Method, d.URI, v)
		}
	}()
	s.replyReq(d, r)
}

// serve captures one delivery.
func (s *Server) serve(ctx *fasthttp.RequestCtx) {
	id, received := s.ids.next()
	h := &ctx.Request.Header
	declared := int64(h.ContentLength()) // -1: chunked
	if declared < -1 {
		declared = 0 // -2: no length given, so no body (RFC 9112 §6.3)
	}
	// maxBody ≤ MaxMaxBody, so the one byte more that tells an oversized
	// body cannot overflow.
	body, readErr := readBody(ctx, requestBody(ctx), declared, s.maxBody+1, s.budget, s.budgetWait)
	defer body.release()
	if errors.Is(readErr, errOverBudget) {
		s.refuse(ctx, readErr, `{"ok":false,"error":"hookscope is holding too many bodies at once; retry later"}`)
		return
	}

	d := &store.Delivery{
		ID:             id,
		ReceivedAt:     received,
		Method:         string(h.Method()),
		URI:            string(h.RequestURI()),
		Proto:          string(h.Protocol()),
		Host:           requestHost(h),
		RemoteAddr:     ctx.RemoteAddr().String(),
		Headers:        receivedHeaders(h),
		Body:           body.buf,
		DeclaredLength: declared,
		ReplyStatus:    http.StatusOK,
	}
	if readErr == nil {
		// The body has been read to its end, so a chunked body's
		// trailers have been too.
		d.Trailers = receivedTrailers(h)
	}
	reply := `{"ok":true}`
	d.ReplyRule = "plain 200"
	oversized := int64(len(d.Body)) > s.maxBody
	switch {
	case oversized:
		d.Body = d.Body[:s.maxBody]
		d.Truncated = true
		d.ReplyStatus, d.ReplyRule = http.StatusRequestEntityTooLarge, "body too large"
		reply = `{"ok":false,"error":"body larger than ` + strconv.FormatInt(s.maxBody, 10) + ` bytes; recorded truncated"}`
	case readErr != nil:
		// The sender stopped mid-body (timeout, reset). Keep what came,
		// marked truncated, so it shows truthfully.
		d.Truncated = true
		d.ReplyStatus, d.ReplyRule = http.StatusBadRequest, "body incomplete"
		reply = `{"ok":false,"error":"could not read the whole body; recorded truncated"}`
	}
	d.Size = int64(len(d.Body))
	// One decoding of the request serves analysis and the reply.
	var req *decode.Request
	if s.annotateReq != nil || s.replyReq != nil {
		req = Request(d)
	}
	if s.annotateReq != nil {
		s.annotateSafely(d, req)
	}
	if d.ReplyStatus == http.StatusOK && s.replyReq != nil {
		// The replier chooses the whole reply: a default made first
		// would be garbage on every delivery.
		s.replySafely(d, req)
	} else {
		d.ReplyHeaders = http.Header{"Content-Type": {"application/json"}}
		d.ReplyBody = []byte(reply)
	}
	if s.relay != nil && !d.Truncated {
		s.relay(ctx, d)
	}

	// Capture continues if the sender hangs up: what arrived is stored
	// either way, and the store bounds the wait itself.
	if err := s.rec.Insert(context.WithoutCancel(ctx), d); err != nil {
		s.refuse(ctx, err, `{"ok":false,"error":"hookscope could not store this delivery; retry later"}`)
		return
	}
	if s.forward != nil {
		s.forward(d)
	}
	// The body is stored and the forwarder copied what it keeps: its
	// memory goes back to the budget before any reply delay.
	body.release()
	d.Body = nil
	if d.ReplyDelay > 0 {
		// A rule asked for a slow reply (to test a sender's timeout). The
		// delivery is stored already; only the answer waits, unless the
		// server is shutting down (ctx is done): then it is sent at once.
		t := time.NewTimer(d.ReplyDelay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
	writeReply(&ctx.Response, d.ReplyStatus, d.ReplyHeaders, d.ReplyBody)
	if oversized {
		// The rest of the body is unread.
		hangUpAfterReply(ctx)
	}
}

// requestHost is the host the request is for: an absolute-form target's
// own, which a Host header cannot override (RFC 9112 §3.2.2), else the
// Host header's.
func requestHost(h *fasthttp.RequestHeader) string {
	if uri := h.RequestURI(); len(uri) > 0 && uri[0] != '/' && uri[0] != '*' {
		if u, err := url.Parse(string(uri)); err == nil && u.Host != "" {
			return u.Host
		}
	}
	return string(h.Host())
}

// requestBody is what reads the request's body: the server streams every
// body (StreamRequestBody), so that it is read into memory only as the
// budget grants it; a request without one has none to stream.
func requestBody(ctx *fasthttp.RequestCtx) io.Reader {
	if r := ctx.RequestBodyStream(); r != nil {
		return r
	}
	return bytes.NewReader(ctx.PostBody())
}

// writeReply sets the response to status, headers and body. The length
// is the body's, whatever a canned reply's headers claim: the server
// frames the response.
func writeReply(resp *fasthttp.Response, status int, headers http.Header, body []byte) {
	for k, vs := range headers {
		if k == "Content-Length" || k == "Transfer-Encoding" {
			continue
		}
		for _, v := range vs {
			resp.Header.Add(k, v)
		}
	}
	resp.SetStatusCode(status)
	resp.SetBody(body)
}

// refuse answers a delivery that was not stored with a 503 the sender will
// retry, and logs why without flooding the log.
func (s *Server) refuse(ctx *fasthttp.RequestCtx, err error, reply string) {
	h := &ctx.Request.Header
	s.failures.Failed(fmt.Sprintf("%s %q: %v", h.Method(), h.RequestURI(), err), err.Error()) // the URI is the sender's text: quoted
	headers := http.Header{"Content-Type": {"application/json"}, "Retry-After": {"1"}}
	writeReply(&ctx.Response, http.StatusServiceUnavailable, headers, []byte(reply))
	if errors.Is(err, errOverBudget) {
		// The body is unread.
		hangUpAfterReply(ctx)
	}
}

// receivedHeaders are the request's header lines as they arrived, in
// order, names in canonical form, Transfer-Encoding and Trailer included
// (the record shows how the body came; replay drops both, as they
// describe one connection). Host is the delivery's own field, as net/http
// has it.
func receivedHeaders(h *fasthttp.RequestHeader) http.Header {
	hdr := make(http.Header, 12)
	for k, v := range h.AllInOrder() {
		if string(k) == "Host" {
			continue
		}
		key := headerKey(k)
		hdr[key] = append(hdr[key], string(v))
	}
	return hdr
}

// receivedTrailers are the fields of a chunked body's trailer section,
// nil when it had none.
func receivedTrailers(h *fasthttp.RequestHeader) http.Header {
	var t http.Header
	for line := range bytes.SplitSeq(h.TrailerHeader(), []byte("\r\n")) {
		k, v, ok := bytes.Cut(line, []byte(": "))
		if !ok {
			continue
		}
		if t == nil {
			t = make(http.Header, 2)
		}
		key := headerKey(k)
		t[key] = append(t[key], string(v))
	}
	return t
}

// httpErrorLog is the HTTP server's error log, through a ratelog.
type httpErrorLog struct{ l *ratelog.Log }

// Printf logs one error; they all count as one kind, since their texts
// name each connection.
func (h httpErrorLog) Printf(format string, args ...any) {
	h.l.Failed(fmt.Sprintf(format, args...), "http")
}

// lingerFor and lingerMax bound how long, and how much of what the sender
// still sends, hangUpAfterReply reads before it closes.
const (
	lingerFor = 500 * time.Millisecond
	lingerMax = 64 << 20
)

// hangUpAfterReply makes the response, as set, the connection's last, for
// a request whose body is left unread. Closing a socket with unread bytes
// resets the connection, and a sender still writing its body then sees the
// reset, not the reply (a 503 it would retry, a 413 that says why). So the
// reply is written, with Connection: close, then the write side closed,
// and what the sender still sends is read and dropped for a moment before
// the close, as net/http's server does.
func hangUpAfterReply(ctx *fasthttp.RequestCtx) {
	ctx.Response.SetConnectionClose()
	reply := ctx.Response.String()
	ctx.HijackSetNoResponse(true)
	ctx.Hijack(func(c net.Conn) {
		c.SetWriteDeadline(time.Now().Add(lingerFor))
		if _, err := io.WriteString(c, reply); err != nil {
			return
		}
		if cw, ok := c.(interface{ CloseWrite() error }); ok {
			cw.CloseWrite()
		}
		c.SetReadDeadline(time.Now().Add(lingerFor))
		io.CopyN(io.Discard, c, lingerMax)
	})
}
