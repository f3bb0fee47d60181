// Package replaydialog is the TUI's replay dialog: `r` sends the selected
// delivery to a target URL, with its body and headers edited and re-signed
// when asked, and shows what the target answered; `R` sends every delivery
// in the list, with a progress bar and a summary at the end.
//
// Sending runs in tea.Cmds; a bulk replay reports each result through a
// channel that a Cmd waits on, and esc cancels it cleanly. Every attempt is
// recorded in the store.
package replaydialog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/replay/export"
	"github.com/hookscope/hookscope/ui/externaledit"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// Store is what the dialog reads and records: the store.
type Store interface {
	Get(ctx context.Context, id string) (*store.Delivery, error)
	InsertAttempt(ctx context.Context, a *store.Attempt) error
	// A bulk replay walks its selection as export does.
	export.Lister
}

// Options configure the dialog.
type Options struct {
	// Secret is the configured signing secret of a provider, nil if none.
	Secret func(provider string) []byte
	// Target is the URL offered until one was sent; then the last one
	// sent is.
	Target string
}

// DefaultTarget is offered when nothing else is known: a local app.
const DefaultTarget = "http://localhost:3000"

// editableBody is the largest body edited in the dialog itself; larger
// ones go to $EDITOR (ctrl+e).
const editableBody = 256 << 10

// editableLines is the most lines the textarea holds: it drops the rest.
const editableLines = 10000

// KeyMap is the dialog's keys.
type KeyMap struct {
	Send, Close, Next, Prev, Toggle, External, History key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Send:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "send")),
		Close:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close / stop")),
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Toggle:   key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "re-sign on/off")),
		External: key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "body in $EDITOR")),
		History:  key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "earlier targets")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Send, k.Close, k.Next, k.Toggle, k.External, k.History}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Send, k.Close, k.Next, k.Prev}, {k.Toggle, k.External, k.History}}
}

type field int

const (
	fieldTarget field = iota
	fieldHeaders
	fieldBody
	fieldConcurrency
)

type state int

const (
	stateClosed state = iota
	stateLoading
	stateEditing
	stateSending
	stateDone
)

// Model is the dialog.
type Model struct {
	st     Store
	opts   Options
	styles *theme.Styles
	keys   KeyMap

	width, height int
	state         state
	bulk          bool

	// the form
	target  textinput.Model
	history []string // targets sent to this session, newest last, as shown
	// passwords maps a target as shown, its password redacted, to the
	// target itself: the form never shows a password, yet sends with it.
	passwords   map[string]string
	histPos     int
	resign      bool
	headers     textarea.Model
	body        textarea.Model
	concurrency textinput.Model
	field       field

	// single
	delivery *store.Delivery
	// The textarea normalises what it holds (\r, tabs, control bytes), so
	// it holds bodyBase in sanitize.Editable form, and bodyBase is sent
	// unless the text was really edited.
	bodyBase   []byte // the captured body, or what $EDITOR saved
	bodyShown  string // the textarea's text for bodyBase; any other text is an edit
	bodyNote   string // why bodyBase is not in the textarea, "" when it is
	fromEditor bool   // bodyBase came from $EDITOR
	result     *store.Attempt

	// bulk
	filter   store.Filter
	ids      []string
	progress progress.Model
	done     int
	summary  *replay.Summary
	cancel   context.CancelFunc
	events   <-chan bulkEvent
	stopping bool
	last     []store.Attempt // the latest few results
	// unrecorded counts attempts sent but not stored; recordErr is the
	// first reason.
	unrecorded int
	recordErr  error

	err error
}

// Messages the root acts on.
type (
	// SentMsg says attempts of these deliveries were recorded.
	SentMsg struct{ IDs []string }
	// ClosedMsg says the dialog closed.
	ClosedMsg struct{}
)

type (
	openedMsg struct {
		d   *store.Delivery
		ids []string
		err error
	}
	resultMsg struct{ res store.Attempt }
	bulkEvent struct {
		res        *store.Attempt
		summary    *replay.Summary
		unrecorded int
		recordErr  error
	}
	bulkMsg     bulkEvent
	externalMsg struct {
		body []byte
		err  error
	}
)

