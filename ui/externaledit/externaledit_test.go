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

// $EDITOR was read and $VISUAL, which people set for full-screen editors,
// ignored.
func TestEditorIsVisualThenEditorThenThePlatformsOwn(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		goos string
		want string
	}{
		{map[string]string{"VISUAL": "code --wait", "EDITOR": "nano"}, "linux", "code --wait"},
		{map[string]string{"VISUAL": "  ", "EDITOR": "nano"}, "linux", "nano"},
		{map[string]string{}, "linux", "vi"},
		{map[string]string{}, "darwin", "vi"},
		{map[string]string{}, "windows", "notepad"},
		{map[string]string{"EDITOR": "hx"}, "windows", "hx"},
	} {
		if got := Editor(func(k string) string { return c.env[k] }, c.goos); got != c.want {
			t.Errorf("%v on %s: %q, want %q", c.env, c.goos, got, c.want)
		}
	}
}
