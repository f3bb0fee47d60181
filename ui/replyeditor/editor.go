// Package replyeditor is the TUI pane that edits the reply rule for a
// delivery's provider and topic: status, delay, headers and a templated
// body. As the user types, the body is rendered against the selected
// delivery and checked (JSON, the event's reply type, the request's ids,
// the platform's timeout); the checks warn, they never block saving.
package replyeditor

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/ui/externaledit"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// RuleStore reads deliveries and reads and saves reply rules: the store.
type RuleStore interface {
	Get(ctx context.Context, id string) (*store.Delivery, error)
	Rules(ctx context.Context) ([]store.RuleRow, int64, error)
	PutRule(ctx context.Context, id int64, data string) (int64, error)
}

// KeyMap is the editor's keys.
type KeyMap struct {
	Save, Cancel, Next, Prev, External key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Save:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		External: key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "body in $EDITOR")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Save, k.Cancel, k.Next, k.External} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Save, k.Cancel, k.Next, k.Prev, k.External}}
}

const (
	fieldStatus = iota
	fieldDelay
	fieldHeaders
	fieldBody
	numFields
)

// Model is the editor.
type Model struct {
	rules  RuleStore
	styles *theme.Styles
	keys   KeyMap

	width, height int
	open          bool
	loading       bool

	delivery *store.Delivery
	event    decode.Event
	typed    any
	rule     reply.UserRule // what is being edited; ID 0 until saved
	origin   string         // where the text came from, for the title

	status, delay textinput.Model
	headers, body textarea.Model
	field         int

	preview  string
	warnings []string
	err      error

	externalOnOpen bool // hand the body to $EDITOR once loaded (E)

	// gen counts edits; a check is made in a Cmd once the typing pauses,
	// and a result for an older edit is dropped.
	gen int
}

// checkDelay is the pause in typing after which the body is rendered and
// checked: rendering a 1 MiB body on every key took 11 ms a key.
const checkDelay = 80 * time.Millisecond

// Messages the root acts on.
type (
	// SavedMsg says a rule was saved.
	SavedMsg struct {
		ID   int64
		Name string
	}
	// ClosedMsg says the editor closed without saving, with why when it
	// could not open.
	ClosedMsg struct{ Err error }
)

type openedMsg struct {
	delivery *store.Delivery
	event    decode.Event
	typed    any
	rule     reply.UserRule
	origin   string
	err      error
}

type savedMsg struct {
	rule reply.UserRule
	err  error
}

type (
	checkDueMsg struct{ gen int }
	checkedMsg  struct {
		gen      int
		warnings []string
		preview  string
	}
)

type externalMsg struct {
	body string
	err  error
}

// New returns a closed editor.
func New(rules RuleStore, styles *theme.Styles) Model {
	status, delay := textinput.New(), textinput.New()
	status.CharLimit, delay.CharLimit = 3, 12
	status.Prompt, delay.Prompt = "", ""
	headers, body := textarea.New(), textarea.New()
	headers.ShowLineNumbers, body.ShowLineNumbers = false, true
	headers.Placeholder = "Content-Type: application/json"
	headers.CharLimit, body.CharLimit = 0, 0
	// A textarea's style is set by Focus or Blur; SetWidth needs it.
	headers.Blur()
	body.Blur()
	return Model{rules: rules, styles: styles, keys: defaultKeyMap(), status: status, delay: delay, headers: headers, body: body}
}

// Open loads delivery id and the rule that applies to its provider and
// topic (in a Cmd) and opens the editor on it: the user's rule when there
// is one, else the documented default as a starting point.
func (m *Model) Open(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	m.open, m.loading, m.err = true, true, nil
	rules := m.rules
	return func() tea.Msg {
		d, err := rules.Get(context.Background(), id)
		if err != nil {
			return openedMsg{err: err}
		}
		rows, _, err := rules.Rules(context.Background())
		if err != nil {
			return openedMsg{err: err}
		}
		msg := openedMsg{delivery: d}
		want := reply.UserRule{Provider: d.Provider, Topic: d.Topic}
		for _, r := range rows {
			u, err := reply.DecodeRule(r.ID, r.Position, r.Data)
			if err == nil && reply.SameMatch(u, want) && len(u.Sequence) == 0 {
				msg.rule, msg.origin = u, u.Name()
			}
		}
		if msg.origin == "" {
			def := reply.Default(d.Provider, d.Topic)
			msg.rule = reply.UserRule{Provider: d.Provider, Topic: d.Topic,
				Step: reply.Step{Status: def.Status, Headers: def.Headers, Body: def.Body}}
			msg.origin = "new rule, from " + def.Name
		}
		msg.event, msg.typed = typedRequest(d)
		return msg
	}
}

