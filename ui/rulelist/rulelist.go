// Package rulelist is the TUI screen of reply rules: every rule in the
// order the user gave, with keys to create, edit, reorder and delete (with
// a confirmation and an undo). Resetting a rule means what `hookscope
// replies reset` means: deleting it, so the documented default applies
// again. While open it follows the store's rules version, so rules set
// from the CLI or another hookscope appear. Reads and writes run in
// tea.Cmds; editing itself is the reply editor's job (the screen asks the
// root for it).
package rulelist

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

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
	RestoreRule(ctx context.Context, id int64, position int, data string) (int64, error)
	MoveRule(ctx context.Context, id int64, delta int) error
	RulesVersion(ctx context.Context) (int64, error)
}

// RefreshInterval is how often the open screen checks the rules version,
// as capture does (a query on one row).
const RefreshInterval = 500 * time.Millisecond

// KeyMap is the screen's keys.
type KeyMap struct {
	Up, Down, New, Edit, MoveUp, MoveDown, Reset, Delete, Undo, Close key.Binding
	// Yes and No answer a delete's question.
	Yes, No key.Binding

	asking bool // a delete waits for y or n: only they are shown
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new rule")),
		Edit:     key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter", "edit")),
		MoveUp:   key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "move up")),
		MoveDown: key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "move down")),
		Reset:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset: delete, default applies")),
		Delete:   key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "delete")),
		Undo:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo delete"), key.WithDisabled()),
		Close:    key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close")),
		Yes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, delete")),
		No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "no, keep it")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	if k.asking {
		return k.questionKeys()
	}
	return []key.Binding{k.New, k.Edit, k.MoveUp, k.MoveDown, k.Reset, k.Delete, k.Undo, k.Close}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	if k.asking {
		return [][]key.Binding{k.questionKeys()}
	}
	return [][]key.Binding{{k.Up, k.Down, k.New, k.Edit}, {k.MoveUp, k.MoveDown, k.Reset, k.Delete, k.Undo, k.Close}}
}

// questionKeys are the only keys while a delete waits for its answer.
func (k KeyMap) questionKeys() []key.Binding { return []key.Binding{k.Yes, k.No} }

// EditMsg asks the root to open the reply editor on a rule.
type EditMsg struct{ Rule reply.UserRule }

// ClosedMsg says the screen closed.
type ClosedMsg struct{}

type loadedMsg struct {
	rules   []reply.UserRule
	version int64
	err     error
}

// tickMsg is time to check the rules version; gen tells ticks of an
// earlier opening, which stop, from the current one's.
type tickMsg struct{ gen int }

// versionMsg is the rules version read on a tick.
type versionMsg struct {
	gen     int
	version int64
	err     error
}

// deletedMsg says a rule was deleted; its row is kept for undo.
type deletedMsg struct {
	rule  reply.UserRule
	row   store.RuleRow
	reset bool
}

// restoredMsg says an undo put a deleted rule back, as id.
type restoredMsg struct {
	rule reply.UserRule
	id   int64
}

// question is a delete waiting for y or n.
type question struct {
	rule  reply.UserRule
	reset bool // asked with r: the same delete, worded as a reset
}

// Model is the screen.
type Model struct {
	st       Store
	styles   *theme.Styles
	keys     KeyMap
	interval time.Duration // 0: no refresh ticks (tests send tickMsg)

	width, height int
	open          bool
	gen           int // which opening ticks belong to
	rules         []reply.UserRule
	version       int64
	selected      int64 // the rule under the cursor, kept across reloads
	cursor        int
	err           error
	notice        string

	asking *question
	undo   *deletedMsg // the last delete, while the screen stays open

	// newMatch is what a new rule matches at first: the selected
	// delivery's provider and topic, or method and path.
	newMatch reply.UserRule
}

// New returns a closed screen.
func New(st Store, styles *theme.Styles) Model {
	return Model{st: st, styles: styles, keys: defaultKeyMap(), interval: RefreshInterval}
}

// Open shows the screen; a new rule starts from what d (the selected
// delivery, nil when there is none) would need to match.
func (m *Model) Open(d *store.Delivery) tea.Cmd {
	m.open, m.err, m.notice, m.asking, m.undo = true, nil, "", nil, nil
	m.newMatch = reply.UserRule{}
	if d != nil {
		m.newMatch = reply.MatchFor(d.Provider, d.Topic, d.Method, d.Path())
	}
	m.gen++
	return tea.Batch(m.Reload(), m.tick())
}

