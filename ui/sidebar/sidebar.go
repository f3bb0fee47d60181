// Package sidebar is the TUI's tree of providers and topics with live
// counts. Choosing a node filters the delivery list; the counts are read
// from the store's provider/topic index in a tea.Cmd.
package sidebar

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/pane"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// Source counts deliveries per provider and topic.
type Source interface {
	Topics(ctx context.Context) ([]store.TopicCount, error)
}

// Node is one line of the tree.
type Node struct {
	Label  string
	Filter store.Filter
	Count  int
	Depth  int
}

// KeyMap is the tree's keys.
type KeyMap struct {
	Up, Down, Top, Bottom, Choose key.Binding
}

func defaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:    key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom: key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Choose: key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("enter", "filter")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Choose} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Choose}}
}

// FilterMsg says the user chose a node: show only its deliveries.
type FilterMsg struct{ Filter store.Filter }

type loadedMsg struct {
	gen    int
	topics []store.TopicCount
	err    error
}

// Model is the tree.
type Model struct {
	src    Source
	styles *theme.Styles
	keys   KeyMap

	width, height int
	focused       bool

	nodes  []Node
	cursor int
	top    int
	active store.Filter

	gen              int
	loading, pending bool
	err              error
}

// New returns an empty tree over src.
func New(src Source, styles *theme.Styles) Model {
	return Model{src: src, styles: styles, keys: defaultKeyMap(), nodes: []Node{{Label: "All"}}}
}

var _ pane.Pane[Model] = (*Model)(nil)

// Help is the tree's keys.
func (m Model) Help() help.KeyMap { return m.keys }

// Nodes is the tree as shown.
func (m Model) Nodes() []Node { return m.nodes }

// Active is the filter in force.
func (m Model) Active() store.Filter { return m.active }

// SetFocused tells the tree whether it has the keyboard.
func (m *Model) SetFocused(f bool) { m.focused = f }

// The tree's width inside its border: as wide as its longest line, within
// these bounds; longer names are cut in the middle.
const (
	MinWidth = 22
	MaxWidth = 44
)

// Want is the width (inside the border) that shows every line whole, within
// MinWidth and MaxWidth.
func (m Model) Want() int {
	w := MinWidth
	for _, n := range m.nodes {
		w = max(w, lineWidth(n))
	}
	return min(w, MaxWidth)
}

// lineWidth is the cells a node's line takes whole: mark, indent, label,
// a space and the count.
func lineWidth(n Node) int {
	return 2 + 2*n.Depth + ansi.StringWidth(sanitize.Line(n.Label)) + 1 + len(fmt.Sprint(n.Count))
}

// SetActive makes f the filter in force, as choosing its node does, and
// puts the cursor on it; the caller filters the list.
func (m *Model) SetActive(f store.Filter) {
	m.active = f
	for i, n := range m.nodes {
		if n.Filter == f {
			m.cursor = i
		}
	}
	m.scroll()
}

// Label names filter f for the status bar: "spiffy › orders/create".
func Label(f store.Filter) string {
	switch {
	case f == (store.Filter{}):
		return "All"
	case f.Topic == "":
		return providerLabel(f.Provider)
	}
	return providerLabel(f.Provider) + " › " + f.Topic
}

// SetSize sets the tree's size.
func (m *Model) SetSize(width, height int) tea.Cmd {
	m.width, m.height = width, height
	m.scroll()
	return nil
}

// Refresh re-reads the counts; calls while a read is in flight coalesce.
func (m *Model) Refresh() tea.Cmd {
	if m.loading {
		m.pending = true
		return nil
	}
	m.gen++
	m.loading, m.pending = true, false
	src, gen := m.src, m.gen
	return func() tea.Msg {
		topics, err := src.Topics(context.Background())
		return loadedMsg{gen: gen, topics: topics, err: err}
	}
}

// Update handles loads and, when focused, keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.loading = false
		m.err = msg.err
		if msg.err == nil {
			m.rebuild(msg.topics)
		}
		if m.pending {
			cmd := m.Refresh()
			return m, cmd
		}
	case tea.KeyMsg:
		if !m.focused {
			return m, nil
		}
		switch {
		case key.Matches(msg, m.keys.Up):
			m.cursor--
		case key.Matches(msg, m.keys.Down):
			m.cursor++
		case key.Matches(msg, m.keys.Top):
			m.cursor = 0
		case key.Matches(msg, m.keys.Bottom):
			m.cursor = len(m.nodes) - 1
		case key.Matches(msg, m.keys.Choose):
			m.active = m.nodes[m.cursor].Filter
			f := m.active
			return m, func() tea.Msg { return FilterMsg{Filter: f} }
		}
		m.cursor = min(max(m.cursor, 0), len(m.nodes)-1)
		m.scroll()
	}
	return m, nil
}

// rebuild lays out All, then each provider with its topics, keeping the
// cursor on the same node when it still exists.
func (m *Model) rebuild(topics []store.TopicCount) {
	var current store.Filter
	if m.cursor < len(m.nodes) {
		current = m.nodes[m.cursor].Filter
	}
	total := 0
	for _, t := range topics {
		total += t.Count
	}
	nodes := []Node{{Label: "All", Count: total}}
	for i := 0; i < len(topics); {
		provider := topics[i].Provider
		j, sum := i, 0
		for ; j < len(topics) && topics[j].Provider == provider; j++ {
			sum += topics[j].Count
		}
		nodes = append(nodes, Node{Label: providerLabel(provider), Filter: store.Filter{Provider: provider}, Count: sum})
		for _, t := range topics[i:j] {
			if t.Topic == "" {
				continue // deliveries without a topic count under their provider
			}
			nodes = append(nodes, Node{Label: t.Topic, Filter: store.Filter{Provider: provider, Topic: t.Topic}, Count: t.Count, Depth: 1})
		}
		i = j
	}
	m.nodes = nodes
	m.cursor = 0
	for i, n := range nodes {
		if n.Filter == current {
			m.cursor = i
		}
	}
	m.scroll()
}

func providerLabel(p string) string {
	if p == "" {
		return "(not decoded)"
	}
	return p
}

func (m *Model) scroll() {
	h := max(1, m.height)
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	m.top = min(max(m.top, 0), max(0, len(m.nodes)-h))
}

// View renders the visible part of the tree.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var lines []string
	for i := m.top; i < len(m.nodes) && len(lines) < m.height; i++ {
		n := m.nodes[i]
		mark := "  "
		if n.Filter == m.active {
			mark = "• "
		}
		count := fmt.Sprint(n.Count)
		indent := strings.Repeat("  ", n.Depth)
		room := max(1, m.width-2-len(indent)-len(count)-1)
		line := mark + indent + format.Middle(sanitize.Line(n.Label), room) + " " + count
		switch {
		case i == m.cursor && m.focused:
			line = m.styles.List.Selected.Render(format.Pad(line, m.width))
		case n.Filter == m.active:
			line = m.styles.List.SelectedDim.Render(format.Pad(line, m.width))
		case n.Depth == 0:
			line = m.styles.PaneTitle.Render(format.Pad(line, m.width))
		default:
			line = m.styles.List.Row.Render(format.Pad(line, m.width))
		}
		lines = append(lines, line)
	}
	if m.err != nil {
		lines = append(lines, m.styles.Bar.Error.Render(format.Pad("counts: "+sanitize.Line(m.err.Error()), m.width)))
	}
	return strings.Join(lines, "\n")
}
