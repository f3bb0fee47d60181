package rulelist

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
	"github.com/hookscope/hookscope/ui/theme"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// settle feeds msg to m, then every message its commands return, and
// collects the messages meant for the root (EditMsg, ClosedMsg).
func settle(m Model, msg tea.Msg) (Model, []tea.Msg) {
	var out []tea.Msg
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		switch queue[0].(type) {
		case EditMsg, ClosedMsg:
			out = append(out, queue[0])
			queue = queue[1:]
			continue
		}
		var cmd tea.Cmd
		m, cmd = m.Update(queue[0])
		queue = append(queue[1:], run(cmd)...)
	}
	return m, out
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

func keys(m Model, ks ...string) (Model, []tea.Msg) {
	var out []tea.Msg
	for _, k := range ks {
		var msg tea.KeyMsg
		switch k {
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		var got []tea.Msg
		m, got = settle(m, msg)
		out = append(out, got...)
	}
	return m, out
}

func newStore(t *testing.T, rules ...reply.UserRule) *store.Store {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	for _, u := range rules {
		putRule(t, st, u)
	}
	return st
}

func putRule(t *testing.T, st *store.Store, u reply.UserRule) {
	t.Helper()
	data, _ := u.Encode()
	if _, err := st.PutRule(context.Background(), 0, data); err != nil {
		t.Fatal(err)
	}
}

// open is the screen opened on d at 80 columns, without refresh ticks
// (the tests send tickMsg themselves).
func open(t *testing.T, st *store.Store, d *store.Delivery) Model {
	t.Helper()
	m := New(st, theme.New(theme.Default()))
	m.interval = 0
	m.SetSize(80, 20)
	cmd := m.Open(d)
	for _, msg := range run(cmd) {
		m, _ = settle(m, msg)
	}
	return m
}

func stored(t *testing.T, st *store.Store) string {
	t.Helper()
	rows, _, err := st.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rows {
		u, _ := reply.DecodeRule(r.ID, r.Position, r.Data)
		names = append(names, u.Name())
	}
	return strings.Join(names, "; ")
}

func view(m Model) string { return ansi.Strip(m.View()) }

// n starts a rule matching the selected delivery: its provider and topic,
// or its method and path when no platform was recognised (before, every
// unknown delivery got the one "everything" rule).
func TestNewRuleMatchesTheSelectedDelivery(t *testing.T) {
	st := newStore(t)
	for _, tc := range []struct {
		d    *store.Delivery
		want reply.UserRule
	}{
		{&store.Delivery{Provider: "americommerce", Topic: "GetTax", Method: "POST", URI: "/hooks/tax"},
			reply.UserRule{Provider: "americommerce", Topic: "GetTax"}},
		{&store.Delivery{Method: "put", URI: "/custom/hook?x=1"}, reply.UserRule{Method: "PUT", Path: "/custom/hook"}},
		{&store.Delivery{Provider: "unknown", Method: "POST", URI: "/other"}, reply.UserRule{Method: "POST", Path: "/other"}},
		{nil, reply.UserRule{}},
	} {
		m := open(t, st, tc.d)
		_, out := keys(m, "n")
		if len(out) != 1 {
			t.Fatalf("n sent %v", out)
		}
		u := out[0].(EditMsg).Rule
		if u.ID != 0 || !reply.SameMatch(u, tc.want) || u.Status != 200 {
			t.Errorf("delivery %+v: new rule %+v, want the match %+v", tc.d, u, tc.want)
		}
	}
}

// d asks first; n keeps the rule; y deletes it, and u puts it back where
// it was, under its id.
func TestDeleteAsksAndCanBeUndone(t *testing.T) {
	st := newStore(t,
		reply.UserRule{Provider: "vend", Step: reply.Step{Status: 503}},
		reply.UserRule{Provider: "americommerce", Topic: "GetTax", Step: reply.Step{Status: 200}},
		reply.UserRule{Path: "/hooks/", Step: reply.Step{Status: 202}})
	all := "rule 1: vend; rule 2: americommerce GetTax; rule 3: /hooks/"
	m := open(t, st, nil)
	m, _ = keys(m, "j", "d")
	if v := view(m); !strings.Contains(v, "delete rule 2: americommerce GetTax? the documented default applies again  y/n") {
		t.Fatalf("d did not ask:\n%s", v)
	}
	if got := stored(t, st); got != all {
		t.Fatalf("d deleted before the answer: %s", got)
	}
	if k := m.Keys().ShortHelp(); len(k) != 2 || k[0].Help().Key != "y" {
		t.Errorf("help while asking: %v", k)
	}
	m, _ = keys(m, "n")
	if got := stored(t, st); got != all || !strings.Contains(view(m), "kept rule 2") {
		t.Fatalf("n: %s\n%s", got, view(m))
	}
	m, _ = keys(m, "d", "x") // any key but y keeps it
	if got := stored(t, st); got != all {
		t.Fatalf("a stray key deleted: %s", got)
	}
	if m.Keys().Undo.Enabled() {
		t.Error("u offered with nothing to undo")
	}
	m, _ = keys(m, "d", "y")
	if got := stored(t, st); got != "rule 1: vend; rule 3: /hooks/" {
		t.Fatalf("y: %s", got)
	}
	if v := view(m); !strings.Contains(v, "deleted rule 2: americommerce GetTax: the documented default applies; u undoes") || strings.Contains(v, "GetTax  ") {
		t.Fatalf("after delete:\n%s", v)
	}
	m, _ = keys(m, "u")
	if got := stored(t, st); got != all {
		t.Fatalf("u: %s", got)
	}
	if v := view(m); !strings.Contains(v, "restored rule 2: americommerce GetTax") {
		t.Fatalf("after undo:\n%s", v)
	}
	m, _ = keys(m, "u") // one undo per delete
	if got := stored(t, st); got != all {
		t.Fatalf("second u: %s", got)
	}

	// The undo lasts while the screen is open.
	m, _ = keys(m, "d", "y", "esc")
	cmd := m.Open(nil)
	for _, msg := range run(cmd) {
		m, _ = settle(m, msg)
	}
	m, _ = keys(m, "u")
	if got := stored(t, st); got != "rule 1: vend; rule 3: /hooks/" || m.Keys().Undo.Enabled() {
		t.Fatalf("u after closing and opening again: %s", got)
	}
}

// r means what `hookscope replies reset N` means: the rule is deleted
// and the documented default applies again (it used to keep the rule
// with the default's content, so the CLI and the TUI disagreed).
func TestResetDeletesTheRuleAsTheCLIDoes(t *testing.T) {
	st := newStore(t, reply.UserRule{Provider: "vend", Step: reply.Step{Status: 503, Body: `{"ok":false}`}})
	m := open(t, st, nil)
	m, _ = keys(m, "r")
	if v := view(m); !strings.Contains(v, "reset rule 1: vend to the documented default? this deletes the rule  y/n") {
		t.Fatalf("r did not ask:\n%s", v)
	}
	m, _ = keys(m, "y")
	if got := stored(t, st); got != "" {
		t.Fatalf("reset kept %s", got)
	}
	if v := view(m); !strings.Contains(v, "reset rule 1: vend: the documented default applies; u undoes") {
		t.Fatalf("after reset:\n%s", v)
	}
	if h := m.Keys().Reset.Help().Desc; !strings.Contains(h, "delete") {
		t.Errorf("r's help %q does not say it deletes", h)
	}
}

// A rule set from the CLI (another store handle) while the screen is open
// appears on the next tick; ticks of an earlier opening are ignored.
func TestOpenListPicksUpRulesAddedElsewhere(t *testing.T) {
	st := newStore(t, reply.UserRule{Provider: "vend", Step: reply.Step{Status: 503}})
	m := open(t, st, nil)
	m, _ = keys(m, "j") // the cursor stays on rule 1 across the reload
	putRule(t, st, reply.UserRule{Provider: "americommerce", Topic: "GetTax", Step: reply.Step{Status: 200}})
	if strings.Contains(view(m), "americommerce GetTax") {
		t.Fatal("shown before any tick")
	}
	m, _ = settle(m, tickMsg{gen: m.gen - 1})
	if strings.Contains(view(m), "americommerce GetTax") {
		t.Fatal("a stale tick reloaded")
	}
	m, _ = settle(m, tickMsg{gen: m.gen})
	v := view(m)
	if !strings.Contains(v, "americommerce GetTax") {
		t.Fatalf("rule added elsewhere not shown after a tick:\n%s", v)
	}
	if m.cursor != 0 || m.rules[m.cursor].ID != 1 {
		t.Errorf("cursor moved to %d", m.cursor)
	}
	m.interval = RefreshInterval
	_, cmd := m.Update(versionMsg{gen: m.gen, version: m.version})
	if cmd == nil {
		t.Error("an unchanged version did not schedule the next tick")
	}
}

// BODY shows a multi-line template on one line, cut to the screen, not
// the "{" its first line is.
func TestBodyColumnPreviewsMultiLineTemplates(t *testing.T) {
	st := newStore(t, reply.UserRule{Provider: "americommerce", Topic: "GetTax", Step: reply.Step{Status: 200,
		Body: "\n{\n  \"items\": [\n    {{range .Event.Items}}{\"cart_item_id\": {{.CartItemID}}}{{end}}\n  ],\n  \"shipping_tax_amount\": 0\n}\n"}})
	m := open(t, st, nil)
	v := view(m)
	var row string
	for _, line := range strings.Split(v, "\n") {
		if strings.Contains(line, "americommerce GetTax") {
			row = line
		}
	}
	if !strings.Contains(row, `{ "items": [ {{range .Event.Items}}`) || !strings.HasSuffix(strings.TrimRight(row, " "), "…") {
		t.Fatalf("BODY column: %q", row)
	}
	if w := ansi.StringWidth(row); w != 80 {
		t.Errorf("row is %d cells wide, want 80", w)
	}
}
