// Package sanitizetest measures text the way terminals do, for tests that
// check what package sanitize lets through keeps every row its width.
package sanitizetest

import (
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// CellsPerCodePoint measures s as a terminal that counts one code point at
// a time does (wcwidth: xterm, tmux, VTE): marks, format characters and
// Hangul vowel and final jamo take no cell, wide characters two, the rest
// one. lipgloss measures grapheme clusters instead; where the two differ a
// row is drawn a cell off from where the layout put it.
func CellsPerCodePoint(s string) int {
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
