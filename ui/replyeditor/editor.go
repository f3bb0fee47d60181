// Package replyeditor is the TUI pane that edits a reply rule: what it
// matches (provider, topic, method, path pattern; a delivery's own values
// at first), its status, delay, headers and a templated body. As the user
// types, the body is rendered against the selected delivery and checked
// (JSON, the event's reply type, the request's ids, the platform's
// timeout); those checks warn and never block saving. What cannot run is
// refused: a template that does not parse, a status or delay that is not
// one, a match another rule already has.
package replyeditor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

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
	fieldProvider = iota
	fieldTopic
	fieldMethod
	fieldPath
	fieldStatus
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
	rule     reply.UserRule   // what is being edited; ID 0 until saved
	origin   string           // where the text came from, for the title
	others   []reply.UserRule // the rules when the editor opened, to warn of a taken match

	// match holds provider, topic, method and path, indexed by field.
	match         [fieldPath + 1]textinput.Model
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
	others   []reply.UserRule
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
		refusal  error // what save would refuse, shown while typing
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
	var match [fieldPath + 1]textinput.Model
	for i, p := range []string{"any", "any", "any", "any: /hooks/* or /prefix/"} {
		match[i] = textinput.New()
		match[i].Prompt, match[i].Placeholder = "", p
	}
	match[fieldMethod].CharLimit = 10
	headers, body := textarea.New(), textarea.New()
	headers.ShowLineNumbers, body.ShowLineNumbers = false, true
	headers.Placeholder = "Content-Type: application/json"
	headers.CharLimit, body.CharLimit = 0, 0
	// Which field has the keys shows: its border in the Focus colour, a
	// cursor that does not blink away (the others draw none).
	for _, ta := range []*textarea.Model{&headers, &body} {
		ta.FocusedStyle.Prompt, ta.BlurredStyle.Prompt = styles.Form.BorderFocused, styles.Form.Border
		ta.Cursor.SetMode(cursor.CursorStatic)
	}
	for _, in := range append([]*textinput.Model{&status, &delay}, &match[0], &match[1], &match[2], &match[3]) {
		in.Cursor.SetMode(cursor.CursorStatic)
	}
	// A textarea's style is set by Focus or Blur; SetWidth needs it.
	headers.Blur()
	body.Blur()
	return Model{rules: rules, styles: styles, keys: defaultKeyMap(), match: match, status: status, delay: delay, headers: headers, body: body}
}

