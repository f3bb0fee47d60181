package filterline

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/ui/atomicfile"
)

// MaxHistory is how many filters the history keeps.
const MaxHistory = 100

// history is the filters kept, one a line in a file, oldest first. It is
// read and written in tea.Cmds; the model holds a copy to step through.
type history struct {
	path    string
	entries []string
	pos     int    // the entry shown while stepping; len(entries) is the text being typed
	draft   string // the text being typed when stepping began
}

// historyMsg is the history read from its file, or written to it.
type historyMsg struct {
	entries []string
	err     error
}

func (h history) load() tea.Cmd {
	path := h.path
	if path == "" {
		return nil
	}
	return func() tea.Msg {
		entries, err := readHistory(path)
		return historyMsg{entries: entries, err: err}
	}
}

// loaded takes what was read: the entries added meanwhile stay the newest.
func (h *history) loaded(msg historyMsg) {
	if msg.err != nil {
		return
	}
	stepping := h.pos < len(h.entries)
	all := msg.entries
	for _, e := range h.entries {
		all = push(all, e)
	}
	h.entries = all
	if !stepping {
		h.pos = len(h.entries)
	}
}

// add makes text the newest entry and writes the file in a Cmd, merged
// with what is in it now (another hookscope may have added since).
func (h *history) add(text string) tea.Cmd {
	h.entries = push(h.entries, text)
	h.pos = len(h.entries)
	path := h.path
	if path == "" {
		return nil
	}
	return func() tea.Msg {
		entries, err := readHistory(path)
		if err != nil {
			return historyMsg{err: err}
		}
		entries = push(entries, text)
		return historyMsg{entries: entries, err: writeHistory(path, entries)}
	}
}

// step moves through the entries from the text being typed (cur): -1 is
// older, 1 newer, and past the newest is the draft again.
func (h *history) step(dir int, cur string) (string, bool) {
	next := h.pos + dir
	if next < 0 || next > len(h.entries) {
		return "", false
	}
	if h.pos == len(h.entries) {
		h.draft = cur
	}
	h.pos = next
	if next == len(h.entries) {
		return h.draft, true
	}
	return h.entries[next], true
}

// push appends text as the newest entry, dropping an earlier copy and the
// oldest beyond MaxHistory.
func push(entries []string, text string) []string {
	text = oneLine(text)
	if text == "" {
		return entries
	}
	entries = slices.DeleteFunc(slices.Clone(entries), func(e string) bool { return e == text })
	entries = append(entries, text)
	if len(entries) > MaxHistory {
		entries = entries[len(entries)-MaxHistory:]
	}
	return entries
}

func oneLine(s string) string {
	return strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s))
}

func readHistory(path string) ([]string, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read filter history: %w", err)
	}
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		out = push(out, line)
	}
	return out, nil
}

// writeHistory replaces the file whole (a temporary file renamed over it),
// so a crash mid-write leaves the old history, not half of it. Filters can
// name customers: the file is the user's alone.
func writeHistory(path string, entries []string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("write filter history: %w", err)
	}
	if _, err := atomicfile.Write(path, true, func(w io.Writer) (int, error) {
		return io.WriteString(w, strings.Join(entries, "\n")+"\n")
	}); err != nil {
		return fmt.Errorf("write filter history: %w", err)
	}
	return nil
}
