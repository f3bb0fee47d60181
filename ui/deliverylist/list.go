// Package deliverylist is the TUI's list of deliveries. It never holds the
// whole store: it keeps the total count and a window of rows around what is
// visible, and reads another window from the store (in a tea.Cmd) when the
// selection leaves it or the store changes.
package deliverylist

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/filter"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/report"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// Source is the part of the store the list reads. The list asks again at
// every change, so its queries are Live: with a filter that reads the
// index, a long backlog is left to the writer and counted (LiveBacklog).
type Source interface {
	Count(ctx context.Context, f store.Filter) (int, error)
	List(ctx context.Context, f store.Filter, offset, limit int) ([]store.Delivery, error)
	IndexOf(ctx context.Context, f store.Filter, id string) (int, error)
	LiveBacklog(ctx context.Context) (int64, error)
}

// KeyMap is the list's keys.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "oldest")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "newest")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Top, k.Bottom} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}

// Model is the list.
type Model struct {
	src    Source
	styles *theme.Styles
	keys   KeyMap

	width, height int // height includes the column header line
	focused       bool
	follow        bool
	filter        store.Filter
	shown         store.Filter // the filter total and rows are of

	total      int
	selected   int    // index in the filtered listing; -1 when empty
	selectedID string // "" while the selected row is not loaded yet
	// anchor is the last delivery selected: a filter that held none of
	// it (typing at /, "sig:inv" on the way to "sig:invalid") must not
	// lose it for the next filter, which may hold it again.
	anchor    string
	top       int   // index of the first visible row
	unindexed int64 // deliveries the filter shown could not look at yet

	winStart int
	rows     []store.Delivery

	captureURL string   // where this process captures, for the empty list's hint
	hint       []string // more of the empty list's text (SetHint)

	// providerWant and topicWant are the longest provider and topic of the
	// rows loaded (cells); growFrom is the width beyond which the columns
	// grow toward them (SetGrowFrom).
	providerWant, topicWant int
	growFrom                int

	gen     int  // generation of the newest load asked for
	loading bool // a load is in flight
	pending bool // the store changed while loading: load again after
	loaded  bool // at least one load arrived
	err     error
}

// New returns a list over src that follows new deliveries.
func New(src Source, styles *theme.Styles) Model {
	return Model{src: src, styles: styles, keys: defaultKeyMap(), follow: true, selected: -1}
}

// loadedMsg carries a window read from the store.
type loadedMsg struct {
	gen      int
	filter   store.Filter
	total    int
	selected int
	top      int
	start    int
	rows     []store.Delivery
	// unindexed is how many stored deliveries the filter may have
	// missed: those not indexed yet, when the filter reads the index.
	unindexed int64
	err       error
}

var _ pane.Pane[Model] = (*Model)(nil)

// Help is the list's keys; on an empty list none moves.
func (m Model) Help() help.KeyMap {
	k := m.keys
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(m.total > 0)
	}
	return k
}

// SelectedID is the id of the selected delivery, "" when none (or while it
// is loading).
func (m Model) SelectedID() string { return m.selectedID }

// Selected is the selected row (without headers and body), nil when none
// is loaded.
func (m Model) Selected() *store.Delivery { return m.rowAt(m.selected) }

// Total is how many deliveries the current filter matches.
func (m Model) Total() int { return m.total }

// Unindexed is how many stored deliveries the filter shown could not look
// at yet: the store indexes them once captures pause, and the list, which
// reloads at every change, then shows them. 0 unless the filter reads the
// index.
func (m Model) Unindexed() int64 { return m.unindexed }

// Following reports whether the selection sticks to the newest delivery.
func (m Model) Following() bool { return m.follow }

// Err is the last error reading the store, if any.
func (m Model) Err() error { return m.err }

// SetFocused tells the list whether it has the keyboard.
func (m *Model) SetFocused(f bool) { m.focused = f }

// SetSize sets the list's size and reloads when the number of rows shown
// changed.
func (m *Model) SetSize(width, height int) tea.Cmd {
	changed := height != m.height
	m.width, m.height = width, height
	if !changed {
		return nil
	}
	// Keep the selection on screen now; the reload only fills in rows.
	m.top = scrollTop(m.top, m.selected, m.visibleRows(), m.total)
	return m.Refresh()
}

// SetFollow turns following the tail on or off.
func (m *Model) SetFollow(on bool) tea.Cmd {
	m.follow = on
	if on {
		return m.Refresh()
	}
	return nil
}

