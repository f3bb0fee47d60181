package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/replay/export"
)

// terminal is the other end of the program's OSC 52 writes; the copy Cmd
// writes from its own goroutine.
type terminal struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.Write(p)
}

func (t *terminal) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// hostile is a delivery whose header and body would break out of careless
// quoting.
func hostile(h *harness) string {
	d := h.deliver("/webhooks/spiffy?x=$(id)", http.Header{"Content-Type": {"application/json"},
		"X-Evil": {"$(touch pwned)", "'; rm -rf ~; '"}, "Authorization": {"Bearer s3cret-token"}},
		"{\"note\":\"it's $(touch pwned)\",\"esc\":\"\x1b[2J\"}\r\n")
	return d.ID
}

func exported(t *testing.T, h *harness, id string, f export.Format, secrets [][]byte) string {
	t.Helper()
	d, err := h.st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	x, err := export.NewWriter(&b, f, export.Options{Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Write(d, nil); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func osc52(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\x07"
}

func TestCopyAsCurlEmitsOSC52OfTheExportedCommand(t *testing.T) {
	term := &terminal{}
	secrets := [][]byte{[]byte("s3cret-token")}
	h := newHarnessOptions(t, 120, 40, Options{Terminal: term, Getenv: env(map[string]string{"TERM": "xterm-256color"}), ExportSecrets: secrets})
	id := hostile(h)
	h.contains("/webhooks/spiffy")
	h.key("y")
	h.contains("Copy to the clipboard (OSC 52)")
	h.key("c")
	h.contains("copied the curl command")
	want := exported(t, h, id, export.Curl, secrets)
	if strings.Contains(want, "s3cret-token") {
		t.Fatalf("the exported command holds the configured secret:\n%s", want)
	}
	if got := term.String(); got != osc52(want) {
		t.Fatalf("terminal got %q\nwant the OSC 52 of the exported curl command %q", got, osc52(want))
	}

	h.key("y")
	h.contains("Copy to the clipboard")
	h.key("b")
	h.contains("copied the body")
	d, _ := h.st.Get(context.Background(), id)
	if got := term.String(); !strings.HasSuffix(got, osc52(string(d.Body))) {
		t.Fatalf("copying the body sent %q, want the OSC 52 of its exact bytes", got)
	}
	h.final()
}

// "yh" in one read (tmux send-keys, SSH): the menu opens, and the h
// waiting for the delivery to load still copies.
func TestCopyChosenInTheSameReadAsYAndInsideTmux(t *testing.T) {
	term := &terminal{}
	tmux := func(_ context.Context, name string) (string, error) {
		return map[string]string{"set-clipboard": "external", "allow-passthrough": "off"}[name], nil
	}
	h := newHarnessOptions(t, 120, 40, Options{Terminal: term, TmuxOption: tmux,
		Getenv: env(map[string]string{"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"})})
	h.deliver("/webhooks/vend", nil, `{"id":1}`)
	h.contains("/webhooks/vend")
	h.key("yh")
	h.contains("copied the httpie command")
	h.contains("(tmux has set-clipboard external)")
	m := h.final()
	want := exported(t, h, m.list.SelectedID(), export.HTTPie, nil)
	got := term.String()
	if !strings.HasPrefix(got, osc52(want)) {
		t.Fatalf("inside tmux: %q does not start with the plain OSC 52 (for set-clipboard on)", got)
	}
	if !strings.Contains(got, "\x1bPtmux;") {
		t.Fatalf("inside tmux: %q lacks the passthrough-wrapped copy (for allow-passthrough on)", got)
	}
}

// The menu's help lists only what can be copied: not the body when it is
// binary (it cannot be pasted as text), not the public URL without a
// tunnel.
func TestCopyMenuOffersOnlyWhatTheDeliveryHas(t *testing.T) {
	m, st := newModel(t, 120, 40)
	body := []byte("\xff\x00\x1b[2J")
	if err := st.Insert(context.Background(), &store.Delivery{ID: "01MODELTEST000000000000009", ReceivedAt: time.Now(),
		Method: "POST", URI: "/webhooks/vend", Proto: "HTTP/1.1", Headers: http.Header{}, Body: body, Size: int64(len(body)), ReplyStatus: 200}); err != nil {
		t.Fatal(err)
	}
	m = press(load(m), "y")
	help := m.helpView()
	if !strings.Contains(help, "c curl") || !strings.Contains(help, "u URL") {
		t.Fatalf("the menu's help lacks what can be copied: %q", help)
	}
	for _, absent := range []string{"b body", "p public URL"} {
		if strings.Contains(help, absent) {
			t.Fatalf("the menu's help offers %q, which would copy nothing: %q", absent, help)
		}
	}
}