// New returns a closed dialog.
func New(st Store, opts Options, styles *theme.Styles) Model {
	if opts.Target == "" {
		opts.Target = DefaultTarget
	}
	target, conc := textinput.New(), textinput.New()
	target.Prompt, conc.Prompt = "", ""
	target.CharLimit, conc.CharLimit = 2048, 3
	conc.SetValue("1")
	headers, body := textarea.New(), textarea.New()
	headers.ShowLineNumbers, body.ShowLineNumbers = false, true
	headers.Placeholder = "X-Extra: value   (one per line; -Name removes a header)"
	headers.CharLimit, body.CharLimit = 0, 0
	// Which field has the keys shows: its border in the Focus colour, a
	// cursor that does not blink away (the others draw none).
	for _, ta := range []*textarea.Model{&headers, &body} {
		ta.FocusedStyle.Prompt, ta.BlurredStyle.Prompt = styles.Form.BorderFocused, styles.Form.Border
		ta.Cursor.SetMode(cursor.CursorStatic)
	}
	target.Cursor.SetMode(cursor.CursorStatic)
	conc.Cursor.SetMode(cursor.CursorStatic)
	headers.Blur()
	body.Blur()
	m := Model{st: st, opts: opts, styles: styles, keys: defaultKeyMap(), target: target, concurrency: conc,
		headers: headers, body: body, progress: progress.New(progress.WithDefaultGradient()), passwords: map[string]string{}}
	m.showTarget(opts.Target)
	return m
}

// showTarget puts target in the form with its password redacted, and
// returns what it shows.
func (m *Model) showTarget(target string) string {
	shown := replay.Redact(target)
	if shown != target {
		m.passwords[shown] = target
	}
	m.target.SetValue(shown)
	m.target.CursorEnd()
	return shown
}

// IsOpen reports whether the dialog shows; it then has every key.
func (m Model) IsOpen() bool { return m.state != stateClosed }

// Loading reports whether the dialog still waits for what it replays; only
// esc acts meanwhile.
func (m Model) Loading() bool { return m.state == stateLoading }

var _ pane.Pane[Model] = (*Model)(nil)

// Help is the dialog's keys that act in its state.
func (m Model) Help() help.KeyMap { return m.activeKeys() }

// activeKeys is the key map with what does not act now disabled: $EDITOR
// only for one delivery's body, the fields only while editing.
func (m Model) activeKeys() KeyMap {
	k := m.keys
	editing := m.state == stateEditing || m.state == stateDone
	k.External.SetEnabled(editing && !m.bulk && m.delivery != nil)
	k.History.SetEnabled(m.state == stateEditing && m.field == fieldTarget && len(m.history) > 0)
	k.Toggle.SetEnabled(editing)
	k.Next.SetEnabled(m.state == stateEditing)
	k.Prev.SetEnabled(m.state == stateEditing)
	k.Send.SetEnabled(editing && (!m.bulk || len(m.ids) > 0))
	return k
}

// SetSize sets the dialog's size.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	m.target.Width = max(10, width-14) // after the marker, the label and a space
	m.concurrency.Width = 4
	m.headers.SetWidth(max(10, width))
	m.headers.SetHeight(2)
	m.body.SetWidth(max(10, width))
	m.body.SetHeight(max(3, height-9)) // the lines above it: title, target, re-sign, headers (3), body label, error
	m.progress.Width = max(10, width-20)
	return nil
}

// Open opens the dialog on delivery id.
func (m *Model) Open(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	m.reset(false)
	st := m.st
	return func() tea.Msg {
		d, err := st.Get(context.Background(), id)
		return openedMsg{d: d, err: err}
	}
}

// OpenBulk opens the dialog on every delivery that f selects, oldest
// first.
func (m *Model) OpenBulk(f store.Filter) tea.Cmd {
	m.reset(true)
	m.filter = f
	st := m.st
	return func() tea.Msg {
		var ids []string
		err := export.EachListed(context.Background(), st, f, func(d *store.Delivery) error {
			ids = append(ids, d.ID)
			return nil
		})
		if err != nil {
			return openedMsg{err: err}
		}
		return openedMsg{ids: ids}
	}
}

