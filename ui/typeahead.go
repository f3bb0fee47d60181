package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// maxTypeahead bounds the keys held for a loading dialog: a stuck load
// must not grow the model without end.
const maxTypeahead = 4096

// loader is a dialog that opens with a load (the delivery it saves,
// replays or copies, the rule it edits) and takes its keys only once that
// load is done.
type loader interface {
	Loading() bool
}

// typeahead is the keys typed while the open dialog was loading, in order,
// and the dialog they were typed for. A user who types `s`, a path and
// enter, or `r`, a target and ctrl+s, faster than the store answers meant
// every key for the dialog: they are handed to it once it is ready, as if
// the load had been instant.
type typeahead struct {
	keys   []tea.KeyMsg
	dialog modalKind
}

// holdKey reports whether msg waits for the open dialog's load, and holds
// it if so. A key the dialog acts on while it loads (esc, which closes
// every dialog) goes through at once.
func (m *Model) holdKey(msg tea.KeyMsg) bool {
	if m.modal == modalNone || !m.modalLoading() || actsNow(m.dialog(m.modal).Help(), msg) {
		return false
	}
	if m.held.dialog != m.modal {
		m.held = typeahead{dialog: m.modal}
	}
	if len(m.held.keys) < maxTypeahead {
		m.held.keys = append(m.held.keys, msg)
	}
	return true
}

// releaseKeys hands the held keys to their dialog once it has loaded; if
// it closed first (esc, a failed load), they are dropped, never run as the
// list's commands.
func (m Model) releaseKeys() (Model, tea.Cmd) {
	if len(m.held.keys) == 0 {
		return m, nil
	}
	if m.modal != m.held.dialog {
		m.held = typeahead{}
		return m, nil
	}
	if m.modalLoading() {
		return m, nil
	}
	keys := m.held.keys
	m.held = typeahead{}
	cmds := make([]tea.Cmd, 0, len(keys))
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.route(k) // held again if a key starts another load
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// modalLoading reports whether the open dialog is still loading.
func (m Model) modalLoading() bool {
	l, ok := m.dialog(m.modal).(loader)
	return ok && l.Loading()
}

// actsNow reports whether msg matches one of km's enabled bindings: a key
// the dialog has enabled while it loads is one it handles then.
func actsNow(km help.KeyMap, msg tea.KeyMsg) bool {
	for _, group := range km.FullHelp() {
		for _, b := range group {
			if key.Matches(msg, b) {
				return true
			}
		}
	}
	return false
}
