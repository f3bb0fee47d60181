package cli

import "path/filepath"

// filterHistoryPath is where the TUI keeps the filters typed at `/`: under
// $XDG_STATE_HOME when it is absolute, else ~/.local/state (the XDG base
// directory spec's place for history). "" when there is no home directory:
// the history is then kept for the run only.
func filterHistoryPath(env func(string) string) string {
	dir := env("XDG_STATE_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := userHomeDir(env)
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "hookscope", "filter_history")
}
