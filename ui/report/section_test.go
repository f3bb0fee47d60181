package report

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/decode"
)

// Columns are measured in cells: a wide character takes two, so counting
// runes cut `日本茶 (緑)` to `日本茶 …` and pushed the next column.
func TestTableMeasuresCellsNotRunes(t *testing.T) {
	tb := NewTable(&decode.Table{
		Columns: []string{"ITEM", "QTY"},
		Rows:    [][]string{{"日本茶 (緑)", "2"}, {"Tea", "10"}, {"Café crème", "1"}},
	})
	lines := append([]string{tb.Header()}, tb.Lines()...)
	text := strings.Join(lines, "\n")
	if !strings.Contains(text, "日本茶 (緑)  2") {
		t.Errorf("wide cell cut:\n%s", text)
	}
	col := -1
	for _, l := range lines {
		at := ansi.StringWidth(l[:strings.LastIndexByte(l, ' ')+1]) // where the last column starts
		if col >= 0 && at != col {
			t.Errorf("second column at cell %d, want %d:\n%s", at, col, text)
		}
		col = at
	}
}

// A cell wider than the cap is cut with an ellipsis to exactly the cap,
// and untrusted text is shown escaped.
func TestTableCapsCellsAndSanitises(t *testing.T) {
	tb := NewTable(&decode.Table{
		Columns: []string{"TITLE", "N"},
		Rows:    [][]string{{strings.Repeat("x", 50), "1"}, {"evil\x1b[31m", "2"}},
	})
	rows := tb.Lines()
	if got := ansi.StringWidth(rows[0][:strings.LastIndexByte(rows[0], ' ')]); got != MaxCellWidth+1 {
		t.Errorf("a 50-cell title takes %d cells before the next column, want %d:\n%s", got, MaxCellWidth+1, rows[0])
	}
	if strings.ContainsRune(strings.Join(rows, ""), 0x1b) {
		t.Errorf("raw escape in a table row: %q", rows[1])
	}
}
