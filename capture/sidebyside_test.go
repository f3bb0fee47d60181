package capture

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/loadgen"
)

// BenchmarkSideBySide runs the real `hookscope serve` (durable capture into
// a fresh store, every delivery detected and its signature checked) and a
// bare net/http server (testdata/bare: reads the body, answers 200) as two
// separate processes, each built from source into a temporary directory.
// Where taskset and two CPUs allow, the server under load is pinned to one
// CPU and the load generator (this test binary again) to the other. Both
// get the same 64 keep-alive connections sending signed 2 KB JSON orders,
// for -sidebyside.for each, alternating bare and hookscope
// -sidebyside.rounds times. It prints a row per run and reports:
//
//	ratio                 hookscope req/s ÷ bare req/s over all rounds (target ≥ 0.75)
//	min-ratio             the worst round's ratio (never below 0.6)
//	hookscope-p99-ms      99th percentile latency over all rounds (target ≤ 10 ms)
//	*-rps, *-p50-ms, *-p99-ms, *-cpu-us/req (server CPU per request),
//	*-cpu-busy            the server's CPU time ÷ the run's time: near 1, the
//	                      server's CPU was the limit; well below, the load
//	                      generator's (or waits: the disk, for hookscope)
//	*-peak-rss-MB         (VmHWM of the server process)
//	hookscope-rss-after-100k-MB       hookscope's VmRSS once it has acknowledged
//	                                  100,000 deliveries, warm-up included (target ≤ 100 MB)
//	hookscope-peak-rss-after-100k-MB  its VmHWM at that moment
//	hookscope-rss-after-deliveries    how many it had acknowledged when read
//
// The count is known between runs, so memory is read after the run that
// crossed 100,000 (the last figure says how far past it). When the runs
// are too short to reach it, the figures are named *-before-100k-* and
// taken after the last run; the count says after how many.
//
// Run (about 70 s; it loads both CPUs, so not on a machine others need):
//
//	go test -run '^$' -bench SideBySide -benchtime 1x ./capture
//	go test -run '^$' -bench SideBySide -benchtime 1x ./capture -args -sidebyside.for 3s -sidebyside.profile /tmp/prof
//
// With -sidebyside.profile DIR each server writes a CPU profile of its
// whole run to DIR/hookscope.pprof and DIR/bare.pprof
// (HOOKSCOPE_CPUPROFILE); read it with `go tool pprof`.
func BenchmarkSideBySide(b *testing.B) {
	if testing.Short() {
		b.Skip("builds two servers and loads them for a minute: not with -short")
	}
	if runtime.GOOS != "linux" {
		b.Skip("reads the servers' CPU time and peak memory from /proc")
	}
	dir := b.TempDir()
	hookscopeBin := buildBench(b, dir, "hookscope", "..")
	bareBin := buildBench(b, dir, "bare", "./testdata/bare")
	serverCPU, loadCPU := benchCPUs()
	if serverCPU == "" {
		b.Logf("not pinned (taskset missing or fewer than two CPUs): servers and load share the CPUs")
	} else {
		b.Logf("server pinned to CPU %s, load generator to CPU %s", serverCPU, loadCPU)
	}
	if *sideBySideProfile != "" {
		if err := os.MkdirAll(*sideBySideProfile, 0o755); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < b.N; i++ {
		sideBySide(b, dir, bareBin, hookscopeBin, serverCPU, loadCPU)
	}
}

var (
	sideBySideFor     = flag.Duration("sidebyside.for", 10*time.Second, "BenchmarkSideBySide: how long each run lasts")
	sideBySideRounds  = flag.Int("sidebyside.rounds", 3, "BenchmarkSideBySide: how many times bare and hookscope alternate")
	sideBySideProfile = flag.String("sidebyside.profile", "", "BenchmarkSideBySide: directory for the servers' CPU profiles")
)

// sideRun is what one run of load against one server measured.
type sideRun struct {
	requests int
	elapsed  time.Duration
	lat      []time.Duration
	cpu      time.Duration // the server's CPU time during the run
}

func sideBySide(b *testing.B, dir, bareBin, hookscopeBin, serverCPU, loadCPU string) {
	profile := func(name string) []string {
		if *sideBySideProfile == "" {
			return nil
		}
		return []string{"HOOKSCOPE_CPUPROFILE=" + filepath.Join(*sideBySideProfile, name+".pprof")}
	}
	bare := startBenchProcess(b, "bare", serverCPU, profile("bare"), bareBin)
	defer bare.stop(b)
	home := b.TempDir()
	hs := startBenchProcess(b, "hookscope", serverCPU,
		append(profile("hookscope"), "HOME="+home, "XDG_DATA_HOME="+home, "HOOKSCOPE_SPIFFY_SECRET=bench-secret"),
		hookscopeBin, "serve", "--db", filepath.Join(dir, "hookscope.db"), "--listen", "127.0.0.1:0")
	defer hs.stop(b)

	// Warm both up: connections, the page cache, the store's first pages.
	warm := min(*sideBySideFor, time.Second)
	bare.load(b, loadCPU, warm)
	hs.load(b, loadCPU, warm)

	var bareRuns, hsRuns []sideRun
	minRatio := 0.0
	rss := rssMilestone{target: rssAfter}
	rss.observe(hs.served, hs.memory(b))
	for r := 1; r <= *sideBySideRounds; r++ {
		// Both servers share one CPU: what hookscope does behind a run
		// (indexing, retention) must not run during bare's.
		hs.settle(b)
		br := bare.load(b, loadCPU, *sideBySideFor)
		hr := hs.load(b, loadCPU, *sideBySideFor)
		rss.observe(hs.served, hs.memory(b))
		bareRuns, hsRuns = append(bareRuns, br), append(hsRuns, hr)
		ratio := rate(hr) / rate(br)
		if r == 1 || ratio < minRatio {
			minRatio = ratio
		}
		b.Logf("round %d: bare %s | hookscope %s | ratio %.3f", r, br, hr, ratio)
	}
	bareAll, hsAll := mergeRuns(bareRuns), mergeRuns(hsRuns)
	bareRSS, hsRSS := bare.peakRSS(b), hs.peakRSS(b)
	// Warm-up included, to turn a CPU profile into time per delivery.
	b.Logf("hookscope answered %d requests in all, bare %d", hs.served, bare.served)
	b.Logf("all:     bare %s, peak RSS %.1f MB | hookscope %s, peak RSS %.1f MB | ratio %.3f (worst round %.3f)",
		bareAll, mb(bareRSS), hsAll, mb(hsRSS), rate(hsAll)/rate(bareAll), minRatio)

	b.Logf("hookscope memory %s", rss)
	for _, m := range rss.metrics() {
		b.ReportMetric(m.value, m.unit)
	}

	b.ReportMetric(rate(hsAll)/rate(bareAll), "ratio")
	b.ReportMetric(minRatio, "min-ratio")
	for _, s := range []struct {
		name string
		run  sideRun
		rss  int64
	}{{"bare", bareAll, bareRSS}, {"hookscope", hsAll, hsRSS}} {
		b.ReportMetric(rate(s.run), s.name+"-rps")
		b.ReportMetric(ms(percentile(s.run.lat, 0.50)), s.name+"-p50-ms")
		b.ReportMetric(ms(percentile(s.run.lat, 0.99)), s.name+"-p99-ms")
		b.ReportMetric(cpuPerRequest(s.run), s.name+"-cpu-us/req")
		b.ReportMetric(busy(s.run), s.name+"-cpu-busy")
		b.ReportMetric(mb(s.rss), s.name+"-peak-rss-MB")
	}
}

func (r sideRun) String() string {
	return fmt.Sprintf("%.0f req/s p50 %.2f ms p99 %.2f ms cpu %.1f µs/req (busy %.2f)", rate(r), ms(percentile(r.lat, 0.50)),
		ms(percentile(r.lat, 0.99)), cpuPerRequest(r), busy(r))
}

func rate(r sideRun) float64          { return float64(r.requests) / r.elapsed.Seconds() }
func busy(r sideRun) float64          { return r.cpu.Seconds() / r.elapsed.Seconds() }
func cpuPerRequest(r sideRun) float64 { return float64(r.cpu.Microseconds()) / float64(r.requests) }
func ms(d time.Duration) float64      { return float64(d.Microseconds()) / 1000 }
func mb(bytes int64) float64          { return float64(bytes) / 1e6 }
func mergeRuns(runs []sideRun) sideRun {
	var all sideRun
	for _, r := range runs {
		all.requests += r.requests
		all.elapsed += r.elapsed
		all.cpu += r.cpu
		all.lat = append(all.lat, r.lat...)
	}
	return all
}

// buildBench builds the main package at pkg (relative to this package's
// directory) into dir/name.
func buildBench(b *testing.B, dir, name, pkg string) string {
	b.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		b.Skipf("no go command to build %s with: %v", name, err)
	}
	out := filepath.Join(dir, name)
	cmd := exec.Command(goBin, "build", "-o", out, pkg)
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("build %s: %v\n%s", name, err, msg)
	}
	return out
}

