// Package capture is hookscope's embedded HTTP server: it accepts any
// request on any path, stores it byte-exact, and only then answers.
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
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
)

// DefaultAddr is where the capture server listens unless told otherwise:
// loopback only, so nothing outside this machine reaches it but through a
// tunnel the user started.
const DefaultAddr = "127.0.0.1:4747"

// DefaultMaxBody is the largest body stored whole; larger ones get a 413 and
// are recorded truncated.
const DefaultMaxBody = 16 << 20

// Recorder durably stores a delivery; *store.Store is one.
type Recorder interface {
	Insert(ctx context.Context, d *store.Delivery) error
}

// Server captures deliveries. Create it with New.
type Server struct {
	rec      Recorder
	maxBody  int64
	log      *log.Logger
	annotate func(*store.Delivery)
	reply    func(*store.Delivery)
	// annotateReq and replyReq share one decode.Request per delivery.
	annotateReq func(*store.Delivery, *decode.Request)
	replyReq    func(*store.Delivery, *decode.Request)
	relay       func(context.Context, *store.Delivery)
	forward     func(*store.Delivery)
	ids         *idSource
	http        *http.Server
	ln          net.Listener
}

// Option configures a Server.
type Option func(*Server)

// WithMaxBody sets the body limit in bytes.
func WithMaxBody(n int64) Option { return func(s *Server) { s.maxBody = n } }

// WithLogger sends the server's error log to l; by default it is discarded,
// because the TUI owns the terminal.
func WithLogger(l *log.Logger) Option { return func(s *Server) { s.log = l } }

// WithAnnotator has f fill in what decoding finds (provider, topic,
// signature, summary) before each delivery is stored. f runs on the request
// path, concurrently; it must not block and must not fail.
func WithAnnotator(f func(*store.Delivery)) Option { return func(s *Server) { s.annotate = f } }

// WithReplier has f choose the reply to each delivery that was read whole:
// it sets d's ReplyStatus, ReplyRule, ReplyHeaders and ReplyBody. It runs
// after the annotator, on the request path; it must not block or fail.
func WithReplier(f func(*store.Delivery)) Option { return func(s *Server) { s.reply = f } }

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
	s := &Server{rec: rec, maxBody: DefaultMaxBody, log: log.New(io.Discard, "", 0), ids: newIDSource()}
	for _, o := range opts {
		o(s)
	}
	s.http = &http.Server{
		Handler: s,
		// Slow or malformed clients must not pin connections: headers
		// within 10 s, a whole 16 MiB body within a minute over a tunnel.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          s.log,
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
	if err := s.http.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("capture server on %s: %w", s.Addr(), err)
	}
	return nil
}

// Shutdown stops accepting and waits for requests in flight, whose
// deliveries are then all stored and answered.
func (s *Server) Shutdown(ctx context.Context) error { return s.http.Shutdown(ctx) }

// annotateSafely runs the annotator; a bug in decoding must never cost a
// capture, so a panic leaves the delivery unannotated and is logged.
func (s *Server) annotateSafely(d *store.Delivery, r *decode.Request) {
	defer func() {
		if v := recover(); v != nil {
			d.Provider, d.Topic, d.Signature, d.Summary = "", "", "", ""
			s.log.Printf("decode %s %s: %v", d.Method, d.URI, v)
		}
	}()
	if s.annotate != nil {
		s.annotate(d)
	}
	if s.annotateReq != nil {
		s.annotateReq(d, r)
	}
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
	if s.replyReq != nil {
		s.replyReq(d, r)
		return
	}
	s.reply(d)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps one 16 MiB upload from pinning 16 MiB per pooled
// buffer for the life of the process.
const maxPooledBuffer = 1 << 20

// ServeHTTP captures one delivery.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, received := s.ids.next()
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			bufPool.Put(buf)
		}
	}()
	if r.ContentLength > 0 && r.ContentLength <= s.maxBody {
		buf.Grow(int(r.ContentLength))
	}
	_, readErr := buf.ReadFrom(io.LimitReader(r.Body, s.maxBody+1))

	d := &store.Delivery{
		ID:             id,
		ReceivedAt:     received,
		Method:         r.Method,
		URI:            r.RequestURI,
		Proto:          r.Proto,
		Host:           r.Host,
		RemoteAddr:     r.RemoteAddr,
		Headers:        r.Header,
		Body:           buf.Bytes(),
		DeclaredLength: r.ContentLength,
		ReplyStatus:    http.StatusOK,
	}
	reply := []byte(`{"ok":true}`)
	d.ReplyRule = "plain 200"
	switch {
	case int64(buf.Len()) > s.maxBody:
		d.Body = d.Body[:s.maxBody]
		d.Truncated = true
		d.ReplyStatus, d.ReplyRule = http.StatusRequestEntityTooLarge, "body too large"
		reply = []byte(`{"ok":false,"error":"body larger than ` + strconv.FormatInt(s.maxBody, 10) + ` bytes; recorded truncated"}`)
	case readErr != nil:
		// The sender stopped mid-body (timeout, reset). Keep what came,
		// marked truncated, so it shows truthfully.
		d.Truncated = true
		d.ReplyStatus, d.ReplyRule = http.StatusBadRequest, "body incomplete"
		reply = []byte(`{"ok":false,"error":"could not read the whole body; recorded truncated"}`)
	}
	d.Size = int64(len(d.Body))
	// One decoding of the request serves analysis and the reply.
	var req *decode.Request
	if s.annotateReq != nil || s.replyReq != nil {
		req = Request(d)
	}
	if s.annotate != nil || s.annotateReq != nil {
		s.annotateSafely(d, req)
	}
	d.ReplyHeaders = http.Header{"Content-Type": {"application/json"}}
	d.ReplyBody = reply
	if d.ReplyStatus == http.StatusOK && (s.reply != nil || s.replyReq != nil) {
		s.replySafely(d, req)
	}
	if s.relay != nil && !d.Truncated {
		s.relay(r.Context(), d)
	}

	// Capture continues if the sender hangs up: what arrived is stored
	// either way, and the store bounds the wait itself.
	if err := s.rec.Insert(context.WithoutCancel(r.Context()), d); err != nil {
		s.log.Printf("capture %s %s: %v", r.Method, r.RequestURI, err)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"ok":false,"error":"hookscope could not store this delivery; retry later"}`)
		return
	}
	if s.forward != nil {
		s.forward(d)
	}
	if d.ReplyDelay > 0 {
		// A rule asked for a slow reply (to test a sender's timeout). The
		// delivery is stored already; only the answer waits.
		t := time.NewTimer(d.ReplyDelay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	for k, vs := range d.ReplyHeaders {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(d.ReplyBody)))
	w.WriteHeader(d.ReplyStatus)
	w.Write(d.ReplyBody)
}
