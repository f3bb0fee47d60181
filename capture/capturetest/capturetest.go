// Package capturetest runs a capture server for a test on a free loopback
// port, as net/http/httptest does for an http.Handler: the server is the
// real one, with the settings `serve` gives it.
package capturetest

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/hookscope/hookscope/capture"
)

// Server is a capture server listening on 127.0.0.1 for one test.
type Server struct {
	// URL is the server's base URL, "http://127.0.0.1:PORT".
	URL string

	t      testing.TB
	srv    *capture.Server
	served chan error
	client *http.Client
	once   sync.Once
}

// Start starts srv on a free port. It shuts down when the test ends, or at
// Close, letting requests in flight finish.
func Start(t testing.TB, srv *capture.Server) *Server {
	t.Helper()
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	s := &Server{URL: "http://" + srv.Addr(), t: t, srv: srv, served: make(chan error, 1),
		client: &http.Client{Transport: &http.Transport{}}}
	go func() { s.served <- srv.Serve() }()
	t.Cleanup(s.Close)
	return s
}

// Client is an HTTP client of its own for the server, whose idle
// connections Close closes.
func (s *Server) Client() *http.Client { return s.client }

// Close shuts the server down and waits for it; calling it again does
// nothing.
func (s *Server) Close() {
	s.once.Do(func() {
		s.client.CloseIdleConnections()
		if err := s.srv.Shutdown(context.Background()); err != nil {
			s.t.Errorf("shut down the capture server: %v", err)
		}
		if err := <-s.served; err != nil {
			s.t.Errorf("capture server: %v", err)
		}
	})
}
