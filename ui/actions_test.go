package ui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
)

func TestMarkShowsInTheListAndIsMarkedFindsIt(t *testing.T) {
	m, st := newModel(t, 150, 40, topics()...)
	m = press(m, "k", "m") // /s/3
	if d := m.list.Selected(); d == nil || !d.Marked || d.URI != "/s/3" {
		t.Fatalf("m did not mark the selected delivery: %+v", d)
	}
	if !strings.Contains(m.View(), "▌*10:00:05.000") {
		t.Errorf("the mark does not show on the row:\n%s", m.View())
	}
	m = press(m, "/", "is:marked", "enter")
	if m.list.Total() != 1 || selectedURI(t, m) != "/s/3" {
		t.Fatalf("is:marked finds %d", m.list.Total())
	}
	m = press(m, "m") // unmark
	if n, _ := st.Count(context.Background(), store.Filter{Expr: m.filter.Expr()}); n != 0 {
		t.Fatalf("after unmarking, %d marked in the store", n)
	}
}

func TestDeleteAsksNamingTheCountAndUndoRestores(t *testing.T) {
	m, st := newModel(t, 150, 40, topics()...)
	m = press(m, "x")
	if m.modal != modalConfirm || !strings.Contains(m.View(), "Delete 1 delivery?") || !strings.Contains(m.View(), "POST /v/3") {
		t.Fatalf("x did not ask naming the count:\n%s", m.View())
	}
	m = press(m, "n")
	if m.modal != modalNone || m.list.Total() != 6 {
		t.Fatalf("n: modal %v, total %d", m.modal, m.list.Total())
	}
	m = press(m, "x", "y")
	if m.list.Total() != 5 {
		t.Fatalf("x y left %d", m.list.Total())
	}
	if _, err := st.Get(context.Background(), "01MODELTEST000000000000006"); err == nil {
		t.Fatal("the selected delivery is still in the store")
	}
	if !strings.Contains(statusBar(m), "deleted 1 delivery (u undoes)") {
		t.Errorf("status %q", statusBar(m))
	}

	// X deletes what the filter shows, after saying how many.
	m = press(m, "/", "path:/s/*", "enter", "X")
	if !strings.Contains(m.View(), "Delete 3 deliveries?") || !strings.Contains(m.View(), "every delivery in filter: path:/s/*") {
		t.Fatalf("X did not ask naming the count and the filter:\n%s", m.View())
	}
	m = press(m, "y", "esc")
	if m.list.Total() != 2 {
		t.Fatalf("after X, %d left", m.list.Total())
	}
	m = press(m, "u")
	if m.list.Total() != 5 || !strings.Contains(statusBar(m), "restored 3 deliveries") {
		t.Fatalf("u: total %d, status %q", m.list.Total(), statusBar(m))
	}
	m = press(m, "u")
	if m.list.Total() != 6 {
		t.Fatalf("second u: total %d", m.list.Total())
	}
	if m = press(m, "u"); m.list.Total() != 6 || m.keys.Undo.Enabled() {
		t.Errorf("a third u: total %d, u still offered %v", m.list.Total(), m.keys.Undo.Enabled())
	}
}

func TestCtrlZSuspends(t *testing.T) {
	m, _ := newModel(t, 150, 40, topics()...)
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlZ})
	var suspended bool
	for _, msg := range runCmd(cmd) {
		_, ok := msg.(tea.SuspendMsg)
		suspended = suspended || ok
	}
	if !suspended {
		t.Fatal("ctrl+z does not suspend")
	}
}

func TestAQuestionAskedFromTheFullHelpShows(t *testing.T) {
	m, _ := newModel(t, 80, 24, topics()...)
	m = press(m, "?") // at 80×24 the keys take the detail pane's room
	m = press(m, "x")
	if v := m.View(); !strings.Contains(v, "Delete 1 delivery?") || len(strings.Split(v, "\n")) != 24 {
		t.Fatalf("the question is not on a 24-line screen:\n%s", v)
	}
}