// SetGrowFrom sets the width beyond which PROVIDER and TOPIC grow toward
// their longest names: the widest the list ever is without the tree beside
// it, so that the tree's arrival (which narrows the list) never narrows
// them. 0: they stay at their base width.
func (m *Model) SetGrowFrom(w int) { m.growFrom = w }

// SetCaptureURL says where this process captures (http://127.0.0.1:18110/),
// so the empty list's hint sends there, not to the default port.
func (m *Model) SetCaptureURL(u string) { m.captureURL = u }

// Shown is the filter of the rows and total shown: Filter once the load
// it asked for arrived.
func (m Model) Shown() store.Filter { return m.shown }

// Position is where the selection is, "1,204 of 2,000".
func (m Model) Position() string {
	if m.total == 0 || m.selected < 0 {
		return "0 of 0"
	}
	return format.Count(m.selected+1) + " of " + format.Count(m.total)
}

// SetHint gives the empty list's lines on where deliveries come from
// (the public URL to register with each platform).
func (m *Model) SetHint(lines []string) { m.hint = lines }

// Filter is the filter the list shows.
func (m Model) Filter() store.Filter { return m.filter }

// SetFilter shows only deliveries matching f. The selection stays on the
// same delivery when f holds it, else on the nearest newer one; when
// following, it stays on the newest.
func (m *Model) SetFilter(f store.Filter) tea.Cmd {
	if f == m.filter {
		return nil
	}
	m.filter = f
	// The load in flight is of the old filter: ask for a newer one.
	return m.load()
}

// Refresh re-reads the count and the visible window, keeping the selection
// on the same delivery (or on the newest when following).
func (m *Model) Refresh() tea.Cmd {
	if m.loading {
		m.pending = true
		return nil
	}
	return m.load()
}

func (m Model) visibleRows() int { return max(1, m.height-1) }

func (m *Model) load() tea.Cmd {
	m.gen++
	m.loading, m.pending = true, false
	src, f, gen := m.src, m.filter, m.gen
	follow, selID, sel, top, visible := m.follow, m.selectedID, m.selected, m.top, m.visibleRows()
	if selID == "" && m.total == 0 {
		selID = m.anchor // not a row still loading: there is none
	}
	return func() tea.Msg {
		ctx := context.Background()
		q := f
		q.Live = true
		total, err := src.Count(ctx, q)
		if err != nil {
			return loadedMsg{gen: gen, filter: f, err: err}
		}
		switch {
		case follow:
			sel = total - 1
		case selID != "":
			if sel, err = src.IndexOf(ctx, q, selID); err != nil {
				return loadedMsg{gen: gen, filter: f, err: err}
			}
		}
		sel = min(max(sel, 0), total-1)
		top = scrollTop(top, sel, visible, total)
		// A page either side makes the next few moves instant.
		start := max(0, top-visible)
		rows, err := src.List(ctx, q, start, 3*visible)
		if err != nil {
			return loadedMsg{gen: gen, filter: f, err: err}
		}
		var unindexed int64
		if f.Expr != nil && filter.NeedsIndex(f.Expr) {
			if unindexed, err = src.LiveBacklog(ctx); err != nil {
				return loadedMsg{gen: gen, filter: f, err: err}
			}
		}
		return loadedMsg{gen: gen, filter: f, total: total, selected: sel, top: top, start: start, rows: rows, unindexed: unindexed}
	}
}

// scrollTop keeps sel visible, moving the view as little as possible.
func scrollTop(top, sel, visible, total int) int {
	if sel < top {
		top = sel
	}
	if sel >= top+visible {
		top = sel - visible + 1
	}
	return min(max(top, 0), max(0, total-visible))
}