// tick schedules the next check of the rules version.
func (m Model) tick() tea.Cmd {
	if m.interval <= 0 {
		return nil
	}
	gen := m.gen
	return tea.Tick(m.interval, func(time.Time) tea.Msg { return tickMsg{gen: gen} })
}

// IsOpen reports whether the screen shows; it then has every key.
func (m Model) IsOpen() bool { return m.open }

var _ pane.Pane[Model] = (*Model)(nil)

// Keys is the screen's key map as things stand, with what would do
// nothing disabled: y/n while a delete waits for its answer, u only when
// there is a delete to undo, the keys on a rule only when there is one,
// moving only where the rule can go.
func (m Model) Keys() KeyMap {
	k := m.keys
	n := len(m.rules)
	k.Undo.SetEnabled(m.undo != nil)
	k.Up.SetEnabled(n > 1)
	k.Down.SetEnabled(n > 1)
	for _, b := range []*key.Binding{&k.Edit, &k.Reset, &k.Delete} {
		b.SetEnabled(n > 0)
	}
	k.MoveUp.SetEnabled(n > 0 && m.cursor > 0)
	k.MoveDown.SetEnabled(n > 0 && m.cursor < n-1)
	k.asking = m.asking != nil
	return k
}

// Help is the screen's keys that act now.
func (m Model) Help() help.KeyMap { return m.Keys() }

// SetSize sets the screen's size.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	return nil
}

