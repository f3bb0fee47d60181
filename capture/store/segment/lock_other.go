//go:build !unix

package segment

import (
	"fmt"
	"os"
)

// lockDir opens dir/LOCK. Without flock there is no advisory lock here:
// keeping to one writer per log is the caller's duty on this platform.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}

// Held reports whether a living process has the log in dir open for
// writing. Without flock it cannot tell, and answers no: nothing on this
// platform waits for another process's writer (see DeferUnwatched).
func Held(dir string) bool { return false }
