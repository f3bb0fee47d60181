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

func TestRulesScreenReordersResetsDeletesAndCreates(t *testing.T) {
	h, a := decodingHarness(t)
	for _, u := range []reply.UserRule{
		{Provider: "vend", Step: reply.Step{Status: 503, Body: `{"ok":false}`}},
		{Provider: "americommerce", Topic: "GetTax", Step: reply.Step{Status: 200, Body: `{"items":[]}`}},
	} {
		data, _ := u.Encode()
		if _, err := h.st.PutRule(context.Background(), 0, data); err != nil {
			t.Fatal(err)
		}
	}
	h.deliverFixture(a, "americommerce/GetTax", "")
	h.contains("Tax request · 2 items")
	h.press(tea.KeyCtrlR, 1)
	h.contains("Reply rules")
	h.contains("americommerce GetTax")
	h.key("J") // rule 1 (vend) below rule 2
	h.contains("moved rule 1: vend")
	h.key("r") // the cursor followed rule 1: its reply becomes vend's default, plain 200
	h.contains("reset rule 1: vend to plain 200")
	h.key("k")
	h.key("d")
	h.contains("deleted rule 2: americommerce GetTax")
	h.key("n")
	h.contains("Reply to americommerce GetTax  new rule")
	h.press(tea.KeyEsc, 1) // back to the rules
	h.press(tea.KeyEsc, 1) // and out
	h.final()

	rows, _, _ := h.st.Rules(context.Background())
	if len(rows) != 1 {
		t.Fatalf("%d rules left, want 1", len(rows))
	}
	u, _ := reply.DecodeRule(rows[0].ID, rows[0].Position, rows[0].Data)
	if u.Provider != "vend" || u.Status != 200 || u.Body != `{"ok":true}` {
		t.Fatalf("remaining rule %+v", u)
	}
}
