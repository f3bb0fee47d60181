// Package detail is the TUI pane that shows one delivery in tabs: the body
// (pretty-printed and highlighted), the headers, and the raw request.
//
// Loading, decoding and highlighting run in a tea.Cmd; the result is tagged
// with the delivery id and dropped if the user has moved on meanwhile.
package detail

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/highlight"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/replays"
	"github.com/hookscope/hookscope/ui/report"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// Tab is one view of the delivery.
type Tab int

// The tabs, in the order of their number keys.
const (
	TabOverview Tab = iota
	TabBody
	TabHeaders
	TabSignature
	TabReply
	TabRaw
	TabReplays
	numTabs
)

var tabNames = [numTabs]string{"Overview", "Body", "Headers", "Signature", "Reply", "Raw", "Replays"}

// NumTabs is how many tabs there are.
const NumTabs = int(numTabs)

func (t Tab) String() string { return tabNames[t] }

// rawBodyCap bounds the body shown in the Raw tab; Body shows more, decoded.
const rawBodyCap = 1 << 20

// Inspector analyses a delivery with the current routes and secrets.
type Inspector func(d *store.Delivery) registry.Inspection

// Getter loads a whole delivery and its replays.
type Getter interface {
	Get(ctx context.Context, id string) (*store.Delivery, error)
	replays.Source
	RetrySource
}

// KeyMap is the pane's keys while it has focus.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Left, Right, Highlight key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:    key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", "ctrl+d", " "), key.WithHelp("pgdn", "page down")),
		Top:       key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:    key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Left:      key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "scroll left")),
		Right:     key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "scroll right")),
		Highlight: key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "highlight large body")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Left, k.Right} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Top, k.Bottom, k.Left, k.Right, k.Highlight}}
}

// Model is the detail pane.
type Model struct {
	src         Getter
	inspect     Inspector
	styles      *theme.Styles
	keys        KeyMap
	chromaStyle string

	width, height int
	focused       bool
	tab           Tab

	id      string // the delivery asked for
	d       *store.Delivery
	pages   [numTabs]string
	offsets [numTabs]int
	loading bool
	err     error
	vp      viewport.Model
	replays replays.Model

	terms []string // free-text terms to highlight in the Body tab
	found findings

	overview string           // the Overview tab's page before the retries
	tries    []store.Delivery // the deliveries of the event shown
	triesErr error
	// unindexed is how many stored deliveries the store had not indexed
	// when it listed tries (its writer indexes them once captures pause);
	// triesLoading, that a listing is on its way.
	unindexed    int64
	triesLoading bool
}

// New returns an empty pane. chromaStyle names the chroma style for bodies;
// inspect may be nil, and Overview and Signature then say so.
func New(src Getter, inspect Inspector, styles *theme.Styles, chromaStyle string) Model {
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{} // keys are ours; the default binds f and b
	vp.SetHorizontalStep(8)
	return Model{src: src, inspect: inspect, styles: styles, keys: defaultKeyMap(), chromaStyle: chromaStyle, vp: vp,
		replays: replays.New(src, styles)}
}

// loadedMsg is a delivery read and rendered for every tab.
type loadedMsg struct {
	id    string
	d     *store.Delivery
	pages [numTabs]string
	err   error
}

var _ pane.Pane[Model] = (*Model)(nil)

// Help is the pane's keys: the Replays tab's while it shows.
func (m Model) Help() help.KeyMap {
	if m.tab == TabReplays {
		return m.replays.Help()
	}
	return m.keys
}

// ReplayKeys is the Replays tab's key map, in force while it shows.
func (m Model) ReplayKeys() replays.KeyMap { return m.replays.Keys() }

// ToggleDiff toggles the Replays tab's diff, from whichever pane has
// focus.
func (m *Model) ToggleDiff() { m.replays.ToggleDiff() }

// ReloadReplays reloads the Replays tab's attempts: one was just recorded.
func (m *Model) ReloadReplays() tea.Cmd { return m.replays.Show(m.id) }

// Tab is the tab shown.
func (m Model) Tab() Tab { return m.tab }

// Delivery is the delivery shown, nil before one is loaded.
func (m Model) Delivery() *store.Delivery { return m.d }

