package export

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hookscope/hookscope/replay/internal/hopbyhop"
)

// received is a request as the local capture server got it.
type received struct {
	method, uri string
	headers     http.Header
	body        []byte
}

func captureServer(t *testing.T) (*httptest.Server, func() []received) {
	t.Helper()
	var mu sync.Mutex
	var got []received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, received{r.Method, r.RequestURI, r.Header.Clone(), b})
		mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	return srv, func() []received { mu.Lock(); defer mu.Unlock(); return append([]received(nil), got...) }
}

// runSh runs script with sh in an empty directory whose HOME it is too, so
// a command that escaped its quoting leaves a trace there (or removes
// nothing that matters).
func runSh(t *testing.T, script string, path string) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{"HOME=" + dir, "PATH=" + path}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sh: %v\n%s\nscript:\n%s", err, out, script)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Fatalf("the command left %v in its directory: a hostile value escaped its quoting\nscript:\n%s", entries[0].Name(), script)
	}
	return string(out)
}

// sentHeaders are the headers a resend must reproduce: all but the
// connection's own and the framing the client recomputes.
func sentHeaders(h http.Header) string {
	var lines []string
	for name, vs := range hopbyhop.Without(h) {
		for _, v := range vs {
			lines = append(lines, name+": "+v)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestCurlCommandsResendHostileDeliveriesByteForByte runs the exported
// curl commands in sh against a local server: method, path and query,
// headers with their repeats and order, and body arrive exactly as
// captured, and no hostile value runs.
func TestCurlCommandsResendHostileDeliveriesByteForByte(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed")
	}
	srv, got := captureServer(t)
	st := openStore(t)
	ds := hostileDeliveries(t)
	for _, d := range ds {
		if err := st.Insert(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	script := exportStore(t, st, Curl, Options{Target: srv.URL})
	runSh(t, "set -e\n"+string(script), filepath.Dir(curl)+":/usr/bin:/bin")
	reqs := got()
	if len(reqs) != len(ds) {
		t.Fatalf("server got %d requests for %d commands:\n%s", len(reqs), len(ds), script)
	}
	for i, d := range ds {
		r := reqs[i]
		if r.method != d.Method || r.uri != d.URI {
			t.Errorf("%d: got %s %s, want %s %s", i, r.method, r.uri, d.Method, d.URI)
		}
		if !bytes.Equal(r.body, d.Body) {
			t.Errorf("%d: body %q, want %q", i, r.body, d.Body)
		}
		if g, w := sentHeaders(r.headers), sentHeaders(d.Headers); g != w {
			t.Errorf("%d: headers\n%s\nwant\n%s", i, g, w)
		}
	}
}

// TestHTTPieCommandsQuoteEveryValue runs the exported httpie commands in
// sh with a stand-in `http` that records its arguments and stdin (HTTPie
// is seldom installed): each header arrives as one argument, escaped for
// HTTPie's item syntax, the body through stdin byte for byte, and nothing
// hostile runs.
func TestHTTPieCommandsQuoteEveryValue(t *testing.T) {
	bin := t.TempDir()
	out := t.TempDir()
	stub := "#!/bin/sh\nn=$(ls " + out + " | wc -l)\nf=" + out + "/$n\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$f.args\"\n" +
		"case \"$1\" in --ignore-stdin) : > \"$f.stdin\" ;; *) cat > \"$f.stdin\" ;; esac\n"
	if err := os.WriteFile(filepath.Join(bin, "http"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	ds := hostileDeliveries(t)
	for _, d := range ds {
		if err := st.Insert(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	script := exportStore(t, st, HTTPie, Options{Target: "http://127.0.0.1:9"})
	runSh(t, "set -e\n"+string(script), bin+":/usr/bin:/bin")
	for i, d := range ds {
		base := filepath.Join(out, strconv.Itoa(i*2))
		args, err := os.ReadFile(base + ".args")
		if err != nil {
			t.Fatalf("%d: no call recorded: %v", i, err)
		}
		stdin, _ := os.ReadFile(base + ".stdin")
		words := strings.Split(strings.TrimSuffix(string(args), "\x00"), "\x00")
		if len(d.Body) > 0 {
			words = append([]string{""}, words...) // no --ignore-stdin
		}
		if words[1] != d.Method || words[2] != "http://127.0.0.1:9"+d.URI {
			t.Errorf("%d: method and URL %q %q", i, words[1], words[2])
		}
		want := map[string]bool{}
		for _, h := range commandHeaders(d) {
			for _, v := range h.Values {
				item := h.Name + ":" + httpieEscape(v)
				if v == "" {
					item = h.Name + ";"
				}
				want[item] = true
			}
		}
		for _, w := range words[3:] {
			delete(want, w)
		}
		if len(want) > 0 {
			t.Errorf("%d: header items missing or mangled: %v (got %q)", i, want, words[3:])
		}
		if !bytes.Equal(stdin, d.Body) {
			t.Errorf("%d: stdin %q, want body %q", i, stdin, d.Body)
		}
	}
}

// TestCurlExportImportsBackAsTheSameRequest: hookscope's curl file read
// back gives every request as it was.
func TestCurlExportImportsBackAsTheSameRequest(t *testing.T) {
	ds := hostileDeliveries(t)
	var buf bytes.Buffer
	x, _ := NewWriter(&buf, Curl, Options{})
	for _, d := range ds {
		if err := x.Write(d, nil); err != nil {
			t.Fatal(err)
		}
	}
	if f, err := Detect("x.txt", buf.Bytes()); err != nil || f != Curl {
		t.Fatalf("detected %q, %v", f, err)
	}
	items, err := Read(Curl, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != len(ds) {
		t.Fatalf("%d items for %d deliveries", len(items), len(ds))
	}
	for i, d := range ds {
		g := items[i].Delivery
		if g.Method != d.Method || g.URI != d.URI || g.Host != d.Host || !bytes.Equal(g.Body, d.Body) {
			t.Errorf("%d: %s %s %s %q, want %s %s %s %q", i, g.Method, g.Host, g.URI, g.Body, d.Method, d.Host, d.URI, d.Body)
		}
		if gh, wh := sentHeaders(g.Headers), sentHeaders(d.Headers); gh != wh {
			t.Errorf("%d: headers\n%s\nwant\n%s", i, gh, wh)
		}
	}
}
