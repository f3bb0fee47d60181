package format

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/decode"
)

func TestMiddleKeepsNamesWithACommonPrefixApart(t *testing.T) {
	names := []string{"collection_listings/create", "collection_listings/update", "collection_listings/delete"}
	seen := map[string]string{}
	for _, w := range []int{12, 16, 20} {
		for _, n := range names {
			got := Middle(n, w)
			if ansi.StringWidth(got) != w {
				t.Errorf("Middle(%q, %d) = %q, %d cells", n, w, got, ansi.StringWidth(got))
			}
			if other, dup := seen[got]; dup && other != n {
				t.Errorf("Middle(%q, %d) = Middle(%q) = %q: indistinguishable", n, w, other, got)
			}
			seen[got] = n
		}
	}
	if got := Middle("orders/create", 20); got != "orders/create       " {
		t.Errorf("a name that fits is padded, not cut: %q", got)
	}
	if got := Middle("日本茶/緑茶/抹茶", 9); ansi.StringWidth(got) != 9 {
		t.Errorf("wide runes: %q is %d cells, want 9", got, ansi.StringWidth(got))
	}
}

// A stale signature (it matches, signed too long before it arrived) had no
// badge: a blank cell said nothing at all.
func TestEveryStatusHasABadgeOfOneCell(t *testing.T) {
	for _, s := range []decode.SigStatus{decode.SigValid, decode.SigInvalid, decode.SigStale, decode.SigMissing, decode.SigUnsigned, decode.SigNoSecret} {
		b := Badge(s)
		if strings.TrimSpace(b) == "" || ansi.StringWidth(b) != 1 {
			t.Errorf("%s: badge %q", s, b)
		}
	}
}

func TestCountSeparatesThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1204: "1,204", 100000: "100,000", 1234567: "1,234,567", -2000: "-2,000"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
