package sanitize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextEscapesEverythingATerminalWouldAct(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"line1\nline2\tx", "line1\nline2\tx"},
		{"\x1b[2J\x1b]0;pwned\x07", `\x1b[2J\x1b]0;pwned\x07`},
		{"over\rwrite", `over\rwrite`},
		{"back\bspace", `back\x08space`},
		{"del\x7f", `del\x7f`},
		{"c1 \u009b31m csi", `c1 \u009b31m csi`},
		{"bidi \u202egnp.exe", `bidi \u202egnp.exe`},
		{"bad \xff\xfe utf8", `bad \xff\xfe utf8`},
		{"café ✓ 日本", "café ✓ 日本"},
		{"cafe\u0301 on its letter", "cafe\u0301 on its letter"},
		{"stacked e\u0301\u0301\u0301 marks", "stacked e\u0301\\u0301\\u0301 marks"},
		{"\u0301 alone, 1\u0301 on a digit", `\u0301 alone, 1\u0301 on a digit`},
		{"\x9f\u0301 after an escape", `\x9f\u0301 after an escape`},
		{"zero\u200bwidth, jo\u200diner, soft\u00adhyphen", `zero\u200bwidth, jo\u200diner, soft\u00adhyphen`},
		{"jamo \u1100\u1161", `jamo ᄀ\u1161`},
		{"flag \U0001f1fa\U0001f1f8, heart \u2764\ufe0f", `flag \U0001f1fa\U0001f1f8, heart ❤\ufe0f`},
		{"prepend \u0605x, private \ue000, unassigned \u0378", `prepend \u0605x, private \ue000, unassigned \u0378`},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLineKeepsOneLine(t *testing.T) {
	got := Line("a\nb\tc\r\x1b")
	if got != `a\nb\tc\r\x1b` {
		t.Fatalf("Line = %q", got)
	}
	if strings.ContainsAny(got, "\n\t\r\x1b") {
		t.Fatal("raw control left in a line")
	}
}

func TestJSONEscapesC1AndStaysTheSameValue(t *testing.T) {
	in, _ := json.Marshal(map[string]string{"h": "x\u009b2J\u202e\x7fé\x1b"})
	out := JSON(in)
	if strings.ContainsRune(string(out), 0x9b) || strings.ContainsRune(string(out), 0x202e) || strings.ContainsRune(string(out), 0x7f) {
		t.Fatalf("raw rune left: %q", out)
	}
	var a, b map[string]string
	json.Unmarshal(in, &a)
	if err := json.Unmarshal(out, &b); err != nil || a["h"] != b["h"] {
		t.Fatalf("value changed: %q vs %q (%v)", a["h"], b["h"], err)
	}
}

// Several combining marks on one letter draw stacked on one cell (é́́),
// and terminals disagree on how many they stack: one mark stays on its
// letter raw, every further one is escaped. Editable, the textarea's
// form, does the same and still restores every byte.
func TestOnlyOneCombiningMarkStaysOnALetter(t *testing.T) {
	in := "e\u0301\u0301\u0301 a\u0308\u0323 b\u0301"
	if got, want := Text(in), "e\u0301\\u0301\\u0301 a\u0308\\u0323 b\u0301"; got != want {
		t.Errorf("Text(%q) = %q, want %q", in, got, want)
	}
	got := Editable([]byte(in))
	if want := "e\u0301⟨U+0301⟩⟨U+0301⟩ a\u0308⟨U+0323⟩ b\u0301"; got != want {
		t.Errorf("Editable(%q) = %q, want %q", in, got, want)
	}
	if back := string(Restore(got)); back != in {
		t.Errorf("Restore(Editable(%q)) = %q", in, back)
	}
}

// jsonByRunes is JSON as it was written first, rune by rune: the byte
// scanner must escape exactly what it did.
func jsonByRunes(b []byte) []byte {
	s := string(b)
	var out strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x7f || (r != utf8.RuneError && dangerous(r)) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.WriteString(s[i : i+size])
		}
		i += size
	}
	return []byte(out.String())
}

func FuzzJSONEscapesWhatTheRuneScanDid(f *testing.F) {
	for _, seed := range []string{`{"a":"b"}`, "x\u009b2J\u202e\x7fé\x1b", "\xc2", "\xe2\x80", "\u2066\u2069\ufeff\u061c\u200e\u2028",
		"\xef\xbb", "é—…\u00a0\u0080", "\xff\xfe\u202a", ""} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := JSON(b), jsonByRunes(b); !bytes.Equal(got, want) {
			t.Fatalf("JSON(%q) = %q, want %q", b, got, want)
		}
	})
}