// benchCPUs picks one allowed CPU for the server and another for the load
// generator; both are "" when they cannot be pinned apart.
func benchCPUs() (server, load string) {
	if _, err := exec.LookPath("taskset"); err != nil {
		return "", ""
	}
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "", ""
	}
	cpus := cpuList(procField(data, "Cpus_allowed_list:"))
	if len(cpus) < 2 {
		return "", ""
	}
	return cpus[0], cpus[1]
}

// cpuList expands a kernel CPU list ("0-2,5") into its CPUs.
func cpuList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		from, err1 := strconv.Atoi(lo)
		to, err2 := strconv.Atoi(hi)
		if !isRange {
			to, err2 = from, nil
		}
		if err1 != nil || err2 != nil {
			continue
		}
		for c := from; c <= to; c++ {
			out = append(out, strconv.Itoa(c))
		}
	}
	return out
}

// procField is the first value of the line starting with key in a
// /proc/PID/status file.
func procField(status []byte, key string) string {
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

// pinned is argv run under taskset on cpu, or argv itself when cpu is "".
func pinned(cpu string, argv ...string) *exec.Cmd {
	if cpu != "" {
		argv = append([]string{"taskset", "-c", cpu}, argv...)
	}
	return exec.Command(argv[0], argv[1:]...)
}

// benchProcess is a server under test, running in its own process.
type benchProcess struct {
	name   string
	cmd    *exec.Cmd
	url    string
	stderr *cappedBuffer
	served int // requests answered 200, warm-up included
}

// startBenchProcess starts argv (pinned to cpu) and waits for it to say
// where it listens: bare prints its address on stdout, hookscope serve
// "capturing on http://ADDR/" on stderr.
func startBenchProcess(b *testing.B, name, cpu string, env []string, argv ...string) *benchProcess {
	b.Helper()
	cmd := pinned(cpu, argv...)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatalf("start %s: %v", name, err)
	}
	p := &benchProcess{name: name, cmd: cmd, stderr: &cappedBuffer{max: 64 << 10}}
	addr := make(chan string, 2)
	// Both streams are read to their end, so that the server never blocks
	// on a full pipe; hookscope serve prints a JSON line per delivery.
	scan := func(r io.Reader, keep bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		first := true
		for sc.Scan() {
			line := sc.Text()
			if keep {
				p.stderr.WriteString(line + "\n")
			}
			if first {
				if a, ok := listenAddr(line); ok {
					addr <- a
					first = false
				}
			}
		}
	}
	go scan(stdout, false)
	go scan(stderr, true)
	select {
	case a := <-addr:
		p.url = "http://" + a
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		b.Fatalf("%s did not say where it listens:\n%s", name, p.stderr)
	}
	return p
}

