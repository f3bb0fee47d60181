package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/replay"
)

// forwarding starts capture as `serve --forward-to target [--relay]` does
// and returns its base URL.
func forwarding(t *testing.T, target string, relay bool, wait time.Duration) (*capturing, string) {
	t.Helper()
	o := newOptions(func(string) string { return "" })
	o.db.Set(filepath.Join(t.TempDir(), "h.db"))
	o.listen.Set("127.0.0.1:0")
	o.forward = forwardFlags{to: target, relay: relay, wait: wait}
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	c, err := startCapture(context.Background(), o, 64, false, false, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	go c.srv.Serve()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		c.shutdown(ctx)
		c.close(ctx)
	})
	return c, "http://" + c.srv.Addr()
}

func post(t *testing.T, url, fixture string) (*http.Response, []byte) {
	t.Helper()
	f, _ := fixtures.Get(fixture)
	req, _ := http.NewRequest(f.Method, url+f.Path, bytes.NewReader(f.Body))
	req.Header = f.Headers.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestForwardNeverHoldsUpCaptureWhenTheTargetHangs(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	var paths []string
	app, _, _ := appServerFunc(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		<-release
	})
	c, base := forwarding(t, app.URL+"/app", false, 0)

	// Forward workers are all stuck on the hanging app; every capture is
	// still stored and answered with the canned reply at once.
	const n = 20
	for i := 0; i < n; i++ {
		resp, body := post(t, base, "spiffy/orders-create")
		if resp.StatusCode != 200 || string(body) != `{"ok":true}` {
			t.Fatalf("capture %d answered %d %s while the target hangs", i, resp.StatusCode, body)
		}
	}
	if got, _ := c.st.Count(context.Background(), store.Filter{}); got != n {
		t.Fatalf("%d of %d captures stored", got, n)
	}
	close(release)
	ids := waitForAttempts(t, c, n)
	mu.Lock()
	defer mu.Unlock()
	if len(paths) != n || paths[0] != "/app/webhooks/spiffy" {
		t.Fatalf("the app got %d forwards, first to %v", len(paths), paths)
	}
	for _, id := range ids {
		a, _ := c.st.Attempts(context.Background(), id)
		if len(a) != 1 || a[0].Kind != replay.KindForward || a[0].Status != 200 {
			t.Fatalf("forward of %s recorded as %+v", id, a)
		}
	}
}

func TestRelayAnswersWithTheTargetsReplyAndFallsBackOnTimeout(t *testing.T) {
	slow := make(chan struct{})
	app, _, _ := appServerFunc(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/GetTax") {
			<-slow
			return
		}
		w.Header().Set("X-From-App", "1")
		w.WriteHeader(201)
		io.WriteString(w, `{"app":"reply"}`)
	})
	t.Cleanup(func() { close(slow) }) // before the app closes: cleanups run last first
	c, base := forwarding(t, app.URL, true, 200*time.Millisecond)

	resp, body := post(t, base, "amplify/get_product")
	if resp.StatusCode != 201 || string(body) != `{"app":"reply"}` || resp.Header.Get("X-From-App") != "1" {
		t.Fatalf("relay answered %d %s", resp.StatusCode, body)
	}
	resp, body = post(t, base, "americommerce/GetTax")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "cart_item_id") {
		t.Fatalf("relay past the wait answered %d %s, want the canned GetTax reply", resp.StatusCode, body)
	}

	page, _ := c.st.List(context.Background(), store.Filter{}, 0, 10)
	if len(page) != 2 {
		t.Fatalf("%d deliveries stored", len(page))
	}
	relayed, fellBack := page[0], page[1]
	if relayed.ReplyStatus != 201 || !strings.HasPrefix(relayed.ReplyRule, "relayed from "+app.URL) {
		t.Errorf("recorded reply of the relayed delivery: %d %q", relayed.ReplyStatus, relayed.ReplyRule)
	}
	if !strings.Contains(fellBack.ReplyRule, "relay failed: timed out after 200ms") {
		t.Errorf("recorded reply of the fallen-back delivery: %q", fellBack.ReplyRule)
	}
	waitForAttempts(t, c, 2)
	a, _ := c.st.Attempts(context.Background(), fellBack.ID)
	if len(a) != 1 || a[0].Kind != replay.KindRelay || !strings.Contains(a[0].Err, "timed out") {
		t.Errorf("relay attempt recorded as %+v", a)
	}
}

