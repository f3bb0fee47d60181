// Package externaledit hands text to the user's $EDITOR (vi when unset)
// with the TUI suspended, and reads it back.
package externaledit

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// Edit writes text to a temporary file named after pattern (as
// os.CreateTemp takes it, e.g. "hookscope-body-*.json"), runs the editor on
// it and reports the file's content, or why not, through done. Writing the
// file (megabytes, maybe) happens in the Cmd, not in the caller's Update.
func Edit(text []byte, pattern string, done func(edited []byte, err error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		name, err := writeTemp(text, pattern)
		if err != nil {
			return done(nil, err)
		}
		editor := os.Getenv("EDITOR")
		if strings.TrimSpace(editor) == "" {
			editor = "vi"
		}
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

func writeTemp(text []byte, pattern string) (string, error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return "", fmt.Errorf("temporary file for $EDITOR: %w", err)
	}
	_, werr := f.Write(text)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("temporary file for $EDITOR: %w", werr)
	}
	return f.Name(), nil
}
