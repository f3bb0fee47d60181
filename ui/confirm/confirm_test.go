package confirm

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/ui/theme"
)

type doneMsg struct{}

func TestOnlyYesRunsTheAction(t *testing.T) {
	for _, c := range []struct {
		key  tea.KeyMsg
		runs bool
		open bool
	}{
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}, true, false},
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")}, false, false},
		{tea.KeyMsg{Type: tea.KeyEsc}, false, false},
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}, false, true},
		{tea.KeyMsg{Type: tea.KeyEnter}, false, true}, // enter is no answer: it was likely meant for something else
	} {
		m := New(theme.New(theme.Default()))
		m.SetSize(60, 10)
		if m.Open("Delete 3 deliveries?", "u brings them back", func() tea.Msg { return doneMsg{} }) == nil {
			t.Fatal("Open returned no Cmd")
		}
		if v := m.View(); !strings.Contains(v, "Delete 3 deliveries?") || !strings.Contains(v, "u brings them back") {
			t.Fatalf("view %q", v)
		}
		m, cmd := m.Update(c.key)
		ran := cmd != nil && cmd() == (doneMsg{})
		if ran != c.runs || m.IsOpen() != c.open {
			t.Errorf("%q: ran %v open %v; want ran %v open %v", c.key, ran, m.IsOpen(), c.runs, c.open)
		}
	}
}
