package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/ui/sanitize/sanitizetest"
)

// Every rune Text keeps raw takes the cells it takes alone, whatever
// stands beside it, measured both ways; a combining mark on a letter is the
// one raw rune that takes none.
func TestTextKeepsRawOnlyRunesOfOneWidth(t *testing.T) {
	bad := 0
	for r := rune(0x80); r <= 0x10ffff; r++ {
		if !utf8.ValidRune(r) || kind(r) == rawNever {
			continue // escaped, in ASCII, wherever it stands
		}
		alone := ansi.StringWidth(Text(string(r)))
		for _, ctx := range []string{"a", " ", "1", "日", "}"} {
			in := ctx + string(r) + ctx
			out := Text(in)
			want := 2*ansi.StringWidth(ctx) + alone
			if strings.ContainsRune(out, r) && kind(r) == rawOnBase {
				want = 2 * ansi.StringWidth(ctx)
			}
			if gr, cp := ansi.StringWidth(out), sanitizetest.CellsPerCodePoint(out); gr != want || cp != want {
				if bad++; bad <= 30 {
					t.Errorf("%U in %q: shown %q, %d cells by grapheme, %d by code point, want %d", r, in, out, gr, cp, want)
				}
			}
		}
	}
	if bad > 30 {
		t.Errorf("… %d in all", bad)
	}
}