// listenAddr finds a server's address in its first lines of output.
func listenAddr(line string) (string, bool) {
	if _, rest, ok := strings.Cut(line, "capturing on http://"); ok {
		a, _, _ := strings.Cut(rest, "/")
		return a, true
	}
	if strings.HasPrefix(line, "127.0.0.1:") {
		return strings.TrimSpace(line), true
	}
	return "", false
}

// load drives the server for d from a child load generator pinned to cpu.
func (p *benchProcess) load(b *testing.B, cpu string, d time.Duration) sideRun {
	b.Helper()
	cpu0 := p.cpuTime(b)
	cmd := pinned(cpu, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), timedLoadEnv+"="+p.url, timedLoadForEnv+"="+d.String())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("load generator against %s: %v\n%s", p.name, err, stderr.String())
	}
	var res timedLoadResult
	if err := json.Unmarshal(out, &res); err != nil {
		b.Fatalf("load generator output: %v", err)
	}
	if res.Failed > 0 {
		b.Fatalf("%s: %d of %d requests failed (first: %s)\n%s", p.name, res.Failed, res.Failed+len(res.Latencies),
			res.FirstFailure, p.stderr)
	}
	if len(res.Latencies) == 0 {
		b.Fatalf("%s: no request completed", p.name)
	}
	p.served += len(res.Latencies)
	return sideRun{requests: len(res.Latencies), elapsed: res.Elapsed, lat: res.Latencies, cpu: p.cpuTime(b) - cpu0}
}

