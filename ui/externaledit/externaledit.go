// Package externaledit hands text to the user's editor ($VISUAL, else
// $EDITOR, else the platform's usual one) with the TUI suspended, and reads
// it back.
package externaledit

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/ui/tempfile"
)

// Edit writes text to a temporary file named after pattern (as
// os.CreateTemp takes it, e.g. "hookscope-body-*.json"), runs the editor on
// it and reports the file's content, or why not, through done. Writing the
// file (megabytes, maybe) happens in the Cmd, not in the caller's Update.
func Edit(text []byte, pattern string, done func(edited []byte, err error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		name, err := tempfile.Write(text, pattern, "$EDITOR")
		if err != nil {
			return done(nil, err)
		}
		editor := Editor(os.Getenv, runtime.GOOS)
		fields := strings.Fields(editor)
		cmd := exec.Command(fields[0], append(fields[1:], name)...)
		// ExecProcess's message tells the program to suspend and run the
		// editor; returned from here it does just that.
		return tea.ExecProcess(cmd, func(err error) tea.Msg {
			defer os.Remove(name)
			if err != nil {
				return done(nil, fmt.Errorf("%s: %w", editor, err))
			}
			b, err := os.ReadFile(name)
			if err != nil {
				return done(nil, fmt.Errorf("read back from %s: %w", editor, err))
			}
			return done(b, nil)
		})()
	}
}

// Editor is the editor command to run, as a shell would split it: $VISUAL
// (a full-screen editor, which the TUI suspends for), else $EDITOR, else
// notepad on Windows and vi elsewhere (POSIX requires vi; nano is friendlier
// but not everywhere).
func Editor(getenv func(string) string, goos string) string {
	for _, name := range []string{"VISUAL", "EDITOR"} {
		if e := strings.TrimSpace(getenv(name)); e != "" {
			return e
		}
	}
	if goos == "windows" {
		return "notepad"
	}
	return "vi"
}
