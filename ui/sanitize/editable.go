package sanitize

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text widgets normalise what they hold: the bubbles textarea turns \r into
// a line break and a tab into spaces, and drops other control characters
// and U+FFFD. A body put into one and read back is no longer the body that
// arrived. Editable writes bytes as text such a widget keeps unchanged and
// a terminal shows safely, and Restore turns the (possibly edited) text
// back into the bytes it stands for.
//
// Line feeds stay line feeds and readable text stays as it is, so JSON
// reads as JSON. A C0 control or DEL is shown as its Unicode control
// picture (␍ for \r, ␉ for a tab, ␛ for ESC); any other rune Text would
// escape, as ⟨U+202E⟩; a byte that is not UTF-8, as ⟨0xff⟩. The marks
// themselves are escaped where they occur in the input (⟨U+27E8⟩), so
// Restore(Editable(b)) is b for every b.

const (
	pictures   = 0x2400 // U+2400 ␀ … U+241F ␟: the control pictures of C0
	pictureDEL = 0x2421 // ␡
	markOpen   = '⟨'
	markClose  = '⟩'
)

// Editable returns b as text for a text widget; see Restore.
func Editable(b []byte) string {
	var out strings.Builder
	out.Grow(len(b) + 16)
	onBase := false
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			out.WriteString("⟨0x" + hex2(b[i-1]) + "⟩")
		case r == '\n':
			out.WriteByte('\n')
		case r < 0x20:
			out.WriteRune(pictures + r)
		case r == 0x7f:
			out.WriteRune(pictureDEL)
		case isMark(r), r == utf8.RuneError:
			writeMarkEscape(&out, r)
		default:
			var shown bool
			if shown, onBase = raw(r, onBase); shown {
				out.WriteRune(r)
			} else {
				writeMarkEscape(&out, r)
			}
			continue
		}
		onBase = false
	}
	return out.String()
}

// Restore returns the bytes text from Editable stands for, with whatever
// edits were made to it. A mark that does not spell an escape is kept as
// typed.
func Restore(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= pictures && r < pictures+0x20:
			out = append(out, byte(r-pictures))
		case r == pictureDEL:
			out = append(out, 0x7f)
		case r == markOpen:
			if escaped, n, ok := parseMark(s[i:]); ok {
				out = append(out, escaped...)
				i += n
				continue
			}
			out = append(out, s[i:i+size]...)
		default:
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return out
}

// isMark reports whether r would be read as part of an escape.
func isMark(r rune) bool {
	return r == markOpen || r >= pictures && r < pictures+0x20 || r == pictureDEL
}

func writeMarkEscape(b *strings.Builder, r rune) {
	u := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	b.WriteString("⟨U+" + strings.Repeat("0", max(0, 4-len(u))) + u + "⟩")
}

// parseMark reads ⟨U+hhhh⟩ or ⟨0xhh⟩ at the start of s: the bytes it
// stands for and its length.
func parseMark(s string) ([]byte, int, bool) {
	end := strings.IndexRune(s, markClose)
	if end < 0 || end > 16 {
		return nil, 0, false
	}
	inner := s[len(string(markOpen)):end]
	n := end + len(string(markClose))
	switch {
	case strings.HasPrefix(inner, "U+") && len(inner) >= 6 && len(inner) <= 8:
		v, err := strconv.ParseUint(inner[2:], 16, 32)
		if err != nil || !utf8.ValidRune(rune(v)) {
			return nil, 0, false
		}
		return utf8.AppendRune(nil, rune(v)), n, true
	case strings.HasPrefix(inner, "0x") && len(inner) == 4:
		v, err := strconv.ParseUint(inner[2:], 16, 8)
		if err != nil {
			return nil, 0, false
		}
		return []byte{byte(v)}, n, true
	}
	return nil, 0, false
}
