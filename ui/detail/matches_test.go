package detail

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/theme"
)

func TestSpansFindWordStartsCaseInsensitively(t *testing.T) {
	for _, c := range []struct {
		line  string
		terms []string
		want  string // the matched text, joined by |
	}{
		{`"note": "Order 1402 ordered"`, []string{"order"}, "Order|order"},
		{`"note": "reorder"`, []string{"order"}, ""}, // not the start of a word
		{`Jon Doe, jon@doe.ca`, []string{"jon doe", "doe"}, "Jon Doe|doe"},
		{`ÉCLAIR éclair`, []string{"éclair"}, "ÉCLAIR|éclair"},
	} {
		rs := []rune(c.line)
		var got []string
		for _, sp := range spans(rs, c.terms) {
			got = append(got, string(rs[sp[0]:sp[1]]))
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("%q %v: %q, want %q", c.line, c.terms, strings.Join(got, "|"), c.want)
		}
	}
}

func TestBodyMatchesAreMarkedAndSteppedThrough(t *testing.T) {
	defer lipgloss.SetColorProfile(lipgloss.ColorProfile())
	lipgloss.SetColorProfile(termenv.ANSI)
	styles := theme.New(theme.Default())
	m := New(nil, nil, styles, "monokai")
	m.SetSize(120, 5)
	m.SetTab(TabBody)
	var body strings.Builder
	body.WriteString(`{"a":"kookaburra",`)
	for i := 0; i < 40; i++ {
		body.WriteString(`"pad":"x",`)
	}
	body.WriteString(`"z":"the Kookaburra laughs"}`)
	d := &store.Delivery{ID: "x", Method: "POST", URI: "/", Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: []byte(body.String())}
	m.id = "x"
	m, _ = m.Update(loadedMsg{id: "x", d: d, pages: Render(d, nil, styles, "monokai", false)})
	m.SetTerms([]string{"kookaburra"})
	if m.Matches() != 2 {
		t.Fatalf("%d matches, want 2", m.Matches())
	}
	if !strings.Contains(m.View(), styles.Detail.Match.Render("kookaburra")) {
		t.Errorf("the first match is not marked:\n%q", m.View())
	}
	m.NextMatch(1)
	m.NextMatch(1)
	if m.CurrentMatch() != 2 || !strings.Contains(m.View(), styles.Detail.MatchCurrent.Render("Kookaburra")) {
		t.Fatalf("n n: at match %d; the last line is not on screen marked as current:\n%s", m.CurrentMatch(), ansi.Strip(m.View()))
	}
	if !strings.Contains(ansi.Strip(m.View()), "match 2/2 (n/N)") {
		t.Errorf("the caption does not say which match:\n%s", ansi.Strip(m.View()))
	}
	m.NextMatch(1) // round the end
	if m.CurrentMatch() != 1 || m.vp.YOffset != 0 {
		t.Errorf("n past the last: at %d, offset %d", m.CurrentMatch(), m.vp.YOffset)
	}
	m.NextMatch(-1)
	if m.CurrentMatch() != 2 {
		t.Errorf("N from the first: at %d", m.CurrentMatch())
	}
	m.SetTerms(nil)
	if m.Matches() != 0 || strings.Contains(m.View(), styles.Detail.Match.Render("kookaburra")) {
		t.Error("clearing the terms left marks")
	}
}
