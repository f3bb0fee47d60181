package replay

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
)

// received is what a target saw.
type received struct {
	method, path, query string
	header              http.Header
	body                []byte
	length              int64
}

func target(t *testing.T, status int) (*httptest.Server, func() []received) {
	t.Helper()
	var mu sync.Mutex
	var got []received
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, received{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), b, r.ContentLength})
		mu.Unlock()
		w.Header().Set("X-Target", "yes")
		w.WriteHeader(status)
		io.WriteString(w, `{"handled":true}`)
	}))
	t.Cleanup(ts.Close)
	return ts, func() []received {
		mu.Lock()
		defer mu.Unlock()
		return append([]received(nil), got...)
	}
}

func delivery(name string) *store.Delivery {
	f, _ := fixtures.Get(name)
	return &store.Delivery{ID: "01REPLAY" + strings.ToUpper(strings.NewReplacer("/", "", "-", "", "_", "").Replace(name)),
		Method: f.Method, URI: f.Path, Headers: f.Headers.Clone(), Body: f.Body, Provider: f.Provider, Topic: f.Event}
}

func TestReplayIsByteExactForBinaryAndFormBodies(t *testing.T) {
	ts, got := target(t, 200)
	binary := &store.Delivery{ID: "01BIN", Method: "PUT", URI: "/raw/path?x=1&y=%20z",
		Headers: http.Header{"Content-Type": {"application/octet-stream"}}, Body: []byte{0, 0xff, 0x1b, '[', 0xfe, '\n', 0}}
	form := delivery("vend/sale-update")
	for _, d := range []*store.Delivery{binary, form} {
		res := Send(context.Background(), Client(Options{}), d, Options{Target: ts.URL + "/base/"})
		if !res.OK() || string(res.ResponseBody) != `{"handled":true}` || res.ResponseHeaders.Get("X-Target") != "yes" {
			t.Fatalf("%s: %+v", d.ID, res)
		}
	}
	g := got()
	if !bytes.Equal(g[0].body, binary.Body) || g[0].method != "PUT" || g[0].path != "/base/raw/path" || g[0].query != "x=1&y=%20z" {
		t.Errorf("binary replay arrived as %s %s?%s %q", g[0].method, g[0].path, g[0].query, g[0].body)
	}
	if !bytes.Equal(g[1].body, form.Body) || g[1].header.Get("Content-Type") != "application/x-www-form-urlencoded" || g[1].path != "/base/webhooks/vend" {
		t.Errorf("form replay arrived as %s %q", g[1].path, g[1].header.Get("Content-Type"))
	}
}

func TestHeadersKeptHopByHopDroppedOverridesApplied(t *testing.T) {
	ts, got := target(t, 200)
	d := delivery("spiffy/orders-create")
	d.Headers.Set("Connection", "keep-alive, X-Conn-Only")
	d.Headers.Set("X-Conn-Only", "drop me")
	d.Headers.Set("Keep-Alive", "timeout=5")
	d.Headers.Set("Transfer-Encoding", "chunked")
	d.Headers.Set("Host", "original.example")
	d.Headers.Set("Content-Length", "1")
	d.Headers.Add("X-Multi", "a")
	d.Headers.Add("X-Multi", "b")
	d.Headers.Set("X-Remove", "1")
	res := Send(context.Background(), Client(Options{}), d, Options{Target: ts.URL, ExactPath: true,
		SetHeaders: map[string]string{"X-Added": "yes"}, RemoveHeaders: []string{"X-Remove"}})
	if !res.OK() {
		t.Fatal(res.Err)
	}
	h := got()[0].header
	for _, gone := range []string{"X-Conn-Only", "Keep-Alive", "X-Remove"} {
		if h.Get(gone) != "" {
			t.Errorf("%s was sent", gone)
		}
	}
	if got()[0].path != "/" {
		t.Errorf("--exact-path sent to %s", got()[0].path)
	}
	if h.Get("X-Spiffy-Stores-Topic") != "orders/create" || strings.Join(h.Values("X-Multi"), ",") != "a,b" || h.Get("X-Added") != "yes" {
		t.Errorf("headers %v", h)
	}
	if got()[0].length != int64(len(d.Body)) || h.Get("Transfer-Encoding") != "" {
		t.Errorf("Content-Length %d for %d bytes (Transfer-Encoding %q)", got()[0].length, len(d.Body), h.Get("Transfer-Encoding"))
	}
}

