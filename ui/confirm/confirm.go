// Package confirm is the TUI's yes/no question before something that
// cannot be taken back by accident (deleting deliveries): a modal that
// holds the keys until answered, and runs the action asked about only on
// yes.
package confirm

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// KeyMap is the question's keys.
type KeyMap struct {
	Yes, No key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Yes: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:  key.NewBinding(key.WithKeys("n", "N", "esc", "q"), key.WithHelp("n/esc", "no")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Yes, k.No} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is the question.
type Model struct {
	styles        *theme.Styles
	keys          KeyMap
	width, height int

	open     bool
	question string
	detail   string
	action   tea.Cmd
}

var _ pane.Pane[Model] = (*Model)(nil)

// New returns a closed question.
func New(styles *theme.Styles) Model { return Model{styles: styles, keys: defaultKeyMap()} }

// Open asks question (detail says more, on the lines below) and runs
// action on yes. The Cmd it returns is never nil, so that the root's
// openModal takes it as opened.
func (m *Model) Open(question, detail string, action tea.Cmd) tea.Cmd {
	m.open, m.question, m.detail, m.action = true, question, detail, action
	return func() tea.Msg { return nil }
}

// IsOpen reports whether the question waits for an answer.
func (m Model) IsOpen() bool { return m.open }

// Help is the question's keys.
func (m Model) Help() help.KeyMap { return m.keys }

// SetSize sets the size of the question's box.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	return nil
}

// Update answers the question: y runs the action, n or esc does not.
// Every other key is ignored: a stray j must not say yes.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || !m.open {
		return m, nil
	}
	switch {
	case key.Matches(k, m.keys.Yes):
		action := m.action
		m.open, m.action = false, nil
		return m, action
	case key.Matches(k, m.keys.No):
		m.open, m.action = false, nil
	}
	return m, nil
}

// View is the question, the details and the answers.
func (m Model) View() string {
	if !m.open {
		return ""
	}
	lines := []string{m.styles.Bar.Error.Render(format.Pad(sanitize.Line(m.question), m.width)), ""}
	for _, l := range strings.Split(m.detail, "\n") {
		lines = append(lines, format.Pad(sanitize.Line(l), m.width))
	}
	lines = append(lines, "", m.styles.Bar.Muted.Render(format.Pad("y: yes · n or esc: no", m.width)))
	if len(lines) > m.height && m.height > 0 {
		lines = append(lines[:1], lines[len(lines)-(m.height-1):]...)
	}
	return strings.Join(lines, "\n")
}
