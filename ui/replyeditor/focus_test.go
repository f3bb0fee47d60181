package replyeditor

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// marked is the labels drawn with the focus marker.
func marked(m Model) []string {
	var out []string
	v := ansi.Strip(m.View())
	for _, name := range []string{"provider", "topic", "method", "path", "status", "delay", "headers", "body"} {
		if strings.Contains(v, "▸ "+name) {
			out = append(out, name)
		}
	}
	return out
}

// In the editor the field with the keys could not be told from the rest
// (with NO_COLOR not at all): exactly one label, the focused field's,
// carries the marker, and text areas draw their border in the Focus
// colour only while focused.
func TestEditorShowsWhichFieldHasTheKeys(t *testing.T) {
	m := opened(`{"ok":true}`)
	for _, want := range []string{"body", "provider", "topic", "method", "path", "status", "delay", "headers", "body"} {
		if got := marked(m); len(got) != 1 || got[0] != want {
			t.Errorf("%s has the keys; marked labels %v:\n%s", want, got, ansi.Strip(m.View()))
		}
		for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if w := ansi.StringWidth(l); w > 100 {
				t.Errorf("a line is %d wide in a 100-wide editor: %q", w, l)
			}
		}
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyTab})
	}
	focus, muted := m.styles.Theme.Focus, m.styles.Theme.Muted
	if m.body.FocusedStyle.Prompt.GetForeground() != focus || m.body.BlurredStyle.Prompt.GetForeground() != muted ||
		m.headers.FocusedStyle.Prompt.GetForeground() != focus {
		t.Error("a focused text area's border is not in the Focus colour, or a blurred one's not muted")
	}
}
