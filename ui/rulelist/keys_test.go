package rulelist

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/hookscope/hookscope/capture/reply"
)

// shown is the help's enabled keys, as "key desc" each.
func shown(m Model) string {
	var out []string
	for _, g := range m.Help().FullHelp() {
		for _, b := range g {
			if b.Enabled() {
				out = append(out, b.Help().Key+" "+b.Help().Desc)
			}
		}
	}
	return strings.Join(out, " • ")
}

func bound(m Model, b func(KeyMap) key.Binding) bool { return b(m.Keys()).Enabled() }

// With no rules the screen still offered enter edit, K, J, r reset and d
// delete, which do nothing: keys that do not act now are disabled, which
// also hides them from help.
func TestKeysThatDoNothingAreDisabled(t *testing.T) {
	m := open(t, newStore(t), nil)
	help := shown(m)
	for _, k := range []string{"enter edit", "K move up", "J move down", "r reset", "d delete", "↑/k up", "↓/j down"} {
		if strings.Contains(help, k) {
			t.Errorf("no rules: help offers %q, which does nothing: %s", k, help)
		}
	}
	for _, k := range []string{"n new rule", "esc close"} {
		if !strings.Contains(help, k) {
			t.Errorf("no rules: help lacks %q: %s", k, help)
		}
	}

	m = open(t, newStore(t,
		reply.UserRule{Provider: "vend", Step: reply.Step{Status: 503}},
		reply.UserRule{Path: "/hooks/", Step: reply.Step{Status: 202}}), nil)
	help = shown(m)
	for _, k := range []string{"enter edit", "J move down", "r reset", "d delete", "↓/j down"} {
		if !strings.Contains(help, k) {
			t.Errorf("two rules, the first selected: help lacks %q: %s", k, help)
		}
	}
	// The first rule cannot move up, the last cannot move down.
	if bound(m, func(k KeyMap) key.Binding { return k.MoveUp }) {
		t.Error("the first rule is selected: K (move up) is offered")
	}
	m, _ = keys(m, "j")
	if bound(m, func(k KeyMap) key.Binding { return k.MoveDown }) || !bound(m, func(k KeyMap) key.Binding { return k.MoveUp }) {
		t.Errorf("the last rule is selected: %s", shown(m))
	}
}
