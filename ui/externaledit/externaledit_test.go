package externaledit

import (
	"os"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestEditWritesNothingUntilTheCmdRuns(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	cmd := Edit([]byte("body"), "hookscope-test-*.txt", func([]byte, error) tea.Msg { return nil })
	if files, _ := filepath.Glob(filepath.Join(dir, "hookscope-test-*")); len(files) != 0 {
		t.Fatalf("Edit wrote %v before its Cmd ran: the caller's Update did the I/O", files)
	}
	if cmd() == nil {
		t.Fatal("the Cmd did not hand the editor to the program")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "hookscope-test-*"))
	if len(files) != 1 {
		t.Fatalf("temporary files %v, want one", files)
	}
	if b, _ := os.ReadFile(files[0]); string(b) != "body" {
		t.Fatalf("temporary file holds %q", b)
	}
}
