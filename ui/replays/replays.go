// Package replays is the detail pane's Replays tab: every replay and
// forward of one delivery, newest first, the selected one's exchange in
// full, and a diff of its response against the attempt before it.
package replays

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// Source lists a delivery's attempts, newest first: the store.
type Source interface {
	Attempts(ctx context.Context, deliveryID string) ([]store.Attempt, error)
}

// KeyMap is the tab's keys. Diff is handled by the root, from whichever
// pane has focus, through ToggleDiff.
type KeyMap struct {
	Prev, Next, Diff, PageUp, PageDown key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Prev:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "newer attempt")),
		Next:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "older attempt")),
		Diff:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "diff with previous")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "scroll up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d", " "), key.WithHelp("pgdn", "scroll down")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Prev, k.Next, k.Diff} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Prev, k.Next, k.Diff, k.PageUp, k.PageDown}}
}

// tableRows is how many attempts are listed above the selected one's
// exchange.
const tableRows = 5

// Model is the tab.
type Model struct {
	src    Source
	styles *theme.Styles
	keys   KeyMap

	width, height int
	focused       bool
	id            string
	attempts      []store.Attempt
	loaded        bool
	sel           int
	diff          bool
	err           error
	vp            viewport.Model
}

// New returns an empty tab.
func New(src Source, styles *theme.Styles) Model {
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{}
	return Model{src: src, styles: styles, keys: defaultKeyMap(), vp: vp}
}

type loadedMsg struct {
	id       string
	attempts []store.Attempt
	err      error
}

// Keys is the tab's key map.
func (m Model) Keys() KeyMap { return m.keys }

var _ pane.Pane[Model] = (*Model)(nil)

// Help is the tab's keys: the diff needs an attempt before the selected one.
func (m Model) Help() help.KeyMap {
	k := m.keys
	k.Diff.SetEnabled(m.sel+1 < len(m.attempts))
	k.Prev.SetEnabled(m.sel > 0)
	k.Next.SetEnabled(m.sel+1 < len(m.attempts))
	return k
}

// SetFocused tells the tab whether it has the keyboard.
func (m *Model) SetFocused(f bool) { m.focused = f }

// Count is how many attempts the delivery shown has.
func (m Model) Count() int { return len(m.attempts) }

// SetSize sets the tab's size.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	m.vp.Width = width
	m.render()
	return nil
}

// Show loads the attempts of delivery id; the same id again reloads them
// (a replay just finished, a forward was recorded), keeping the
// selection on the newest.
func (m *Model) Show(id string) tea.Cmd {
	if id != m.id {
		m.id, m.attempts, m.loaded, m.sel, m.diff, m.err = id, nil, false, 0, false, nil
		m.render()
	}
	if id == "" {
		return nil
	}
	src := m.src
	return func() tea.Msg {
		a, err := src.Attempts(context.Background(), id)
		return loadedMsg{id: id, attempts: a, err: err}
	}
}

// Update handles loads and, when the tab has the keyboard, its keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.id != m.id {
			return m, nil
		}
		if m.loaded && msg.err == nil && m.err == nil && sameAttempts(m.attempts, msg.attempts) {
			return m, nil // a periodic reload: keep the scroll position
		}
		grew := len(msg.attempts) > len(m.attempts)
		m.attempts, m.err, m.loaded = msg.attempts, msg.err, true
		if grew || m.sel >= len(m.attempts) {
			m.sel = 0 // a new attempt: show it
		}
		m.render()
	case tea.KeyMsg:
		if !m.focused {
			return m, nil
		}
		switch {
		case key.Matches(msg, m.keys.Prev):
			if m.sel > 0 {
				m.sel--
				m.render()
			}
		case key.Matches(msg, m.keys.Next):
			if m.sel < len(m.attempts)-1 {
				m.sel++
				m.render()
			}
		case key.Matches(msg, m.keys.PageUp):
			m.vp.PageUp()
		case key.Matches(msg, m.keys.PageDown):
			m.vp.PageDown()
		}
	}
	return m, nil
}

// sameAttempts reports whether a and b list the same attempts; attempts
// are never changed once recorded.
func sameAttempts(a, b []store.Attempt) bool {
	if len(a) != len(b) {
		return false
	}
	return len(a) == 0 || a[0].ID == b[0].ID
}

// ToggleDiff switches between the selected attempt's exchange and the
// diff of its response against the attempt before it.
func (m *Model) ToggleDiff() {
	m.diff = !m.diff
	m.render()
}

// render fills the viewport with the selected attempt, or its diff, in
// the height the attempts table leaves.
func (m *Model) render() {
	m.vp.Height = max(1, m.height-1-min(tableRows, len(m.attempts)))
	if m.sel >= len(m.attempts) {
		m.vp.SetContent("")
		return
	}
	a := &m.attempts[m.sel]
	if m.diff {
		m.vp.SetContent(m.renderDiff())
	} else {
		m.vp.SetContent(RenderExchange(a, m.styles))
	}
	m.vp.GotoTop()
}

