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
// seven showed, and e, r, R, ctrl+r and q were missing.

// shortHelpView is one line of the keys that act now, cut from the end
// so that the way to every key (more: "? all keys") always shows; more is
// nil while a text field has the keys and ? is text.
func shortHelpView(st help.Styles, bindings []key.Binding, more *key.Binding, width int) string {
	sep := st.ShortSeparator.Render(" • ")
	item := func(b key.Binding) string {
		return st.ShortKey.Render(b.Help().Key) + " " + st.ShortDesc.Render(b.Help().Desc)
	}
	tail := ""
	if more != nil {
		tail = item(*more)
	}
	line := ""
	for _, b := range bindings {
		if !b.Enabled() || more != nil && b.Help().Key == more.Help().Key {
			continue
		}
		next := line + item(b) + sep
		if ansi.StringWidth(next+tail) > width {
			break
		}
		line = next
	}
	if tail == "" {
		line = strings.TrimSuffix(line, sep)
	}
	return format.Pad(line+tail, width)
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
