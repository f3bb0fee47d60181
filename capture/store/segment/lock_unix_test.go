//go:build unix

package segment

import (
	"path/filepath"
	"testing"
)

// Held tells a reader whether a living writer has the log open.
func TestHeldWhileAWriterHasTheLogOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "log")
	if Held(dir) {
		t.Fatal("a log never opened is held")
	}
	l, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !Held(dir) {
		t.Fatal("a log open for writing is not held")
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if Held(dir) {
		t.Fatal("a closed log is still held")
	}
}
