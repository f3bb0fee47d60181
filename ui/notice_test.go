package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/ui/replyeditor"
)

// expiry runs the commands of an Update and returns the notice-expiry
// messages among them (their ticks take m.noticeTTL).
func expiry(t *testing.T, cmd tea.Cmd) []noticeExpiredMsg {
	t.Helper()
	var out []noticeExpiredMsg
	for _, msg := range runCmd(cmd) {
		if e, ok := msg.(noticeExpiredMsg); ok {
			out = append(out, e)
		}
	}
	return out
}

// "saved rule 3…" and "reply not changed" stayed in the status bar for
// minutes. A notice goes after noticeFor; a newer notice is not cleared by
// the older one's tick.
func TestNoticesExpireAndANewerOneOutlivesAnOlderTick(t *testing.T) {
	m, _ := newModel(t, 120, 30, paths(2)...)
	m.noticeTTL = time.Millisecond // the tick itself, not its length, is under test

	next, cmd := m.Update(replyeditor.SavedMsg{ID: 3, Name: "rule 3"})
	m = next.(Model)
	if !strings.Contains(m.statusLine(), "saved rule 3") {
		t.Fatalf("no notice after a save: %q", m.statusLine())
	}
	older := expiry(t, cmd)
	if len(older) != 1 {
		t.Fatalf("a notice set no expiry tick (got %d)", len(older))
	}

	next, cmd = m.Update(replyeditor.ClosedMsg{})
	m = next.(Model)
	newer := expiry(t, cmd)
	if len(newer) != 1 {
		t.Fatalf("the second notice set no expiry tick (got %d)", len(newer))
	}
	m = settle(m, older[0]).(Model)
	if !strings.Contains(m.statusLine(), "reply not changed") {
		t.Fatalf("the older notice's tick cleared the newer notice: %q", m.statusLine())
	}
	m = settle(m, newer[0]).(Model)
	if strings.Contains(m.statusLine(), "reply not changed") || m.notice != "" {
		t.Fatalf("the notice outlived its tick: %q", m.statusLine())
	}
	if noticeFor < 3*time.Second || noticeFor > 10*time.Second {
		t.Errorf("notices stay %v; want about 5 s", noticeFor)
	}
}