func (m *Model) reset(bulk bool) {
	m.state, m.bulk, m.err, m.resign = stateLoading, bulk, nil, false
	m.delivery, m.result = nil, nil
	m.bodyBase, m.bodyShown, m.bodyNote, m.fromEditor = nil, "", "", false
	m.ids, m.done, m.summary, m.last, m.events, m.cancel, m.stopping = nil, 0, nil, nil, nil, nil, false
	m.headers.SetValue("")
	m.histPos = len(m.history)
	// Offered afresh: what was typed and never sent is not kept.
	if n := len(m.history); n > 0 {
		m.target.SetValue(m.history[n-1]) // as shown: its password stays in passwords
		m.target.CursorEnd()
	} else {
		m.showTarget(m.opts.Target)
	}
}

// Update handles the dialog's messages and, while open, every key.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case openedMsg:
		if m.state != stateLoading {
			return m, nil
		}
		if msg.err != nil {
			m.state, m.err = stateEditing, msg.err
			return m, nil
		}
		m.state = stateEditing
		if m.bulk {
			m.ids = msg.ids
			m.focus(fieldTarget)
			return m, textinput.Blink
		}
		m.delivery = msg.d
		m.setBody(msg.d.Body, false)
		m.resign = false
		m.focus(fieldTarget)
		return m, textinput.Blink
	case resultMsg:
		m.state, m.result = stateDone, &msg.res
		ids := []string{msg.res.DeliveryID}
		return m, func() tea.Msg { return SentMsg{IDs: ids} }
	case bulkMsg:
		if msg.res != nil {
			m.done++
			m.last = append(m.last, *msg.res)
			if len(m.last) > 3 {
				m.last = m.last[1:]
			}
			return m, waitBulk(m.events)
		}
		m.state, m.summary, m.cancel = stateDone, msg.summary, nil
		m.unrecorded, m.recordErr = msg.unrecorded, msg.recordErr
		ids := m.ids
		return m, func() tea.Msg { return SentMsg{IDs: ids} }
	case externalMsg:
		if msg.err != nil {
			m.err = msg.err
		} else {
			m.setBody(msg.body, true)
		}
		return m, nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	}
	if m.state == stateEditing {
		return m.updateField(msg) // cursor blink
	}
	return m, nil
}

// updateField hands msg to the focused field.
func (m Model) updateField(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.field {
	case fieldTarget:
		m.target, cmd = m.target.Update(msg)
	case fieldHeaders:
		m.headers, cmd = m.headers.Update(msg)
	case fieldBody:
		if m.bodyNote == "" {
			if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyRunes {
				// Typed and pasted text is taken literally: a pasted CRLF
				// or tab is sent as one, not as the textarea's newlines
				// and spaces.
				k.Runes = []rune(sanitize.Editable([]byte(string(k.Runes))))
				msg = k
			}
			m.body, cmd = m.body.Update(msg)
		}
	case fieldConcurrency:
		m.concurrency, cmd = m.concurrency.Update(msg)
	}
	return m, cmd
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch m.state {
	case stateClosed, stateLoading:
		if m.state == stateLoading && key.Matches(msg, m.keys.Close) {
			m.state = stateClosed
			return m, func() tea.Msg { return ClosedMsg{} }
		}
		return m, nil
	case stateSending:
		if key.Matches(msg, m.keys.Close) && m.cancel != nil {
			m.cancel() // the summary follows, with what was sent
			m.stopping = true
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Close):
		m.state = stateClosed
		return m, func() tea.Msg { return ClosedMsg{} }
	case key.Matches(msg, m.keys.Send):
		return m.send()
	case m.state == stateDone:
		// Any other key goes back to the form, to edit and send again.
		m.state = stateEditing
		return m, nil
	case key.Matches(msg, m.keys.Next):
		m.focus(m.nextField(1))
		return m, nil
	case key.Matches(msg, m.keys.Prev):
		m.focus(m.nextField(-1))
		return m, nil
	case key.Matches(msg, m.keys.Toggle):
		m.resign = !m.resign
		return m, nil
	case key.Matches(msg, m.activeKeys().External):
		text := m.currentBodyBytes()
		return m, externaledit.Edit(text, "hookscope-replay-*"+bodyExt(m.delivery), func(b []byte, err error) tea.Msg {
			return externalMsg{body: b, err: err}
		})
	case m.field == fieldTarget && key.Matches(msg, m.keys.History):
		m.browseHistory(msg.String() == "up")
		return m, nil
	case m.field == fieldTarget && msg.Type == tea.KeyEnter:
		return m.send()
	}
	return m.updateField(msg)
}

