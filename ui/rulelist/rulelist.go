// Package rulelist is the TUI screen of reply rules: every rule in the
// order the user gave, with keys to create, edit, reorder, reset to the
// documented default and delete. Reads and writes run in tea.Cmds; editing
// itself is the reply editor's job (the screen asks the root for it).
package rulelist

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// Store is where rules live.
type Store interface {
	Rules(ctx context.Context) ([]store.RuleRow, int64, error)
	PutRule(ctx context.Context, id int64, data string) (int64, error)
	DeleteRule(ctx context.Context, id int64) error
	MoveRule(ctx context.Context, id int64, delta int) error
}

// KeyMap is the screen's keys.
type KeyMap struct {
	Up, Down, New, Edit, MoveUp, MoveDown, Reset, Delete, Close key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new rule")),
		Edit:     key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter", "edit")),
		MoveUp:   key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "move up")),
		MoveDown: key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "move down")),
		Reset:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset to default")),
		Delete:   key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "delete")),
		Close:    key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.New, k.Edit, k.MoveUp, k.MoveDown, k.Reset, k.Delete, k.Close}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.New, k.Edit}, {k.MoveUp, k.MoveDown, k.Reset, k.Delete, k.Close}}
}

// EditMsg asks the root to open the reply editor on a rule.
type EditMsg struct{ Rule reply.UserRule }

// ClosedMsg says the screen closed.
type ClosedMsg struct{}

type loadedMsg struct {
	rules []reply.UserRule
	err   error
}

// Model is the screen.
type Model struct {
	st     Store
	styles *theme.Styles
	keys   KeyMap

	width, height int
	open          bool
	rules         []reply.UserRule
	cursor        int
	err           error
	notice        string

	// newFor is the provider and topic a new rule starts with: the
	// selected delivery's.
	newProvider, newTopic string
}

// New returns a closed screen.
func New(st Store, styles *theme.Styles) Model {
	return Model{st: st, styles: styles, keys: defaultKeyMap()}
}

// Open shows the screen; a new rule starts from provider and topic.
func (m *Model) Open(provider, topic string) tea.Cmd {
	m.open, m.err, m.notice = true, nil, ""
	m.newProvider, m.newTopic = provider, topic
	return m.Reload()
}

// IsOpen reports whether the screen shows; it then has every key.
func (m Model) IsOpen() bool { return m.open }

var _ pane.Pane[Model] = (*Model)(nil)

// Help is the screen's keys.
func (m Model) Help() help.KeyMap { return m.keys }

// SetSize sets the screen's size.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	return nil
}

// Reload reads the rules again (after an edit elsewhere, too).
func (m Model) Reload() tea.Cmd {
	st := m.st
	return func() tea.Msg {
		rows, _, err := st.Rules(context.Background())
		if err != nil {
			return loadedMsg{err: err}
		}
		var rules []reply.UserRule
		for _, r := range rows {
			u, err := reply.DecodeRule(r.ID, r.Position, r.Data)
			if err != nil {
				return loadedMsg{err: err}
			}
			rules = append(rules, u)
		}
		return loadedMsg{rules: rules}
	}
}

// change runs f on the store, then reloads.
func (m Model) change(done string, f func(ctx context.Context) error) tea.Cmd {
	reload := m.Reload()
	return func() tea.Msg {
		if err := f(context.Background()); err != nil {
			return loadedMsg{err: err}
		}
		return noticeMsg{loaded: reload().(loadedMsg), notice: done}
	}
}

type noticeMsg struct {
	loaded loadedMsg
	notice string
}

