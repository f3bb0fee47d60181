package ui

import (
	"bytes"
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/hub"
	"github.com/hookscope/hookscope/capture/loadgen"
	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// BenchmarkLag measures how soon the TUI shows deliveries captured at
// saturation (issue 12: within 1 s; a serve and a TUI on one store both
// within half a second). The real capture server takes signed 2 KB Spiffy
// orders from 64 keep-alive connections (capture/loadgen, in this process)
// into a fresh real store, and the real TUI model runs in a real Bubble Tea
// program (teatest: its event loop, its commands, its 60 fps renderer) at
// 160×50, following the newest delivery. Every tenth delivery is a sample:
// its lag runs from the moment its 2xx was read to the moment the renderer
// wrote its list row to the terminal.
//
// At saturation more deliveries than the list has rows can arrive between
// two frames, so a row may scroll past unseen. A sample also counts as
// shown at the first frame that draws the row of a delivery sent after the
// sample's 2xx: the list is ordered by arrival, so such a row is below the
// sample's, and the list has reached it (on screen or scrolled past). After
// the load a few deliveries are sent one at a time, so that the last
// samples are reached too. A sample that never shows up fails the
// benchmark.
//
//	same-process  the TUI as `hookscope` runs it: the capture server's store,
//	              arrivals from its commit hook (hub), its Watcher polled too
//	second-store  the TUI on its own Open of the same file, as a second process
//	              sharing the store would be: it learns of deliveries only by
//	              polling its Watcher (every 500 ms)
//
// Figures, per sub-benchmark:
//
//	lag-p50-ms, lag-p99-ms, lag-max-ms  the samples' lag (targets: ≤ 1000 ms;
//	                                    second-store ≤ 500 ms plus a frame)
//	deliveries/s                        what the capture server acknowledged
//	on-screen-%                         samples whose own row was drawn (the
//	                                    rest scrolled past between frames)
//	samples                             how many lags the figures are of
//
// The load generator shares the process and its two CPUs with the server
// and the TUI (a remote sender would not), so deliveries/s is lower than
// BenchmarkSideBySide's and the lag if anything higher. Run (about 30 s):
//
//	go test -run '^$' -bench Lag -benchtime 1x ./ui
//	go test -run '^$' -bench Lag/same-process -benchtime 1x ./ui -args -lag.for 5s
//
// With -lag.filter EXPR the TUI shows only what EXPR matches, typed at /
// before the load: a filter that reads the index (free text, header:)
// shows a delivery once it is indexed, which under load waits for a pause
// in captures (store.Filter.Live), and deliveries/s is capture's rate
// beside such a view.
func BenchmarkLag(b *testing.B) {
	if testing.Short() {
		b.Skip("captures for half a minute: not with -short")
	}
	for _, second := range []bool{false, true} {
		name := "same-process"
		if second {
			name = "second-store"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				lagRun(b, second)
			}
		})
	}
}

var (
	lagFor    = flag.Duration("lag.for", 10*time.Second, "BenchmarkLag: how long each sub-benchmark's load lasts")
	lagFilter = flag.String("lag.filter", "", "BenchmarkLag: a filter the TUI applies (typed at /) before the load")
)

const (
	lagSampleEvery = 10
	lagTail        = 20        // deliveries sent one at a time after the load
	lagTailFrom    = 900000000 // their numbers, above any of the load's
	lagSecret      = "bench-secret"
)

