package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/decode"
)

// Columns are measured in cells: a wide character takes two, so counting
// runes cut `日本茶 (緑)` to `日本茶 …` and pushed the next column.
func TestShowTableMeasuresCellsNotRunes(t *testing.T) {
	var b bytes.Buffer
	writeTable(&b, &decode.Table{
		Columns: []string{"ITEM", "QTY"},
		Rows:    [][]string{{"日本茶 (緑)", "2"}, {"Tea", "10"}, {"Café crème", "1"}},
	})
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if !strings.Contains(b.String(), "日本茶 (緑)  2") {
		t.Errorf("wide cell cut:\n%s", b.String())
	}
	col := -1
	for _, l := range lines {
		at := ansi.StringWidth(l[:strings.LastIndexByte(l, ' ')+1]) // where the last column starts
		if col >= 0 && at != col {
			t.Errorf("second column at cell %d, want %d:\n%s", at, col, b.String())
		}
		col = at
	}
}