// Update handles loads and, while open, keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case noticeMsg:
		m.notice = msg.notice
		return m.Update(msg.loaded)
	case loadedMsg:
		m.err = msg.err
		if msg.err == nil {
			m.rules = msg.rules
			m.cursor = min(max(m.cursor, 0), max(0, len(m.rules)-1))
		}
		return m, nil
	case tea.KeyMsg:
		if !m.open {
			return m, nil
		}
		return m.handleKey(msg)
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	var sel *reply.UserRule
	if m.cursor < len(m.rules) {
		sel = &m.rules[m.cursor]
	}
	switch {
	case key.Matches(msg, m.keys.Close):
		m.open = false
		return m, func() tea.Msg { return ClosedMsg{} }
	case key.Matches(msg, m.keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, m.keys.Down):
		m.cursor = min(max(0, len(m.rules)-1), m.cursor+1)
	case key.Matches(msg, m.keys.New):
		def := reply.Default(m.newProvider, m.newTopic)
		u := reply.UserRule{Provider: m.newProvider, Topic: m.newTopic,
			Step: reply.Step{Status: def.Status, Headers: def.Headers, Body: def.Body}}
		return m, func() tea.Msg { return EditMsg{Rule: u} }
	case sel == nil:
		return m, nil
	case key.Matches(msg, m.keys.Edit):
		if len(sel.Sequence) > 0 {
			m.notice = "a sequence is edited in an exported file: hookscope replies export / import"
			return m, nil
		}
		u := *sel
		return m, func() tea.Msg { return EditMsg{Rule: u} }
	case key.Matches(msg, m.keys.MoveUp), key.Matches(msg, m.keys.MoveDown):
		delta := 1
		if key.Matches(msg, m.keys.MoveUp) {
			delta = -1
		}
		m.cursor = min(max(0, m.cursor+delta), max(0, len(m.rules)-1))
		st, id := m.st, sel.ID
		return m, m.change("moved "+sel.Name(), func(ctx context.Context) error { return st.MoveRule(ctx, id, delta) })
	case key.Matches(msg, m.keys.Reset):
		u := *sel
		def := reply.Default(u.Provider, u.Topic)
		u.Step = reply.Step{Status: def.Status, Headers: def.Headers, Body: def.Body}
		u.Sequence = nil
		st := m.st
		return m, m.change("reset "+u.Name()+" to "+def.Name, func(ctx context.Context) error {
			data, err := u.Encode()
			if err != nil {
				return err
			}
			_, err = st.PutRule(ctx, u.ID, data)
			return err
		})
	case key.Matches(msg, m.keys.Delete):
		st, id, name := m.st, sel.ID, sel.Name()
		return m, m.change("deleted "+name, func(ctx context.Context) error { return st.DeleteRule(ctx, id) })
	}
	return m, nil
}

// View renders the rules.
func (m Model) View() string {
	if !m.open || m.width <= 0 {
		return ""
	}
	s := m.styles
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render("Reply rules") + "  " +
		s.Detail.Label.Render("the most specific match wins; without one, the documented default applies") + "\n")
	b.WriteString(s.List.Header.Render(format.Pad(fmt.Sprintf("  %-4s %-36s %-12s %-7s %s", "ID", "MATCHES", "REPLY", "DELAY", "BODY"), m.width)) + "\n")
	if len(m.rules) == 0 {
		b.WriteString(s.List.Empty.Render("  no rules: every delivery gets its documented default; n creates one") + "\n")
	}
	for i, u := range m.rules {
		body, _, _ := strings.Cut(strings.TrimSpace(u.Body), "\n")
		line := fmt.Sprintf("  %-4d %-36s %-12s %-7s %s", u.ID, format.Pad(sanitize.Line(u.Match()), 36), format.Pad(u.Statuses(), 12),
			time.Duration(u.Delay), sanitize.Line(body))
		if i == m.cursor {
			b.WriteString(s.List.Selected.Render(format.Pad(line, m.width)) + "\n")
		} else {
			b.WriteString(s.List.Row.Render(format.Pad(line, m.width)) + "\n")
		}
	}
	if m.notice != "" {
		b.WriteString("\n" + s.Bar.Follow.Render(sanitize.Line(m.notice)) + "\n")
	}
	if m.err != nil {
		b.WriteString("\n" + s.Bar.Error.Render(sanitize.Line(m.err.Error())) + "\n")
	}
	return b.String()
}
