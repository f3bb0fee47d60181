package ui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// openSlowly presses k, which opens a dialog, and keeps back what its
// commands answer (the dialog's load among them): the store has not
// answered yet. deliver hands those answers over later.
func openSlowly(t *testing.T, m Model, k string) (Model, []tea.Msg) {
	t.Helper()
	next, cmd := m.Update(keyMsg(k))
	m = next.(Model)
	if m.modal == modalNone || !m.modalLoading() {
		t.Fatalf("%s did not open a dialog that loads (modal %d)", k, m.modal)
	}
	return m, runCmd(cmd)
}

func deliver(m Model, msgs []tea.Msg) Model {
	for _, msg := range msgs {
		m = settle(m, msg).(Model)
	}
	return m
}

// The bug: a dialog dropped every key until its load answered, so a path
// or target typed right after s or r (as fast typing, a paste or tmux
// send-keys does it) was lost, and enter or ctrl+s with it.
func TestKeysTypedWhileADialogLoadsReachItOnceLoaded(t *testing.T) {
	t.Run("save", func(t *testing.T) {
		m, st := newModel(t, 120, 40, paths(3)...)
		id := m.list.SelectedID()
		m, held := openSlowly(t, m, "s")
		path := filepath.Join(t.TempDir(), "typed-ahead.json")
		m = press(m, "ctrl+u", path, "enter")
		if _, err := os.Stat(path); err == nil {
			t.Fatal("written before the delivery was loaded")
		}
		m = deliver(m, held)
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("the typed path was not written: %v\n%s", err, m.View())
		}
		d, err := st.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(d.Body) {
			t.Fatalf("saved %q, want the selected delivery's body %q", got, d.Body)
		}
		if m.modal != modalNone || !strings.Contains(m.statusLine(), "saved the body") {
			t.Fatalf("the dialog did not finish: modal %d, status %q", m.modal, m.statusLine())
		}
	})
	t.Run("replay", func(t *testing.T) {
		var mu sync.Mutex
		var bodies []string
		target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			bodies = append(bodies, string(b))
			mu.Unlock()
			w.WriteHeader(202)
		}))
		defer target.Close()
		m, st := newModel(t, 120, 40, paths(3)...)
		id := m.list.SelectedID()
		m, held := openSlowly(t, m, "r")
		m = press(m, "ctrl+u", target.URL+"/typed", "ctrl+s")
		m = deliver(m, held)
		mu.Lock()
		defer mu.Unlock()
		d, err := st.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(bodies) != 1 || bodies[0] != string(d.Body) {
			t.Fatalf("the typed target got %q, want the delivery's body once\n%s", bodies, m.View())
		}
	})
}

// Esc closes a dialog that is still loading, at once; what was typed
// before it goes nowhere, and in particular does not run as the list's
// commands once the load answers.
func TestEscClosesALoadingDialogAndDropsWhatWasTypedForIt(t *testing.T) {
	for _, k := range []string{"s", "r", "e", "y"} {
		t.Run(k, func(t *testing.T) {
			m, _ := newModel(t, 120, 40, paths(5)...)
			m = press(m, "G") // the oldest: k would move the selection
			before := m.list.SelectedID()
			m, held := openSlowly(t, m, k)
			m = press(m, "kkk", "esc")
			if m.modal != modalNone {
				t.Fatalf("esc left the loading dialog open (modal %d)", m.modal)
			}
			m = deliver(m, held)
			if m.modal != modalNone {
				t.Fatalf("the dialog opened again when its load answered (modal %d)", m.modal)
			}
			if got := m.list.SelectedID(); got != before {
				t.Fatalf("the keys typed for the dialog moved the list: %s, want %s", got, before)
			}
		})
	}
}