func TestEditedBodyReSignedVerifiesWithTheTargetSecret(t *testing.T) {
	for _, name := range []string{"spiffy/orders-create", "vend/sale-update"} {
		t.Run(name, func(t *testing.T) {
			ts, got := target(t, 200)
			d := delivery(name)
			edited := bytes.Replace(d.Body, []byte("0"), []byte("7"), 1)
			res := Send(context.Background(), Client(Options{}), d, Options{Target: ts.URL, Body: edited, Secret: []byte("target-secret")})
			if !res.OK() || res.Resigned == "" {
				t.Fatalf("%+v", res)
			}
			g := got()[0]
			a, _ := registry.New(nil, map[string][][]byte{d.Provider: {[]byte("target-secret")}})
			r := decode.NewRequest(g.method, g.path, g.header, g.body)
			if s := a.Check(r, a.Detect(r)); s.Status != decode.SigValid {
				t.Fatalf("re-signed replay does not verify at the target: %+v", s)
			}
			if !bytes.Equal(g.body, edited) {
				t.Fatal("the edited body was not sent")
			}
		})
	}
	if _, _, err := Build(context.Background(), delivery("merchone/shipment_sent"), Options{Target: "http://x", Secret: []byte("s")}); err == nil {
		t.Fatal("re-signing an unsigned provider was accepted")
	}
}

func TestNoRedirectsUnlessAskedAndBadTargets(t *testing.T) {
	final, got := target(t, 200)
	redirect := httptest.NewServer(http.RedirectHandler(final.URL, http.StatusFound))
	defer redirect.Close()
	d := delivery("merchone/shipment_sent")
	if res := Send(context.Background(), Client(Options{}), d, Options{Target: redirect.URL}); res.Status != 302 {
		t.Fatalf("redirect followed without --follow-redirects: %d", res.Status)
	}
	if len(got()) != 0 {
		t.Fatal("redirect target reached")
	}
	if res := Send(context.Background(), Client(Options{FollowRedirects: true}), d, Options{Target: redirect.URL}); res.Status != 200 {
		t.Fatalf("with --follow-redirects: %d", res.Status)
	}
	for _, bad := range []string{"localhost:3000", "ftp://x", "http://"} {
		if res := Send(context.Background(), Client(Options{}), d, Options{Target: bad}); res.Err == "" {
			t.Errorf("target %q accepted", bad)
		}
	}
}

func loader(ds map[string]*store.Delivery) Loader {
	return func(_ context.Context, id string) (*store.Delivery, error) {
		if d, ok := ds[id]; ok {
			return d, nil
		}
		return nil, fmt.Errorf("get delivery %s: %w", id, store.ErrNotFound)
	}
}

func many(n int) ([]string, map[string]*store.Delivery) {
	ds := map[string]*store.Delivery{}
	var ids []string
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("01BULK%04d", i)
		ds[id] = &store.Delivery{ID: id, Method: "POST", URI: fmt.Sprintf("/n/%d", i), Headers: http.Header{}, Body: []byte(id)}
		ids = append(ids, id)
	}
	return ids, ds
}

func TestBulkKeepsOrderWithOneWorkerAndRunsConcurrently(t *testing.T) {
	ts, got := target(t, 200)
	ids, ds := many(20)
	var recorded []string
	sum := Bulk(context.Background(), ids, loader(ds), Client(Options{}), Options{Target: ts.URL}, nil, BulkOptions{}, func(r store.Attempt) {
		recorded = append(recorded, r.DeliveryID)
	})
	if sum.Sent != 20 || sum.OK != 20 || sum.P50 <= 0 || sum.P99 < sum.P50 {
		t.Fatalf("summary %+v", sum)
	}
	for i, g := range got() {
		if g.path != fmt.Sprintf("/n/%d", i) {
			t.Fatalf("request %d went to %s: order lost", i, g.path)
		}
	}
	if strings.Join(recorded, ",") != strings.Join(ids, ",") {
		t.Fatal("results not recorded in order")
	}

	var inFlight, peak atomic.Int64
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(30 * time.Millisecond)
		inFlight.Add(-1)
	}))
	defer slow.Close()
	sum = Bulk(context.Background(), ids, loader(ds), Client(Options{}), Options{Target: slow.URL}, nil, BulkOptions{Concurrency: 5}, func(store.Attempt) {})
	if sum.OK != 20 || peak.Load() < 2 || peak.Load() > 5 {
		t.Fatalf("concurrency 5: peak %d in flight, %+v", peak.Load(), sum)
	}
}

