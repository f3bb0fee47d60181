package capture

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/hub"
	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/replay"
)

// The capture benchmarks drive the real capture server (real on-disk store,
// group commit, fsync) and a bare net/http handler that only reads the body
// and answers 200, with the same 64 keep-alive clients and 2 KB bodies, in
// the same run. The clients run in a child process (this test binary again),
// as senders are remote in real use: in-process clients would queue the
// store's single writer behind their own goroutines after every fsync. They
// report:
//
//	ratio       capture throughput / bare throughput (target ≥ 0.6)
//	p99-ms      99th percentile capture latency (target ≤ 15 ms)
//	capture-rps, bare-rps
//
// Run: go test -run '^$' -bench Capture -benchtime 20000x ./capture

const benchClients = 64

var benchBody = func() []byte {
	b := []byte(`{"id":123456,"email":"jon@doe.ca","note":"`)
	b = append(b, bytes.Repeat([]byte("x"), 2048-len(b)-2)...)
	return append(b, `"}`...)
}()

// benchSignature signs benchBody as Spiffy would, so every capture verifies
// a real HMAC.
var benchSignature = hex.EncodeToString(decode.HMACSHA256([]byte("bench-secret"), benchBody))

type benchServer struct {
	url  string
	stop func()
}

func startBare(b *testing.B) benchServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
	})}
	go srv.Serve(ln)
	return benchServer{url: "http://" + ln.Addr().String(), stop: func() { srv.Close() }}
}

// startCapture starts the capture server as `hookscope serve` runs it; with
// ndjson, a printer-like subscriber encodes every delivery to io.Discard.
//
// With forwardTo, every capture is also forwarded there as `serve
// --forward-to` does; forwarded counts the attempts recorded.
func startCapture(b *testing.B, dir string, ndjson bool, forwardTo string, forwarded *atomic.Int64) (benchServer, *store.Store) {
	var h hub.Hub
	opts := store.Options{}
	var printed atomic.Int64
	done := make(chan struct{})
	if ndjson {
		sub := h.Subscribe(8192)
		opts.OnCommit = h.Publish
		go func() {
			defer close(done)
			w := bufio.NewWriter(io.Discard)
			enc := json.NewEncoder(w)
			for d := range sub.C() {
				enc.Encode(d)
				printed.Add(1)
			}
		}()
	} else {
		close(done)
	}
	st, err := store.Open(context.Background(), filepath.Join(dir, "bench.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	// As `hookscope serve` runs it: every delivery detected, its signature
	// checked, its summary decoded and its reply chosen before it is stored.
	analyzer, err := registry.New(nil, map[string][][]byte{"spiffy": {[]byte("bench-secret")}})
	if err != nil {
		b.Fatal(err)
	}
	rules, err := reply.NewLive(context.Background(), st, 500*time.Millisecond)
	if err != nil {
		b.Fatal(err)
	}
	options := []Option{WithAnalyzer(analyzer), WithRequestReplier(reply.RequestResponder(rules))}
	var fw *replay.Forwarder
	if forwardTo != "" {
		fw = replay.NewForwarder(replay.Options{Target: forwardTo}, replay.ForwardOptions{}, func(batch []*store.Attempt) {
			if err := st.InsertAttempts(context.Background(), batch); err != nil {
				return
			}
			for _, r := range batch {
				if r.OK() {
					forwarded.Add(1)
				}
			}
		})
		options = append(options, WithForwarder(fw.Forward))
	}
	srv := New(st, options...)
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	go srv.Serve()
	return benchServer{url: "http://" + srv.Addr(), stop: func() {
		srv.Shutdown(context.Background())
		if fw != nil {
			fw.Close(context.Background())
		}
		st.Close()
	}}, st
}

// loadResult is what a load generator reports.
type loadResult struct {
	Elapsed   time.Duration
	Latencies []time.Duration
	Failed    int
}

// drive sends n requests from 64 keep-alive clients in a child process and
// returns the elapsed time and every request's latency.
func drive(b *testing.B, url string, n int) (time.Duration, []time.Duration) {
	return drivePaced(b, url, n, 0)
}

// drivePaced is drive with requests started at rate per second (0: as
// fast as the clients go).
func drivePaced(b *testing.B, url string, n, rate int) (time.Duration, []time.Duration) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "HOOKSCOPE_LOADGEN="+url, "HOOKSCOPE_LOADGEN_N="+strconv.Itoa(n),
		"HOOKSCOPE_LOADGEN_RATE="+strconv.Itoa(rate))
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("load generator: %v", err)
	}
	var res loadResult
	if err := json.Unmarshal(out, &res); err != nil {
		b.Fatalf("load generator output: %v", err)
	}
	if res.Failed > 0 {
		b.Fatalf("%d of %d requests failed", res.Failed, n)
	}
	return res.Elapsed, res.Latencies
}

