package replyeditor

import (
	"net/http"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/theme"
)

// opened is an editor open on a rule with body, for a JSON delivery.
func opened(body string) Model {
	m := New(nil, theme.New(theme.Default()))
	m.SetSize(100, 40)
	m.open = true
	d := &store.Delivery{Method: "POST", URI: "/x", Headers: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{}`)}
	m, _ = m.Update(openedMsg{delivery: d, rule: reply.UserRule{Step: reply.Step{Status: 200,
		Headers: map[string]string{"Content-Type": "application/json"}, Body: body}}, origin: "test"})
	return m
}

func typeRune(m Model, r rune) (Model, tea.Cmd) {
	return m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
}

// run runs cmd and the commands its messages lead to, feeding m.
func run(m Model, cmd tea.Cmd) Model {
	if cmd == nil {
		return m
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			m = run(m, c)
		}
		return m
	}
	switch msg.(type) {
	case checkDueMsg, checkedMsg:
		m, cmd = m.Update(msg)
		return run(m, cmd)
	}
	return m
}

func TestTypingChecksInACmdOnceTheTypingPauses(t *testing.T) {
	m := opened(`{"ok":true}`)
	if !strings.Contains(m.View(), "✓ valid") {
		t.Fatalf("a valid body is not shown valid:\n%s", m.View())
	}
	m, first := typeRune(m, 'q') // the body no longer parses
	if strings.Contains(m.View(), "not valid JSON") {
		t.Fatal("the key itself rendered and checked the body: that is the Cmd's work")
	}
	m, second := typeRune(m, 'q')
	m = run(m, first) // due for an older edit: dropped
	if strings.Contains(m.View(), "not valid JSON") || !strings.Contains(m.View(), "✓ valid") {
		t.Fatal("the check of an older edit was applied")
	}
	m = run(m, second)
	if !strings.Contains(m.View(), "the rendered body is not valid JSON") {
		t.Fatalf("once typing paused the body was not checked:\n%s", m.View())
	}
}

// BenchmarkKeyIn1MiBBody is one key typed into a 1 MiB body, Update only
// (before: 11 ms a key, the render and checks in Update).
//
// Run: go test -run '^$' -bench KeyIn1MiB ./ui/replyeditor
func BenchmarkKeyIn1MiBBody(b *testing.B) {
	// 1 MiB as a template is written: lines, not one line.
	m := opened("{\n" + strings.Repeat(`  "pad": "`+strings.Repeat("x", 90)+`",`+"\n", 1<<20/100) + `  "ok": true` + "\n}")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, _ = typeRune(m, 'x')
	}
}
