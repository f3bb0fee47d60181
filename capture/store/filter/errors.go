package filter

import (
	"fmt"
	"strings"
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
		d := editDistance(strings.ToLower(got), c)
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

// editDistance is the Levenshtein distance between a and b, by runes, with
// an adjacent transposition counted as one edit (typing "stauts").
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	// Three rows: the one before the previous is needed for transpositions.
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
