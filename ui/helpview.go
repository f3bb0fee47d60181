package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/ui/format"
)

// The footer is drawn here rather than by bubbles/help, which cuts the
// short line before "?" and lays the full help out in as many columns as
// there are groups, cut at the right edge: at 80 columns three groups of
// seven showed, and e, r, R, ctrl+r and q were missing. The rules screen's
// footer was cut the same way, before r, d, esc and ?.

// shortHelpView is the keys that act now on at most maxLines lines,
// filled in order; when they do not fit, the last go first, but the
// pinned keys (the way to every key, "? all keys", and a dialog's way
// out, esc) always show, at the end.
func shortHelpView(st help.Styles, bindings, pinned []key.Binding, width, maxLines int) string {
	sep := st.ShortSeparator.Render(" • ")
	item := func(b key.Binding) string {
		return st.ShortKey.Render(b.Help().Key) + " " + st.ShortDesc.Render(b.Help().Desc)
	}
	isPinned := func(b key.Binding) bool {
		for _, p := range pinned {
			if p.Help().Key == b.Help().Key {
				return true
			}
		}
		return false
	}
	var items, tail []string
	for _, b := range bindings {
		if b.Enabled() && !isPinned(b) {
			items = append(items, item(b))
		}
	}
	for _, p := range pinned {
		if p.Enabled() {
			tail = append(tail, item(p))
		}
	}
	for n := len(items); ; n-- {
		lines := wrapItems(append(append([]string{}, items[:n]...), tail...), sep, width)
		if len(lines) <= maxLines || n == 0 {
			for i := range lines {
				lines[i] = format.Pad(lines[i], width)
			}
			return strings.Join(lines, "\n")
		}
	}
}

// wrapItems fills lines of width with items joined by sep.
func wrapItems(items []string, sep string, width int) []string {
	lines := []string{""}
	for _, it := range items {
		last := &lines[len(lines)-1]
		switch {
		case *last == "":
			*last = it
		case ansi.StringWidth(*last+sep+it) <= width:
			*last += sep + it
		default:
			lines = append(lines, it)
		}
	}
	return lines
}

// fullHelpView lays every key that acts now out in columns as wide as the
// widest entry, filled top to bottom so that groups stay together, as many
// as width holds: at 80 columns every key shows.
func fullHelpView(st help.Styles, groups [][]key.Binding, width int) []string {
	var keys, descs []string
	keyW := 0
	for _, g := range groups {
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			keys, descs = append(keys, b.Help().Key), append(descs, b.Help().Desc)
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
	}
	if len(keys) == 0 {
		return nil
	}
	entryW := 0
	for i := range keys {
		entryW = max(entryW, keyW+1+ansi.StringWidth(descs[i]))
	}
	const gap = 3
	cols := max(1, (width+gap)/(entryW+gap))
	rows := (len(keys) + cols - 1) / cols
	lines := make([]string, rows)
	for i := range keys {
		r, c := i%rows, i/rows
		entry := st.FullKey.Render(format.Pad(keys[i], keyW)) + " " + st.FullDesc.Render(descs[i])
		if c > 0 {
			lines[r] += strings.Repeat(" ", gap)
		}
		lines[r] += format.Pad(entry, entryW)
	}
	for i := range lines {
		lines[i] = format.Pad(lines[i], width)
	}
	return lines
}

// clip keeps the first lines of view that a pane of that height holds: a
// dialog taller than its pane (the ? help took its room) loses its last
// lines, not the pane's bottom border.
func clip(view string, lines int) string {
	if strings.Count(view, "\n") < lines {
		return view
	}
	return strings.Join(strings.SplitN(view, "\n", lines+1)[:lines], "\n")
}