// SetFocused tells the pane whether it has the keyboard.
func (m *Model) SetFocused(f bool) {
	m.focused = f
	m.replays.SetFocused(f)
}

// SetSize sets the pane's size inside its border.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	m.vp.Width, m.vp.Height = width, max(0, height-1)
	return m.replays.SetSize(width, max(0, height-1))
}

// SetTab switches tab, remembering where each tab was scrolled to.
func (m *Model) SetTab(t Tab) {
	if t < 0 || t >= numTabs || t == m.tab {
		return
	}
	m.offsets[m.tab] = m.vp.YOffset
	m.tab = t
	m.vp.SetContent(m.pageFor(t))
	m.vp.SetYOffset(m.offsets[t])
}

// Show loads the delivery id unless it is already shown.
func (m *Model) Show(id string) tea.Cmd {
	if id == m.id {
		return nil
	}
	m.id = id
	replaysCmd := m.replays.Show(id)
	if id == "" {
		m.d, m.pages, m.err, m.loading = nil, [numTabs]string{}, nil, false
		m.found = findings{current: -1}
		m.tries, m.triesErr, m.overview, m.unindexed = nil, nil, "", 0
		m.vp.SetContent("")
		return nil
	}
	m.loading = true
	m.tries, m.triesErr, m.unindexed = nil, nil, 0
	return tea.Batch(m.load(false), replaysCmd, m.loadRetries())
}

func (m Model) load(force bool) tea.Cmd {
	src, inspect, id, styles, chroma := m.src, m.inspect, m.id, m.styles, m.chromaStyle
	return func() tea.Msg {
		d, err := src.Get(context.Background(), id)
		if err != nil {
			return loadedMsg{id: id, err: err}
		}
		return loadedMsg{id: id, d: d, pages: Render(d, inspect, styles, chroma, force)}
	}
}

// Update handles loads and, when focused, scrolling keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if _, isKey := msg.(tea.KeyMsg); !isKey {
		m.replays, _ = m.replays.Update(msg) // its loads
	}
	switch msg := msg.(type) {
	case retriesMsg:
		cmd := m.setRetries(msg)
		return m, cmd
	case loadedMsg:
		if msg.id != m.id {
			return m, nil // the user moved on
		}
		m.loading = false
		m.err = msg.err
		if msg.err == nil {
			keep := m.d != nil && m.d.ID == msg.id // re-render of the same delivery
			m.d, m.pages = msg.d, msg.pages
			m.overview = m.pages[TabOverview]
			// Computed here, shown once below.
			m.overviewPage()
			m.collectMatches()
			if !keep {
				m.offsets = [numTabs]int{}
			}
			y := m.vp.YOffset
			m.vp.SetContent(m.pageFor(m.tab))
			if keep {
				m.vp.SetYOffset(y)
			} else {
				m.vp.GotoTop()
				m.vp.SetXOffset(0)
			}
			if !m.triesLoading && m.factsBehind() {
				// Read before the listing indexed it: once more.
				return m, m.load(false)
			}
		}
		return m, nil
	case tea.KeyMsg:
		if !m.focused {
			return m, nil
		}
		if m.tab == TabReplays {
			var cmd tea.Cmd
			m.replays, cmd = m.replays.Update(msg)
			return m, cmd
		}
		switch {
		case key.Matches(msg, m.keys.Up):
			m.vp.ScrollUp(1)
		case key.Matches(msg, m.keys.Down):
			m.vp.ScrollDown(1)
		case key.Matches(msg, m.keys.PageUp):
			m.vp.PageUp()
		case key.Matches(msg, m.keys.PageDown):
			m.vp.PageDown()
		case key.Matches(msg, m.keys.Top):
			m.vp.GotoTop()
		case key.Matches(msg, m.keys.Bottom):
			m.vp.GotoBottom()
		case key.Matches(msg, m.keys.Left):
			m.vp.ScrollLeft(8)
		case key.Matches(msg, m.keys.Right):
			m.vp.ScrollRight(8)
		case key.Matches(msg, m.keys.Highlight):
			if m.d != nil {
				cmd := m.load(true)
				return m, cmd
			}
		}
	}
	return m, nil
}

// pageFor is tab t's text as shown: the body with its matches marked.
func (m Model) pageFor(t Tab) string {
	if t == TabBody {
		return m.bodyPage()
	}
	return m.pages[t]
}

