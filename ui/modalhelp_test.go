package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
)

// footer is the footer's lines as drawn (keys and full help).
func footer(m Model) []string { return strings.Split(ansi.Strip(m.helpView()), "\n") }

func words(lines []string) string { return strings.Join(strings.Fields(strings.Join(lines, " ")), " ") }

func storeRules(t *testing.T, st *store.Store, rules ...reply.UserRule) {
	t.Helper()
	for _, u := range rules {
		data, err := u.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.PutRule(context.Background(), 0, data); err != nil {
			t.Fatal(err)
		}
	}
}

// openModals opens each dialog on a model of w×h with two rules stored
// and hands it to check, named, in parallel subtests: opening a dialog
// waits for a cursor blink or the rules screen's refresh tick, which settle
// runs and drops.
func openModals(t *testing.T, w, h int, check func(t *testing.T, name string, m Model)) {
	t.Helper()
	for _, tc := range []struct{ name, key string }{
		{"rules", "ctrl+r"}, {"replay", "r"}, {"replay all", "R"}, {"editor", "e"},
	} {
		// No "#01" suffix for a repeated name: the store opens a path with
		// a # in it as the path before it (a file: URI's fragment).
		t.Run(tc.name+" "+itoa(w)+"x"+itoa(h), func(t *testing.T) {
			t.Parallel()
			m, st := newModel(t, w, h, topics()...)
			storeRules(t, st, reply.UserRule{Provider: "vend", Step: reply.Step{Status: 503}},
				reply.UserRule{Path: "/hooks/", Step: reply.Step{Status: 202}})
			if m = press(m, tc.key); m.modal == modalNone {
				t.Fatalf("%s opened no dialog", tc.key)
			}
			check(t, tc.name, m)
		})
	}
}

// The rules screen's footer had neither ? nor esc, and at 80 columns was
// cut to "n new rule • enter edit • K move up • J move down": r and d
// were gone. The dialogs' footers had no help key either. A dialog's
// footer fits any width from 80 (wrapped to a second line when needed)
// and always keeps its esc and its help key.
func TestEveryDialogFooterFitsAndKeepsEscAndHelp(t *testing.T) {
	openModals(t, 80, 30, func(t *testing.T, name string, m Model) {
		for _, w := range []int{80, 81, 90, 100, 120, 160, 200} {
			m = resize(m, w, 30)
			lines := footer(m)
			if len(lines) > 2 {
				t.Errorf("%s at %d columns: the footer takes %d lines:\n%s", name, w, len(lines), strings.Join(lines, "\n"))
			}
			for i, l := range lines {
				if cw := ansi.StringWidth(l); cw > w {
					t.Errorf("%s at %d columns: footer line %d is %d wide: %q", name, w, i, cw, l)
				}
			}
			text := words(lines)
			help := "? all keys"
			if m.textFocused() {
				help = "ctrl+g all keys" // ? is text there
			}
			for _, k := range []string{help, "esc "} {
				if !strings.Contains(text, k) {
					t.Errorf("%s at %d columns: the footer lacks %q: %s", name, w, k, text)
				}
			}
			if name == "rules" {
				for _, k := range []string{"n new rule", "enter edit", "K move up", "r reset", "d delete"} {
					if !strings.Contains(text, k) && (k != "K move up" || m.rules.Keys().MoveUp.Enabled()) {
						t.Errorf("rules at %d columns: the footer lacks %q: %s", w, k, text)
					}
				}
			}
		}
	})
}

// ? on the rules screen did nothing: in a dialog the help key shows that
// dialog's every key, and again hides it. Where a text field has the keys
// ? is text, and ctrl+g shows the help.
func TestHelpKeyInADialogShowsItsFullHelp(t *testing.T) {
	openModals(t, 80, 24, func(t *testing.T, name string, m Model) {
		k := "?"
		if m.textFocused() {
			k = "ctrl+g"
		}
		open := press(m, k)
		if !open.help.ShowAll || open.modal != m.modal {
			t.Fatalf("%s: %s did not show the help (modal %v)", name, k, open.modal)
		}
		text := words(footer(open))
		want := map[string][]string{
			"rules":      {"↓/j down", "J move down", "d delete", "esc close", "ctrl+c quit"},
			"replay":     {"ctrl+s send", "shift+tab previous field", "ctrl+t re-sign", "ctrl+e body in $EDITOR", "esc close"},
			"replay all": {"ctrl+s send", "ctrl+t re-sign", "esc close"},
			"editor":     {"ctrl+s save", "shift+tab previous field", "ctrl+e body in $EDITOR", "esc cancel"},
		}[name]
		for _, w := range append(want, k+" ") {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the full help lacks %q: %s", name, w, text)
			}
		}
		if v := open.View(); len(strings.Split(v, "\n")) != 24 {
			t.Errorf("%s: with the help shown the screen is %d lines, want 24", name, len(strings.Split(v, "\n")))
		}
		if shut := press(open, k); shut.help.ShowAll {
			t.Errorf("%s: %s again did not hide the help", name, k)
		}
	})
	// In the replay dialog ? is typed into the target, as before.
	m, _ := newModel(t, 80, 24, topics()...)
	m = press(m, "r", "?")
	if v := ansi.Strip(m.View()); m.help.ShowAll || !strings.Contains(v, "localhost:3000?") {
		t.Errorf("? in the replay target: help %v, drawn:\n%s", m.help.ShowAll, v)
	}
}

// The rules screen with no rules still offered enter edit, K, J, r and d.
func TestRulesFooterOffersOnlyWhatActs(t *testing.T) {
	m, _ := newModel(t, 120, 30, topics()...)
	m = press(m, "ctrl+r")
	text := words(footer(m))
	for _, k := range []string{"enter edit", "K move up", "J move down", "r reset", "d delete"} {
		if strings.Contains(text, k) {
			t.Errorf("no rules: the footer offers %q: %s", k, text)
		}
	}
	if !strings.Contains(text, "n new rule") {
		t.Errorf("no rules: the footer lacks n new rule: %s", text)
	}
}

func TestDialogGoldens(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 50}} {
		name := itoa(size.w) + "x" + itoa(size.h)
		openModals(t, size.w, size.h, func(t *testing.T, modal string, m Model) {
			golden(t, strings.ReplaceAll(modal, " ", "-")+"-"+name, m.View(), size.w, size.h)
			if modal == "rules" || modal == "editor" {
				m = press(m, m.helpKey().Help().Key)
				golden(t, modal+"-help-"+name, m.View(), size.w, size.h)
			}
		})
	}
}
