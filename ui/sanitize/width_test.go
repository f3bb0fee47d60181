package sanitize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// cellsPerCodePoint measures s as a terminal that counts one code point at
// a time does (wcwidth: xterm, tmux, VTE): marks, format characters and
// Hangul vowel and final jamo take no cell, wide characters two, the rest
// one. lipgloss measures grapheme clusters instead; where the two differ a
// row is drawn a cell off from where the layout put it.
func cellsPerCodePoint(s string) int {
	n := 0
	for _, r := range ansi.Strip(s) {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf),
			r >= 0x1160 && r <= 0x11ff, r >= 0xd7b0 && r <= 0xd7ff:
		case ansi.StringWidth(string(r)) == 2:
			n += 2
		default:
			n++
		}
	}
	return n
}

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
			if gr, cp := ansi.StringWidth(out), cellsPerCodePoint(out); gr != want || cp != want {
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