// OpenExternal is Open, then the body in $EDITOR as soon as it is loaded.
func (m *Model) OpenExternal(id string) tea.Cmd {
	cmd := m.Open(id)
	m.externalOnOpen = cmd != nil
	return cmd
}

// OpenRule opens the editor on rule u itself (from the rules screen); the
// preview renders against the fixture of u's provider and topic, if any.
func (m *Model) OpenRule(u reply.UserRule) tea.Cmd {
	m.open, m.loading, m.err = true, true, nil
	return func() tea.Msg {
		msg := openedMsg{rule: u, origin: u.Name()}
		if u.ID == 0 {
			msg.origin = "new rule"
		}
		if f, ok := fixtures.For(u.Provider, u.Topic); ok {
			msg.delivery = &store.Delivery{Method: f.Method, URI: f.Path, Headers: f.Headers, Body: f.Body,
				Provider: f.Provider, Topic: f.Event}
		}
		if msg.delivery != nil {
			msg.event, msg.typed = typedRequest(msg.delivery)
		}
		return msg
	}
}

// typedRequest is d's event and typed request body (nil when it does not
// fit), which templates render over and validation checks against.
func typedRequest(d *store.Delivery) (decode.Event, any) {
	e, v, ok := registry.Typed(d.Provider, d.Topic, decode.NewRequest(d.Method, d.URI, d.Headers, d.Body))
	if !ok {
		return e, nil
	}
	return e, v
}

// IsOpen reports whether the editor is showing; the root then sends it
// every key.
func (m Model) IsOpen() bool { return m.open }

var _ pane.Pane[Model] = (*Model)(nil)

// Help is the editor's keys.
func (m Model) Help() help.KeyMap { return m.keys }

// SetSize sets the editor's size.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	m.status.Width, m.delay.Width = 5, 10
	m.headers.SetWidth(max(10, width))
	m.headers.SetHeight(3)
	m.body.SetWidth(max(10, width))
	m.body.SetHeight(max(3, height-16))
	return nil
}

// Update handles loads, saves and, while open, every key.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case openedMsg:
		m.loading = false
		if msg.err != nil {
			m.open = false
			return m, func() tea.Msg { return ClosedMsg{Err: msg.err} }
		}
		m.delivery, m.event, m.typed, m.rule, m.origin = msg.delivery, msg.event, msg.typed, msg.rule, msg.origin
		m.status.SetValue(strconv.Itoa(msg.rule.Status))
		m.delay.SetValue(time.Duration(msg.rule.Delay).String())
		m.headers.SetValue(headerText(msg.rule.Headers))
		m.body.SetValue(msg.rule.Body)
		m.focusField(fieldBody)
		m.check()
		if m.externalOnOpen {
			m.externalOnOpen = false
			return m, m.external()
		}
		return m, textarea.Blink
	case savedMsg:
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.open = false
		return m, func() tea.Msg { return SavedMsg{ID: msg.rule.ID, Name: msg.rule.Name()} }
	case checkDueMsg:
		if msg.gen != m.gen || !m.open {
			return m, nil // typed on since: a newer check is due
		}
		return m, m.checkCmd()
	case checkedMsg:
		if msg.gen == m.gen && m.open {
			m.warnings, m.preview = msg.warnings, msg.preview
		}
		return m, nil
	case externalMsg:
		if msg.err != nil {
			m.err = msg.err
		} else {
			m.body.SetValue(msg.body)
			m.check()
		}
		return m, nil
	case tea.KeyMsg:
		if !m.open || m.loading {
			return m, nil
		}
		switch {
		case key.Matches(msg, m.keys.Cancel):
			m.open = false
			return m, func() tea.Msg { return ClosedMsg{} }
		case key.Matches(msg, m.keys.Save):
			return m, m.save()
		case key.Matches(msg, m.keys.Next):
			m.focusField((m.field + 1) % numFields)
			return m, nil
		case key.Matches(msg, m.keys.Prev):
			m.focusField((m.field + numFields - 1) % numFields)
			return m, nil
		case key.Matches(msg, m.keys.External):
			return m, m.external()
		}
		var cmd tea.Cmd
		switch m.field {
		case fieldStatus:
			m.status, cmd = m.status.Update(msg)
		case fieldDelay:
			m.delay, cmd = m.delay.Update(msg)
		case fieldHeaders:
			m.headers, cmd = m.headers.Update(msg)
		case fieldBody:
			m.body, cmd = m.body.Update(msg)
		}
		return m, tea.Batch(cmd, m.edited())
	}
	if m.open {
		var cmd tea.Cmd
		m.body, cmd = m.body.Update(msg) // cursor blink
		return m, cmd
	}
	return m, nil
}