func (m Model) renderDiff() string {
	if m.sel+1 >= len(m.attempts) {
		return m.styles.List.Empty.Render("this is the first attempt: there is nothing before it to diff against")
	}
	newer, older := &m.attempts[m.sel], &m.attempts[m.sel+1]
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", m.styles.Detail.Label.Render(fmt.Sprintf("response of %s compared with %s before it",
		newer.At.Local().Format("15:04:05.000"), older.At.Local().Format("15:04:05.000"))))
	for _, line := range strings.Split(strings.TrimRight(sanitize.Text(replay.Diff(older, newer)), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "+++"), strings.HasPrefix(line, "---"):
			line = m.styles.Detail.Label.Render(line)
		case strings.HasPrefix(line, "+"):
			line = m.styles.Diff.Add.Render(line)
		case strings.HasPrefix(line, "-"):
			line = m.styles.Diff.Del.Render(line)
		case strings.HasPrefix(line, "@@"):
			line = m.styles.Diff.Hunk.Render(line)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// RenderExchange shows attempt a for a reader: what was sent, and the
// answer in full (status, headers, body) or the error. The replay dialog
// shows a fresh result with it too.
func RenderExchange(a *store.Attempt, styles *theme.Styles) string {
	var b strings.Builder
	label := styles.Detail.Label
	fmt.Fprintf(&b, "%s %s %s\n", label.Render("sent   "), sanitize.Line(a.Method), sanitize.Line(a.URL))
	body := fmt.Sprintf("%s, sha256 %s", content.Size(int64(a.BodySize)), shortHash(a.BodySHA256))
	if a.Resigned != "" {
		body += ", re-signed " + sanitize.Line(a.Resigned)
	}
	fmt.Fprintf(&b, "%s %s\n", label.Render("body   "), body)
	if a.Err != "" {
		fmt.Fprintf(&b, "%s %s after %s\n", label.Render("result "), styles.Status.ServerErr.Render(sanitize.Line(a.Err)), a.Latency.Round(time.Microsecond))
		return b.String()
	}
	fmt.Fprintf(&b, "%s %s in %s\n\n", label.Render("answer "), styles.StatusStyle(a.Status).Render(fmt.Sprint(a.Status)), a.Latency.Round(time.Microsecond))
	for _, h := range store.SortHeaders(a.ResponseHeaders) {
		for _, v := range h.Values {
			b.WriteString(styles.Detail.HeaderName.Render(sanitize.Line(h.Name)) + ": " + sanitize.Line(v) + "\n")
		}
	}
	b.WriteString("\n")
	text, _, note := content.Display(a.ResponseBody, a.ResponseHeaders.Get("Content-Type"), a.ResponseHeaders.Get("Content-Encoding"))
	if note != "" {
		b.WriteString(styles.Detail.Note.Render("("+sanitize.Line(note)+")") + "\n")
	}
	b.WriteString(sanitize.Text(string(text)))
	if len(a.ResponseBody) == replay.MaxResponseBody {
		b.WriteString("\n" + styles.Detail.Note.Render(fmt.Sprintf("(response cut at %s)", content.Size(replay.MaxResponseBody))))
	}
	return b.String()
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// View draws the attempts table and the selected exchange.
func (m Model) View() string {
	switch {
	case m.err != nil:
		return m.styles.Bar.Error.Render("cannot load replays: " + sanitize.Line(m.err.Error()))
	case !m.loaded:
		return m.styles.List.Placeholder.Render("loading…")
	case len(m.attempts) == 0:
		return m.styles.List.Empty.Render("not replayed yet: r replays this delivery, R every delivery in the list")
	}
	var rows []string
	start := max(0, min(m.sel-tableRows/2, len(m.attempts)-tableRows))
	for i := start; i < min(len(m.attempts), start+tableRows); i++ {
		a := &m.attempts[i]
		status := m.styles.StatusStyle(a.Status).Render(fmt.Sprintf("%3d", a.Status))
		if a.Err != "" {
			status = m.styles.Status.ServerErr.Render("ERR")
		}
		line := fmt.Sprintf("%s  %-7s %s  %9s  %s", a.At.Local().Format("15:04:05.000"), a.Kind, status,
			a.Latency.Round(time.Microsecond), sanitize.Line(a.URL))
		if a.Err != "" {
			line += "  " + sanitize.Line(a.Err)
		}
		line = format.Pad(line, m.width)
		if i == m.sel {
			line = m.styles.List.Selected.Render(line)
		}
		rows = append(rows, line)
	}
	head := m.styles.List.Header.Render(decode.Plural(len(m.attempts), "attempt", "attempts") + ", newest first")
	if m.diff {
		head += m.styles.Detail.Label.Render("  ·  diff with the attempt before (d: back)")
	}
	return head + "\n" + strings.Join(rows, "\n") + "\n" + m.vp.View()
}
