package sidebar

import tea "github.com/charmbracelet/bubbletea"

// MoveCursor moves the cursor by step nodes (the mouse wheel).
func (m *Model) MoveCursor(step int) {
	m.cursor = min(max(m.cursor+step, 0), len(m.nodes)-1)
	m.scroll()
}

// ChooseRow chooses the node on visible row (0 is the first line shown),
// as enter on it does: a click.
func (m *Model) ChooseRow(row int) tea.Cmd {
	i := m.top + row
	if row < 0 || row >= m.height || i >= len(m.nodes) {
		return nil
	}
	m.cursor = i
	m.active = m.nodes[i].Filter
	f := m.active
	return func() tea.Msg { return FilterMsg{Filter: f} }
}
