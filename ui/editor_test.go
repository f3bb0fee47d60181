package ui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/reply"
)

func (h *harness) typeText(s string) {
	h.mark = h.raw.Len()
	h.tm.Type(s)
}

func (h *harness) press(t tea.KeyType, times int) {
	h.mark = h.raw.Len()
	for i := 0; i < times; i++ {
		h.tm.Send(tea.KeyMsg{Type: t})
	}
}

func TestReplyEditorValidatesCancelsAndSaves(t *testing.T) {
	h, a := decodingHarness(t)
	h.deliverFixture(a, "americommerce/GetTax", "")
	h.contains("Tax request · 2 items")
	h.key("e")
	h.contains("Reply to americommerce GetTax")
	h.contains("new rule, from default americommerce GetTax")
	h.contains("✓ valid for this event")

	h.typeText("q") // typed into the body, not quitting
	h.contains("the rendered body is not valid JSON")
	h.press(tea.KeyEsc, 1)
	h.contains("reply not changed")
	if rows, _, _ := h.st.Rules(context.Background()); len(rows) != 0 {
		t.Fatalf("cancel saved %d rules", len(rows))
	}

	h.key("e")
	h.contains("Reply to americommerce GetTax")
	h.press(tea.KeyBackspace, 600)
	h.typeText(`{"items":[{{range $i, $it := .Event.Items}}{{if $i}},{{end}}{"cart_item_id":4242,"tax_amount":1}{{end}}],"shipping_tax_amount":0,"handling_tax_amount":0}`)
	h.contains("4242 is not a cart_item_id of the request") // validation warns...
	h.press(tea.KeyCtrlS, 1)                                // ...and never blocks saving
	h.contains("saved rule 1: americommerce GetTax")
	h.final()

	rows, _, err := h.st.Rules(context.Background())
	if err != nil || len(rows) != 1 {
		t.Fatalf("rules %v %v", rows, err)
	}
	u, _ := reply.DecodeRule(rows[0].ID, rows[0].Position, rows[0].Data)
	if u.Provider != "americommerce" || u.Topic != "GetTax" || !strings.Contains(u.Body, `"cart_item_id":4242`) || u.Status != 200 {
		t.Fatalf("saved rule %+v", u)
	}
}

func putRules(t *testing.T, h *harness, rules ...reply.UserRule) {
	t.Helper()
	for _, u := range rules {
		data, _ := u.Encode()
		if _, err := h.st.PutRule(context.Background(), 0, data); err != nil {
			t.Fatal(err)
		}
	}
}

func storedRules(t *testing.T, h *harness) []reply.UserRule {
	t.Helper()
	rows, _, err := h.st.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []reply.UserRule
	for _, r := range rows {
		u, _ := reply.DecodeRule(r.ID, r.Position, r.Data)
		out = append(out, u)
	}
	return out
}

func TestRulesScreenReordersResetsDeletesAndCreates(t *testing.T) {
	h, a := decodingHarness(t)
	putRules(t, h,
		reply.UserRule{Provider: "vend", Step: reply.Step{Status: 503, Body: `{"ok":false}`}},
		reply.UserRule{Provider: "americommerce", Topic: "GetTax", Step: reply.Step{Status: 200, Body: `{"items":[]}`}})
	h.deliverFixture(a, "americommerce/GetTax", "")
	h.contains("Tax request · 2 items")
	h.press(tea.KeyCtrlR, 1)
	h.contains("Reply rules")
	// The rules as the screen lists them, once loaded: "americommerce
	// GetTax" alone is on the list of deliveries behind it too, and a J
	// before the rules have loaded has nothing to move.
	h.contains(`{"ok":false}`)
	h.key("J") // rule 1 (vend) below rule 2
	h.contains("moved rule 1: vend")
	h.key("r") // the cursor followed rule 1; reset asks, then deletes as the CLI does
	h.contains("reset rule 1: vend to the documented default? this deletes the rule  y/n")
	h.key("y")
	h.contains("reset rule 1: vend: the documented default applies; u undoes")
	h.key("u")
	h.contains("restored rule 1: vend")
	h.key("k")
	h.key("d")
	h.contains("delete rule 2: americommerce GetTax? the documented default applies again  y/n")
	h.key("y")
	h.contains("deleted rule 2: americommerce GetTax")
	h.key("n")
	h.contains("Reply to americommerce GetTax  new rule, from default americommerce GetTax")
	h.press(tea.KeyEsc, 1) // back to the rules
	h.press(tea.KeyEsc, 1) // and out
	h.final()

	rules := storedRules(t, h)
	if len(rules) != 1 || rules[0].Provider != "vend" || rules[0].Status != 503 || rules[0].Body != `{"ok":false}` {
		t.Fatalf("rules left %+v, want vend's as it was", rules)
	}
}

