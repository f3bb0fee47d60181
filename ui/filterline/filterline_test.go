package filterline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/ui/theme"
)

func newLine(t *testing.T, path string) Model {
	t.Helper()
	m := New(theme.New(theme.Default()), path)
	m.SetDelay(0)
	m.SetWidth(100)
	if cmd := m.Init(); cmd != nil {
		m = run(m, cmd)
	}
	return m
}

// run feeds the messages cmd leads to back into m, collecting AppliedMsgs.
func run(m Model, cmd tea.Cmd) Model {
	m, _ = runAll(m, cmd)
	return m
}

func runAll(m Model, cmd tea.Cmd) (Model, []AppliedMsg) {
	var out []AppliedMsg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch msg := msg.(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
			continue
		case AppliedMsg:
			out = append(out, msg)
			continue
		case nil:
			continue
		}
		if fmt.Sprintf("%T", msg) == "cursor.initialBlinkMsg" || fmt.Sprintf("%T", msg) == "cursor.BlinkMsg" {
			continue
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		queue = append(queue, next)
	}
	return m, out
}

func typeText(m Model, s string) (Model, []AppliedMsg) {
	m, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
	return runAll(m, cmd)
}

func press(m Model, k tea.KeyType) (Model, []AppliedMsg) {
	m, cmd := m.Update(tea.KeyMsg{Type: k})
	return runAll(m, cmd)
}

func TestTypingAppliesTheFilterAfterThePause(t *testing.T) {
	m := newLine(t, "")
	m = run(m, m.Open())
	m, got := typeText(m, "sig:invalid provider:spiffy")
	if len(got) != 1 || got[0].Expr == nil || got[0].Text != "sig:invalid provider:spiffy" {
		t.Fatalf("applied %+v, want the expression typed", got)
	}
	if m.Expr() != got[0].Expr || !m.IsOpen() {
		t.Fatalf("line closed or forgot the filter: open %v, expr %v", m.IsOpen(), m.Expr())
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "…") {
		t.Errorf("before the list counted, the line shows no pending count: %q", v)
	}
	m.SetCount(1204, true)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "1,204 matches") {
		t.Errorf("the match count does not show: %q", v)
	}
	m.SetCount(5, false) // a count of some other filter
	if v := ansi.Strip(m.View()); strings.Contains(v, "5 matches") {
		t.Errorf("a count of another filter shows: %q", v)
	}
}

func TestAStaleParseIsDropped(t *testing.T) {
	m := newLine(t, "")
	m = run(m, m.Open())
	m, first := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("status:5")})
	m, second := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("xx")})
	// The newer parse lands first; the older one, for "status:5", after.
	m, got := runAll(m, second)
	m, late := runAll(m, first)
	if len(got) != 1 || got[0].Text != "status:5xx" {
		t.Fatalf("applied %+v, want status:5xx", got)
	}
	if len(late) != 0 || m.Text() != "status:5xx" {
		t.Fatalf("the stale parse was applied: %+v, in force %q", late, m.Text())
	}
}

func TestAnErrorShowsInlineWithItsColumnAndKeepsTheLastFilter(t *testing.T) {
	m := newLine(t, "")
	m = run(m, m.Open())
	m, _ = typeText(m, "method:POST")
	kept := m.Expr()
	m, got := typeText(m, " stauts:5xx")
	if len(got) != 0 || m.Expr() != kept {
		t.Fatalf("an invalid filter was applied: %+v", got)
	}
	v := ansi.Strip(m.View())
	if !strings.Contains(v, `unknown field "stauts" at 13`) || !strings.Contains(v, "did you mean status?") {
		t.Errorf("the error is not shown with its column: %q", v)
	}
	// enter on an error keeps the line open to fix it.
	m, _ = press(m, tea.KeyEnter)
	if !m.IsOpen() {
		t.Error("enter closed the line on an invalid filter")
	}
}

