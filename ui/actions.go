package ui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/format"
)

// Curator is what the TUI changes in the store besides replies: marks and
// deletes, with the undo of a delete.
type Curator interface {
	Mark(ctx context.Context, ids []string, marked bool) (int, error)
	Delete(ctx context.Context, f store.Filter) (store.Undo, error)
	Undelete(ctx context.Context, u store.Undo) (int, error)
}

type (
	markedMsg struct {
		marked bool
		err    error
	}
	deletedMsg struct {
		undo store.Undo
		err  error
	}
	undeletedMsg struct {
		n   int
		err error
	}
)

// toggleMark marks the selected delivery, or unmarks it.
func (m *Model) toggleMark() tea.Cmd {
	d := m.list.Selected()
	if d == nil {
		return nil
	}
	st, id, marked := m.opts.Store, d.ID, !d.Marked
	return func() tea.Msg {
		_, err := st.Mark(context.Background(), []string{id}, marked)
		return markedMsg{marked: marked, err: err}
	}
}

// askDelete asks before deleting: the selected delivery (all false) or
// every delivery the list shows.
func (m *Model) askDelete(all bool) tea.Cmd {
	f, n := m.list.Filter(), m.list.Total()
	what := "the deliveries the list shows"
	if !all {
		d := m.list.Selected()
		if d == nil {
			return nil
		}
		f, n, what = store.Filter{ID: d.ID}, 1, d.Method+" "+d.URI
	} else if label := m.filterLabel(); label != "" {
		what = "every delivery in " + label
	} else {
		what = "every delivery in the store"
	}
	if n == 0 {
		return nil
	}
	st := m.opts.Store
	action := func() tea.Msg {
		u, err := st.Delete(context.Background(), f)
		return deletedMsg{undo: u, err: err}
	}
	question := "Delete " + countOf(n) + "?"
	detail := what + "\nu undoes the delete until hookscope exits."
	return m.openModal(modalConfirm, m.confirm.Open(question, detail, action))
}

// undoDelete brings back what the last delete removed.
func (m *Model) undoDelete() tea.Cmd {
	if len(m.undos) == 0 {
		return nil
	}
	u := m.undos[len(m.undos)-1]
	m.undos = m.undos[:len(m.undos)-1]
	st := m.opts.Store
	return func() tea.Msg {
		n, err := st.Undelete(context.Background(), u)
		return undeletedMsg{n: n, err: err}
	}
}

// handleCurated takes the results of marks and deletes.
func (m *Model) handleCurated(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case markedMsg:
		if msg.err != nil {
			m.problem = msg.err.Error()
			return nil
		}
		m.notice = "unmarked"
		if msg.marked {
			m.notice = "marked (is:marked finds it; retention keeps it)"
		}
	case deletedMsg:
		if msg.err != nil {
			m.problem = msg.err.Error()
			return nil
		}
		if msg.undo.Count > 0 {
			m.undos = append(m.undos, msg.undo)
		}
		m.notice = fmt.Sprintf("deleted %s (u undoes)", countOf(msg.undo.Count))
	case undeletedMsg:
		if msg.err != nil {
			m.problem = "cannot undo the delete: " + msg.err.Error()
			return nil
		}
		m.notice = "restored " + countOf(msg.n)
	default:
		return nil
	}
	m.problem = ""
	return tea.Batch(m.list.Refresh(), m.sidebar.Refresh())
}

func countOf(n int) string {
	if n == 1 {
		return "1 delivery"
	}
	return format.Count(n) + " deliveries"
}
