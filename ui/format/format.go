// Package format renders values for people: sizes, fixed-width cells. It is
// shared by the TUI and the plain-text CLI output so both read the same.
package format

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/decode"
)

// Size renders a byte count as B, KiB or MiB.
func Size(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	default:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
}

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
// ✗ invalid, ! missing, – unsigned, ? no secret.
func Badge(s decode.SigStatus) string {
	switch s {
	case decode.SigValid:
		return "✓"
	case decode.SigInvalid:
		return "✗"
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