// TestMain turns the test binary into the load generator when asked.
func TestMain(m *testing.M) {
	if url := os.Getenv(timedLoadEnv); url != "" {
		os.Exit(runTimedLoad(url))
	}
	if url := os.Getenv("HOOKSCOPE_LOADGEN"); url != "" {
		n, _ := strconv.Atoi(os.Getenv("HOOKSCOPE_LOADGEN_N"))
		rate, _ := strconv.Atoi(os.Getenv("HOOKSCOPE_LOADGEN_RATE"))
		json.NewEncoder(os.Stdout).Encode(generateLoad(url, n, rate))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func generateLoad(url string, n, rate int) loadResult {
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns: benchClients, MaxIdleConnsPerHost: benchClients, MaxConnsPerHost: benchClients,
		DisableCompression: true,
	}}
	var next atomic.Int64
	var failed atomic.Int64
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	start := time.Now()
	// Paced, a request is due every 1/rate s; its latency counts from
	// then, so a server falling behind shows in it.
	var due chan time.Time
	if rate > 0 {
		due = make(chan time.Time, n)
		go func() {
			interval := time.Second / time.Duration(rate)
			for i := 0; i < n; i++ {
				at := start.Add(time.Duration(i) * interval)
				time.Sleep(time.Until(at))
				due <- at
			}
		}()
	}
	for c := 0; c < benchClients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				t0 := time.Now()
				if due != nil {
					t0 = <-due
				}
				resp, err := client.Do(benchRequest(url))
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failed.Add(1)
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	return loadResult{Elapsed: time.Since(start), Latencies: lat, Failed: int(failed.Load())}
}

// benchRequest is one signed 2 KB Spiffy order, as every load generator
// sends it.
func benchRequest(url string) *http.Request {
	req, _ := http.NewRequest("POST", url+"/webhooks/spiffy", bytes.NewReader(benchBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Spiffy-Topic", "orders/create")
	req.Header.Set("X-Spiffy-Hmac-Sha256", benchSignature)
	return req
}

func percentile(lat []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), lat...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(float64(len(s)-1)*p)]
}

func BenchmarkCapture(b *testing.B) {

	for _, variant := range []struct {
		name            string
		ndjson, forward bool
	}{{"store", false, false}, {"store+ndjson", true, false}, {"store+ndjson+forward", true, true}} {
		b.Run(variant.name, func(b *testing.B) {
			bare := startBare(b)
			defer bare.stop()
			var forwarded atomic.Int64
			target := ""
			if variant.forward {
				// The user's app: answers at once, like bare.
				app := startBare(b)
				defer app.stop()
				target = app.url
			}
			capt, _ := startCapture(b, b.TempDir(), variant.ndjson, target, &forwarded)
			stopped := false
			defer func() {
				if !stopped {
					capt.stop()
				}
			}()
			// Warm both up: connections, page cache, the WAL.
			drive(b, bare.url, 2000)
			drive(b, capt.url, 2000)
			b.ResetTimer()
			// Alternate halves so neither side gets the quieter moment.
			half := max(1, b.N/2)
			c0 := cpuTime()
			bareA, _ := drive(b, bare.url, half)
			c1 := cpuTime()
			capA, latA := drive(b, capt.url, half)
			capB, latB := drive(b, capt.url, half)
			c2 := cpuTime()
			bareB, _ := drive(b, bare.url, half)
			c3 := cpuTime()
			b.StopTimer()
			b.ReportMetric(float64((c1-c0+c3-c2).Microseconds())/float64(2*half), "bare-server-cpu-us/req")
			b.ReportMetric(float64((c2-c1).Microseconds())/float64(2*half), "capture-server-cpu-us/req")
			bareRate := float64(2*half) / (bareA + bareB).Seconds()
			capRate := float64(2*half) / (capA + capB).Seconds()
			lat := append(latA, latB...)
			b.ReportMetric(capRate/bareRate, "ratio")
			b.ReportMetric(capRate, "capture-rps")
			b.ReportMetric(bareRate, "bare-rps")
			b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
			if variant.forward {
				// Stopping waits for the queued forwards.
				capt.stop()
				stopped = true
				b.ReportMetric(float64(forwarded.Load())/float64(2000+2*half), "forwarded-fraction")
			}
		})
	}
}

// BenchmarkCaptureForwardPaced sends deliveries at a steady 500/s (far
// above real webhook traffic, well below saturation) to the capture server
// with and without `--forward-to` an app, and reports capture latency in
// each, and the fraction forwarded: forwarding must not slow capture.
//
// Run: go test -run '^$' -bench CaptureForwardPaced -benchtime 10000x ./capture
func BenchmarkCaptureForwardPaced(b *testing.B) {
	const rate = 500
	app := startBare(b)
	defer app.stop()
	for _, forward := range []bool{false, true} {
		name := "capture"
		if forward {
			name = "capture+forward"
		}
		b.Run(name, func(b *testing.B) {
			target := ""
			if forward {
				target = app.url
			}
			var forwarded atomic.Int64
			capt, _ := startCapture(b, b.TempDir(), true, target, &forwarded)
			drive(b, capt.url, 1000)
			b.ResetTimer()
			_, lat := drivePaced(b, capt.url, b.N, rate)
			b.StopTimer()
			capt.stop() // waits for the queued forwards
			b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
			if forward {
				b.ReportMetric(float64(forwarded.Load())/float64(1000+b.N), "forwarded-fraction")
			}
		})
	}
}

// BenchmarkCaptureMemory captures 100,000 2 KB deliveries and reports the
// process's resident memory and live heap afterwards (target: RSS ≤ 100 MB;
// bodies must not stay in the Go heap once committed).
//
// Run: go test -run '^$' -bench CaptureMemory -benchtime 1x ./capture
func BenchmarkCaptureMemory(b *testing.B) {
	const n = 100_000
	for i := 0; i < b.N; i++ {
		capt, st := startCapture(b, b.TempDir(), true, "", nil)
		drive(b, capt.url, n)
		if got, _ := st.Count(context.Background(), store.Filter{}); got != n {
			b.Fatalf("stored %d of %d", got, n)
		}
		runtime.GC()
		debug.FreeOSMemory()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(rssBytes())/(1<<20), "rss-MB")
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		capt.stop()
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rssBytes reads VmRSS from /proc; 0 where there is no /proc.
func rssBytes() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
