package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/hookscope/hookscope/capture/hub"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
	"github.com/hookscope/hookscope/ui/detail"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
}

// harness is a TUI over a real store, fed by the store's commit hook as in
// `hookscope`.
type harness struct {
	t    *testing.T
	st   *store.Store
	tm   *teatest.TestModel
	n    int
	sub  *hub.Subscription
	raw  bytes.Buffer // everything the program wrote to the terminal
	out  io.Reader    // the program's output, copied into raw as read
	mark int          // where output caused by the last action starts
}

func newHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	return newHarnessWith(t, w, h, nil)
}

func newHarnessWith(t *testing.T, w, h int, inspect detail.Inspector) *harness {
	t.Helper()
	return newHarnessOptions(t, w, h, Options{Inspect: inspect})
}

// newHarnessOptions is a harness whose UI has opts, store and feeds
// filled in.
func newHarnessOptions(t *testing.T, w, h int, opts Options) *harness {
	t.Helper()
	var hb hub.Hub
	sub := hb.Subscribe(1024)
	st := storetest.Open(t, store.Options{OnCommit: hb.Publish})
	opts.Store, opts.Arrivals, opts.Overflow, opts.Addr = st, sub.C(), sub.Overflow(), "127.0.0.1:4747"
	m := New(opts)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	hs := &harness{t: t, st: st, tm: tm, sub: sub}
	hs.out = io.TeeReader(tm.Output(), &hs.raw)
	return hs
}

func (h *harness) deliver(path string, header http.Header, body string) *store.Delivery {
	h.t.Helper()
	h.mark = h.raw.Len()
	h.n++
	if header == nil {
		header = http.Header{"Content-Type": {"application/json"}}
	}
	d := &store.Delivery{
		ID:         fmt.Sprintf("01HOOKSCOPETEST%011d", h.n),
		ReceivedAt: time.Date(2026, 1, 2, 10, 0, h.n, 0, time.UTC),
		Method:     "POST", URI: path, Proto: "HTTP/1.1", Host: "127.0.0.1:4747", RemoteAddr: "127.0.0.1:50000",
		Headers: header, Body: []byte(body), Size: int64(len(body)), DeclaredLength: int64(len(body)),
		ReplyStatus: 200,
	}
	if err := h.st.Insert(context.Background(), d); err != nil {
		h.t.Fatal(err)
	}
	return d
}

// contains waits until s shows in what the program drew since the last
// action, colours and cursor movements stripped.
func (h *harness) contains(s string) {
	h.t.Helper()
	var screen string
	drawn := within5s(func() bool {
		io.Copy(io.Discard, h.out)
		screen = ansi.Strip(string(h.raw.Bytes()[h.mark:]))
		return strings.Contains(screen, s)
	})
	if !drawn {
		h.t.Fatalf("%q not drawn within 5s; drawn since the last action:\n%s", s, screen)
	}
}

