package filter

import (
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/capture/store/filter/typo"
)

// Error is an invalid expression: what is wrong and where. Pos is the
// 1-based column, counted in characters (runes), so a text input can put its
// cursor at Pos-1.
type Error struct {
	Pos  int
	Msg  string
	Hint string // "did you mean status?", the values that are valid, or ""
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s at %d", e.Msg, e.Pos)
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

func errorf(pos int, hint, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// suggest returns "did you mean X?" for the candidate closest to got, when
// it is close enough to be a typo, else "".
func suggest(got string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := typo.Distance(strings.ToLower(got), c)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	// Two edits cover a transposition plus a slip; more than a third of
	// the word changed is a different word, not a typo.
	if bestDist < 0 || bestDist > 2 || bestDist*3 > len(best)+1 {
		return ""
	}
	return "did you mean " + best + "?"
}

// oneOf is the hint listing every valid value, with a suggestion first when
// one is close.
func oneOf(got string, valid []string) string {
	list := "want " + strings.Join(valid[:len(valid)-1], ", ") + " or " + valid[len(valid)-1]
	if s := suggest(got, valid); s != "" {
		return s + " (" + list + ")"
	}
	return list
}
