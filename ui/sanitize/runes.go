package sanitize

import "unicode"

// A rune is shown raw only when it takes the same cells in every terminal
// and in lipgloss's layout, whatever stands beside it. Terminals measure
// one code point at a time (wcwidth); lipgloss measures grapheme clusters.
// They agree on ordinary characters and disagree on runes that join their
// neighbours: a combining mark at the start of a line or after a digit, a
// Hangul vowel jamo, a variation selector, a skin-tone modifier, a flag's
// regional indicators. Random binary bytes contain such runes often enough
// that rows of the Raw tab came out a cell short or long and pushed the
// pane's right border. Those runes are escaped instead.

// rawKind says how a rune may be shown.
type rawKind int

const (
	rawAlways rawKind = iota // printable on its own
	rawOnBase                // a zero-width combining mark: raw only on a letter shown raw
	rawNever                 // escaped wherever it stands
)

// joining are runes that print but merge with the rune before or after
// them into one cell (or change its width), so their width depends on the
// neighbour.
var joining = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x0d4e, Hi: 0x0d4e, Stride: 1}, // Malayalam dot reph: prepended to the next letter
		{Lo: 0x0e33, Hi: 0x0e33, Stride: 1}, // Thai sara am: a spacing mark to graphemes
		{Lo: 0x0eb3, Hi: 0x0eb3, Stride: 1}, // Lao am, likewise
		{Lo: 0x115f, Hi: 0x11ff, Stride: 1}, // Hangul jamo fillers, medial vowels, final consonants
		{Lo: 0x3164, Hi: 0x3164, Stride: 1}, // Hangul filler
		{Lo: 0xd7b0, Hi: 0xd7ff, Stride: 1}, // Hangul jamo extended-B (vowels, finals)
		{Lo: 0xfe00, Hi: 0xfe0f, Stride: 1}, // variation selectors: text or emoji width
		{Lo: 0xff9e, Hi: 0xff9f, Stride: 1}, // halfwidth katakana voiced marks: extend the kana before
		{Lo: 0xffa0, Hi: 0xffa0, Stride: 1}, // halfwidth Hangul filler
	},
	R32: []unicode.Range32{
		{Lo: 0x111c2, Hi: 0x111c3, Stride: 1}, // Sharada prepended letters
		{Lo: 0x1193f, Hi: 0x1193f, Stride: 1}, // Dives Akuru prefixed nasal
		{Lo: 0x11941, Hi: 0x11941, Stride: 1}, // Dives Akuru initial ra
		{Lo: 0x11a3a, Hi: 0x11a3a, Stride: 1}, // Zanabazar Square cluster-initial ra
		{Lo: 0x11a84, Hi: 0x11a89, Stride: 1}, // Soyombo cluster-initial letters
		{Lo: 0x11d46, Hi: 0x11d46, Stride: 1}, // Masaram Gondi repha
		{Lo: 0x11f02, Hi: 0x11f02, Stride: 1}, // Kawi repha
		{Lo: 0x1f1e6, Hi: 0x1f1ff, Stride: 1}, // regional indicators: two make one flag
		{Lo: 0x1f3fb, Hi: 0x1f3ff, Stride: 1}, // emoji skin-tone modifiers
		{Lo: 0xe0100, Hi: 0xe01ef, Stride: 1}, // variation selectors supplement
	},
}

// kind classifies r, a valid rune that is not an ASCII control.
func kind(r rune) rawKind {
	switch {
	case r < 0x80:
		return rawAlways
	case dangerous(r), unicode.Is(joining, r):
		return rawNever
	case unicode.In(r, unicode.Mn, unicode.Me):
		return rawOnBase
	case unicode.Is(unicode.Mc, r):
		// A spacing mark takes a cell of its own for wcwidth and none for
		// the grapheme it belongs to.
		return rawNever
	case unicode.IsPrint(r), unicode.Is(unicode.Zs, r):
		return rawAlways
	}
	// Format characters (zero-width joiners, soft hyphen, prepended
	// marks), private use, unassigned code points: no width anyone agrees
	// on, nothing to read.
	return rawNever
}

// raw decides whether r, a valid rune that is not an ASCII control, is
// shown raw after what came before: onBase says the last rune shown was a
// letter shown raw with no mark on it yet. It returns whether the next
// rune finds a bare letter. Only one combining mark stays on its letter:
// further marks stack on one cell (é́́), each terminal stacking them its own
// way, so they are escaped.
func raw(r rune, onBase bool) (shown, nextOnBase bool) {
	switch kind(r) {
	case rawAlways:
		return true, isBase(r)
	case rawOnBase:
		return onBase, false
	}
	return false, false
}

// isBase reports whether a combining mark may follow r raw: r is a letter,
// so the mark combines with it in every terminal.
func isBase(r rune) bool { return unicode.IsLetter(r) && kind(r) == rawAlways }
