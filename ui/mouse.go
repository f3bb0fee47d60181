package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// With the mouse on (Options.Mouse), the wheel scrolls the pane under the
// pointer and a click selects a list row, a tree node or a detail tab.
// The terminal then sends the mouse to hookscope, not to its own text
// selection: most terminals still select with shift held (mouseHelp).

// wheelStep is how many lines one notch of the wheel scrolls the detail
// pane; the list and the tree move their selection by one.
const wheelStep = 3

// mouseHelp says how to select text while hookscope has the mouse. It is
// help only: no key has that name.
func mouseHelp() key.Binding {
	return key.NewBinding(key.WithKeys("shift+drag"), key.WithHelp("shift+drag", "select text"))
}

type paneAt int

const (
	atNone paneAt = iota
	atTree
	atList
	atDetail
)

// paneUnder finds the pane at cell (x, y) of the screen, and the cell
// inside it (inside its border and padding), laid out as View draws.
func (m Model) paneUnder(x, y int) (paneAt, int, int) {
	st := m.styles.Pane
	left, top := st.GetBorderLeftSize()+st.GetPaddingLeft(), st.GetBorderTopSize()+st.GetPaddingTop()
	_, frameH := st.GetFrameSize()
	rest := max(0, m.height-m.statusHeight())
	if y < 0 || y >= rest || x < 0 || x >= m.width {
		return atNone, 0, 0
	}
	if m.sideOuter == 0 && m.focus == focusSidebar {
		return atTree, x - left, y - top // the tree in the list's place
	}
	if x < m.sideOuter {
		return atTree, x - left, y - top
	}
	x -= m.sideOuter
	listOuter := m.listHeight + frameH
	if y < listOuter {
		return atList, x - left, y - top
	}
	return atDetail, x - left, y - listOuter - top
}

// handleMouse acts on a wheel notch or a left click; dialogs and the
// filter line keep the keyboard and ignore the mouse.
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if m.modal != modalNone || m.filter.IsOpen() || msg.Action != tea.MouseActionPress {
		return nil
	}
	at, x, y := m.paneUnder(msg.X, msg.Y)
	step := 0
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		step = -1
	case tea.MouseButtonWheelDown:
		step = 1
	case tea.MouseButtonLeft:
	default:
		return nil
	}
	if step != 0 {
		switch at {
		case atTree:
			m.sidebar.MoveCursor(step)
		case atList:
			return m.list.Move(step)
		case atDetail:
			m.detail.Scroll(step * wheelStep)
		}
		return nil
	}
	switch at {
	case atTree:
		m.setFocus(focusSidebar)
		return m.sidebar.ChooseRow(y)
	case atList:
		m.setFocus(focusList)
		return m.list.SelectRow(y)
	case atDetail:
		m.setFocus(focusDetail)
		if y == 0 {
			if t, ok := m.detail.TabAt(x); ok {
				m.detail.SetTab(t)
				return m.reloadReplays()
			}
		}
	}
	return nil
}
