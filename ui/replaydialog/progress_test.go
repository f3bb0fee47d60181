package replaydialog

import (
	"strings"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/ui/theme"
)

func TestProgressShowsTheCountNowAndStartsAfreshOnSendAgain(t *testing.T) {
	m := New(nil, Options{}, theme.New(theme.Default()))
	m.SetSize(80, 20)
	m.OpenBulk(store.Filter{})
	m, _ = m.Update(openedMsg{ids: []string{"a", "b", "c", "d"}})
	run := func() {
		m.state, m.done, m.summary = stateSending, 0, nil // what send does, without a target
		for i := 1; i <= 4; i++ {
			m, _ = m.Update(bulkMsg{res: &store.Attempt{DeliveryID: "x"}})
			want := []string{"25%  1/4", "50%  2/4", "75%  3/4", "100%  4/4"}[i-1]
			if v := m.View(); !strings.Contains(v, want) {
				t.Fatalf("after %d of 4 the bar does not read %q:\n%s", i, want, v)
			}
		}
		m, _ = m.Update(bulkMsg{summary: &replay.Summary{Sent: 4, OK: 4}})
	}
	run()
	m.state, m.done = stateSending, 0 // send again
	if v := m.View(); !strings.Contains(v, "0%  0/4") {
		t.Fatalf("send again starts from the last run's bar:\n%s", v)
	}
	run()
}
