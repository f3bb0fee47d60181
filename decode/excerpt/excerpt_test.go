package excerpt

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"
)

func TestLine(t *testing.T) {
	a57 := strings.Repeat("a", 57)
	for _, c := range []struct{ name, in, want string }{
		{"short text is kept", "is it everything a river should be?", "is it everything a river should be?"},
		{"60 columns fit", strings.Repeat("x", 60), strings.Repeat("x", 60)},
		{"61 columns are cut to 57", strings.Repeat("x", 61), strings.Repeat("x", 57) + "…"},
		{"a two-byte letter across the cut", strings.Repeat("a", 56) + "é" + strings.Repeat("b", 10), strings.Repeat("a", 56) + "é…"},
		{"an accent stays on its letter", a57[:56] + "e\u0301" + strings.Repeat("b", 10), a57[:56] + "e\u0301…"},
		{"an emoji sequence is one", a57[:56] + "👩‍👩‍👧" + strings.Repeat("b", 10), a57[:56] + "…"},
		{"wide characters count two columns", strings.Repeat("漢", 40), strings.Repeat("漢", 28) + "…"},
		{"first line only", "deploy failed\n\tat main.go:12\n", "deploy failed"},
		{"CRLF ends the line", "subject\r\nbody", "subject"},
		{"a line separator ends the line", "one\u2028two", "one"},
		{"blank lines before the text are skipped", "\n \r\n\t hello\nworld", "hello"},
		{"white space runs are one space", "a \t  b\u00a0\u00a0c  ", "a b c"},
		{"each byte that is no character is a replacement character", "ok \xff\xfe done", "ok \uFFFD\uFFFD done"},
		{"a stray byte before a tab", "a\xe2\tb", "a\uFFFD b"},
		{"no text", " \n\t ", ""},
		{"empty", "", ""},
	} {
		if got := Line(c.in); got != c.want {
			t.Errorf("%s: Line(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestQuote(t *testing.T) {
	if got := Quote("Hello from\nthe other side"); got != "“Hello from”" {
		t.Errorf("Quote = %q", got)
	}
	if got := Quote("\n  \n"); got != "" {
		t.Errorf("Quote of blank text = %q, want \"\" (Join then leaves the part out)", got)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"0afa8de1-10c6-11e7-a2e7-0a7f9b6a1f2e", 8, "0afa8de1…"},
		{"0afa8de1", 8, "0afa8de1"},
		{"aééééééé", 6, "aééééé…"},
		{"line one\nline two", 40, "line one\nline two"},
		{"\xff\xfe\xfd", 2, "\uFFFD\uFFFD…"},
	} {
		if got := Clip(c.in, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

// TestHostileTextIsBounded: text built to defeat a cut by columns (no
// width, or one cluster of any length) still gives a short excerpt.
func TestHostileTextIsBounded(t *testing.T) {
	for name, in := range map[string]string{
		"a megabyte on one line":    strings.Repeat("lorem ipsum ", 90_000),
		"zero-width spaces":         strings.Repeat("\u200b", 10_000),
		"escape sequences":          strings.Repeat("\x1b[31m", 10_000),
		"one letter, 5,000 accents": "Z" + strings.Repeat("\u0301", 5_000),
	} {
		got := Line(in)
		if len(got) > maxBytes+len(ellipsis) || utf8.RuneCountInString(got) > 2*maxBytes || !strings.HasSuffix(got, ellipsis) {
			t.Errorf("%s: excerpt of %d bytes, %q…", name, len(got), got[:min(len(got), 40)])
		}
	}
}

// FuzzLine holds the promises of an excerpt for any input: UTF-8, one
// line, at most Width columns, and the text's own start.
func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "hello\nworld", strings.Repeat("é", 70), "\xffa\u0301\r\n", "🇫🇷🇫🇷 " + strings.Repeat("漢", 31)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Line(in)
		switch {
		case !utf8.ValidString(got):
			t.Fatalf("Line(%q) = %q: not UTF-8", in, got)
		case strings.ContainsAny(got, "\n\r\v\f\u0085\u2028\u2029\t"):
			t.Fatalf("Line(%q) = %q: more than one line", in, got)
		case displaywidth.String(got) > Width:
			t.Fatalf("Line(%q) = %q: %d columns", in, got, displaywidth.String(got))
		case len(got) > maxBytes+len(ellipsis):
			t.Fatalf("Line(%q): %d bytes", in, len(got))
		}
	})
}