func (m Model) fields() []field {
	if m.bulk {
		return []field{fieldTarget, fieldConcurrency}
	}
	return []field{fieldTarget, fieldHeaders, fieldBody}
}

func (m Model) nextField(step int) field {
	fs := m.fields()
	for i, f := range fs {
		if f == m.field {
			return fs[(i+step+len(fs))%len(fs)]
		}
	}
	return fs[0]
}

func (m *Model) focus(f field) {
	m.field = f
	m.target.Blur()
	m.headers.Blur()
	m.body.Blur()
	m.concurrency.Blur()
	switch f {
	case fieldTarget:
		m.target.Focus()
	case fieldHeaders:
		m.headers.Focus()
	case fieldBody:
		m.body.Focus()
	case fieldConcurrency:
		m.concurrency.Focus()
	}
}

// browseHistory steps through the targets sent to this session.
func (m *Model) browseHistory(older bool) {
	if len(m.history) == 0 {
		return
	}
	if older {
		m.histPos = max(0, m.histPos-1)
	} else {
		m.histPos = min(len(m.history)-1, m.histPos+1)
	}
	m.target.SetValue(m.history[m.histPos])
	m.target.CursorEnd()
}

func (m *Model) remember(target string) {
	for i, t := range m.history {
		if t == target {
			m.history = append(m.history[:i], m.history[i+1:]...)
			break
		}
	}
	m.history = append(m.history, target)
	m.histPos = len(m.history)
}

// setBody makes body the one to send: in the textarea when it is text of
// a size to edit here; otherwise the dialog says why not, and it goes as
// it is unless replaced from $EDITOR.
func (m *Model) setBody(body []byte, fromEditor bool) {
	m.bodyBase, m.fromEditor, m.bodyShown, m.bodyNote = body, fromEditor, "", ""
	m.body.SetValue("")
	size := content.Size(int64(len(body)))
	switch {
	case !utf8.Valid(body):
		m.bodyNote = fmt.Sprintf("binary body (%s) is sent byte for byte; ctrl+e edits it in $EDITOR", size)
	case len(body) > editableBody:
		m.bodyNote = fmt.Sprintf("body of %s is sent as it is; ctrl+e edits it in $EDITOR", size)
	case !fromEditor && m.delivery.Truncated:
		m.bodyNote = "the body was truncated at capture; what was stored is sent"
	}
	if m.bodyNote != "" {
		return
	}
	shown := sanitize.Editable(body)
	if lines := strings.Count(shown, "\n") + 1; lines > editableLines {
		m.bodyNote = fmt.Sprintf("body of %d lines is sent as it is; ctrl+e edits it in $EDITOR", lines)
		return
	}
	m.bodyShown = shown
	m.body.SetValue(shown)
	for m.body.Line() > 0 { // editing starts at the top, not after the last byte
		m.body.CursorUp()
	}
	m.body.CursorStart()
}

// currentBodyBytes is the body to send: the textarea's text, restored to
// bytes, once the user has changed it; bodyBase until then. Moving the
// cursor, or typing and deleting again, is no edit.
func (m Model) currentBodyBytes() []byte {
	if m.bodyNote == "" {
		if text := m.body.Value(); text != m.bodyShown {
			return sanitize.Restore(text)
		}
	}
	return m.bodyBase
}

func bodyExt(d *store.Delivery) string {
	if d == nil {
		return ""
	}
	switch content.Detect(d.Headers.Get("Content-Type"), d.Body) {
	case content.JSON:
		return ".json"
	case content.XML:
		return ".xml"
	}
	return ".txt"
}

