package deliverylist

import tea "github.com/charmbracelet/bubbletea"

// Move moves the selection by step rows (the mouse wheel).
func (m *Model) Move(step int) tea.Cmd {
	if m.total == 0 {
		return nil
	}
	return m.Select(m.selected + step)
}

// SelectRow selects the delivery on visible row (0 is the column header):
// a click. A click below the last delivery selects nothing.
func (m *Model) SelectRow(row int) tea.Cmd {
	i := m.top + row - 1
	if row < 1 || row > m.visibleRows() || i >= m.total {
		return nil
	}
	return m.Select(i)
}
