package detail

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
	"github.com/hookscope/hookscope/ui/theme"
)

// settle feeds msg to m and then every message its commands return.
func settle(m Model, msg tea.Msg) Model {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		var cmd tea.Cmd
		m, cmd = m.Update(queue[0])
		queue = append(queue[1:], run(cmd)...)
	}
	return m
}

func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, run(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}

// The Reply tab of a delivery answered after a rule's 1s delay said
// "took 558µs": it names the delay and when the answer went out.
func TestReplyTabShowsTheRulesDelayAndWhenItAnswered(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	received := time.Date(2026, 1, 2, 10, 4, 4, 122_000_000, time.UTC)
	d := &store.Delivery{ID: "01HOOKSCOPEREPLYDELAY00001", ReceivedAt: received, Method: "POST", URI: "/hooks",
		Proto: "HTTP/1.1", Body: []byte("{}"), ReplyStatus: 200, ReplyRule: "rule 1: vend",
		ReplyHeaders: map[string][]string{"Content-Type": {"application/json"}}, ReplyBody: []byte(`{"ok":true}`),
		ReplyDelay: time.Second}
	if err := st.Insert(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	m := New(st, nil, theme.New(theme.Default()), "")
	m.SetSize(60, 20)
	m.SetTab(TabReply)
	cmd := m.Show(d.ID)
	for _, msg := range run(cmd) {
		m = settle(m, msg)
	}
	got, _ := st.Get(context.Background(), d.ID)
	view := ansi.Strip(m.View())
	at := received.Add(got.ReplyDuration + time.Second).Local().Format("15:04:05.000")
	for _, want := range []string{
		"stored   in " + got.ReplyDuration.Round(time.Microsecond).String() + ", from receipt",
		"answered at " + at + ", after the rule's 1s delay",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("Reply tab lacks %q:\n%s", want, view)
		}
	}
}
