package highlight

import (
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

// The formatter follows the terminal's colour profile; without colour
// (NO_COLOR, TERM=dumb, not a terminal) the text is not coloured at all.
func TestTextUsesTheTerminalsColours(t *testing.T) {
	const text = `{"id": 1, "ok": true, "name": "x"}`
	for _, tc := range []struct {
		profile   termenv.Profile
		want      string // a colour escape of this profile
		notWant   []string
		unchanged bool
	}{
		{profile: termenv.Ascii, unchanged: true},
		{profile: termenv.ANSI, want: "\x1b[", notWant: []string{"38;5;", "38;2;"}},
		{profile: termenv.ANSI256, want: "38;5;", notWant: []string{"38;2;"}},
		{profile: termenv.TrueColor, want: "38;2;", notWant: []string{"38;5;"}},
	} {
		got, err := Text(text, "json", "monokai", tc.profile)
		if err != nil {
			t.Fatalf("profile %v: %v", tc.profile, err)
		}
		if tc.unchanged {
			if got != text {
				t.Errorf("profile %v: coloured %q", tc.profile, got)
			}
			continue
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("profile %v: no %q in %q", tc.profile, tc.want, got)
		}
		for _, n := range tc.notWant {
			if strings.Contains(got, n) {
				t.Errorf("profile %v: %q in %q", tc.profile, n, got)
			}
		}
	}
}
