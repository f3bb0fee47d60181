// Package savedialog is the TUI's prompt for writing a file: `s` saves the
// selected delivery's body as captured, byte for byte; `E` exports the
// deliveries of the list's filter as NDJSON or HAR, the same file
// `hookscope export --provider --topic` writes.
//
// The file is created whole (a temporary file moved into place) with mode
// 0600, and an existing file is replaced only after the user says so.
// Loading and writing run in tea.Cmds; a result for a prompt that has
// since closed or moved on is dropped.
package savedialog

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/replay/export"
	"github.com/hookscope/hookscope/ui/atomicfile"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// Store is what the dialog reads: the store.
type Store interface {
	export.Source
}

// KeyMap is the dialog's keys.
type KeyMap struct {
	Save, Close, Format, Overwrite, Cancel key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Save:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write")),
		Close:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
		Format:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "ndjson / har")),
		Overwrite: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "overwrite")),
		Cancel:    key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "another name")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Save, k.Format, k.Overwrite, k.Cancel, k.Close}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

type state int

const (
	stateClosed state = iota
	stateLoading
	stateEditing
	stateConfirm // the file exists: overwrite?
	stateWriting
)

// exportFormats are the formats E offers: the whole-list ones.
var exportFormats = []export.Format{export.NDJSON, export.HAR}

// Model is the dialog.
type Model struct {
	st      Store
	secrets [][]byte
	styles  *theme.Styles
	keys    KeyMap

	width, height int
	state         state
	gen           int // which opening a result belongs to

	exporting bool
	filter    store.Filter
	label     string // the filter's name, for the title
	format    int    // into exportFormats
	body      []byte
	id        string

	path     textinput.Model
	suggest  string // the default name, replaced when the format changes unless edited
	resolved string // the path being written, ~ expanded
	err      error
}

var _ pane.Pane[Model] = (*Model)(nil)

// Messages.
type (
	// SavedMsg says a file was written: What (the body, 12 deliveries),
	// where.
	SavedMsg struct {
		What, Path string
		Export     bool
	}
	// ClosedMsg says the dialog closed without writing.
	ClosedMsg struct{}

	loadedMsg struct {
		gen int
		d   *store.Delivery
		err error
	}
	wroteMsg struct {
		gen    int
		n      int
		exists bool
		err    error
	}
)

// New returns a closed dialog; secrets are scrubbed from exports.
func New(st Store, secrets [][]byte, styles *theme.Styles) Model {
	in := textinput.New()
	in.Prompt, in.CharLimit = "", 4096
	m := Model{st: st, secrets: secrets, styles: styles, keys: defaultKeyMap(), path: in}
	m.syncKeys()
	return m
}

// IsOpen reports whether the dialog has the keys.
func (m Model) IsOpen() bool { return m.state != stateClosed }

// OpenBody asks where to save delivery id's body; nil without one.
func (m *Model) OpenBody(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	m.reset()
	m.id, m.state = id, stateLoading
	m.syncKeys() // esc closes it while it loads
	gen, st := m.gen, m.st
	return func() tea.Msg {
		d, err := st.Get(context.Background(), id)
		return loadedMsg{gen: gen, d: d, err: err}
	}
}

// OpenExport asks where to export the deliveries matching f, which label
// names ("All" or "spiffy / orders/create").
func (m *Model) OpenExport(f store.Filter, label string) tea.Cmd {
	m.reset()
	m.exporting, m.filter, m.label, m.state = true, f, label, stateEditing
	m.setSuggestion(exportName(f, exportFormats[m.format]))
	m.syncKeys()
	return textinput.Blink
}

func (m *Model) reset() {
	m.gen++
	m.exporting, m.body, m.err, m.format, m.filter = false, nil, nil, 0, store.Filter{}
	m.path.SetValue("")
	m.suggest = ""
}

func (m *Model) setSuggestion(name string) {
	if m.path.Value() == m.suggest || m.path.Value() == "" {
		m.path.SetValue(name)
		m.path.CursorEnd()
	}
	m.suggest = name
	m.path.Focus()
}

// SetSize implements pane.Pane.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	m.path.Width = max(10, width-12)
	return nil
}

// Help implements pane.Pane.
func (m Model) Help() help.KeyMap { return m.keys }

// Loading reports whether the dialog still waits for the delivery whose
// body it saves; only esc acts meanwhile.
func (m Model) Loading() bool { return m.state == stateLoading }

// TextFocused reports whether letters are typed into the path.
func (m Model) TextFocused() bool { return m.state == stateEditing }

