package format

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
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
