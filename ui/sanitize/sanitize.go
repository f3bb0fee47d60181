// Package sanitize makes text that came from the network safe to print on a
// terminal. Deliveries are untrusted: a header or body can carry escape
// sequences that move the cursor, retitle the window or rewrite the screen.
// Every such byte is shown as a visible escape (\x1b, \r, \u009b) instead.
//
// Sanitize copies meant for display only; raw bytes stay raw for signature
// checks and replay.
package sanitize

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text keeps printable characters, newlines and tabs, and escapes the rest.
func Text(s string) string { return clean(s, false) }

// Line is Text for one-line places (list rows, header values): newlines and
// tabs are escaped too, so a value cannot break the layout.
func Line(s string) string { return clean(s, true) }

func clean(s string, oneLine bool) string {
	if safe(s, oneLine) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	onBase := false // the last rune was a bare letter shown raw: one combining mark may follow
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			writeByteEscape(&b, s[i-1])
			onBase = false
			continue
		}
		switch {
		case r == '\n' && !oneLine, r == '\t' && !oneLine:
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			writeByteEscape(&b, byte(r))
		default:
			var shown bool
			if shown, onBase = raw(r, onBase); shown {
				b.WriteRune(r)
			} else {
				writeRuneEscape(&b, r)
			}
			continue
		}
		onBase = false
	}
	return b.String()
}

// dangerous are non-ASCII runes a terminal may act on or that disguise text:
// C1 controls (U+009B is an 8-bit CSI), bidirectional overrides and
// isolates, and the line and paragraph separators.
func dangerous(r rune) bool {
	return r >= 0x80 && r <= 0x9f ||
		r >= 0x202a && r <= 0x202e ||
		r >= 0x2066 && r <= 0x2069 ||
		r == 0x200e || r == 0x200f || r == 0x061c ||
		r == 0x2028 || r == 0x2029 ||
		r == 0xfeff
}

// writeByteEscape writes c as \xhh.
func writeByteEscape(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteString(hex2(c))
}

// writeRuneEscape writes r as Go writes it in a string literal: \uhhhh,
// or \Uhhhhhhhh beyond the Basic Multilingual Plane.
func writeRuneEscape(b *strings.Builder, r rune) {
	prefix, digits := `\u`, 4
	if r > 0xffff {
		prefix, digits = `\U`, 8
	}
	u := strconv.FormatInt(int64(r), 16)
	b.WriteString(prefix)
	b.WriteString(strings.Repeat("0", digits-len(u)))
	b.WriteString(u)
}

// safe is the fast path: plain printable ASCII needs no copy.
func safe(s string, oneLine bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			continue
		}
		if !oneLine && (c == '\n' || c == '\t') {
			continue
		}
		return false
	}
	return true
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

// JSON escapes, inside already-encoded JSON, the runes encoding/json leaves
// raw but a terminal may act on (DEL, C1 controls, bidi overrides). The
// result is the same JSON value.
//
// It runs on every line `serve` prints, so it looks at bytes, not runes:
// every rune it escapes starts with one of a few bytes (jsonLead), and
// JSON without them comes back as it is, uncopied.
func JSON(b []byte) []byte {
	i := nextJSONEscape(b, 0)
	if i < 0 {
		return b
	}
	const digits = "0123456789abcdef"
	out := make([]byte, 0, len(b)+16)
	last := 0
	for i >= 0 {
		r, size := utf8.DecodeRune(b[i:])
		// Every rune escaped is in the Basic Multilingual Plane.
		out = append(out, b[last:i]...)
		out = append(out, '\\', 'u', digits[r>>12&0xf], digits[r>>8&0xf], digits[r>>4&0xf], digits[r&0xf])
		last = i + size
		i = nextJSONEscape(b, last)
	}
	return append(out, b[last:]...)
}

// nextJSONEscape is the index, at or after from, of the first rune of b
// that JSON escapes, or -1.
func nextJSONEscape(b []byte, from int) int {
	for i := from; i < len(b); i++ {
		switch b[i] {
		case 0x7f:
			return i
		case 0xc2, 0xd8, 0xe2, 0xef: // the lead bytes of dangerous runes
			if r, _ := utf8.DecodeRune(b[i:]); r != utf8.RuneError && dangerous(r) {
				return i
			}
		}
	}
	return -1
}
