package ui

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
	"github.com/hookscope/hookscope/capture/tunnel"
)

// ngrokAPI stands in for the ngrok agent's local API, answering
// /api/tunnels with its documented JSON: one tunnel to port 4747.
func ngrokAPI(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/tunnels" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"tunnels":[{"name":"command_line","public_url":"https://abc.ngrok.app","proto":"https","config":{"addr":"http://localhost:4747","inspect":true}}],"uri":"/api/tunnels"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// nowhere is a loopback address where nothing listens.
func nowhere(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func detectorFor(t *testing.T, api string) *tunnel.Detector {
	return &tunnel.Detector{Listen: "127.0.0.1:4747", NgrokAPI: api, CloudflaredMetrics: []string{nowhere(t)}}
}

func TestTunnelAppearsInTheStatusBarAndGoingAwayWarns(t *testing.T) {
	api := ngrokAPI(t)
	h := newHarnessOptions(t, 200, 50, Options{Tunnel: detectorFor(t, api.URL), Providers: []string{"spiffy", "vend"},
		TunnelPolicy: tunnel.Policy{Interval: 20 * time.Millisecond, MaxInterval: 40 * time.Millisecond, StaleAfter: time.Hour}})
	h.contains("⇢ https://abc.ngrok.app")
	h.contains("register https://abc.ngrok.app/webhooks/spiffy (or /webhooks/<provider>: spiffy, vend)")
	h.key("?")
	h.contains("register https://abc.ngrok.app/webhooks/spiffy")
	h.key("?")

	h.mark = h.raw.Len()
	api.Close() // ngrok stopped
	h.contains("the ngrok tunnel https://abc.ngrok.app went away at ")
	h.contains("deliveries sent to it fail until it is back")
	h.contains("for a platform to reach it: ngrok http 4747")
	h.final()
}

func TestConfiguredPublicURLWinsAndNothingRunningIsQuiet(t *testing.T) {
	d := detectorFor(t, nowhere(t))
	m := newTunnelModel(t, d, time.Now)
	if m = checkOnce(m); m.publicURL() != "" || strings.Contains(m.statusLine(), "⇢") || m.problem != "" {
		t.Fatalf("no agent running: public URL %q, status %q, problem %q; want all quiet", m.publicURL(), m.statusLine(), m.problem)
	}
	// The how-to-start-a-tunnel lines stay out of ? where they would push
	// the panes off a small screen.
	small := press(resize(m, 80, 24), "?")
	if n := len(strings.Split(small.View(), "\n")); n != 24 {
		t.Fatalf("? at 80×24 draws %d lines:\n%s", n, small.View())
	}
	d.PublicURL = "https://hooks.example.com"
	if m = checkOnce(m); !strings.Contains(m.statusLine(), "⇢ https://hooks.example.com") {
		t.Fatalf("public_url not shown: %q", m.statusLine())
	}
}

// clock is a settable time for the stale warning.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newTunnelModel(t *testing.T, d *tunnel.Detector, now func() time.Time) Model {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	return resize(load(New(Options{Store: st, Addr: "127.0.0.1:4747", Tunnel: d, Now: now, Providers: []string{"spiffy"}})), 200, 50)
}

// checkOnce runs one round of detection, as the loop's Cmd does, and
// applies it; the next round's timer is not started.
func checkOnce(m Model) Model {
	msg := m.checkTunnel()()
	next, _ := m.Update(msg)
	return next.(Model)
}

func TestStaleWarningWhileATunnelIsUpWithAnInjectedClock(t *testing.T) {
	c := &clock{now: time.Date(2026, 7, 1, 14, 0, 0, 0, time.UTC)}
	m := newTunnelModel(t, detectorFor(t, ngrokAPI(t).URL), c.Now)
	m = checkOnce(m)
	if line := m.statusLine(); !strings.Contains(line, "⇢ https://abc.ngrok.app") || strings.Contains(line, "no delivery") {
		t.Fatalf("tunnel up: %q", line)
	}
	c.advance(29 * time.Minute)
	if m = checkOnce(m); strings.Contains(m.statusLine(), "no delivery") {
		t.Fatalf("warned after 29 minutes: %q", m.statusLine())
	}
	c.advance(time.Minute)
	m = checkOnce(m)
	want := "no delivery in the 30m since https://abc.ngrok.app came up: is it registered with the sender?"
	if !strings.Contains(m.statusLine(), want) {
		t.Fatalf("after 30 minutes: %q, want %q", m.statusLine(), want)
	}
	next, _ := m.Update(arrivedMsg{})
	if m = next.(Model); strings.Contains(m.statusLine(), "no delivery") {
		t.Fatalf("a delivery arrived and the warning stayed: %q", m.statusLine())
	}
	if m = resize(m, 80, 24); !strings.Contains(m.statusLine(), "⇢ https://abc.ngrok.app") {
		t.Fatalf("at 80 columns the public URL is gone: %q", m.statusLine())
	}
	if m = press(m, "?"); len(strings.Split(m.View(), "\n")) != 24 {
		t.Fatalf("? with a tunnel at 80×24 draws %d lines:\n%s", len(strings.Split(m.View(), "\n")), m.View())
	}
	if m = resize(m, 200, 50); !strings.Contains(m.View(), "register https://abc.ngrok.app/webhooks/spiffy") {
		t.Fatalf("? at 200×50 does not say what to register:\n%s", m.View())
	}
}