// Reload reads the rules again (after an edit elsewhere, too).
func (m Model) Reload() tea.Cmd {
	st := m.st
	return func() tea.Msg {
		rules, version, err := reply.ReadRules(context.Background(), st)
		if err != nil {
			return loadedMsg{err: err}
		}
		return loadedMsg{rules: rules, version: version}
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

// Update handles loads, ticks and, while open, keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case noticeMsg:
		m.notice = msg.notice
		return m.Update(msg.loaded)
	case loadedMsg:
		m.err = msg.err
		if msg.err == nil {
			m.rules, m.version = msg.rules, msg.version
			m.cursor = min(max(m.cursor, 0), max(0, len(m.rules)-1))
			for i, u := range m.rules {
				if u.ID == m.selected {
					m.cursor = i
				}
			}
			m.keepSelected()
		}
		return m, nil
	case tickMsg:
		if !m.open || msg.gen != m.gen {
			return m, nil
		}
		st, gen := m.st, m.gen
		return m, func() tea.Msg {
			v, err := st.RulesVersion(context.Background())
			return versionMsg{gen: gen, version: v, err: err}
		}
	case versionMsg:
		if !m.open || msg.gen != m.gen {
			return m, nil
		}
		if msg.err != nil {
			m.err = msg.err
			return m, m.tick()
		}
		if msg.version != m.version {
			return m, tea.Batch(m.Reload(), m.tick())
		}
		return m, m.tick()
	case deletedMsg:
		m.undo = &msg
		verb := "deleted "
		if msg.reset {
			verb = "reset "
		}
		m.notice = verb + msg.rule.Name() + ": the documented default applies; u undoes"
		return m, m.Reload()
	case restoredMsg:
		m.undo = nil
		m.selected = msg.id
		msg.rule.ID = msg.id
		m.notice = "restored " + msg.rule.Name()
		return m, m.Reload()
	case tea.KeyMsg:
		if !m.open {
			return m, nil
		}
		if m.asking != nil {
			return m.answer(msg)
		}
		return m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) keepSelected() {
	m.selected = 0
	if m.cursor < len(m.rules) {
		m.selected = m.rules[m.cursor].ID
	}
}

// answer takes y or n for the delete waiting for it; any other key keeps
// the rule too, so a stray key never deletes.
func (m Model) answer(msg tea.KeyMsg) (Model, tea.Cmd) {
	q := *m.asking
	m.asking = nil
	if !key.Matches(msg, m.keys.Yes) {
		m.notice = "kept " + q.rule.Name()
		return m, nil
	}
	st := m.st
	return m, func() tea.Msg {
		ctx := context.Background()
		data, err := q.rule.Encode()
		if err != nil {
			return loadedMsg{err: err}
		}
		if err := st.DeleteRule(ctx, q.rule.ID); err != nil {
			return loadedMsg{err: err}
		}
		return deletedMsg{rule: q.rule, row: store.RuleRow{ID: q.rule.ID, Position: q.rule.Position, Data: data}, reset: q.reset}
	}
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	var sel *reply.UserRule
	if m.cursor < len(m.rules) {
		sel = &m.rules[m.cursor]
	}
	k := m.Keys() // a disabled key does nothing
	switch {
	case key.Matches(msg, k.Close):
		m.open, m.asking, m.undo = false, nil, nil
		return m, func() tea.Msg { return ClosedMsg{} }
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
		m.keepSelected()
	case key.Matches(msg, k.Down):
		m.cursor = min(max(0, len(m.rules)-1), m.cursor+1)
		m.keepSelected()
	case key.Matches(msg, k.Undo):
		u := *m.undo
		st := m.st
		return m, func() tea.Msg {
			id, err := st.RestoreRule(context.Background(), u.row.ID, u.row.Position, u.row.Data)
			if err != nil {
				return loadedMsg{err: err}
			}
			return restoredMsg{rule: u.rule, id: id}
		}
	case key.Matches(msg, k.New):
		u := m.newMatch
		def := reply.Default(u.Provider, u.Topic)
		u.Step = reply.Step{Status: def.Status, Headers: def.Headers, Body: def.Body}
		return m, func() tea.Msg { return EditMsg{Rule: u} }
	case sel == nil:
		return m, nil
	case key.Matches(msg, k.Edit):
		if len(sel.Sequence) > 0 {
			m.notice = "a sequence is edited in an exported file: hookscope replies export / import"
			return m, nil
		}
		u := *sel
		return m, func() tea.Msg { return EditMsg{Rule: u} }
	case key.Matches(msg, k.MoveUp), key.Matches(msg, k.MoveDown):
		delta := 1
		if key.Matches(msg, k.MoveUp) {
			delta = -1
		}
		st, id := m.st, sel.ID
		return m, m.change("moved "+sel.Name(), func(ctx context.Context) error { return st.MoveRule(ctx, id, delta) })
	case key.Matches(msg, k.Reset), key.Matches(msg, k.Delete):
		m.asking = &question{rule: *sel, reset: key.Matches(msg, k.Reset)}
		m.notice = ""
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
	const title = "Reply rules"
	// One line, cut to the width: wrapped, it pushed the last rule out.
	b.WriteString(s.PaneTitle.Render(title) + "  " + s.Detail.Label.Render(ansi.Truncate(
		"the most specific match wins; without one, the documented default applies", max(0, m.width-len(title)-2), "…")) + "\n")
	// MATCHES and REPLY are as wide as their widest cell (within bounds);
	// BODY takes what is left.
	matchW, replyW := len("MATCHES"), len("REPLY")
	for _, u := range m.rules {
		matchW = max(matchW, ansi.StringWidth(sanitize.Line(u.Match())))
		replyW = max(replyW, len(u.Statuses()))
	}
	matchW, replyW = min(matchW, max(12, m.width/3)), min(replyW, 12)
	const delayW = 7
	bodyW := max(0, m.width-(2+4+1+matchW+1+replyW+1+delayW+1))
	row := func(id, match, statuses, delay, body string) string {
		return "  " + format.Pad(id, 4) + " " + format.Pad(match, matchW) + " " + format.Pad(statuses, replyW) + " " +
			format.Pad(delay, delayW) + " " + format.Pad(body, bodyW)
	}
	b.WriteString(s.List.Header.Render(format.Pad(row("ID", "MATCHES", "REPLY", "DELAY", "BODY"), m.width)) + "\n")
	if len(m.rules) == 0 {
		b.WriteString(s.List.Empty.Render("  no rules: every delivery gets its documented default; n creates one") + "\n")
	}
	for i, u := range m.rules {
		line := row(fmt.Sprint(u.ID), sanitize.Line(u.Match()), u.Statuses(), time.Duration(u.Delay).String(), sanitize.Line(u.BodyPreview()))
		if i == m.cursor {
			b.WriteString(s.List.Selected.Render(format.Pad(line, m.width)) + "\n")
		} else {
			b.WriteString(s.List.Row.Render(format.Pad(line, m.width)) + "\n")
		}
	}
	if q := m.asking; q != nil {
		ask := "delete " + q.rule.Name() + "? the documented default applies again  y/n"
		if q.reset {
			ask = "reset " + q.rule.Name() + " to the documented default? this deletes the rule  y/n"
		}
		// Wrapped, never cut: the y/n is at the end.
		b.WriteString("\n" + s.Bar.Error.Width(m.width).Render(sanitize.Line(ask)) + "\n")
	}
	if m.notice != "" {
		b.WriteString("\n" + s.Bar.Follow.Width(m.width).Render(sanitize.Line(m.notice)) + "\n")
	}
	if m.err != nil {
		b.WriteString("\n" + s.Bar.Error.Width(m.width).Render(sanitize.Line(m.err.Error())) + "\n")
	}
	return b.String()
}
