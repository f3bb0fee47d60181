package ui

import "github.com/charmbracelet/bubbles/key"

// keyMap is the keys the root handles whatever has focus.
type keyMap struct {
	Filter, Mark, Delete, DeleteAll, Undo, Suspend, NextMatch, PrevMatch, MouseSelect                                                                           key.Binding
	Quit, ForceQuit, Help, ClearFilter, Focus, FocusBack, Follow, NextTab, PrevTab, EditReply, EditExternal, Rules, Replay, ReplayAll, Copy, Save, Page, Export key.Binding
	Tabs                                                                                                                                                        [7]key.Binding
	// TextHelp is the help key where a text field has the keys and ? is
	// text (nano's ^G); it works everywhere.
	TextHelp key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Mark:         key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mark/unmark")),
		Delete:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
		DeleteAll:    key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "delete the list")),
		Undo:         key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo delete")),
		Suspend:      key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend")),
		NextMatch:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		PrevMatch:    key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		MouseSelect:  mouseHelp(),
		Quit:         key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:    key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit from anywhere")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		TextHelp:     key.NewBinding(key.WithKeys("ctrl+g", "f1"), key.WithHelp("ctrl+g", "all keys")),
		ClearFilter:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "show all")),
		Focus:        key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		FocusBack:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Follow:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "follow newest")),
		EditReply:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit reply")),
		EditExternal: key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "reply body in $EDITOR")),
		Rules:        key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reply rules")),
		Replay:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "replay")),
		ReplayAll:    key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "replay the list")),
		Copy:         key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy (curl, body, URL)")),
		Save:         key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save the body")),
		Page:         key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "body in $PAGER")),
		Export:       key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "export the list")),
		Tabs: [7]key.Binding{
			key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "overview")),
			key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "body")),
			key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "headers")),
			key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "signature")),
			key.NewBinding(key.WithKeys("5"), key.WithHelp("5", "reply")),
			key.NewBinding(key.WithKeys("6"), key.WithHelp("6", "raw")),
			key.NewBinding(key.WithKeys("7"), key.WithHelp("7", "replays")),
		},
		NextTab: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next tab")),
		PrevTab: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous tab")),
	}
}

// helpKeys joins the root's keys with those of the focused pane or the
// open dialog, which is what the footer shows.
type helpKeys struct {
	root    keyMap
	short   []key.Binding
	full    [][]key.Binding
	editing bool        // a dialog has every key
	help    key.Binding // the key that shows all keys: ? or, where ? is text, ctrl+g
}

func (h helpKeys) ShortHelp() []key.Binding {
	if h.editing {
		return h.short
	}
	return append(append([]key.Binding{}, h.short...), h.root.Filter, h.root.Focus, h.root.Follow, h.root.EditReply, h.root.Replay, h.root.Help, h.root.Quit)
}

func (h helpKeys) FullHelp() [][]key.Binding {
	if h.editing {
		return append(append([][]key.Binding{}, h.full...), []key.Binding{h.help, h.root.ForceQuit})
	}
	r := h.root
	return append(append([][]key.Binding{}, h.full...),
		append(r.Tabs[:], r.NextTab, r.PrevTab),
		[]key.Binding{r.Focus, r.FocusBack, r.ClearFilter, r.Follow, r.EditReply, r.EditExternal, r.Rules},
		[]key.Binding{r.Filter, pair(r.NextMatch, r.PrevMatch, "next/previous match"), r.Mark,
			pair(r.Delete, r.DeleteAll, "delete one/the list"), r.Undo},
		[]key.Binding{r.Replay, r.ReplayAll, r.Copy, r.Save, r.Page, r.Export},
		[]key.Binding{r.Help, r.Suspend, r.Quit, r.ForceQuit, r.MouseSelect})
}

// pair is one help line for two keys that go together (n/N, x/X), so that
// every key still fits at 80×24; enabled when either is.
func pair(a, b key.Binding, desc string) key.Binding {
	p := key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(a.Help().Key+"/"+b.Help().Key, desc))
	p.SetEnabled(a.Enabled() || b.Enabled())
	return p
}
