package sanitize

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

var hostileBodies = []string{
	"{\r\n\t\"id\": 1,\r\n\t\"note\": \"a\tb\"\r\n}\r\n",
	"nul\x00byte",
	"osc52 \x1b]52;c;aGVsbG8=\x07 bel",
	"c1 \u009b31m csi",
	"bidi \u202egnp.exe",
	"invalid \xff\xfe utf8 \xc3",
	"replacement \ufffd char",
	"marks ⟨U+0041⟩ ⟨0xff⟩ ␍ ␉ ␡ ⟩ ⟨",
	"cafe\u0301 \u0301 \u200d \U0001f1fa",
	"",
}

func TestEditableRestoresEveryByte(t *testing.T) {
	for _, b := range hostileBodies {
		if got := Restore(Editable([]byte(b))); !bytes.Equal(got, []byte(b)) {
			t.Errorf("Restore(Editable(%q)) = %q", b, got)
		}
	}
	rnd := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		var b []byte
		for n := rnd.Intn(40); n > 0; n-- {
			switch rnd.Intn(3) {
			case 0:
				b = append(b, byte(rnd.Intn(256)))
			case 1:
				b = utf8.AppendRune(b, rune(rnd.Intn(0x3000)))
			default:
				b = append(b, []string{"⟨", "⟩", "U+", "0x", "␀", "\r\n", "\t", "ff"}[rnd.Intn(8)]...)
			}
		}
		if got := Restore(Editable(b)); !bytes.Equal(got, b) {
			t.Fatalf("Restore(Editable(%q)) = %q", b, got)
		}
	}
}

func TestEditableShowsNothingATerminalActsOnOrAWidgetDrops(t *testing.T) {
	for _, b := range hostileBodies {
		e := Editable([]byte(b))
		for _, r := range e {
			if r != '\n' && (r < 0x20 || r == 0x7f || r == utf8.RuneError || (r > 0x7f && kind(r) == rawNever)) {
				t.Errorf("Editable(%q) = %q: holds %U raw", b, e, r)
			}
		}
	}
	if e := Editable([]byte("{\r\n\t\"a\": \"\u202e\"\r\n}")); e != "{␍\n␉\"a\": \"⟨U+202E⟩\"␍\n}" {
		t.Errorf("CRLF, tab and bidi shown as %q", e)
	}
	if e := Editable([]byte(`{"a": "caf\u00e9 日本", "b": [1, 2]}`)); e != `{"a": "caf\u00e9 日本", "b": [1, 2]}` {
		t.Errorf("plain JSON changed: %q", e)
	}
}

func TestRestoreKeepsMarksThatSpellNoEscape(t *testing.T) {
	for _, s := range []string{"⟨", "⟨U+⟩", "⟨U+D800⟩", "⟨0xfff⟩", "⟨zz⟩", "a ⟨ b ⟩", strings.Repeat("⟨", 3)} {
		if got := string(Restore(s)); got != s {
			t.Errorf("Restore(%q) = %q", s, got)
		}
	}
	if got := string(Restore("x⟨U+000D⟩⟨0x0a⟩␉")); got != "x\r\n\t" {
		t.Errorf("escapes typed by hand: %q", got)
	}
}