// n on the rules screen, for a delivery a rule already answers, opened an
// editor on the same match and saved over rule 1. The match is the
// user's to choose; one already taken is refused, and the new rule is
// added beside rule 1.
func TestNewRuleFromTheRulesScreenDoesNotOverwriteRule1(t *testing.T) {
	h, a := decodingHarness(t)
	putRules(t, h, reply.UserRule{Provider: "americommerce", Topic: "GetTax", Step: reply.Step{Status: 200, Body: `{"items":[]}`}})
	h.deliverFixture(a, "americommerce/GetTax", "")
	h.contains("Tax request · 2 items")
	h.press(tea.KeyCtrlR, 1)
	h.contains("Reply rules")
	h.contains(`{"items":[]}`) // the rules, loaded
	h.key("n")
	h.contains("rule 1: americommerce GetTax already matches americommerce GetTax")
	h.contains("cannot save: rule 1: americommerce GetTax already matches")
	h.press(tea.KeyCtrlS, 1)    // refused: the screen stays as it is
	h.press(tea.KeyShiftTab, 4) // body → headers → delay → status → path
	h.typeText("/hooks/tax")
	h.contains("Reply to americommerce GetTax /hooks/tax")
	h.press(tea.KeyCtrlS, 1)
	h.contains("saved rule 2: americommerce GetTax /hooks/tax")
	h.contains("americommerce GetTax /hooks/tax") // listed on the rules screen
	h.press(tea.KeyEsc, 1)
	h.final()

	rules := storedRules(t, h)
	if len(rules) != 2 || rules[0].Body != `{"items":[]}` || rules[1].Path != "/hooks/tax" || !strings.Contains(rules[1].Body, "cart_item_id") {
		t.Fatalf("rules %+v, want rule 1 unchanged and a new rule 2", rules)
	}
}

// A template that does not parse is refused: the editor says why and
// stays open; nothing is saved.
func TestReplyEditorRefusesATemplateThatDoesNotParse(t *testing.T) {
	h, a := decodingHarness(t)
	h.deliverFixture(a, "americommerce/GetTax", "")
	h.contains("Tax request · 2 items")
	h.key("e")
	h.contains("Reply to americommerce GetTax")
	h.typeText("{{ if }}") // at the end of the body's 7 lines
	h.contains("cannot save: template line 7: missing value for if")
	h.press(tea.KeyCtrlS, 1)
	h.typeText("x") // still the editor: typed into the body
	h.contains("┃   7 }{{ if }}x")
	if rules := storedRules(t, h); len(rules) != 0 {
		t.Fatalf("saved %+v", rules)
	}
	h.press(tea.KeyEsc, 1)
	h.contains("reply not changed")
	h.final()
}

// A rule set from the CLI while the rules screen is open appears on it.
func TestRulesScreenPicksUpARuleSetElsewhere(t *testing.T) {
	h, a := decodingHarness(t)
	h.deliverFixture(a, "americommerce/GetTax", "")
	h.contains("Tax request · 2 items")
	h.press(tea.KeyCtrlR, 1)
	h.contains("no rules: every delivery gets its documented default")
	h.mark = h.raw.Len()
	putRules(t, h, reply.UserRule{Provider: "vend", Step: reply.Step{Status: 503, Body: "{\n  \"ok\": false\n}"}})
	h.contains(`{ "ok": false }`)
	h.press(tea.KeyEsc, 1)
	h.final()
}