func lagRun(b *testing.B, secondStore bool) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "lag.db")
	// As `hookscope` (and `serve`) open it: the hub fed by the commit hook,
	// the indexer told each delivery's event.
	var h hub.Hub
	sub := h.Subscribe(1024)
	defer sub.Close()
	st, err := store.Open(ctx, path, store.Options{OnCommit: h.Publish, EventKeys: capture.EventKeys})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	analyzer, err := registry.New(nil, map[string][][]byte{"spiffy": {[]byte(lagSecret)}})
	if err != nil {
		b.Fatal(err)
	}
	rules, err := reply.NewLive(ctx, st, 500*time.Millisecond)
	if err != nil {
		b.Fatal(err)
	}
	srv := capture.New(st, capture.WithAnalyzer(analyzer), capture.WithRequestReplier(reply.RequestResponder(rules)))
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	go srv.Serve()
	defer srv.Shutdown(ctx)

	opts := Options{Store: st, Arrivals: sub.C(), Overflow: sub.Overflow(), Addr: srv.Addr(),
		Inspect: func(d *store.Delivery) registry.Inspection {
			r := decode.NewRequest(d.Method, d.URI, d.Headers, d.Body)
			r.ReceivedAt, r.Host = d.ReceivedAt, d.Host
			return analyzer.Inspect(r)
		}}
	tuiStore := st
	if secondStore {
		// serve's printer reads every arrival; here nobody does.
		go func() {
			for range sub.C() {
			}
		}()
		if tuiStore, err = store.Open(ctx, path, store.Options{EventKeys: capture.EventKeys}); err != nil {
			b.Fatal(err)
		}
		defer tuiStore.Close()
		opts.Store, opts.Arrivals, opts.Overflow = tuiStore, nil, nil
	}
	watcher, err := tuiStore.Watch(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer watcher.Close()
	opts.Changed = watcher.Changed

	tm := teatest.NewTestModel(b, New(opts), teatest.WithInitialTermSize(160, 50))
	probe := newLagProbe()
	screenDone := make(chan struct{})
	stopScreen := make(chan struct{})
	go func() {
		defer close(screenDone)
		probe.watch(tm.Output(), stopScreen)
	}()
	if *lagFilter != "" {
		// As a user types it, before the load starts.
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(*lagFilter)})
		tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		time.Sleep(300 * time.Millisecond)
	}

	url := "http://" + srv.Addr()
	res := loadgen.Run(loadgen.Config{Conns: 64, For: *lagFor,
		Request: func(n int64) *http.Request { return probe.request(url, n) },
		OnOK:    func(n int64, _ time.Duration) { probe.acked(n) }})
	if res.Failed > 0 {
		b.Fatalf("%d of %d deliveries failed (first: %s)", res.Failed, res.Failed+len(res.Latencies), res.FirstFailure)
	}
	// The tail: rows after the last samples', for them to be reached.
	tail := &http.Client{}
	for i := int64(0); i < lagTail; i++ {
		resp, err := tail.Do(probe.request(url, lagTailFrom+i))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		time.Sleep(10 * time.Millisecond)
	}
	waitErr := probe.wait(30 * time.Second)
	close(stopScreen)
	<-screenDone
	tm.Quit()
	tm.WaitFinished(b, teatest.WithFinalTimeout(5*time.Second))
	if waitErr != nil {
		b.Fatal(waitErr)
	}

	lags, onScreen := probe.lags()
	if len(lags) == 0 {
		b.Fatalf("no sample among %d deliveries", len(res.Latencies))
	}
	slices.Sort(lags)
	at := func(p float64) float64 { return ms(lags[int(float64(len(lags)-1)*p)]) }
	rate := float64(len(res.Latencies)) / res.Elapsed.Seconds()
	b.Logf("%s: %d deliveries at %.0f/s; lag of %d samples p50 %.1f ms p99 %.1f ms max %.1f ms; %d%% drawn on screen",
		b.Name(), len(res.Latencies), rate, len(lags), at(0.5), at(0.99), at(1), 100*onScreen/len(lags))
	b.ReportMetric(at(0.5), "lag-p50-ms")
	b.ReportMetric(at(0.99), "lag-p99-ms")
	b.ReportMetric(at(1), "lag-max-ms")
	b.ReportMetric(rate, "deliveries/s")
	b.ReportMetric(100*float64(onScreen)/float64(len(lags)), "on-screen-%")
	b.ReportMetric(float64(len(lags)), "samples")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// lagProbe numbers deliveries, notes when samples were acknowledged, and
// watches the terminal for their rows.
type lagProbe struct {
	started atomic.Int64 // how many deliveries have been started

	mu      sync.Mutex
	samples []lagSample // in the order acknowledged
	byN     map[int64]int
	head    int // samples before head are all shown
	shown   int
	allIn   chan struct{} // closed once every sample is shown and the load is over
	over    bool
}

type lagSample struct {
	n   int64
	ack time.Time
	// after is how many deliveries had been started at the ack: those
	// numbered from after on were sent after it, so arrived after it.
	after    int64
	lag      time.Duration
	shown    bool
	onScreen bool
}