func (m *Model) focusField(f int) {
	m.field = f
	m.status.Blur()
	m.delay.Blur()
	m.headers.Blur()
	m.body.Blur()
	switch f {
	case fieldStatus:
		m.status.Focus()
	case fieldDelay:
		m.delay.Focus()
	case fieldHeaders:
		m.headers.Focus()
	case fieldBody:
		m.body.Focus()
	}
}

// current reads the fields into a rule and says what is wrong with them.
func (m Model) current() (reply.UserRule, error) {
	u := m.rule
	status, err := strconv.Atoi(strings.TrimSpace(m.status.Value()))
	if err != nil {
		return u, fmt.Errorf("status %q is not a number", m.status.Value())
	}
	delay, err := time.ParseDuration(strings.TrimSpace(m.delay.Value()))
	if err != nil {
		return u, fmt.Errorf("delay %q: want a duration such as 500ms or 2s", m.delay.Value())
	}
	headers := map[string]string{}
	for _, line := range strings.Split(m.headers.Value(), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return u, fmt.Errorf("header line %q: want Name: value", line)
		}
		headers[http.CanonicalHeaderKey(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	u.Status, u.Delay, u.Headers, u.Body = status, reply.Duration(delay), headers, m.body.Value()
	return u, u.Check()
}

// edited notes an edit and asks for a check once the typing pauses.
func (m *Model) edited() tea.Cmd {
	m.gen++
	m.err = nil
	gen := m.gen
	return tea.Tick(checkDelay, func(time.Time) tea.Msg { return checkDueMsg{gen: gen} })
}

// checkCmd renders and checks the fields as they are now, in a Cmd.
func (m Model) checkCmd() tea.Cmd {
	u, err := m.current()
	gen, d, event, typed := m.gen, m.delivery, m.event, m.typed
	return func() tea.Msg {
		w, p := validate(u, err, d, event, typed)
		return checkedMsg{gen: gen, warnings: w, preview: p}
	}
}

// check renders and checks the fields at once: on opening, before the
// user typed.
func (m *Model) check() {
	m.gen++ // a check on its way is of older text
	m.err = nil
	u, err := m.current()
	m.warnings, m.preview = validate(u, err, m.delivery, m.event, m.typed)
}

// validate renders u's body against delivery d and collects warnings: the
// validation as the user types. It is pure, for use in a Cmd.
func validate(u reply.UserRule, err error, d *store.Delivery, event decode.Event, typed any) (warnings []string, preview string) {
	if err != nil {
		return []string{err.Error()}, ""
	}
	if d == nil {
		return nil, ""
	}
	r := decode.NewRequest(d.Method, d.URI, d.Headers, d.Body)
	rule := reply.Rule{Name: "editing", Status: u.Status, Headers: u.Headers, Body: u.Body}
	rep := reply.Render(rule, reply.NewData(d.Method, r.Path, r.Query, d.Headers, r.Body, d.Provider, d.Topic, typed))
	preview = string(rep.Body)
	switch {
	case rep.Err != "":
		warnings = append(warnings, "template: "+rep.Err)
	case strings.Contains(strings.ToLower(u.Headers["Content-Type"]), "json") && !json.Valid(rep.Body):
		warnings = append(warnings, "the rendered body is not valid JSON")
	default:
		warnings = append(warnings, reply.Validate(event, rep.Body, typed)...)
	}
	if w := reply.CheckDelay(event, time.Duration(u.Delay)); w != "" {
		warnings = append(warnings, w)
	}
	return warnings, preview
}

// save stores the rule (in a Cmd) whatever the warnings say; only a rule
// that cannot be read back (bad status or delay) is refused.
func (m Model) save() tea.Cmd {
	u, err := m.current()
	if err != nil {
		return func() tea.Msg { return savedMsg{err: err} }
	}
	rules := m.rules
	return func() tea.Msg {
		if u.ID == 0 {
			// A new rule with the match of an existing one replaces it, as
			// `hookscope replies set` does.
			rows, _, err := rules.Rules(context.Background())
			if err != nil {
				return savedMsg{err: err}
			}
			for _, r := range rows {
				if e, err := reply.DecodeRule(r.ID, r.Position, r.Data); err == nil && reply.SameMatch(e, u) {
					u.ID = e.ID
				}
			}
		}
		data, err := u.Encode()
		if err != nil {
			return savedMsg{err: err}
		}
		id, err := rules.PutRule(context.Background(), u.ID, data)
		u.ID = id
		return savedMsg{rule: u, err: err}
	}
}

// external opens the body in $EDITOR (vi when unset) and reads it back.
func (m Model) external() tea.Cmd {
	return externaledit.Edit([]byte(m.body.Value()), "hookscope-reply-*.tmpl", func(b []byte, err error) tea.Msg {
		return externalMsg{body: string(b), err: err}
	})
}

func headerText(h map[string]string) string {
	var lines []string
	for k, v := range h {
		lines = append(lines, k+": "+v)
	}
	return strings.Join(lines, "\n")
}

// View renders the editor.
func (m Model) View() string {
	if !m.open || m.width <= 0 {
		return ""
	}
	s := m.styles
	if m.loading {
		return s.List.Placeholder.Render("loading the reply rule…")
	}
	var b strings.Builder
	title := fmt.Sprintf("Reply to %s %s", m.rule.Provider, m.rule.Topic)
	b.WriteString(s.PaneTitle.Render(sanitize.Line(title)) + "  " + s.Detail.Label.Render(sanitize.Line(m.origin)) + "\n")
	label := func(f int, text string) string {
		if m.field == f {
			return s.PaneTitle.Render(text)
		}
		return s.Detail.Label.Render(text)
	}
	b.WriteString(label(fieldStatus, "status ") + m.status.View() + "   " + label(fieldDelay, "delay ") + m.delay.View() + "\n")
	b.WriteString(label(fieldHeaders, "headers") + "\n" + m.headers.View() + "\n")
	b.WriteString(label(fieldBody, "body (a Go template; .Event is the typed request)") + "\n" + m.body.View() + "\n")
	if len(m.warnings) == 0 {
		b.WriteString(s.Status.OK.Render("✓ valid for this event") + "\n")
	}
	for _, w := range m.warnings {
		b.WriteString(s.Detail.Note.Render(format.Pad("! "+sanitize.Line(w), m.width)) + "\n")
	}
	if m.err != nil {
		b.WriteString(s.Bar.Error.Render(format.Pad("cannot save: "+sanitize.Line(m.err.Error()), m.width)) + "\n")
	}
	if m.preview != "" {
		first := strings.ReplaceAll(m.preview, "\n", " ")
		b.WriteString(s.Detail.Label.Render("preview ") + format.Pad(sanitize.Line(first), max(0, m.width-8)) + "\n")
	}
	return b.String()
}