// View renders the tab bar and the current tab.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var tabs []string
	for t := Tab(0); t < numTabs; t++ {
		// Brackets mark the active tab where colours do not (NO_COLOR).
		if t == m.tab {
			tabs = append(tabs, m.styles.Detail.ActiveTab.Render(fmt.Sprintf("[%d %s]", t+1, t)))
		} else {
			tabs = append(tabs, m.styles.Detail.Tab.Render(fmt.Sprintf(" %d %s ", t+1, t)))
		}
	}
	bar := format.Pad(strings.Join(tabs, "")+"  "+m.styles.Detail.Label.Render(m.caption()), m.width)
	var body string
	switch {
	case m.err != nil:
		body = m.styles.Bar.Error.Render(format.Pad("cannot load delivery: "+sanitize.Line(m.err.Error()), m.width))
	case m.id == "":
		body = m.styles.List.Empty.Render("no delivery selected")
	case m.d == nil:
		body = m.styles.List.Placeholder.Render("loading…")
	case m.tab == TabReplays:
		body = m.replays.View()
	default:
		body = m.vp.View()
	}
	return bar + "\n" + body
}

// caption is the one-line identity of the delivery shown.
func (m Model) caption() string {
	if m.d == nil {
		return ""
	}
	d := m.d
	c := fmt.Sprintf("%s %s · %s · %d", sanitize.Line(d.Method), sanitize.Line(d.URI), content.Size(d.Size), d.ReplyStatus)
	if n := len(m.found.matches); n > 0 && m.tab == TabBody {
		// First: the caption is cut from the end on a narrow pane.
		if m.found.current < 0 {
			c = fmt.Sprintf("%d matches (n/N) · ", n) + c
		} else {
			c = fmt.Sprintf("match %d/%d (n/N) · ", m.found.current+1, n) + c
		}
	}
	return c
}

// Render builds every tab's text for d. It is pure, for use in a tea.Cmd;
// force highlights a body beyond highlight.Budget.
func Render(d *store.Delivery, inspect Inspector, styles *theme.Styles, chromaStyle string, force bool) [numTabs]string {
	var pages [numTabs]string
	var in registry.Inspection
	if inspect != nil {
		in = inspect(d)
	}
	r := report.Build(d, in, nil, 0) // the Replays tab loads attempts itself
	if inspect != nil {
		pages[TabOverview] = renderOverview(r, styles)
		pages[TabSignature] = renderSignature(r, styles)
	} else {
		pages[TabOverview] = "no decoding configured"
		pages[TabSignature] = "no decoding configured"
	}
	colors := lipgloss.ColorProfile() // highlight as the rest of the screen is coloured
	pages[TabBody] = renderBody(r.Body, styles, chromaStyle, colors, force)
	pages[TabHeaders] = renderHeaders(r, styles)
	pages[TabReply] = renderReply(r.Reply, styles, chromaStyle, colors)
	pages[TabRaw] = renderRaw(d)
	return pages
}

func renderBody(rb report.Body, styles *theme.Styles, chromaStyle string, colors termenv.Profile, force bool) string {
	note := rb.Note
	body := expandTabs(rb.Text)
	if lexer := highlight.Lexer(rb.Kind); lexer != "" {
		if len(body) <= highlight.Budget || force {
			if colored, err := highlight.Text(body, lexer, chromaStyle, colors); err == nil {
				body = colored
			}
		} else if highlight.Formatter(colors) != "" {
			// No size of its own: the text shown is larger than the body
			// stored (pretty-printed, escaped), and two sizes side by side
			// read as if they disagreed.
			note = report.JoinNotes(note, fmt.Sprintf("not highlighted above %s: press H to highlight", content.Size(highlight.Budget)))
		}
	}
	if note != "" {
		return styles.Detail.Note.Render("("+note+")") + "\n" + body
	}
	return body
}

