// Package capture is hookscope's embedded HTTP server: it accepts any
// request on any path, stores it byte-exact, and only then answers.
//
// A 2xx is written only after the delivery is committed to the store; when
// the store cannot take it the sender gets a 503 and will retry. Live views
// learn of stored deliveries from the store's commit hook (see package hub).
package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hookscope/hookscope/capture/ratelog"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
)

// DefaultAddr is where the capture server listens unless told otherwise:
// loopback only, so nothing outside this machine reaches it but through a
// tunnel the user started.
const DefaultAddr = "127.0.0.1:4747"

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
	s.http = &http.Server{
		Handler: s,
		// OPTIONS * is a delivery like any other: capture it rather than
		// have net/http answer it unseen.
		DisableGeneralOptionsHandler: true,
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
// deliveries are then all stored and answered. Refusals not yet reported
// in the log are reported before it returns.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	s.failures.Flush()
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

// ServeHTTP captures one delivery.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, received := s.ids.next()
	// maxBody ≤ MaxMaxBody, so the one byte more that tells an oversized
	// body cannot overflow.
	body, readErr := readBody(r.Context(), r.Body, r.ContentLength, s.maxBody+1, s.budget, s.budgetWait)
	defer body.release()
	if errors.Is(readErr, errOverBudget) {
		s.refuse(w, r, readErr, `{"ok":false,"error":"hookscope is holding too many bodies at once; retry later"}`)
		return
	}

	d := &store.Delivery{
		ID:             id,
		ReceivedAt:     received,
		Method:         r.Method,
		URI:            r.RequestURI,
		Proto:          r.Proto,
		Host:           r.Host,
		RemoteAddr:     r.RemoteAddr,
		Headers:        receivedHeaders(r),
		Body:           body.buf,
		DeclaredLength: r.ContentLength,
		ReplyStatus:    http.StatusOK,
	}
	// The body has been read to its end, so r.Trailer holds the chunked
	// trailers' values now (nil when none were announced).
	if len(r.Trailer) > 0 {
		d.Trailers = r.Trailer.Clone()
	}
	reply := `{"ok":true}`
	d.ReplyRule = "plain 200"
	switch {
	case int64(len(d.Body)) > s.maxBody:
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
		s.relay(r.Context(), d)
	}

	// Capture continues if the sender hangs up: what arrived is stored
	// either way, and the store bounds the wait itself.
	if err := s.rec.Insert(context.WithoutCancel(r.Context()), d); err != nil {
		s.refuse(w, r, err, `{"ok":false,"error":"hookscope could not store this delivery; retry later"}`)
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

// refuse answers a delivery that was not stored with a 503 the sender will
// retry, and logs why without flooding the log.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error, reply string) {
	s.failures.Failed(fmt.Sprintf("%s %q: %v", r.Method, r.RequestURI, err), err.Error()) // the URI is the sender's text: quoted
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Retry-After", "1")
	if errors.Is(err, errOverBudget) {
		// The rest of the body is unread; this connection is done.
		w.Header().Set("Connection", "close")
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	io.WriteString(w, reply)
}

// receivedHeaders are the request's headers as they arrived. net/http
// moves Transfer-Encoding into r.TransferEncoding and the Trailer header
// into r.Trailer's keys; they are put back so the record shows how the
// body came (replay drops both, as they describe one connection).
func receivedHeaders(r *http.Request) http.Header {
	if len(r.TransferEncoding) == 0 && len(r.Trailer) == 0 {
		return r.Header
	}
	h := r.Header.Clone()
	if len(r.TransferEncoding) > 0 {
		h["Transfer-Encoding"] = []string{strings.Join(r.TransferEncoding, ", ")}
	}
	if len(r.Trailer) > 0 {
		// The order they were announced in is lost in r.Trailer's map.
		names := slices.Sorted(maps.Keys(r.Trailer))
		h["Trailer"] = []string{strings.Join(names, ", ")}
	}
	return h
}
