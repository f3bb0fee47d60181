package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/ui/detail"
)

// cellOf finds where text is drawn on the screen: its column and row.
func cellOf(t *testing.T, m Model, text string) (int, int) {
	t.Helper()
	for y, l := range strings.Split(m.View(), "\n") {
		if i := strings.Index(l, text); i >= 0 {
			return len([]rune(l[:i])), y
		}
	}
	t.Fatalf("%q is not on the screen:\n%s", text, m.View())
	return 0, 0
}

func mouse(m Model, x, y int, b tea.MouseButton) Model {
	return settle(m, tea.MouseMsg{X: x, Y: y, Button: b, Action: tea.MouseActionPress}).(Model)
}

func TestClickSelectsARowATreeNodeAndATab(t *testing.T) {
	m, _ := newModel(t, 200, 50, topics()...)
	x, y := cellOf(t, m, "POST /s/2")
	m = mouse(m, x, y, tea.MouseButtonLeft)
	if selectedURI(t, m) != "/s/2" || m.list.Following() {
		t.Fatalf("a click on /s/2 selected %s", selectedURI(t, m))
	}
	if d := m.detail.Delivery(); d == nil || d.URI != "/s/2" {
		t.Fatalf("the detail pane shows %+v", d)
	}
	x, y = cellOf(t, m, "3 Headers")
	m = mouse(m, x+2, y, tea.MouseButtonLeft)
	if m.detail.Tab() != detail.TabHeaders || m.focus != focusDetail {
		t.Fatalf("a click on 3 Headers: tab %v, focus %v", m.detail.Tab(), m.focus)
	}
	x, y = cellOf(t, m, "│   vend ") // the tree's line, at the screen's left edge
	m = mouse(m, x+4, y, tea.MouseButtonLeft)
	if f := m.list.Filter(); f.Provider != "vend" || f.Topic != "" || m.list.Total() != 3 {
		t.Fatalf("a click on the vend node: filter %+v, total %d", f, m.list.Total())
	}
	// Below the last row: nothing changes.
	before := selectedURI(t, m)
	_, y = cellOf(t, m, " of 3 · vend")
	m = mouse(m, 60, y-2, tea.MouseButtonLeft)
	if selectedURI(t, m) != before {
		t.Errorf("a click on an empty row selected %s", selectedURI(t, m))
	}
}

func TestWheelScrollsThePaneUnderThePointer(t *testing.T) {
	m, st := newModel(t, 150, 40, paths(5)...)
	insertBody(t, st, 6, "/long", "{"+strings.Repeat(`"k":1,`, 200)+`"z":0}`)
	m = press(load(m), "2")
	x, y := cellOf(t, m, "[2 Body]")
	m = mouse(m, x, y+3, tea.MouseButtonWheelDown)
	m = mouse(m, x, y+3, tea.MouseButtonWheelDown)
	if !strings.Contains(m.View(), `"k": 1`) || strings.Contains(m.View(), "\n│ {") {
		t.Fatalf("the wheel over the body did not scroll it:\n%s", m.View())
	}
	if selectedURI(t, m) != "/long" {
		t.Fatal("the wheel over the body moved the list")
	}
	x, y = cellOf(t, m, "POST /n/02")
	m = mouse(m, x, y, tea.MouseButtonWheelUp)
	m = mouse(m, x, y, tea.MouseButtonWheelUp)
	if selectedURI(t, m) != "/n/03" {
		t.Fatalf("two notches up over the list selected %s, want /n/03", selectedURI(t, m))
	}
	m = mouse(m, x, y, tea.MouseButtonWheelDown)
	if selectedURI(t, m) != "/n/04" {
		t.Fatalf("a notch down selected %s", selectedURI(t, m))
	}
}

func TestMouseIsIgnoredWhileADialogIsOpen(t *testing.T) {
	m, _ := newModel(t, 150, 40, topics()...)
	m = press(m, "x")
	x, y := cellOf(t, m, "POST /s/1")
	m = mouse(m, x, y, tea.MouseButtonLeft)
	if m.modal != modalConfirm || selectedURI(t, m) != "/v/3" {
		t.Fatalf("a click under the delete question: modal %v, selected %s", m.modal, selectedURI(t, m))
	}
}

func TestHelpSaysHowToSelectTextWhenTheMouseIsOn(t *testing.T) {
	m, _ := newModel(t, 150, 40, topics()...)
	if strings.Contains(fullHelp(m), "shift+drag") {
		t.Error("mouse off, yet help speaks of shift+drag")
	}
	on := New(Options{Store: m.opts.Store, Addr: "127.0.0.1:18110", Mouse: true})
	on = resize(load(on), 150, 40)
	if !strings.Contains(fullHelp(on), "shift+drag select text") {
		t.Errorf("mouse on, help does not say how to select text:\n%s", fullHelp(on))
	}
}