// Update handles loads and, when focused, keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen != m.gen {
			return m, nil // a newer load is on its way
		}
		m.loading = false
		if msg.err != nil {
			m.err = msg.err
		} else {
			m.err = nil
			m.loaded = true
			m.shown = msg.filter
			// The load computed top for the height when it started; a
			// resize since must not leave the selection off screen.
			m.total, m.selected, m.unindexed = msg.total, msg.selected, msg.unindexed
			m.top = scrollTop(msg.top, msg.selected, m.visibleRows(), msg.total)
			m.winStart, m.rows = msg.start, msg.rows
			m.selectedID = m.idAt(m.selected)
			if m.selectedID != "" {
				m.anchor = m.selectedID
			}
			m.providerWant, m.topicWant = 0, 0
			for i := range m.rows {
				m.providerWant = max(m.providerWant, ansi.StringWidth(sanitize.Line(m.rows[i].Provider)))
				m.topicWant = max(m.topicWant, ansi.StringWidth(sanitize.Line(m.rows[i].Topic)))
			}
		}
		if m.pending {
			cmd := m.load()
			return m, cmd
		}
		return m, nil
	case tea.KeyMsg:
		if !m.focused {
			return m, nil
		}
		return m.handleKey(msg)
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if m.total == 0 {
		return m, nil
	}
	sel := m.selected
	switch {
	case key.Matches(msg, m.keys.Up):
		sel--
	case key.Matches(msg, m.keys.Down):
		sel++
	case key.Matches(msg, m.keys.PageUp):
		sel -= m.visibleRows()
	case key.Matches(msg, m.keys.PageDown):
		sel += m.visibleRows()
	case key.Matches(msg, m.keys.Top):
		sel = 0
	case key.Matches(msg, m.keys.Bottom):
		// The newest, and stay there as new ones come (less +F).
		cmd := m.Select(m.total - 1)
		m.follow = true
		return m, cmd
	default:
		return m, nil
	}
	cmd := m.Select(sel)
	return m, cmd
}

// Select moves the selection to index i. Leaving the newest row stops
// following, as scrolling up in a pager does.
func (m *Model) Select(i int) tea.Cmd {
	i = min(max(i, 0), m.total-1)
	if i == m.selected {
		return nil
	}
	m.selected = i
	if i != m.total-1 {
		m.follow = false
	}
	m.top = scrollTop(m.top, i, m.visibleRows(), m.total)
	m.selectedID = m.idAt(i)
	if m.selectedID != "" {
		m.anchor = m.selectedID
	}
	// A load in flight was asked for before this move and would put the
	// selection back where it was: start a newer one, which makes it stale.
	outside := m.top < m.winStart || m.top+m.visibleRows() > m.winStart+len(m.rows) && m.winStart+len(m.rows) < m.total
	if m.loading || outside {
		return m.load()
	}
	return nil
}

func (m Model) idAt(i int) string {
	if r := m.rowAt(i); r != nil {
		return r.ID
	}
	return ""
}

func (m Model) rowAt(i int) *store.Delivery {
	j := i - m.winStart
	if j < 0 || j >= len(m.rows) {
		return nil
	}
	return &m.rows[j]
}

// View renders the column header and the visible rows.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	cols := m.columns()
	b.WriteString(m.styles.List.Header.Render(format.Pad(cols.header(), m.width)))
	visible := m.visibleRows()
	if m.loaded && m.total == 0 {
		lines := m.emptyText()
		for i := 0; i < visible; i++ {
			b.WriteString("\n")
			if i < len(lines) {
				b.WriteString(m.styles.List.Empty.Render(format.Pad(lines[i], m.width)))
			}
		}
		return b.String()
	}
	for i := 0; i < visible; i++ {
		b.WriteString("\n")
		idx := m.top + i
		if idx >= m.total {
			continue
		}
		r := m.rowAt(idx)
		if r == nil {
			b.WriteString(m.styles.List.Placeholder.Render(format.Pad("  …", m.width)))
			continue
		}
		b.WriteString(m.renderRow(cols, r, idx == m.selected))
	}
	return b.String()
}

// emptyText is what an empty list says, a line each: the command on a line
// of its own so that it is not cut at 80 columns.
func (m Model) emptyText() []string {
	if m.filter != (store.Filter{}) {
		return []string{"  no deliveries match this filter (esc shows all)"}
	}
	cmd := "hookscope send spiffy/orders-create"
	if m.captureURL != "" {
		cmd += " --to " + m.captureURL
	}
	lines := []string{"  waiting for deliveries… send one with:", "    " + sanitize.Line(cmd)}
	for _, h := range m.hint {
		// Wrapped, not cut: a URL to register is no use with its end gone.
		for _, l := range strings.Split(ansi.Wordwrap(sanitize.Line(h), max(20, m.width-4), " "), "\n") {
			lines = append(lines, "  "+l)
		}
	}
	return lines
}

// columns sizes the summary column to what the others leave. When the
// pane is narrow the other columns give way in turn, so the summary keeps
// at least minSummary cells: provider and topic narrow first, then size
// goes, then topic, then provider. The set shown depends on the width
// alone, so a wider pane never shows fewer columns.
type columns struct {
	summary               int
	size, topic, provider bool
	providerW, topicW     int
}