func newLagProbe() *lagProbe {
	return &lagProbe{byN: map[int64]int{}, allIn: make(chan struct{})}
}

var lagBodyPad = bytes.Repeat([]byte("x"), 2048)

// request is delivery n: a Spiffy order named #L<n>, 2 KB, signed. The
// number is in the summary the list shows and in the URI, which it shows
// when there is no summary.
func (p *lagProbe) request(url string, n int64) *http.Request {
	for s := p.started.Load(); s < n+1 && n < lagTailFrom; s = p.started.Load() {
		if p.started.CompareAndSwap(s, n+1) {
			break
		}
	}
	body := fmt.Appendf(nil, `{"id":%d,"name":"#L%09d","email":"jon@doe.ca","total_price":"403.00","currency":"USD","note":"`, n+1, n)
	body = append(body, lagBodyPad[:2048-len(body)-2]...)
	body = append(body, `"}`...)
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/webhooks/spiffy?lag=L%09d", url, n), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Spiffy-Topic", "orders/create")
	req.Header.Set("X-Spiffy-Hmac-Sha256", hex.EncodeToString(decode.HMACSHA256([]byte(lagSecret), body)))
	return req
}

func (p *lagProbe) acked(n int64) {
	if n%lagSampleEvery != 0 {
		return
	}
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.byN[n] = len(p.samples)
	p.samples = append(p.samples, lagSample{n: n, ack: now, after: p.started.Load()})
}

// lagRow is a list row: its time to the millisecond, then on the same
// line the delivery's number (a detail pane showing the order has no
// such line).
var lagRow = regexp.MustCompile(`\d\d:\d\d:\d\d\.\d{3}[^\n\r\x1b]*?spiffy[^\n\r\x1b]*?L(\d{9})`)

// watch reads what the program draws until stop, and marks the samples
// whose rows (or rows below them) were drawn, at the moment they were.
func (p *lagProbe) watch(out io.Reader, stop <-chan struct{}) {
	var carry []byte
	buf := make([]byte, 256<<10)
	for {
		n, _ := out.Read(buf)
		if n == 0 {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			continue
		}
		now := time.Now()
		chunk := append(carry, buf[:n]...)
		var drawn []int64
		for _, m := range lagRow.FindAllSubmatch(chunk, -1) {
			if v, err := strconv.ParseInt(string(m[1]), 10, 64); err == nil {
				drawn = append(drawn, v)
			}
		}
		p.drawn(drawn, now)
		// A row cut at the end of a read is whole in the next.
		carry = append(carry[:0], chunk[max(0, len(chunk)-512):]...)
	}
}

func (p *lagProbe) drawn(rows []int64, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	newest := int64(-1)
	for _, n := range rows {
		newest = max(newest, n)
		if i, ok := p.byN[n]; ok {
			p.show(i, at, true)
		}
	}
	// after grows with the ack order, so those reached are a prefix.
	for ; p.head < len(p.samples) && (p.samples[p.head].shown || p.samples[p.head].after <= newest); p.head++ {
		p.show(p.head, at, false)
	}
	if p.over && p.shown == len(p.samples) {
		select {
		case <-p.allIn:
		default:
			close(p.allIn)
		}
	}
}

func (p *lagProbe) show(i int, at time.Time, onScreen bool) {
	s := &p.samples[i]
	if s.shown {
		return
	}
	s.shown, s.onScreen, s.lag = true, onScreen, at.Sub(s.ack)
	p.shown++
}

// wait waits until every sample is shown; the load must be over.
func (p *lagProbe) wait(d time.Duration) error {
	p.mu.Lock()
	p.over = true
	p.mu.Unlock()
	p.drawn(nil, time.Now()) // nothing may be left to show
	select {
	case <-p.allIn:
		return nil
	case <-time.After(d):
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.samples {
		if !s.shown {
			return fmt.Errorf("delivery #L%09d, acknowledged, not shown %v after the load (%d of %d samples shown)",
				s.n, d, p.shown, len(p.samples))
		}
	}
	return nil
}

func (p *lagProbe) lags() (lags []time.Duration, onScreen int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.samples {
		lags = append(lags, s.lag)
		if s.onScreen {
			onScreen++
		}
	}
	return lags, onScreen
}