// Update implements pane.Pane.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen != m.gen || m.state != stateLoading {
			return m, nil
		}
		if msg.err != nil {
			m.state, m.err = stateEditing, msg.err
			m.syncKeys()
			return m, nil
		}
		m.body, m.state = msg.d.Body, stateEditing
		m.setSuggestion(bodyName(msg.d))
		m.syncKeys()
		return m, textinput.Blink
	case wroteMsg:
		if msg.gen != m.gen || m.state != stateWriting {
			return m, nil
		}
		switch {
		case msg.exists:
			m.state = stateConfirm
		case msg.err != nil:
			m.state, m.err = stateEditing, msg.err
		default:
			m.state = stateClosed
			saved := SavedMsg{What: "the body (" + content.Size(int64(msg.n)) + ")", Path: m.resolved, Export: m.exporting}
			if m.exporting {
				saved.What = fmt.Sprintf("%d %s as %s", msg.n, plural(msg.n), exportFormats[m.format])
			}
			m.syncKeys()
			return m, func() tea.Msg { return saved }
		}
		m.syncKeys()
		return m, nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	if m.state == stateEditing {
		var cmd tea.Cmd
		m.path, cmd = m.path.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m Model) key(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch m.state {
	case stateClosed, stateWriting:
		return m, nil
	case stateConfirm:
		switch {
		case key.Matches(msg, m.keys.Overwrite):
			return m.write(true)
		case key.Matches(msg, m.keys.Cancel):
			m.state = stateEditing
			m.syncKeys()
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Close):
		m.state = stateClosed
		m.syncKeys()
		return m, func() tea.Msg { return ClosedMsg{} }
	case m.state == stateLoading:
		return m, nil
	case key.Matches(msg, m.keys.Save):
		return m.write(false)
	case m.exporting && key.Matches(msg, m.keys.Format):
		m.format = (m.format + 1) % len(exportFormats)
		m.setSuggestion(exportName(m.filter, exportFormats[m.format]))
		return m, nil
	}
	m.err = nil
	var cmd tea.Cmd
	m.path, cmd = m.path.Update(msg)
	return m, cmd
}

// write writes the file in a Cmd.
func (m Model) write(overwrite bool) (Model, tea.Cmd) {
	path, err := expand(m.path.Value())
	if err != nil {
		m.err = err
		return m, nil
	}
	m.resolved, m.state, m.err = path, stateWriting, nil
	m.syncKeys()
	gen, st, secrets, body, f, filter, exporting := m.gen, m.st, m.secrets, m.body, exportFormats[m.format], m.filter, m.exporting
	return m, func() tea.Msg {
		n, err := atomicfile.Write(path, overwrite, func(w io.Writer) (int, error) {
			if !exporting {
				return w.Write(body)
			}
			x, err := export.NewWriter(w, f, export.Options{Secrets: secrets})
			if err != nil {
				return 0, err
			}
			n, err := export.WriteAll(context.Background(), st, filter, x)
			if err != nil {
				return n, err
			}
			return n, x.Close()
		})
		if err == atomicfile.ErrExists {
			return wroteMsg{gen: gen, exists: true}
		}
		if err != nil {
			err = fmt.Errorf("write %s: %w", path, err)
		}
		return wroteMsg{gen: gen, n: n, err: err}
	}
}

func (m *Model) syncKeys() {
	editing := m.state == stateEditing
	m.keys.Save.SetEnabled(editing)
	m.keys.Close.SetEnabled(m.state == stateEditing || m.state == stateLoading)
	m.keys.Format.SetEnabled(editing && m.exporting)
	m.keys.Overwrite.SetEnabled(m.state == stateConfirm)
	m.keys.Cancel.SetEnabled(m.state == stateConfirm)
}

// bodyName is the default file for d's body: its id and an extension for
// what the body is, as stored (a gzip body is saved compressed).
func bodyName(d *store.Delivery) string {
	ext := "bin"
	if strings.Contains(strings.ToLower(d.Headers.Get("Content-Encoding")), "gzip") {
		ext = "gz"
	} else {
		switch content.Detect(d.Headers.Get("Content-Type"), d.Body) {
		case content.JSON:
			ext = "json"
		case content.XML:
			ext = "xml"
		case content.Text, content.Form:
			ext = "txt"
		}
	}
	return "./" + d.ID + "." + ext
}

// exportName is the default file for exporting f as format.
func exportName(f store.Filter, format export.Format) string {
	name := "hookscope"
	for _, part := range []string{f.Provider, f.Topic} {
		if part != "" {
			name += "-" + fileSafe(part)
		}
	}
	return "./" + name + "." + string(format)
}

// fileSafe keeps letters, digits, dots and dashes of a provider or topic.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

func plural(n int) string {
	if n == 1 {
		return "delivery"
	}
	return "deliveries"
}

// View draws the dialog.
func (m Model) View() string {
	if m.state == stateClosed || m.width <= 0 {
		return ""
	}
	s := m.styles
	var b strings.Builder
	title := "Save the body"
	if m.exporting {
		title = "Export " + sanitize.Line(m.label) + " as " + string(exportFormats[m.format])
	}
	b.WriteString(s.PaneTitle.Render(format.Pad(title, m.width)) + "\n")
	if m.state == stateLoading {
		return b.String() + s.List.Placeholder.Render("loading…")
	}
	b.WriteString(s.Detail.Label.Render("file ") + " " + m.path.View() + "\n")
	switch m.state {
	case stateConfirm:
		b.WriteString(s.Bar.Error.Render(format.Pad("the file exists: y overwrites it, n chooses another name", m.width)) + "\n")
	case stateWriting:
		b.WriteString(s.List.Placeholder.Render("writing…") + "\n")
	}
	if m.err != nil {
		b.WriteString(s.Bar.Error.Render(format.Pad(sanitize.Line(m.err.Error()), m.width)) + "\n")
	}
	note := "written as captured, byte for byte; readable by you only (0600)"
	if m.exporting {
		note = "the same file as `hookscope export --format " + string(exportFormats[m.format]) + "`; configured secrets replaced; 0600"
	}
	b.WriteString(s.Detail.Note.Render(format.Pad(note, m.width)))
	return b.String()
}
