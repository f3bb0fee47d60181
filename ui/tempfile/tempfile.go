// Package tempfile writes text to a new temporary file for a program the
// TUI hands it to ($PAGER, $EDITOR): readable by its owner only, since the
// text is what webhooks carried, and never left half written.
package tempfile

import (
	"fmt"
	"os"
)

// Write writes b to a new file in the temporary directory named after
// pattern (as os.CreateTemp takes it, e.g. "hookscope-body-*.json") and
// returns its name. On failure no file is left behind; for names the
// program the file is for ("$PAGER"), so the error says what it was for.
// The caller removes the file when done with it.
func Write(b []byte, pattern, forWhat string) (string, error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return "", fmt.Errorf("temporary file for %s: %w", forWhat, err)
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("temporary file for %s: %w", forWhat, werr)
	}
	return f.Name(), nil
}