func TestBulkRateLimitStopOnFailureAndCancellation(t *testing.T) {
	ts, _ := target(t, 200)
	ids, ds := many(6)
	start := time.Now()
	Bulk(context.Background(), ids, loader(ds), Client(Options{}), Options{Target: ts.URL}, nil, BulkOptions{Rate: 20}, func(store.Attempt) {})
	// Six requests at 20/s need at least five intervals of 50 ms.
	if took := time.Since(start); took < 240*time.Millisecond {
		t.Fatalf("6 requests at 20/s took %s", took)
	}

	failing, got := target(t, 500)
	sum := Bulk(context.Background(), ids, loader(ds), Client(Options{}), Options{Target: failing.URL}, nil, BulkOptions{StopOnFailure: true}, func(store.Attempt) {})
	if sum.Sent != 1 || len(got()) != 1 || sum.Non2xx != 1 || !strings.Contains(sum.Stopped, "stop-on-failure") {
		t.Fatalf("stop on failure: %+v, %d sent", sum, len(got()))
	}

	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int64
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The server notices a closed connection only once the body is read.
		io.Copy(io.Discard, r.Body)
		if n.Add(1) == 2 {
			cancel()
			<-r.Context().Done()
		}
	}))
	defer hang.Close()
	var recorded []store.Attempt
	sum = Bulk(ctx, ids, loader(ds), Client(Options{}), Options{Target: hang.URL}, nil, BulkOptions{}, func(r store.Attempt) { recorded = append(recorded, r) })
	if sum.Stopped != "interrupted" || sum.Sent >= len(ids) || len(recorded) != sum.Sent {
		t.Fatalf("cancel: %+v, %d recorded", sum, len(recorded))
	}
	if last := recorded[len(recorded)-1]; last.Err != "cancelled" {
		t.Fatalf("the request in flight at cancel: %+v", last)
	}
}

func TestForwardDropsAndRecordsWhenTheQueueIsFullInsteadOfBlocking(t *testing.T) {
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		<-release
	}))
	defer hang.Close()
	defer close(release)
	var mu sync.Mutex
	var saved []store.Attempt
	f := NewForwarder(Options{Target: hang.URL}, ForwardOptions{Workers: 1, Queue: 1}, func(batch []*store.Attempt) {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range batch {
			saved = append(saved, *r)
		}
	})
	_, ds := many(10)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 10; i++ {
			f.Forward(ds[fmt.Sprintf("01BULK%04d", i)])
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Forward blocked on a hanging target")
	}
	// One in flight (or about to be) and one queued; the rest dropped.
	if d := f.Dropped(); d < 8 || d > 9 {
		t.Fatalf("dropped %d of 10 with a queue of 1", d)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(saved)
		mu.Unlock()
		if int64(n) == f.Dropped() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d drops recorded, %d dropped", n, f.Dropped())
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(saved[0].Err, "forward queue is full") {
		t.Fatalf("drop recorded as %+v", saved[0])
	}
}

func TestSummaryPercentilesAreNearestRank(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	three := ms(1, 2, 3)
	if p50, p99 := nearestRank(three, 50), nearestRank(three, 99); p50 != 2*time.Millisecond || p99 != 3*time.Millisecond {
		t.Fatalf("p50 %s p99 %s of 1,2,3 ms", p50, p99)
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	if p99 := nearestRank(ms(hundred...), 99); p99 != 99*time.Millisecond {
		t.Fatalf("p99 of 1..100 ms is %s", p99)
	}
}
