// Package format renders values for people: fixed-width cells, times. It is
// shared by the TUI and the plain-text CLI output so both read the same.
package format

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/decode"
)

// Pad cuts s (with an ellipsis) or pads it with spaces to exactly w cells.
func Pad(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// PadLeft is Pad aligned right.
func PadLeft(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) + s
}

// Badge is the one-character mark of a signature status: ✓ valid,
// ✗ invalid, ⧖ stale (it matches, but was signed too long before it
// arrived), ! missing, – unsigned, ? no secret.
func Badge(s decode.SigStatus) string {
	switch s {
	case decode.SigValid:
		return "✓"
	case decode.SigInvalid:
		return "✗"
	case decode.SigStale:
		return "⧖"
	case decode.SigMissing:
		return "!"
	case decode.SigUnsigned:
		return "–"
	case decode.SigNoSecret:
		return "?"
	}
	return " "
}

// StoredStatus reads the status out of a stored signature check
// ({"status":"valid",…}) without decoding the whole object: list rows do
// this for every visible row on every frame.
func StoredStatus(stored string) decode.SigStatus {
	const key = `"status":"`
	i := strings.Index(stored, key)
	if i < 0 {
		return ""
	}
	rest := stored[i+len(key):]
	if j := strings.IndexByte(rest, '"'); j >= 0 {
		return decode.SigStatus(rest[:j])
	}
	return ""
}

// Middle cuts s to w cells by taking out its middle, so names that share a
// long prefix (collection_listings/create, collection_listings/update)
// stay apart; the end, which usually tells them apart, keeps more room.
// It pads to exactly w cells like Pad. s must be plain text, no escapes.
func Middle(s string, w int) string {
	if ansi.StringWidth(s) <= w || w < 3 {
		return Pad(s, w)
	}
	tailW := (w - 1) - (w-1)/3
	runes := []rune(s)
	tail, used := len(runes), 0
	for tail > 0 {
		rw := ansi.StringWidth(string(runes[tail-1]))
		if used+rw > tailW {
			break
		}
		used += rw
		tail--
	}
	head := ansi.Truncate(string(runes[:tail]), w-1-used, "")
	return Pad(head+"…"+string(runes[tail:]), w)
}

// Count writes n with thousands separated by commas: 1,204 of 100,000.
func Count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