// within5s reports whether ok holds within 5 s, asking every 10 ms.
func within5s(ok func() bool) bool {
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

func (h *harness) key(k string) {
	h.mark = h.raw.Len()
	switch k {
	case "tab":
		h.tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	case "shift+tab":
		h.tm.Send(tea.KeyMsg{Type: tea.KeyShiftTab})
	case "enter":
		h.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	default:
		h.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
	}
}

func (h *harness) final() Model {
	h.t.Helper()
	h.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	return h.tm.FinalModel(h.t, teatest.WithFinalTimeout(5*time.Second)).(Model)
}

func TestDeliveriesAppearLiveAndTabsShowThem(t *testing.T) {
	h := newHarness(t, 150, 30)
	h.contains("waiting for deliveries")
	h.deliver("/webhooks/spiffy", http.Header{"Content-Type": {"application/json"}, "X-Spiffy-Topic": {"orders/create"}}, `{"id":123456,"total_price":"403.00"}`)
	h.contains("/webhooks/spiffy")
	h.key("2")
	h.contains(`"total_price": "403.00"`) // Body tab, pretty-printed
	h.key("3")
	h.contains("X-Spiffy-Topic: orders/create")
	h.key("6")
	h.contains("POST /webhooks/spiffy HTTP/1.1")
	m := h.final()
	if m.list.Total() != 1 || m.detail.Tab() != detail.TabRaw {
		t.Fatalf("total %d, tab %v", m.list.Total(), m.detail.Tab())
	}
}

func TestFollowModeAndStableSelection(t *testing.T) {
	h := newHarness(t, 150, 30)
	h.deliver("/first", nil, `{}`)
	h.deliver("/second", nil, `{}`)
	h.contains("POST /second · 2 B · 200") // following: the newest is selected and shown
	h.key("k")
	h.contains("POST /first · 2 B · 200")
	h.contains("paused")
	third := h.deliver("/third", nil, `{}`)
	h.contains("/third") // it appears in the list...
	h.key("3")
	h.contains("[3 Headers]")
	m := h.final()
	if got := m.list.SelectedID(); got == third.ID || m.detail.Delivery() == nil || m.detail.Delivery().URI != "/first" {
		t.Fatalf("selection moved while paused: selected %s, showing %v", got, m.detail.Delivery())
	}

	h2 := newHarness(t, 150, 30)
	h2.deliver("/a", nil, `{}`)
	h2.contains("POST /a · 2 B · 200")
	h2.key("k") // nothing above: still on the newest, still following
	h2.key("f") // now paused
	h2.contains("paused")
	h2.key("f") // following again
	h2.contains("following")
	h2.deliver("/b", nil, `{}`)
	h2.contains("POST /b · 2 B · 200")
	if m := h2.final(); m.detail.Delivery().URI != "/b" {
		t.Fatalf("following did not select the newest: %s", m.detail.Delivery().URI)
	}
}

func TestResizeKeepsTheScreenWithinTheTerminal(t *testing.T) {
	h := newHarness(t, 120, 40)
	for i := 0; i < 30; i++ {
		h.deliver(fmt.Sprintf("/hooks/%02d/%s", i, strings.Repeat("long-segment/", 12)), nil, `{"n":1}`)
	}
	h.contains("/hooks/29/")
	h.mark = h.raw.Len()
	h.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 16})
	h.contains("/hooks/29/")
	h.key("?") // a frame with the full help, and back
	h.key("?")
	m := h.final()
	view := m.View()
	lines := strings.Split(view, "\n")
	if len(lines) != 16 {
		t.Errorf("view has %d lines for a 16-line terminal", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line %d is %d cells wide in a 60-column terminal: %q", i, w, l)
		}
	}
	if !strings.Contains(view, "/hooks/29/") {
		t.Error("the selected (newest) delivery is not visible after shrinking")
	}
}

func TestEscapeSequencesFromADeliveryAreRenderedHarmless(t *testing.T) {
	h := newHarness(t, 120, 40)
	evil := "\x1b]0;pwned\x07\x1b[2J\u009b31m \x9b"
	h.deliver("/evil\x1b[1m", http.Header{"X-Evil": {evil}, "Content-Type": {"text/plain"}}, "body \x1b[31mred\r\x7f")
	h.contains(`/evil\x1b[1m`)
	h.key("2")
	h.contains(`body \x1b[31mred\r\x7f`)
	h.key("3")
	h.contains(`X-Evil: \x1b]0;pwned\x07\x1b[2J\u009b31m \x9b`)
	h.key("6")
	h.contains(`POST /evil\x1b[1m HTTP/1.1`)
	h.final()
	io.Copy(io.Discard, h.out)
	out := h.raw.Bytes()
	for _, raw := range []string{"\x1b]0;pwned", "\x1b[2J", "\u009b", "\x07", "red\r", "\x7f"} {
		if bytes.Contains(out, []byte(raw)) {
			t.Errorf("raw %q reached the terminal", raw)
		}
	}
}

func TestWindowedListPagesThroughManyDeliveries(t *testing.T) {
	h := newHarness(t, 150, 30)
	for i := 0; i < 500; i++ {
		h.deliver(fmt.Sprintf("/n/%03d", i), nil, `{}`)
	}
	h.contains("/n/499")
	h.key("g")
	h.contains("POST /n/000 · 2 B · 200")
	for i := 0; i < 5; i++ {
		h.tm.Send(tea.KeyMsg{Type: tea.KeyPgDown})
	}
	h.key("G")
	h.contains("POST /n/499 · 2 B · 200") // the detail pane's caption
	m := h.final()
	if m.detail.Delivery() == nil || m.detail.Delivery().URI != "/n/499" {
		t.Fatalf("G did not reach the newest: %+v", m.detail.Delivery())
	}
}