const (
	timeW      = 12
	badgeW     = 1
	sizeW      = 9
	statusW    = 3
	minSummary = 28
	// PROVIDER and TOPIC grow up to these with the width to spare.
	providerMax = 24
	topicMax    = 44
)

func (c columns) fixedWidth() int {
	w := 2 + timeW + 1 + badgeW + 1 + 1 + statusW
	if c.provider {
		w += c.providerW + 1
	}
	if c.topic {
		w += c.topicW + 1
	}
	if c.size {
		w += sizeW + 1
	}
	return w
}

// degrade is the order in which columns give way, from all shown.
var degrade = []func(*columns){
	func(c *columns) { c.topicW, c.providerW = 14, 9 },
	func(c *columns) { c.size = false },
	func(c *columns) { c.topic = false },
	func(c *columns) { c.provider = false },
}

func allColumns() columns {
	return columns{size: true, topic: true, provider: true, providerW: 13, topicW: 20}
}

// AllColumnsWidth is the narrowest width at which the list shows every
// column at its base width: the layout gives the tree room only beyond it,
// so that showing the tree never costs a column nor narrows one.
func AllColumnsWidth() int { return allColumns().fixedWidth() + minSummary }

func (m Model) columns() columns {
	c := allColumns()
	for _, give := range degrade {
		if m.width-c.fixedWidth() >= minSummary {
			break
		}
		give(&c)
	}
	if m.growFrom > 0 && m.width > m.growFrom {
		// Width to spare: TOPIC grows toward its longest name, then
		// PROVIDER; both only with the width, so a wider list never
		// narrows them.
		extra := m.width - m.growFrom
		grow := func(w *int, want, most int) {
			by := max(0, min(want, most)-*w)
			by = min(by, extra)
			*w += by
			extra -= by
		}
		grow(&c.topicW, m.topicWant, topicMax)
		grow(&c.providerW, m.providerWant, providerMax)
	}
	c.summary = max(8, m.width-c.fixedWidth())
	return c
}

func (c columns) header() string {
	h := "  " + format.Pad("TIME", timeW) + " " + format.Pad("", badgeW) + " "
	if c.provider {
		h += format.Pad("PROVIDER", c.providerW) + " "
	}
	if c.topic {
		h += format.Pad("TOPIC", c.topicW) + " "
	}
	h += format.Pad("SUMMARY", c.summary) + " "
	if c.size {
		h += format.PadLeft("SIZE", sizeW) + " "
	}
	return h + "RPL"
}

func (m Model) renderRow(c columns, d *store.Delivery, selected bool) string {
	marker := rowMarker(d, selected)
	summary := report.ListSummary(d)
	provider := d.Provider
	if provider == "" {
		provider = "—"
	}
	sig := format.StoredStatus(d.Signature)
	// The badge is cell 1; every other cell is plain row text.
	cells := []string{
		marker + format.Pad(d.ReceivedAt.Local().Format("15:04:05.000"), timeW),
		format.Pad(format.Badge(sig), badgeW),
	}
	if c.provider {
		cells = append(cells, format.Pad(sanitize.Line(provider), c.providerW))
	}
	if c.topic {
		// Topics share long prefixes (collection_listings/…): cut the middle.
		cells = append(cells, format.Middle(sanitize.Line(d.Topic), c.topicW))
	}
	cells = append(cells, format.Pad(summary, c.summary))
	if c.size {
		size := content.Size(d.Size)
		if d.Truncated {
			size += "+"
		}
		cells = append(cells, format.PadLeft(size, sizeW))
	}
	code := fmt.Sprint(d.ReplyStatus)
	if selected {
		st := m.styles.List.SelectedDim
		if m.focused {
			st = m.styles.List.Selected
		}
		return st.Render(format.Pad(strings.Join(append(cells, code), " "), m.width))
	}
	for i := range cells {
		if i == 1 {
			cells[i] = m.styles.SignatureStyle(sig).Render(cells[i])
		} else {
			cells[i] = m.styles.List.Row.Render(cells[i])
		}
	}
	line := strings.Join(cells, " ") + " "
	return line + m.styles.StatusStyle(d.ReplyStatus).Render(format.Pad(code, max(0, m.width-lipgloss.Width(line))))
}

// rowMarker is a row's first two cells: ▌ for the selection, * for a
// delivery the user marked (m).
func rowMarker(d *store.Delivery, selected bool) string {
	m := []rune("  ")
	if selected {
		m[0] = '▌'
	}
	if d.Marked {
		m[1] = '*'
	}
	return string(m)
}
