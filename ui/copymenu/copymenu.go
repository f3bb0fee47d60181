// Package copymenu is the TUI's copy menu: `y` offers the selected
// delivery as a curl or httpie command line, its body, or its URL, and
// copies the choice to the clipboard with an OSC 52 escape sequence, which
// the terminal acts on wherever hookscope runs (over SSH, inside tmux when
// tmux lets it through).
//
// What is copied is what `hookscope export` writes, byte for byte: the
// command lines come from replay/export's writer, with configured secrets
// scrubbed; the body is the captured bytes. Loading the delivery and
// writing the sequence happen in tea.Cmds.
package copymenu

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/replay/export"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// Getter loads a delivery whole: the store.
type Getter interface {
	Get(ctx context.Context, id string) (*store.Delivery, error)
}

// Options configure the menu.
type Options struct {
	// Out is the terminal, where the OSC 52 sequence goes; it must take
	// writes from another goroutine (an *os.File does). Nil: no copying.
	Out io.Writer
	// Getenv reads TERM, TMUX and STY.
	Getenv func(string) string
	// TmuxOption reads tmux's set-clipboard inside tmux; nil leaves the
	// general note.
	TmuxOption TmuxOption
	// Secrets are the configured secrets, scrubbed from command lines as
	// `hookscope export` scrubs them.
	Secrets [][]byte
}

// MaxCopy is the most a copy sends through the terminal: terminals cap
// OSC 52 (some at 100 KB of base64) and a larger body is better saved.
const MaxCopy = 1 << 20

// Item is one thing to copy.
type Item int

// The things to copy.
const (
	Curl Item = iota
	HTTPie
	Body
	URL
	Public
	numItems
)

var itemNames = [numItems]string{"the curl command", "the httpie command", "the body", "the URL", "the public URL"}

// KeyMap is the menu's keys.
type KeyMap struct {
	Curl, HTTPie, Body, URL, Public, Close key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Curl:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "curl")),
		HTTPie: key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "httpie")),
		Body:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "body")),
		URL:    key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "URL")),
		Public: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "public URL")),
		Close:  key.NewBinding(key.WithKeys("esc", "y"), key.WithHelp("esc", "close")),
	}
}

func (k *KeyMap) items() [numItems]*key.Binding {
	return [numItems]*key.Binding{&k.Curl, &k.HTTPie, &k.Body, &k.URL, &k.Public}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Curl, k.HTTPie, k.Body, k.URL, k.Public, k.Close}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is the menu.
type Model struct {
	st     Getter
	opts   Options
	styles *theme.Styles
	keys   KeyMap
	term   Terminal

	width, height int
	open          bool
	id            string // the delivery asked for
	d             *store.Delivery
	publicURL     string
	err           error
}

var _ pane.Pane[Model] = (*Model)(nil)

// Messages.
type (
	// CopiedMsg says what was copied, or why it was not.
	CopiedMsg struct {
		What string
		Size int
		// Note says in a few words why the terminal may not have taken it.
		Note string
		Err  error
	}
	// ClosedMsg says the menu closed without copying.
	ClosedMsg struct{}

	loadedMsg struct {
		id   string
		d    *store.Delivery
		term Terminal
		err  error
	}
)

// New returns a closed menu.
func New(st Getter, opts Options, styles *theme.Styles) Model {
	m := Model{st: st, opts: opts, styles: styles, keys: defaultKeyMap()}
	if opts.Getenv != nil {
		m.term = DetectTerminal(opts.Getenv)
	}
	m.syncKeys()
	return m
}

// IsOpen reports whether the menu has the keys.
func (m Model) IsOpen() bool { return m.open }

// Loading reports whether the menu still waits for the delivery it copies
// from; only esc acts meanwhile, and "yc" typed in one read copies once it
// is loaded (the root holds the c).
func (m Model) Loading() bool { return m.open && m.d == nil && m.err == nil }

// Open opens the menu on delivery id; publicURL is the tunnel's base URL
// ("" when none), for the public URL entry. Nil when there is nothing to
// copy.
func (m *Model) Open(id, publicURL string) tea.Cmd {
	if id == "" {
		return nil
	}
	m.open, m.id, m.d, m.err, m.publicURL = true, id, nil, nil, publicURL
	m.syncKeys()
	st, term, tmux := m.st, m.term, m.opts.TmuxOption
	return func() tea.Msg {
		ctx := context.Background()
		d, err := st.Get(ctx, id)
		if tmux != nil && term.tmux {
			clip, _ := tmux(ctx, "set-clipboard")
			pass, _ := tmux(ctx, "allow-passthrough")
			term = term.refine(clip, pass)
		}
		return loadedMsg{id: id, d: d, term: term, err: err}
	}
}

// SetSize implements pane.Pane.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	return nil
}

// Help implements pane.Pane.
func (m Model) Help() help.KeyMap { return m.keys }

// Update implements pane.Pane.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if !m.open || msg.id != m.id {
			return m, nil // the menu closed or moved on
		}
		m.d, m.err, m.term = msg.d, msg.err, msg.term
		m.syncKeys()
	case tea.KeyMsg:
		if !m.open {
			return m, nil
		}
		if key.Matches(msg, m.keys.Close) {
			m.open = false
			return m, func() tea.Msg { return ClosedMsg{} }
		}
		for i, b := range m.keys.items() {
			if key.Matches(msg, *b) {
				return m.choose(Item(i))
			}
		}
	}
	return m, nil
}

