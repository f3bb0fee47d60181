// Package pager shows text in the user's $PAGER (less -R when unset) with
// the TUI suspended, as a tea.Cmd: the text is made and written to a
// temporary file in the Cmd, never in the caller's Update.
package pager

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/ui/tempfile"
)

// Fallback is the pager used when $PAGER is unset: less, passing colours
// through and showing every other control byte as ^X.
const Fallback = "less -R"

// Show runs text in a Cmd, writes what it returns to a temporary file named
// after pattern (as os.CreateTemp takes it), and hands the file to the pager
// $PAGER names (read through getenv); done reports how that went. The file
// is removed once the pager exits.
func Show(text func() ([]byte, error), pattern string, getenv func(string) string, done func(error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		b, err := text()
		if err != nil {
			return done(err)
		}
		name, err := tempfile.Write(b, pattern, "$PAGER")
		if err != nil {
			return done(err)
		}
		pager := strings.TrimSpace(getenv("PAGER"))
		if pager == "" {
			pager = Fallback
		}
		fields := strings.Fields(pager)
		cmd := exec.Command(fields[0], append(fields[1:], name)...)
		return tea.ExecProcess(cmd, func(err error) tea.Msg {
			os.Remove(name)
			if err != nil {
				return done(fmt.Errorf("%s: %w", pager, err))
			}
			return done(nil)
		})()
	}
}
