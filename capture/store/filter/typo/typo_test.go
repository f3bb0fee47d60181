package typo

import "testing"

func TestDistanceCountsEditsOfCharacters(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "limit", 5},
		{"limit", "limit", 0},
		{"limt", "limit", 1},        // one left out
		{"limmit", "limit", 1},      // one doubled
		{"lamit", "limit", 1},       // one replaced
		{"stauts", "status", 1},     // two swapped
		{"porvdier", "provider", 2}, // two swaps, four plain edits
		{"formät", "format", 1},     // a character, not its two bytes
		{"ä", "", 1},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // optimal string alignment: the swapped pair is not edited again
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (not symmetric)", c.b, c.a, got, c.want)
		}
	}
}