// options reads the form into replay options; a mistake is an error shown
// in the dialog, nothing is sent.
func (m Model) options() (replay.Options, error) {
	opts := replay.Options{Target: strings.TrimSpace(m.target.Value()), Timeout: 30 * time.Second}
	if full, ok := m.passwords[opts.Target]; ok {
		opts.Target = full
	}
	if err := replay.CheckTarget(opts.Target); err != nil {
		return opts, err
	}
	if m.bulk {
		return opts, nil
	}
	set, remove, err := replay.ParseHeaderEdits(strings.Split(m.headers.Value(), "\n"))
	if err != nil {
		return opts, err
	}
	opts.SetHeaders, opts.RemoveHeaders = set, remove
	if body := m.currentBodyBytes(); string(body) != string(m.delivery.Body) {
		opts.Body = body
	}
	if m.resign {
		secret, err := m.secret(m.delivery.Provider)
		if err != nil {
			return opts, err
		}
		opts.Secret = secret
	}
	return opts, nil
}

// secret is the provider's configured secret, or why re-signing cannot
// work for it.
func (m Model) secret(provider string) ([]byte, error) {
	if !replay.Signs(provider) {
		return nil, fmt.Errorf("%s deliveries are not signed: turn re-sign off (ctrl+t)", orUnknown(provider))
	}
	var s []byte
	if m.opts.Secret != nil {
		s = m.opts.Secret(provider)
	}
	if len(s) == 0 {
		return nil, fmt.Errorf("no secret for %s to re-sign with: set %s or [providers.%s] secret in the config",
			provider, decode.SecretEnv(provider), provider)
	}
	return s, nil
}

func orUnknown(p string) string {
	if p == "" {
		return "unknown"
	}
	return p
}

func (m Model) send() (Model, tea.Cmd) {
	opts, err := m.options()
	m.err = err
	if err != nil {
		m.state = stateEditing
		return m, nil
	}
	m.remember(m.showTarget(opts.Target))
	m.state, m.result = stateSending, nil
	st := m.st
	if !m.bulk {
		d := m.delivery
		return m, func() tea.Msg {
			res := replay.Send(context.Background(), replay.Client(opts), d, opts)
			if err := st.InsertAttempt(context.Background(), &res); err != nil && res.Err == "" {
				res.Err = "sent, but not recorded: " + err.Error()
			}
			return resultMsg{res: res}
		}
	}
	conc, err := strconv.Atoi(strings.TrimSpace(m.concurrency.Value()))
	if err != nil || conc < 1 {
		m.state, m.err = stateEditing, fmt.Errorf("concurrency %q: want a whole number from 1", m.concurrency.Value())
		return m, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	// Room for every result and the summary: the run never waits for the
	// UI, and ends even when nobody reads any more (the user quit).
	events := make(chan bulkEvent, len(m.ids)+1)
	m.cancel, m.events, m.done, m.summary, m.last, m.stopping = cancel, events, 0, nil, nil, false
	m.unrecorded, m.recordErr = 0, nil
	ids := m.ids
	var secretFor func(provider string) []byte // nil: sent as signed at capture
	if m.resign {
		secretFor = func(provider string) []byte {
			s, _ := m.secret(provider)
			return s
		}
	}
	run := func() tea.Msg {
		defer cancel()
		end := bulkEvent{}
		sum := replay.Bulk(ctx, ids, st.Get, replay.Client(opts), opts, secretFor, replay.BulkOptions{Concurrency: conc},
			func(r store.Attempt) { // one call at a time
				// Recorded even when stopping: it was sent.
				if err := st.InsertAttempt(context.WithoutCancel(ctx), &r); err != nil {
					end.unrecorded++
					if end.recordErr == nil {
						end.recordErr = err
					}
				}
				events <- bulkEvent{res: &r}
			})
		end.summary = &sum
		events <- end
		close(events)
		return nil
	}
	return m, tea.Batch(run, waitBulk(events))
}

// Stop cancels a bulk replay in flight: the root calls it on quitting.
func (m *Model) Stop() {
	if m.cancel != nil {
		m.cancel()
	}
}

func waitBulk(events <-chan bulkEvent) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-events
		if !ok {
			return nil
		}
		return bulkMsg(ev)
	}
}
