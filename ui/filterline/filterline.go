// Package filterline is the TUI's `/`: a line over the delivery list where
// the user types a filter expression (capture/store/filter). What is typed
// is parsed after a pause in typing (Delay), in a tea.Cmd tagged with a
// generation so that a result for text since changed is dropped; a valid
// expression is handed to the root (AppliedMsg), which filters the list
// with it, and an invalid one shows its error, with the column, inline.
// Earlier filters are recalled with ↑/↓ and kept across runs (history.go).
package filterline

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hookscope/hookscope/capture/store/filter"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// Delay is how long typing must pause before the list follows: long enough
// that a fast typist's "sig:invalid" is one query, not eleven.
const Delay = 150 * time.Millisecond

// KeyMap is the line's keys while it is open.
type KeyMap struct {
	Keep, Clear, Older, Newer key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Keep:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Clear: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Older: key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "earlier filter")),
		Newer: key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "later filter")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Keep, k.Clear, k.Older, k.Newer} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// AppliedMsg says the filter in force is now Expr (nil: none), written
// Text: the root filters the list with it.
type AppliedMsg struct {
	Text string
	Expr filter.Expr
}

// ProblemMsg says the history could not be read or written: the filter
// works, but will not be recalled next time.
type ProblemMsg struct{ Err error }

// parsedMsg is typed text parsed after the pause, for generation gen.
type parsedMsg struct {
	gen  int
	text string
	expr filter.Expr
	err  error
}

// Model is the filter line.
type Model struct {
	styles *theme.Styles
	keys   KeyMap
	input  textinput.Model
	delay  time.Duration

	open  bool
	width int

	applied string      // the text of the filter in force
	expr    filter.Expr // its expression, nil for none
	gen     int         // generation of the newest text typed
	pending bool        // typed text not parsed yet
	err     error       // why the text typed is not a filter

	count      int  // matches of the filter in force, as the list counted
	countKnown bool // the list has counted the filter in force

	hist history
}

// New returns a closed line whose history lives in the file histPath ("":
// kept for this run only).
func New(styles *theme.Styles, histPath string) Model {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "sig:invalid provider:spiffy, a word from a body…"
	in.CharLimit = 1024
	// A steady cursor: a blinking one redraws the screen twice a second
	// for as long as the line is open.
	in.Cursor.SetMode(cursor.CursorStatic)
	return Model{styles: styles, keys: defaultKeyMap(), input: in, delay: Delay, hist: history{path: histPath}}
}

// SetDelay sets the pause after typing before the text is parsed (tests).
func (m *Model) SetDelay(d time.Duration) { m.delay = d }

// Init loads the history.
func (m Model) Init() tea.Cmd { return m.hist.load() }

// IsOpen reports whether the line has the keyboard.
func (m Model) IsOpen() bool { return m.open }

// Text is the filter in force as written, "" for none.
func (m Model) Text() string { return m.applied }

// Expr is the filter in force, nil for none.
func (m Model) Expr() filter.Expr { return m.expr }

// Err is why the text typed is not a filter, nil when it is one.
func (m Model) Err() error { return m.err }

// History is the filters kept, oldest first.
func (m Model) History() []string { return append([]string(nil), m.hist.entries...) }

// Help is the line's keys.
func (m Model) Help() help.KeyMap { return m.keys }

// SetWidth sets the line's width.
func (m *Model) SetWidth(w int) { m.width = w }

// SetCount tells the line how many deliveries the list holds; known says
// the count is of the filter in force (the list is not loading another).
func (m *Model) SetCount(n int, known bool) {
	m.count, m.countKnown = n, known && !m.pending
}

// Open gives the line the keyboard, with the filter in force to edit.
func (m *Model) Open() tea.Cmd {
	m.open = true
	m.hist.pos = len(m.hist.entries)
	m.input.SetValue(m.applied)
	m.input.CursorEnd()
	return m.input.Focus()
}

// Clear drops the filter in force, open or not.
func (m *Model) Clear() tea.Cmd {
	m.open, m.pending, m.err = false, false, nil
	m.gen++ // a parse on its way is of text now cleared
	m.input.Blur()
	m.input.SetValue("")
	if m.applied == "" && m.expr == nil {
		return nil
	}
	m.applied, m.expr = "", nil
	return applied("", nil)
}