// renderHeaders is the request's facts, headers and trailers.
func renderHeaders(r *report.Report, styles *theme.Styles) string {
	var b strings.Builder
	label := styles.Detail.Label
	for _, row := range r.Request {
		if row.Label == "request" {
			continue // the tab bar's caption and the Raw tab show it
		}
		fmt.Fprintf(&b, "%s %s\n", label.Render(format.Pad(row.Label, 9)), row.Value)
	}
	b.WriteString("\n")
	writeHeaderRows(&b, r.Headers, styles)
	if len(r.Headers) == 0 {
		b.WriteString(styles.List.Empty.Render("no headers"))
	}
	if len(r.Trailers) > 0 {
		b.WriteString("\n" + label.Render("trailers, sent after the chunked body") + "\n")
		writeHeaderRows(&b, r.Trailers, styles)
	}
	return b.String()
}

// writeHeaderRows writes header or trailer rows, "Name: value", a line each.
func writeHeaderRows(b *strings.Builder, rows []report.Row, styles *theme.Styles) {
	for _, h := range rows {
		b.WriteString(styles.Detail.HeaderName.Render(h.Label))
		b.WriteString(": ")
		b.WriteString(styles.Detail.HeaderValue.Render(h.Value))
		b.WriteString("\n")
	}
}

// renderReply shows what hookscope answered: status, the rule that made
// it, how long it took, headers and body.
func renderReply(rp report.Reply, styles *theme.Styles, chromaStyle string, colors termenv.Profile) string {
	var b strings.Builder
	label := styles.Detail.Label
	fmt.Fprintf(&b, "%s %s\n", label.Render("status  "), styles.StatusStyle(rp.Status).Render(fmt.Sprint(rp.Status)))
	fmt.Fprintf(&b, "%s %s\n", label.Render("rule    "), rp.Rule)
	fmt.Fprintf(&b, "%s %s\n", label.Render("stored  "), rp.Stored)
	fmt.Fprintf(&b, "%s %s\n\n", label.Render("answered"), rp.Answered)
	if !rp.Recorded {
		b.WriteString(styles.List.Empty.Render("the reply's headers and body were not recorded (captured by an older hookscope)"))
		return b.String()
	}
	for _, h := range rp.Headers {
		b.WriteString(styles.Detail.HeaderName.Render(h.Label) + ": " + h.Value + "\n")
	}
	b.WriteString("\n")
	body := expandTabs(rp.Body.Text)
	if lexer := highlight.Lexer(rp.Body.Kind); lexer != "" && len(body) <= highlight.Budget {
		if colored, err := highlight.Text(body, lexer, chromaStyle, colors); err == nil {
			body = colored
		}
	}
	b.WriteString(body)
	return b.String()
}

// renderRaw shows the request as it came on the wire: request line, headers,
// blank line, body undecoded. Go's server canonicalises header names and
// takes Host out of the headers; it is put back first, as clients send it.
func renderRaw(d *store.Delivery) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s\n", sanitize.Line(d.Method), sanitize.Line(d.URI), sanitize.Line(d.Proto))
	fmt.Fprintf(&b, "Host: %s\n", sanitize.Line(d.Host))
	writeRawFields(&b, d.Headers)
	b.WriteString("\n")
	body := d.Body
	if len(body) > rawBodyCap {
		body = body[:rawBodyCap]
	}
	// Tabs are shown as \t, like \r: this tab shows the bytes.
	b.WriteString(strings.ReplaceAll(sanitize.Text(string(body)), "\t", `\t`))
	if len(d.Body) > rawBodyCap {
		fmt.Fprintf(&b, "\n… (%s more not shown here; the Body tab shows it decoded)", content.Size(int64(len(d.Body)-rawBodyCap)))
	}
	// The body is shown de-chunked, as stored; its trailers follow it,
	// as on the wire.
	if len(d.Trailers) > 0 {
		b.WriteString("\n\n")
		writeRawFields(&b, d.Trailers)
	}
	return b.String()
}

// writeRawFields writes header or trailer fields, a line per value.
func writeRawFields(b *strings.Builder, h http.Header) {
	for _, f := range store.SortHeaders(h) {
		for _, v := range f.Values {
			fmt.Fprintf(b, "%s: %s\n", sanitize.Line(f.Name), sanitize.Line(v))
		}
	}
}

// expandTabs turns tabs into the four spaces lipgloss draws for them. The
// viewport measures and cuts lines before lipgloss expands them, counting
// a tab as no cell, so a line with tabs wrapped onto the next row.
func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }
