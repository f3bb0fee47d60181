package ui

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/replay/export"
)

// typePath replaces the prompt's path with path.
func typePath(m Model, path string) Model {
	m = settle(m, tea.KeyMsg{Type: tea.KeyCtrlU}).(Model)
	return settle(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(path)}).(Model)
}

func TestSaveWritesTheBodyByteForByteAndNeverOverwritesUnasked(t *testing.T) {
	h := newHarness(t, 120, 40)
	body := "{\"a\":1}\r\n\x1b[2J\xff\x00tail"
	d := h.deliver("/webhooks/spiffy", http.Header{"Content-Type": {"application/json"}}, body)
	h.contains("/webhooks/spiffy")
	h.key("s")
	h.contains("./" + d.ID + ".bin") // not UTF-8: binary, whatever it claims
	path := filepath.Join(t.TempDir(), "body.out")
	h.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.key(path)
	h.key("enter")
	h.contains("saved the body")
	got, err := os.ReadFile(path)
	if err != nil || string(got) != body {
		t.Fatalf("saved %q (%v), want the captured bytes %q", got, err, body)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}

	precious := filepath.Join(filepath.Dir(path), "precious")
	if err := os.WriteFile(precious, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.key("s")
	h.contains("Save the body")
	h.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.key(precious)
	h.key("enter")
	h.contains("exists: y overwrites it")
	h.key("n")
	h.contains("enter write")
	h.mark = h.raw.Len()
	h.tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	h.contains("Overview") // closed
	if b, _ := os.ReadFile(precious); string(b) != "mine" {
		t.Fatalf("n overwrote the file: %q", b)
	}
	h.key("s")
	h.contains("Save the body")
	h.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.key(precious)
	h.key("enter")
	h.contains("exists: y overwrites it")
	h.key("y")
	h.contains("saved the body")
	if b, _ := os.ReadFile(precious); string(b) != body {
		t.Fatalf("y: the file holds %q, want the body", b)
	}
	if files, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(files) != 0 {
		t.Fatalf("temporary files left behind: %v", files)
	}
	h.final()
}

// expectedExport is `hookscope export --provider --topic`'s file for f,
// built the long way: every matching delivery, oldest first, with its
// attempts.
func expectedExport(t *testing.T, st *store.Store, f store.Filter, format export.Format) string {
	t.Helper()
	ctx := context.Background()
	list, err := st.List(ctx, f, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	x, _ := export.NewWriter(&b, format, export.Options{})
	for _, s := range list {
		d, _ := st.Get(ctx, s.ID)
		attempts, _ := st.Attempts(ctx, s.ID)
		if err := x.Write(d, attempts); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestExportWritesTheTreesFilterAsHookscopeExportDoes(t *testing.T) {
	m, st := newModel(t, 150, 40, topics()...)
	if err := st.InsertAttempt(context.Background(), &store.Attempt{DeliveryID: "01MODELTEST000000000000004", Kind: "replay",
		URL: "http://127.0.0.1:3000/v/2", Method: "POST", Status: 204}); err != nil {
		t.Fatal(err)
	}
	m = chooseInTree(t, m, "vend")
	dir := t.TempDir()
	for _, c := range []struct {
		format export.Format
		tabs   int
	}{{export.NDJSON, 0}, {export.HAR, 1}} {
		m = press(m, "E")
		if m.modal != modalSave || !strings.Contains(m.View(), "./hookscope-vend."+string(export.NDJSON)) {
			t.Fatalf("E did not offer ./hookscope-vend.ndjson:\n%s", m.View())
		}
		for i := 0; i < c.tabs; i++ {
			m = press(m, "tab")
		}
		path := filepath.Join(dir, "vend."+string(c.format))
		m = press(typePath(m, path), "enter")
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := expectedExport(t, st, store.Filter{Provider: "vend"}, c.format)
		if string(got) != want {
			t.Fatalf("%s: the TUI's export differs from hookscope export's:\n%s\nwant\n%s", c.format, got, want)
		}
		if !strings.Contains(m.statusLine(), "exported 3 deliveries as "+string(c.format)) {
			t.Fatalf("no result line: %q", m.statusLine())
		}
	}
}