func TestRelayNeedsForwardTo(t *testing.T) {
	if r := runCLI(t, tempEnv(t), "serve", "--relay", "--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "h.db")); r.code != 2 || !strings.Contains(r.stderr, "--relay needs --forward-to") {
		t.Fatalf("%+v", r)
	}
	if r := runCLI(t, tempEnv(t), "serve", "--forward-to", "localhost:3000", "--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "h.db")); r.code != 2 || !strings.Contains(r.stderr, "--forward-to") {
		t.Fatalf("%+v", r)
	}
}

// waitForAttempts waits until the stored deliveries have n attempts in
// all, and returns their ids oldest first.
func waitForAttempts(t *testing.T, c *capturing, n int) []string {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(10 * time.Second)
	for {
		page, err := c.st.List(ctx, store.Filter{}, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		var ids []string
		for _, d := range page {
			a, _ := c.st.Attempts(ctx, d.ID)
			total += len(a)
			ids = append(ids, d.ID)
		}
		if total >= n {
			return ids
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d attempts recorded after 10s", total, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestForwardsPendingAtShutdownAreRecordedAsInterrupted(t *testing.T) {
	release := make(chan struct{})
	app, _, _ := appServerFunc(t, func(w http.ResponseWriter, r *http.Request) { <-release })
	t.Cleanup(func() { close(release) }) // before the app closes: cleanups run last first
	o := newOptions(func(string) string { return "" })
	db := filepath.Join(t.TempDir(), "h.db")
	o.db.Set(db)
	o.listen.Set("127.0.0.1:0")
	o.forward = forwardFlags{to: app.URL}
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	c, err := startCapture(context.Background(), o, 64, false, false, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	go c.srv.Serve()
	const n = 12 // more than the forward workers: some queued, some in flight
	for i := 0; i < n; i++ {
		if resp, _ := post(t, "http://"+c.srv.Addr(), "spiffy/orders-create"); resp.StatusCode != 200 {
			t.Fatalf("capture %d answered %d", i, resp.StatusCode)
		}
	}
	// As serve stops: the grace runs out with every forward still pending,
	// then the store is closed.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	c.shutdown(ctx)
	c.close(ctx)

	st, err := store.Open(context.Background(), db, store.Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, _ := st.List(context.Background(), store.Filter{}, 0, 100)
	if len(page) != n {
		t.Fatalf("%d of %d captures stored", len(page), n)
	}
	for _, d := range page {
		a, _ := st.Attempts(context.Background(), d.ID)
		if len(a) != 1 || !strings.HasPrefix(a[0].Err, "interrupted: hookscope stopped before") {
			t.Errorf("the forward of %s pending at shutdown recorded as %+v", d.ID, a)
		}
	}
}

// A dead target fails the forward of every capture; one log line per
// failure flooded the terminal as one per 503 did. The first is logged,
// the rest counted.
func TestFailedForwardsAreLoggedOnceThenCounted(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now: connection refused
	o := newOptions(func(string) string { return "" })
	o.db.Set(filepath.Join(t.TempDir(), "h.db"))
	o.listen.Set("127.0.0.1:0")
	o.forward = forwardFlags{to: dead}
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	out := &syncWriter{w: new(bytes.Buffer)}
	c, err := startCapture(context.Background(), o, 64, false, false, log.New(out, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	go c.srv.Serve()
	const n = 30
	for i := 0; i < n; i++ {
		if resp, _ := post(t, "http://"+c.srv.Addr(), "spiffy/orders-create"); resp.StatusCode != 200 {
			t.Fatalf("capture %d answered %d", i, resp.StatusCode)
		}
	}
	waitForAttempts(t, c, n)
	c.shutdown(context.Background())
	c.close(context.Background())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "forward of ") ||
		!strings.HasPrefix(lines[1], fmt.Sprintf("forward: %d more forwards failed in the last 10s", n-1)) {
		t.Fatalf("%d failed forwards logged %d lines: %q", n, len(lines), lines)
	}
}
