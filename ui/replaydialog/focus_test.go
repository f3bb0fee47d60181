package replaydialog

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// labels is the dialog's field labels as drawn, marker included: the
// first line that reads as each, after any marker.
func labels(m Model) map[string]string {
	out := map[string]string{}
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		for _, name := range []string{"target", "headers", "body"} {
			for _, mark := range []string{"▸ ", "  "} {
				if _, seen := out[name]; !seen && strings.HasPrefix(l, mark+name) {
					out[name] = mark + name
				}
			}
		}
	}
	return out
}

// Which field had the keys could not be seen: headers and body both drew
// ┃, and with NO_COLOR every label looked the same. The focused field's
// label carries a marker, and its border the theme's Focus colour.
func TestDialogShowsWhichFieldHasTheKeys(t *testing.T) {
	d := newDialog(t)
	del := d.capture(hostile(t)[0])
	for _, msg := range run(d.m.Open(del.ID)) {
		d.update(msg)
	}
	for _, want := range []struct {
		focused string
		others  []string
	}{
		{"target", []string{"headers", "body"}},
		{"headers", []string{"target", "body"}},
		{"body", []string{"target", "headers"}},
	} {
		got := labels(d.m)
		if got[want.focused] != "▸ "+want.focused {
			t.Errorf("%s has the keys: its label is drawn %q, want the ▸ marker (%v)", want.focused, got[want.focused], got)
		}
		for _, o := range want.others {
			if got[o] != "  "+o {
				t.Errorf("%s has the keys: %s is drawn %q, want it unmarked", want.focused, o, got[o])
			}
		}
		d.key(tea.KeyTab)
	}
	focus, muted := d.m.styles.Theme.Focus, d.m.styles.Theme.Muted
	if d.m.headers.FocusedStyle.Prompt.GetForeground() != focus || d.m.headers.BlurredStyle.Prompt.GetForeground() != muted ||
		d.m.body.FocusedStyle.Prompt.GetForeground() != focus || d.m.body.BlurredStyle.Prompt.GetForeground() != muted {
		t.Error("a focused text area's border is not drawn in the Focus colour, or a blurred one's not muted")
	}
}
