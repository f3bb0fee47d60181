package ui

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
)

// seed is a delivery for direct Update tests: its provider, topic and path.
type seed struct{ provider, topic, path string }

// newModel is the root model over a fresh store holding seeds (oldest
// first), sized w×h and loaded: the state a user sees after start, driven
// without a terminal through settle.
func newModel(t testing.TB, w, h int, seeds ...seed) (Model, *store.Store) {
	t.Helper()
	st := seededStore(t, seeds...)
	m := New(Options{Store: st, Addr: "127.0.0.1:18110"})
	m.noticeTTL = -1 // notices stay: time does not pass in settle
	return resize(load(m), w, h), st
}

// seededStore is a store for the test holding a delivery per seed,
// closed when the test ends.
func seededStore(t testing.TB, seeds ...seed) *store.Store {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	for i, s := range seeds {
		insertSeed(t, st, i+1, s)
	}
	return st
}

func insertSeed(t testing.TB, st *store.Store, n int, s seed) {
	t.Helper()
	// Bodies differ: the same body from the same provider and topic is a
	// retry (store/retries.go), which the list would say.
	body := []byte(fmt.Sprintf(`{"n":%d}`, n))
	d := &store.Delivery{ID: fmt.Sprintf("01MODELTEST%015d", n), ReceivedAt: time.Date(2026, 1, 2, 10, 0, n, 0, time.UTC),
		Method: "POST", URI: s.path, Proto: "HTTP/1.1", Headers: http.Header{"Content-Type": {"application/json"}},
		Body: body, Size: int64(len(body)), ReplyStatus: 200, Provider: s.provider, Topic: s.topic}
	if err := st.Insert(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

func load(m Model) Model { return settle(m, startMsg{}).(Model) }

func resize(m Model, w, h int) Model {
	return settle(m, tea.WindowSizeMsg{Width: w, Height: h}).(Model)
}

// press sends each key in turn: "jjj" is one message of three runes, as a
// fast typist or tmux send-keys delivers it; named keys are tea's names.
func press(m Model, keys ...string) Model {
	for _, k := range keys {
		m = settle(m, keyMsg(k)).(Model)
	}
	return m
}

func keyMsg(k string) tea.KeyMsg {
	for t, name := range map[tea.KeyType]string{tea.KeyTab: "tab", tea.KeyShiftTab: "shift+tab", tea.KeyEnter: "enter",
		tea.KeyEsc: "esc", tea.KeyDown: "down", tea.KeyUp: "up", tea.KeyCtrlR: "ctrl+r", tea.KeyCtrlS: "ctrl+s", tea.KeyCtrlE: "ctrl+e", tea.KeyCtrlG: "ctrl+g", tea.KeyCtrlU: "ctrl+u", tea.KeyBackspace: "backspace"} {
		if k == name {
			return tea.KeyMsg{Type: t}
		}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func paths(n int) []seed {
	var s []seed
	for i := 0; i < n; i++ {
		s = append(s, seed{path: fmt.Sprintf("/n/%02d", i)})
	}
	return s
}

func selectedURI(t *testing.T, m Model) string {
	t.Helper()
	d := m.list.Selected()
	if d == nil {
		t.Fatal("nothing selected")
	}
	return d.URI
}

func TestBurstOfLettersMovesOncePerLetter(t *testing.T) {
	m, _ := newModel(t, 150, 40, paths(10)...)
	m = press(m, "g", "jjj")
	if got := selectedURI(t, m); got != "/n/03" {
		t.Fatalf(`g then "jjj" in one message selects %s, want /n/03 (as three j keys do)`, got)
	}
	m = press(m, "kk")
	if got := selectedURI(t, m); got != "/n/01" {
		t.Fatalf(`"kk" selects %s, want /n/01`, got)
	}
}

func TestBurstOfLettersMovesTheTreeCursor(t *testing.T) {
	m, _ := newModel(t, 150, 40, seed{"spiffy", "orders/create", "/a"}, seed{"spiffy", "orders/paid", "/b"}, seed{"vend", "sale.update", "/c"})
	m = press(m, "shift+tab") // list → tree
	if m.focus != focusSidebar {
		t.Fatalf("focus %v, want the tree", m.focus)
	}
	m = press(m, "jjj", "enter") // All, spiffy, orders/create, orders/paid
	if f := m.list.Filter(); f != (store.Filter{Provider: "spiffy", Topic: "orders/paid"}) {
		t.Fatalf(`"jjj" then enter in the tree filters %+v, want spiffy orders/paid`, f)
	}
}

func TestBurstThatOpensAnEditorDoesNotRunTheRestAsCommands(t *testing.T) {
	m, _ := newModel(t, 150, 40, paths(3)...)
	// "e" opens the editor; the q after it is text there, never quit.
	next, cmd := m.Update(keyMsg("eq"))
	for _, msg := range runCmd(cmd) {
		if _, quit := msg.(tea.QuitMsg); quit {
			t.Fatal(`"eq" in one message quit: the q after e was taken as a command`)
		}
	}
	if !next.(Model).editor.IsOpen() {
		t.Fatal(`"eq": the editor did not open`)
	}
}

// topics is two providers' deliveries, interleaved, oldest first.
func topics() []seed {
	return []seed{
		{"spiffy", "orders/create", "/s/1"}, {"vend", "sale.update", "/v/1"},
		{"spiffy", "orders/create", "/s/2"}, {"vend", "sale.update", "/v/2"},
		{"spiffy", "orders/create", "/s/3"}, {"vend", "sale.update", "/v/3"},
	}
}

// chooseInTree focuses the tree and chooses the node labelled label.
func chooseInTree(t *testing.T, m Model, label string) Model {
	t.Helper()
	for m.focus != focusSidebar {
		m = press(m, "shift+tab")
	}
	m = press(m, "g")
	for i, n := range m.sidebar.Nodes() {
		if n.Label == label {
			for ; i > 0; i-- {
				m = press(m, "j")
			}
			return press(m, "enter")
		}
	}
	t.Fatalf("no node %q in the tree", label)
	return m
}

func TestChoosingAFilterKeepsFollowingTheNewest(t *testing.T) {
	m, _ := newModel(t, 150, 40, topics()...)
	m = chooseInTree(t, m, "orders/create")
	if !m.list.Following() || selectedURI(t, m) != "/s/3" {
		t.Fatalf("after choosing a topic while following: following %v, selected %s; want following /s/3", m.list.Following(), selectedURI(t, m))
	}
	m = chooseInTree(t, m, "All")
	if !m.list.Following() || selectedURI(t, m) != "/v/3" {
		t.Fatalf("back to All while following: following %v, selected %s; want following /v/3", m.list.Following(), selectedURI(t, m))
	}
}

func TestChoosingAFilterKeepsTheSelectionWhenItIsInTheList(t *testing.T) {
	m, _ := newModel(t, 150, 40, topics()...)
	m = press(m, "kkk") // /s/2, paused
	if selectedURI(t, m) != "/s/2" || m.list.Following() {
		t.Fatalf("setup: selected %s following %v", selectedURI(t, m), m.list.Following())
	}
	m = chooseInTree(t, m, "orders/create")
	if got := selectedURI(t, m); got != "/s/2" || m.list.Following() {
		t.Fatalf("choosing a topic that holds the selection moved it to %s (following %v); want /s/2, paused", got, m.list.Following())
	}
	m = chooseInTree(t, m, "All")
	if got := selectedURI(t, m); got != "/s/2" {
		t.Fatalf("back to All moved the selection to %s, want /s/2", got)
	}
	m = press(m, "G")
	if !m.list.Following() || selectedURI(t, m) != "/v/3" {
		t.Fatalf("G: following %v, selected %s; want following the newest, as less +F", m.list.Following(), selectedURI(t, m))
	}
}