func applied(text string, e filter.Expr) tea.Cmd {
	return func() tea.Msg { return AppliedMsg{Text: text, Expr: e} }
}

// Update handles keys while open, and the parses and history it asked for.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case parsedMsg:
		if msg.gen != m.gen {
			return m, nil // typed on since: a newer parse is on its way
		}
		m.pending = false
		return m, m.apply(msg.text, msg.expr, msg.err)
	case historyMsg:
		m.hist.loaded(msg)
		if msg.err != nil {
			err := msg.err
			return m, func() tea.Msg { return ProblemMsg{Err: err} }
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

func (m *Model) apply(text string, e filter.Expr, err error) tea.Cmd {
	m.err = err
	if err != nil || text == m.applied {
		return nil // the list keeps the last filter that was one
	}
	m.applied, m.expr = text, e
	m.countKnown = false
	return applied(text, e)
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Clear):
		cmd := m.Clear()
		return m, cmd
	case key.Matches(msg, m.keys.Keep):
		// Now, without the pause: enter means "this one".
		text := strings.TrimSpace(m.input.Value())
		e, err := filter.Parse(text)
		m.gen++
		m.pending = false
		if err != nil {
			m.err = err
			return m, nil // stays open on the error, to fix it
		}
		cmd := m.apply(text, e, nil)
		m.open = false
		m.input.Blur()
		if text == "" {
			return m, cmd
		}
		return m, tea.Batch(cmd, m.hist.add(text))
	case key.Matches(msg, m.keys.Older), key.Matches(msg, m.keys.Newer):
		step := -1
		if key.Matches(msg, m.keys.Newer) {
			step = 1
		}
		if text, ok := m.hist.step(step, m.input.Value()); ok {
			m.input.SetValue(text)
			m.input.CursorEnd()
			return m, m.typed()
		}
		return m, nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() == before {
		return m, cmd
	}
	return m, tea.Batch(cmd, m.typed())
}

// typed schedules a parse of the text as it is now, after the pause.
func (m *Model) typed() tea.Cmd {
	m.gen++
	m.pending = true
	gen, text := m.gen, strings.TrimSpace(m.input.Value())
	return tea.Tick(m.delay, func(time.Time) tea.Msg {
		e, err := filter.Parse(text)
		return parsedMsg{gen: gen, text: text, expr: e, err: err}
	})
}

// View is the line: the input, then the match count or the error. Only
// while open; closed, the list's position line shows the filter instead.
func (m Model) View() string {
	st := m.styles.Bar
	status := ""
	var perr *filter.Error
	switch {
	case m.err != nil && errors.As(m.err, &perr):
		status = st.Error.Render("✗ " + sanitize.Line(perr.Error()))
	case m.err != nil:
		status = st.Error.Render("✗ " + sanitize.Line(m.err.Error()))
	case m.pending || !m.countKnown:
		status = st.Muted.Render("…")
	default:
		status = st.Muted.Render(Matches(m.count))
	}
	// The count or error keeps its place; the input gets what is left.
	in := m.input
	in.Width = max(1, m.width-lipgloss.Width(status)-3)
	line := in.View()
	if perr != nil {
		line = markColumn(in, perr.Pos, m.styles)
	}
	return format.Pad(format.Pad(line, max(0, m.width-lipgloss.Width(status)-1))+" "+status, m.width)
}

// markColumn draws the input with the character at the 1-based column pos
// (where the error is) underlined, so the message's "at 5" has a place to
// look at.
func markColumn(in textinput.Model, pos int, styles *theme.Styles) string {
	rs := []rune(in.Value())
	if pos < 1 || pos > len(rs)+1 || len(rs) > in.Width {
		return in.View()
	}
	at := " "
	if pos <= len(rs) {
		at = string(rs[pos-1])
	}
	mark := styles.Bar.Error.Underline(true).Reverse(true)
	after := ""
	if pos < len(rs) {
		after = string(rs[pos:])
	}
	return in.Prompt + string(rs[:pos-1]) + mark.Render(at) + after
}

// Matches is a match count as the line shows it.
func Matches(n int) string {
	if n == 1 {
		return "1 match"
	}
	return format.Count(n) + " matches"
}
