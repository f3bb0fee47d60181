package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/filterline"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/sidebar"
)

// The list's filter is the tree's provider/topic ANDed with the filter
// line's expression: each part changes on its own and keeps the other.

// applyExpr puts the filter line's expression in force beside the tree's
// choice.
func (m *Model) applyExpr(msg filterline.AppliedMsg) tea.Cmd {
	f := m.list.Filter()
	f.Expr = msg.Expr
	return m.list.SetFilter(f)
}

// treeFilter is what the tree chose, with the filter line's expression
// kept.
func (m *Model) treeFilter(tree store.Filter) tea.Cmd {
	tree.Expr = m.filter.Expr()
	return m.list.SetFilter(tree)
}

// clearFilters drops both the tree's choice and the expression.
func (m *Model) clearFilters() tea.Cmd {
	m.sidebar.SetActive(store.Filter{})
	return tea.Batch(m.filter.Clear(), m.list.SetFilter(store.Filter{}))
}

// filterLabel names the filter in force, "" for none: the tree's node and
// the expression as typed.
func (m Model) filterLabel() string {
	f := m.list.Filter()
	tree := store.Filter{Provider: f.Provider, Topic: f.Topic}
	label := ""
	if tree != (store.Filter{}) {
		label = sidebar.Label(tree)
	}
	if text := m.filter.Text(); text != "" && f.Expr != nil {
		if label != "" {
			label += " · "
		}
		label += "filter: " + text
	}
	return sanitize.Line(label)
}

// syncFilterCount tells the filter line how many the list counted, when
// the count is of the filter in force (not of one a load is replacing).
func (m *Model) syncFilterCount() {
	f, shown := m.list.Filter(), m.list.Shown()
	m.filter.SetCount(m.list.Total(), shown.Expr == m.filter.Expr() && shown.Provider == f.Provider && shown.Topic == f.Topic)
}

// listFooter is the list pane's last line: the filter line while it is
// open, else where the selection is and the filter in force
// ("1,204 of 2,000 · filter: topic:orders/*").
func (m Model) listFooter(width int) string {
	if m.filter.IsOpen() {
		return m.filter.View()
	}
	line := m.list.Position()
	if label := m.filterLabel(); label != "" {
		line += " · " + label
	}
	return m.styles.Bar.Muted.Render(format.Pad(line, width))
}
