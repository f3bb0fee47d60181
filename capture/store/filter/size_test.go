package filter

import (
	"strings"
	"testing"
)

// ParseSize is the one reader of sizes: size: and the CLI's --keep-bytes.
func TestParseSizeUnitsAndLimits(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
	}{
		{"0", 0}, {"1048576", 1 << 20}, {"500MB", 500e6}, {"500mb", 500e6}, {"2GiB", 2 << 30}, {"2gib", 2 << 30},
		{"1KB", 1000}, {"1KiB", 1024}, {"3TB", 3e12}, {"1TiB", 1 << 40}, {"1.5KiB", 1536}, {"7B", 7},
	} {
		if got, err := ParseSize(c.in); err != nil || got != c.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for in, want := range map[string]string{
		"-1": "bad size", "lots": "bad size", "": "bad size", "5XB": "unknown unit", "1 MB": "bad size",
		"99999999999999999999": "too large", "9000TiB": "too large",
	} {
		if _, err := ParseSize(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSize(%q): error %v, want %q", in, err, want)
		}
	}
}