// settle waits until the server has gone quiet: its CPU time grows by at
// most a clock tick in half a second. A capture server does work behind
// a burst (hookscope indexes what it captured once the load stops), and on
// a CPU shared with the other server that work would be charged to the
// other's run. It gives up, saying so, after settleFor.
func (p *benchProcess) settle(b *testing.B) {
	b.Helper()
	const poll, settleFor = 500 * time.Millisecond, 3 * time.Minute
	start, last := time.Now(), p.cpuTime(b)
	for time.Since(start) < settleFor {
		time.Sleep(poll)
		now := p.cpuTime(b)
		if now-last <= time.Second/clockTicks {
			if waited := time.Since(start); waited > poll {
				b.Logf("%s went quiet %.1f s after its run", p.name, waited.Seconds())
			}
			return
		}
		last = now
	}
	b.Logf("%s still busy %s after its run: the next run shares its CPU", p.name, settleFor)
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's CPU times; 100 on
// every Linux architecture Go supports.
const clockTicks = 100

// cpuTime is the server process's user and system CPU time so far.
func (p *benchProcess) cpuTime(b *testing.B) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		b.Fatalf("%s: %v", p.name, err)
	}
	// The command name, in parentheses, may hold spaces: count fields
	// after its closing parenthesis. utime and stime are fields 14 and 15.
	i := strings.LastIndexByte(string(data), ')')
	f := strings.Fields(string(data[i+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// peakRSS is the server process's peak resident memory (VmHWM).
func (p *benchProcess) peakRSS(b *testing.B) int64 {
	_, peak := p.memory(b)()
	return peak
}

// memory reads the server process's resident memory now.
func (p *benchProcess) memory(b *testing.B) func() (rss, peak int64) {
	return func() (int64, int64) {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
		if err != nil {
			b.Fatalf("%s: %v", p.name, err)
		}
		rss, peak, err := parseMemory(data)
		if err != nil {
			b.Fatalf("%s: %v", p.name, err)
		}
		return rss, peak
	}
}

// parseMemory reads VmRSS (resident now) and VmHWM (the peak so far) from
// a /proc/PID/status file, in bytes.
func parseMemory(status []byte) (rss, peak int64, err error) {
	for _, f := range []struct {
		key string
		to  *int64
	}{{"VmRSS:", &rss}, {"VmHWM:", &peak}} {
		kb, err := strconv.ParseInt(procField(status, f.key), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s in /proc status: %w", f.key, err)
		}
		*f.to = kb << 10
	}
	return rss, peak, nil
}

// rssAfter is the count of acknowledged deliveries issue 12 bounds the
// resident memory after (≤ 100 MB).
const rssAfter = 100_000

// rssMilestone keeps the server's memory as read the first time its count
// of acknowledged deliveries had reached target; until then, the latest
// reading, with the count it was taken after. The count is known only
// between runs of load, so the reading is after the run that crossed the
// target: after somewhat more than target deliveries, never fewer.
type rssMilestone struct {
	target    int
	after     int // deliveries acknowledged when read
	rss, peak int64
	reached   bool
}

func (m *rssMilestone) observe(served int, read func() (rss, peak int64)) {
	if m.reached {
		return
	}
	m.after = served
	m.rss, m.peak = read()
	m.reached = served >= m.target
}

type metric struct {
	value float64
	unit  string
}

// metrics are the figures to report: named after the target once it was
// reached, else "before" it, and always with the count they are after, so
// that a short run is never taken for the figure the issue asks for.
func (m rssMilestone) metrics() []metric {
	when := "after"
	if !m.reached {
		when = "before"
	}
	k := fmt.Sprintf("%dk", m.target/1000)
	return []metric{
		{mb(m.rss), "hookscope-rss-" + when + "-" + k + "-MB"},
		{mb(m.peak), "hookscope-peak-rss-" + when + "-" + k + "-MB"},
		{float64(m.after), "hookscope-rss-after-deliveries"},
	}
}

func (m rssMilestone) String() string {
	s := fmt.Sprintf("after %d acknowledged deliveries: RSS %.1f MB, peak %.1f MB (target ≤ 100 MB after %d)",
		m.after, mb(m.rss), mb(m.peak), m.target)
	if !m.reached {
		s += fmt.Sprintf("; the runs were too short to reach %d", m.target)
	}
	return s
}

// stop interrupts the server, as Ctrl-C would, so that it shuts down
// cleanly and writes its profile; one that does not exit in time is killed.
func (p *benchProcess) stop(b *testing.B) {
	p.cmd.Process.Signal(os.Interrupt)
	exited := make(chan error, 1)
	go func() { exited <- p.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			b.Errorf("%s exited with %v:\n%s", p.name, err, p.stderr)
		}
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		<-exited
		b.Errorf("%s did not exit within 20 s of an interrupt", p.name)
	}
}

// cappedBuffer keeps the first max bytes written to it, for error messages.
type cappedBuffer struct {
	mu  sync.Mutex
	max int
	buf strings.Builder
}

func (c *cappedBuffer) WriteString(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.max - c.buf.Len(); room > 0 {
		c.buf.WriteString(s[:min(len(s), room)])
	}
}

func (c *cappedBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

// The timed load generator: this test binary run with timedLoadEnv set to
// a server's URL sends for timedLoadForEnv and prints a timedLoadResult.
const (
	timedLoadEnv    = "HOOKSCOPE_LOADGEN_TIMED"
	timedLoadForEnv = "HOOKSCOPE_LOADGEN_FOR"
)

// timedLoadResult is what the child prints: loadgen's result as JSON.
type timedLoadResult = loadgen.Result

func runTimedLoad(url string) int {
	d, err := time.ParseDuration(os.Getenv(timedLoadForEnv))
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", timedLoadForEnv, err)
		return 2
	}
	if err := json.NewEncoder(os.Stdout).Encode(generateTimedLoad(url, d)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// generateTimedLoad sends signed 2 KB orders (benchRequest) from
// benchClients keep-alive connections, each one request at a time, until d
// has passed.
func generateTimedLoad(url string, d time.Duration) timedLoadResult {
	return loadgen.Run(loadgen.Config{Conns: benchClients, For: d,
		Request: func(int64) *http.Request { return benchRequest(url) }})
}

// The helpers that parse /proc and find a server's address decide what the
// benchmark reports; they are checked here, in plain go test.
func TestSideBySideHelpers(t *testing.T) {
	if got := strings.Join(cpuList("0-2,5,7-8"), " "); got != "0 1 2 5 7 8" {
		t.Errorf("cpuList: got %q", got)
	}
	if got := cpuList("garbage"); len(got) != 0 {
		t.Errorf("cpuList(garbage) = %q, want none", got)
	}
	status := []byte("Name:\thookscope\nVmPeak:\t  900 kB\nVmHWM:\t   41236 kB\nCpus_allowed_list:\t0-1\n")
	if got := procField(status, "VmHWM:"); got != "41236" {
		t.Errorf("procField VmHWM: got %q", got)
	}
	if _, _, err := parseMemory(status); err == nil || !strings.Contains(err.Error(), "VmRSS") {
		t.Errorf("parseMemory without VmRSS: %v, want an error naming it", err)
	}
	status = []byte("Name:\thookscope\nVmHWM:\t   41236 kB\nVmRSS:\t   30000 kB\n")
	if rss, peak, err := parseMemory(status); err != nil || rss != 30000<<10 || peak != 41236<<10 {
		t.Errorf("parseMemory: %d, %d, %v; want %d, %d", rss, peak, err, 30000<<10, 41236<<10)
	}
	// RSS after 100k: the first reading at or past the target stays; short
	// of it, the figures say "before" and after how many.
	m := rssMilestone{target: 100_000}
	reading := func(rss, peak int64) func() (int64, int64) { return func() (int64, int64) { return rss, peak } }
	m.observe(40_000, reading(10e6, 11e6))
	if got := fmt.Sprint(m.metrics()); got != "[{10 hookscope-rss-before-100k-MB} {11 hookscope-peak-rss-before-100k-MB} {40000 hookscope-rss-after-deliveries}]" {
		t.Errorf("short of 100k: %s", got)
	}
	m.observe(120_000, reading(30e6, 35e6))
	m.observe(160_000, reading(50e6, 55e6)) // later readings do not replace it
	if got := fmt.Sprint(m.metrics()); got != "[{30 hookscope-rss-after-100k-MB} {35 hookscope-peak-rss-after-100k-MB} {120000 hookscope-rss-after-deliveries}]" {
		t.Errorf("past 100k: %s", got)
	}
	if s := m.String(); !strings.Contains(s, "after 120000 acknowledged deliveries: RSS 30.0 MB, peak 35.0 MB") || strings.Contains(s, "too short") {
		t.Errorf("log line: %s", s)
	}
	for line, want := range map[string]string{
		"hookscope: capturing on http://127.0.0.1:40123/ (store /tmp/x.db)": "127.0.0.1:40123",
		"127.0.0.1:38211": "127.0.0.1:38211",
		"hookscope: forwarding every capture to http://127.0.0.1:9/": "",
	} {
		if got, _ := listenAddr(line); got != want {
			t.Errorf("listenAddr(%q) = %q, want %q", line, got, want)
		}
	}
	// The load generator counts only answers of 200, and says why others failed.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	res := generateTimedLoad(srv.URL, 50*time.Millisecond)
	if len(res.Latencies) != 0 || res.Failed == 0 || !strings.Contains(res.FirstFailure, "503") {
		t.Errorf("against a server answering 503: %d ok, %d failed (%q)", len(res.Latencies), res.Failed, res.FirstFailure)
	}
}
