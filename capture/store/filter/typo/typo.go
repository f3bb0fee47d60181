// Package typo measures how far a word someone typed is from one they may
// have meant, for the "did you mean" of the command line and of the filter
// language alike, so both forgive the same slips.
package typo

// Distance is the number of edits that turn a into b: a character (rune)
// inserted, deleted or replaced, or two adjacent characters swapped
// ("stauts" for "status" is one edit, not two). It is the optimal string
// alignment distance: no character is edited twice.
func Distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	// Three rows: the one before the previous is needed for swaps.
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