// choose copies it and closes the menu.
func (m Model) choose(it Item) (Model, tea.Cmd) {
	if m.d == nil || !m.available(it) {
		return m, nil
	}
	d, opts, term, public := m.d, m.opts, m.term, m.publicURL
	m.open = false
	m.syncKeys()
	return m, func() tea.Msg {
		text, err := Text(d, it, public, opts.Secrets)
		done := CopiedMsg{What: itemNames[it], Size: len(text), Note: term.Short, Err: err}
		switch {
		case err != nil:
		case opts.Out == nil:
			done.Err = fmt.Errorf("no terminal to copy %s through", itemNames[it])
		case len(text) > MaxCopy:
			done.Err = fmt.Errorf("%s is %s, more than a terminal takes through OSC 52; s saves the body, E exports",
				itemNames[it], content.Size(int64(len(text))))
		default:
			if _, err := io.WriteString(opts.Out, term.Sequences(text)); err != nil {
				done.Err = fmt.Errorf("copy %s: %w", itemNames[it], err)
			}
		}
		return done
	}
}

// Text is what copying it from d puts on the clipboard: for the command
// lines exactly what `hookscope export --format curl|httpie ID` writes.
func Text(d *store.Delivery, it Item, publicURL string, secrets [][]byte) (string, error) {
	switch it {
	case Curl, HTTPie:
		f := export.Curl
		if it == HTTPie {
			f = export.HTTPie
		}
		var b strings.Builder
		x, err := export.NewWriter(&b, f, export.Options{Secrets: secrets})
		if err != nil {
			return "", err
		}
		if err := x.Write(d, nil); err != nil {
			return "", err
		}
		if err := x.Close(); err != nil {
			return "", err
		}
		return b.String(), nil
	case Body:
		return string(d.Body), nil
	case URL:
		return export.RequestURL(d, ""), nil
	case Public:
		return publicURLOf(d, publicURL), nil
	}
	return "", fmt.Errorf("nothing to copy")
}

// publicURLOf is the URL a platform calls for d through the tunnel at
// public: its path and query under public, as export's command lines
// would send to.
func publicURLOf(d *store.Delivery, public string) string {
	return strings.TrimRight(public, "/") + export.RequestPath(d)
}

// available reports whether it can be copied from the loaded delivery: a
// binary body cannot be pasted as text, and the public URL needs a tunnel.
func (m Model) available(it Item) bool {
	switch {
	case m.d == nil:
		return false
	case it == Body:
		return len(m.d.Body) > 0 && utf8.Valid(m.d.Body)
	case it == Public:
		return m.publicURL != "" && publicURLOf(m.d, m.publicURL) != export.RequestURL(m.d, "")
	}
	return true
}

func (m *Model) syncKeys() {
	for i, b := range m.keys.items() {
		b.SetEnabled(m.open && m.available(Item(i)))
	}
	m.keys.Close.SetEnabled(m.open)
}

// View draws the menu.
func (m Model) View() string {
	if !m.open || m.width <= 0 {
		return ""
	}
	s := m.styles
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render("Copy to the clipboard (OSC 52)") + "\n")
	switch {
	case m.err != nil:
		b.WriteString(s.Bar.Error.Render(format.Pad(sanitize.Line(m.err.Error()), m.width)) + "\n")
		return b.String()
	case m.d == nil:
		return b.String() + s.List.Placeholder.Render("loading…")
	}
	line := func(k key.Binding, what, detail string) {
		text := "  " + k.Help().Key + "  " + what
		if detail != "" {
			text += "  " + detail
		}
		style := s.Detail.HeaderValue
		if !k.Enabled() {
			style = s.Detail.Label
		}
		b.WriteString(style.Render(format.Pad(text, m.width)) + "\n")
	}
	k := m.keys
	line(k.Curl, "as a curl command", "")
	line(k.HTTPie, "as an httpie command", "")
	switch {
	case len(m.d.Body) == 0:
		line(k.Body, "the body", "(empty)")
	case !utf8.Valid(m.d.Body):
		line(k.Body, "the body", "(binary: s saves it byte for byte)")
	default:
		line(k.Body, "the body", "("+content.Size(int64(len(m.d.Body)))+")")
	}
	line(k.URL, "the URL", sanitize.Line(export.RequestURL(m.d, "")))
	if k.Public.Enabled() {
		line(k.Public, "the public URL", sanitize.Line(publicURLOf(m.d, m.publicURL)))
	}
	if m.opts.Out == nil {
		b.WriteString(s.Bar.Error.Render("no terminal to copy through") + "\n")
	}
	if m.term.Note != "" {
		for _, l := range strings.Split(ansi.Wordwrap(sanitize.Line(m.term.Note), max(20, m.width), " "), "\n") {
			b.WriteString(s.Detail.Note.Render(format.Pad(l, m.width)) + "\n")
		}
	}
	return b.String()
}