func TestEnterKeepsEscClears(t *testing.T) {
	m := newLine(t, "")
	m = run(m, m.Open())
	m, _ = typeText(m, "is:marked")
	m, _ = press(m, tea.KeyEnter)
	if m.IsOpen() || m.Text() != "is:marked" {
		t.Fatalf("enter: open %v, in force %q", m.IsOpen(), m.Text())
	}
	m = run(m, m.Open()) // reopened on the filter in force, to edit it
	if v := ansi.Strip(m.View()); !strings.Contains(v, "/is:marked") {
		t.Errorf("reopened line does not hold the filter: %q", v)
	}
	m, got := press(m, tea.KeyEsc)
	if m.IsOpen() || m.Text() != "" || m.Expr() != nil || len(got) != 1 || got[0].Expr != nil {
		t.Fatalf("esc: open %v, in force %q, applied %+v", m.IsOpen(), m.Text(), got)
	}
}

func TestHistoryIsRecalledAndKeptAcrossRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "hookscope", "filter_history")
	m := newLine(t, path)
	for _, f := range []string{"sig:invalid", "provider:spiffy", "sig:invalid"} {
		m = run(m, m.Open())
		m, _ = press(m, tea.KeyEsc) // esc clears; the next Open starts empty
		m = run(m, m.Open())
		m, _ = typeText(m, f)
		m, _ = press(m, tea.KeyEnter)
	}
	raw, err := os.ReadFile(path)
	if err != nil || string(raw) != "provider:spiffy\nsig:invalid\n" {
		t.Fatalf("history file = %q, %v; want each filter once, newest last", raw, err)
	}

	// Next run: ↑ recalls the newest, then the one before; ↓ comes back
	// to what was being typed.
	m = newLine(t, path)
	m = run(m, m.Open())
	m, _ = typeText(m, "json:")
	m, _ = press(m, tea.KeyUp)
	if v := m.input.Value(); v != "sig:invalid" {
		t.Fatalf("↑ recalled %q", v)
	}
	m, got := press(m, tea.KeyUp)
	if v := m.input.Value(); v != "provider:spiffy" || len(got) != 1 || got[0].Text != "provider:spiffy" {
		t.Fatalf("↑↑ recalled %q, applied %+v (a recalled filter filters at once)", v, got)
	}
	m, _ = press(m, tea.KeyUp) // nothing older: stays
	m, _ = press(m, tea.KeyDown)
	m, _ = press(m, tea.KeyDown)
	if v := m.input.Value(); v != "json:" {
		t.Fatalf("↓ past the newest gave %q, want the text being typed", v)
	}
}

func TestHistoryKeepsTheNewestHundred(t *testing.T) {
	path := filepath.Join(t.TempDir(), "filter_history")
	m := newLine(t, path)
	for i := 0; i < MaxHistory+20; i++ {
		m = run(m, m.Open())
		m, _ = press(m, tea.KeyEsc)
		m = run(m, m.Open())
		m, _ = typeText(m, fmt.Sprintf("status:%d", 200+i))
		m, _ = press(m, tea.KeyEnter)
	}
	raw, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != MaxHistory || lines[0] != "status:220" || lines[len(lines)-1] != fmt.Sprintf("status:%d", 200+MaxHistory+19) {
		t.Fatalf("history holds %d, from %q to %q", len(lines), lines[0], lines[len(lines)-1])
	}
	if len(m.History()) != MaxHistory {
		t.Fatalf("in memory: %d entries", len(m.History()))
	}
}

func TestAnUnwritableHistoryIsReported(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, []byte("x"), 0o600)
	m := newLine(t, filepath.Join(blocker, "filter_history")) // a file where a directory must be
	m = run(m, m.Open())
	m, _ = typeText(m, "is:retry")
	m, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	var problem error
	for queue := []tea.Cmd{cmd}; len(queue) > 0; queue = queue[1:] {
		if queue[0] == nil {
			continue
		}
		switch msg := queue[0]().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case historyMsg:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		case ProblemMsg:
			problem = msg.Err
		}
	}
	if problem == nil || !strings.Contains(problem.Error(), "filter history") {
		t.Fatalf("no problem reported: %v", problem)
	}
	if m.Text() != "is:retry" {
		t.Fatal("the filter was lost with its history")
	}
}