// Open loads delivery id and the rule for what it matches (in a Cmd):
// its provider and topic, or its method and path when no platform was
// recognised (reply.MatchFor). The editor opens on the user's rule with
// that match when there is one, else on a new rule starting from the
// documented default.
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
		others, err := readRules(rules)
		if err != nil {
			return openedMsg{err: err}
		}
		msg := openedMsg{delivery: d, others: others}
		want := reply.MatchFor(d.Provider, d.Topic, d.Method, d.Path())
		for _, u := range others {
			if reply.SameMatch(u, want) && len(u.Sequence) == 0 {
				msg.rule, msg.origin = u, u.Name()
			}
		}
		if msg.origin == "" {
			msg.rule, msg.origin = fromDefault(want)
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

// fromDefault is a new rule with match u, starting from the documented
// default reply for it, and where it came from.
func fromDefault(u reply.UserRule) (reply.UserRule, string) {
	def := reply.Default(u.Provider, u.Topic)
	u.Step = reply.Step{Status: def.Status, Headers: def.Headers, Body: def.Body}
	return u, "new rule, from " + def.Name
}

// readRules reads every stored rule it can: one this build cannot read
// is left out, not a reason to refuse to edit the others.
func readRules(rules RuleStore) ([]reply.UserRule, error) {
	out, _, err := reply.ReadRules(context.Background(), rules)
	if err != nil && !errors.Is(err, reply.ErrUnreadableRule) {
		return nil, err
	}
	return out, nil
}

// OpenRule opens the editor on rule u itself (from the rules screen; a
// new rule has ID 0); the preview renders against the fixture of u's
// provider and topic, if any.
func (m *Model) OpenRule(u reply.UserRule) tea.Cmd {
	m.open, m.loading, m.err = true, true, nil
	rules := m.rules
	return func() tea.Msg {
		others, err := readRules(rules)
		if err != nil {
			return openedMsg{err: err}
		}
		msg := openedMsg{rule: u, origin: u.Name(), others: others}
		if u.ID == 0 {
			_, msg.origin = fromDefault(u)
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

// Loading reports whether the editor still waits for the rule it edits;
// only esc acts meanwhile.
func (m Model) Loading() bool { return m.open && m.loading }

// Help is the editor's keys that act now: only esc while it loads.
func (m Model) Help() help.KeyMap {
	k := m.keys
	for _, b := range []*key.Binding{&k.Save, &k.Next, &k.Prev, &k.External} {
		b.SetEnabled(!m.loading)
	}
	return k
}

// SetSize sets the editor's size.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	m.status.Width, m.delay.Width = 5, 10
	// Every label has the focus marker's 2 cells before it.
	// match rows: "provider " 11 + topic label 10; "method " 9 + path label 9.
	m.match[fieldProvider].Width = 14
	m.match[fieldTopic].Width = max(8, width-11-14-10-2)
	// Status and delay share the method row when it has room (they take
	// 7+3 and 6+10 cells), so the match fields cost the body one line.
	m.match[fieldMethod].Width = 8
	rest := 0
	if m.compact() {
		rest = 2 + 9 + 5 + 3 + 8 + 10
	}
	m.match[fieldPath].Width = max(8, width-9-8-2-7-rest-2) // -2: the inputs' cursor cells
	m.headers.SetWidth(max(10, width))
	m.headers.SetHeight(2)
	m.body.SetWidth(max(10, width))
	body := height - 16
	if !m.compact() {
		body--
	}
	m.body.SetHeight(max(2, body)) // 2: at 80×24 with a two-line footer the rest fits
	return nil
}

// compact reports whether status and delay fit on the method row.
func (m Model) compact() bool { return m.width >= 72 }

// Update handles loads, saves and, while open, every key.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case openedMsg:
		m.loading = false
		if !m.open {
			return m, nil // closed while it loaded
		}
		if msg.err != nil {
			m.open = false
			return m, func() tea.Msg { return ClosedMsg{Err: msg.err} }
		}
		m.delivery, m.event, m.typed, m.rule, m.origin, m.others = msg.delivery, msg.event, msg.typed, msg.rule, msg.origin, msg.others
		for i, v := range []string{msg.rule.Provider, msg.rule.Topic, msg.rule.Method, msg.rule.Path} {
			m.match[i].SetValue(v)
		}
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
			m.warnings, m.preview, m.err = msg.warnings, msg.preview, msg.refusal
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
		if !m.open {
			return m, nil
		}
		switch {
		case key.Matches(msg, m.keys.Cancel):
			m.open = false
			return m, func() tea.Msg { return ClosedMsg{} }
		case m.loading:
			return m, nil
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
		case fieldProvider, fieldTopic, fieldMethod, fieldPath:
			m.match[m.field], cmd = m.match[m.field].Update(msg)
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
	for i := range m.match {
		m.match[i].Blur()
	}
	if f <= fieldPath {
		m.match[f].Focus()
	}
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

// matchFields is the rule being edited with the match as typed.
func (m Model) matchFields() reply.UserRule {
	u := m.rule
	u.Provider = strings.TrimSpace(m.match[fieldProvider].Value())
	u.Topic = strings.TrimSpace(m.match[fieldTopic].Value())
	u.Method = strings.ToUpper(strings.TrimSpace(m.match[fieldMethod].Value()))
	u.Path = strings.TrimSpace(m.match[fieldPath].Value())
	return u
}

// current reads the fields into a rule and says what would keep it from
// running: a match that is not one, a template that does not parse, a
// status or delay that is not one.
func (m Model) current() (reply.UserRule, error) {
	u := m.matchFields()
	if u.Provider != "" && u.Provider != decode.Unknown {
		if _, ok := registry.Lookup(u.Provider); !ok {
			return u, fmt.Errorf("provider %q: known providers are %s", u.Provider, strings.Join(registry.IDs(), ", "))
		}
	}
	if strings.ContainsAny(u.Method, " \t") {
		return u, fmt.Errorf("method %q: want one word such as POST", u.Method)
	}
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
	if err := u.Check(); err != nil {
		return u, err
	}
	return u, conflict(m.others, u)
}

// conflict refuses u when another rule has its match: a new rule used to
// take that rule's place on save.
func conflict(rules []reply.UserRule, u reply.UserRule) error {
	e, ok := reply.Conflict(rules, u)
	if !ok {
		return nil
	}
	return fmt.Errorf("%s already matches %s: change what this rule matches, or edit rule %d from ctrl+r", e.Name(), u.Match(), e.ID)
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
		return checkedMsg{gen: gen, warnings: w, preview: p, refusal: err}
	}
}

// check renders and checks the fields at once: on opening, before the
// user typed.
func (m *Model) check() {
	m.gen++ // a check on its way is of older text
	m.err = nil
	u, err := m.current()
	m.warnings, m.preview = validate(u, err, m.delivery, m.event, m.typed)
	m.err = err
}

// validate renders u's body against delivery d and collects warnings: the
// validation as the user types. It is pure, for use in a Cmd.
func validate(u reply.UserRule, err error, d *store.Delivery, event decode.Event, typed any) (warnings []string, preview string) {
	if err != nil {
		// What would be refused on save shows as such (the caller keeps
		// err), not as a warning.
		return nil, ""
	}
	if d == nil {
		return nil, ""
	}
	r := decode.NewRequest(d.Method, d.URI, d.Headers, d.Body)
	// The rule as capture sends it: its headers over the base ones.
	rule := u.Step.Rule("editing")
	rep := reply.Render(rule, reply.NewData(d.Method, r.Path, r.Query, d.Headers, r.Body, d.Provider, d.Topic, typed))
	preview = string(rep.Body)
	switch {
	case rep.Err != "":
		warnings = append(warnings, rep.Err)
	case strings.Contains(strings.ToLower(rep.Headers.Get("Content-Type")), "json") && !json.Valid(rep.Body):
		warnings = append(warnings, "the rendered body is not valid JSON")
	default:
		warnings = append(warnings, reply.Validate(event, rep.Body, typed)...)
	}
	if w := reply.CheckDelay(event, time.Duration(u.Delay)); w != "" {
		warnings = append(warnings, w)
	}
	return warnings, preview
}

// save stores the rule (in a Cmd) whatever the warnings say; a rule that
// cannot run (see current) is refused and the editor stays open. A new
// rule is added, never written over the rule that has its match: the
// match is checked again against the rules as they are now.
func (m Model) save() tea.Cmd {
	u, err := m.current()
	if err != nil {
		return func() tea.Msg { return savedMsg{err: err} }
	}
	rules := m.rules
	return func() tea.Msg {
		others, err := readRules(rules)
		if err != nil {
			return savedMsg{err: err}
		}
		if err := conflict(others, u); err != nil {
			return savedMsg{err: err}
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
	title := "Reply to " + m.matchFields().Match()
	b.WriteString(s.PaneTitle.Render(sanitize.Line(title)) + "  " + s.Detail.Label.Render(sanitize.Line(m.origin)) + "\n")
	label := func(f int, text string) string { return s.FieldLabel(text, m.field == f) }
	b.WriteString(label(fieldProvider, "provider ") + m.match[fieldProvider].View() + "  " +
		label(fieldTopic, "topic ") + m.match[fieldTopic].View() + "\n")
	b.WriteString(label(fieldMethod, "method ") + m.match[fieldMethod].View() + "  " +
		label(fieldPath, "path ") + m.match[fieldPath].View())
	if m.compact() {
		b.WriteString("  ")
	} else {
		b.WriteString("\n")
	}
	b.WriteString(label(fieldStatus, "status ") + m.status.View() + "   " + label(fieldDelay, "delay ") + m.delay.View() + "\n")
	b.WriteString(label(fieldHeaders, ansi.Truncate("headers (add to or override Content-Type: application/json)", m.width-len(theme.FocusMarker), "…")) + "\n" + m.headers.View() + "\n")
	b.WriteString(label(fieldBody, "body (a Go template; .Event is the typed request)") + "\n" + m.body.View() + "\n")
	if len(m.warnings) == 0 && m.err == nil {
		b.WriteString(s.Status.OK.Render("✓ valid for this event") + "\n")
	}
	for _, w := range m.warnings {
		b.WriteString(s.Detail.Note.Render(format.Pad("! "+sanitize.Line(w), m.width)) + "\n")
	}
	if m.err != nil {
		// Wrapped, not cut: it says what to change.
		b.WriteString(s.Bar.Error.Width(m.width).Render("cannot save: "+sanitize.Line(m.err.Error())) + "\n")
	}
	if m.preview != "" {
		first := strings.ReplaceAll(m.preview, "\n", " ")
		b.WriteString(s.Detail.Label.Render("preview ") + format.Pad(sanitize.Line(first), max(0, m.width-8)) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
