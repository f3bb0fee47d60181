package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/detail"
	"github.com/hookscope/hookscope/ui/theme"
)

// A chunked body's trailers are part of what arrived: they were stored
// (and carried by an NDJSON export) but neither `show`, `show --json` nor
// the TUI's Headers and Raw tabs showed them, and a raw export left them
// out. They are shown wherever the headers are, made safe as the headers
// are.
//
// (The raw export framing itself is TestRawReadsBackAsTheRequests.)
func TestTrailersAreShownWhereverHeadersAre(t *testing.T) {
	db, st := asciiStore(t)
	// Bidi and a C1 byte, which a trailer may carry (the capture server
	// refuses ESC and BEL in one): neither may reach a terminal.
	hostile := "sha256=abc\u202e\x9b31m"
	d := storeFixture(t, st, "01TRAILERS0000000000000001", "spiffy/orders-create", "", func(d *store.Delivery) {
		d.Headers.Del("Content-Length")
		d.Headers["Transfer-Encoding"] = []string{"chunked"}
		d.Headers["Trailer"] = []string{"X-Checksum"}
		d.Trailers = http.Header{"X-Checksum": {hostile}}
	})
	st.Close()
	env := tempEnv(t)

	show := runCLI(t, env, "show", d.ID, "--db", db)
	if show.code != 0 {
		t.Fatalf("show: %+v", show)
	}
	_, after, ok := strings.Cut(show.stdout, "\nTrailers")
	if !ok || !strings.Contains(after, "X-Checksum: sha256=abc") {
		t.Errorf("show has no trailers after the body:\n%s", show.stdout)
	}
	asJSON := runCLI(t, env, "show", "--json", d.ID, "--db", db)
	var got struct{ Trailers map[string][]string }
	if err := json.Unmarshal([]byte(asJSON.stdout), &got); err != nil {
		t.Fatalf("show --json: %v\n%s", err, asJSON.stdout)
	}
	if v := got.Trailers["X-Checksum"]; len(v) != 1 || !strings.HasPrefix(v[0], "sha256=abc") {
		t.Errorf("show --json trailers %v", got.Trailers)
	}

	inspect := detailInspect(t)
	pages := detail.Render(d, inspect, theme.New(theme.Default()), "monokai", false)
	for _, tab := range []detail.Tab{detail.TabHeaders, detail.TabRaw} {
		if page := ansi.Strip(pages[tab]); !strings.Contains(page, "X-Checksum: sha256=abc") {
			t.Errorf("tab %d has no trailers:\n%s", tab, page)
		}
	}
	for name, out := range map[string]string{"show": show.stdout, "show --json": asJSON.stdout,
		"Headers tab": pages[detail.TabHeaders], "Raw tab": pages[detail.TabRaw]} {
		if strings.Contains(out, "\u202e") || strings.Contains(out, "\x9b") {
			t.Errorf("%s writes the trailer's control characters raw: %q", name, out)
		}
	}

	raw := runCLI(t, env, "export", d.ID, "--format", "raw", "--db", db)
	if raw.code != 0 {
		t.Fatalf("export: %+v", raw)
	}
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw.stdout)))
	if err != nil {
		t.Fatalf("raw export does not read back: %v\n%q", err, raw.stdout)
	}
	if body, err := io.ReadAll(req.Body); err != nil || string(body) != string(d.Body) || req.Trailer.Get("X-Checksum") != hostile {
		t.Errorf("raw export read back as body %q (%v), trailers %q", body, err, req.Trailer)
	}
}
