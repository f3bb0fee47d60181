package detail

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"
)

// Scroll scrolls the tab shown by lines, up when negative (the mouse
// wheel).
func (m *Model) Scroll(lines int) {
	if m.tab == TabReplays {
		return // its own list; the keys move through it
	}
	if lines < 0 {
		m.vp.ScrollUp(-lines)
	} else {
		m.vp.ScrollDown(lines)
	}
}

// TabAt is the tab whose name is drawn at cell x of the tab bar (0 is the
// pane's first cell inside its padding), as View draws them.
func (m Model) TabAt(x int) (Tab, bool) {
	at := 0
	for t := Tab(0); t < numTabs; t++ {
		w := ansi.StringWidth(fmt.Sprintf("[%d %s]", t+1, t))
		if x >= at && x < at+w {
			return t, true
		}
		at += w
	}
	return 0, false
}
