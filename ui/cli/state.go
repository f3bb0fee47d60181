package cli

import "path/filepath"

// filterHistoryPath is where the TUI keeps the filters typed at `/`: in
// hookscope's directory under the user's state directory (the XDG base
// directory spec's place for history). "" when there is no home directory:
// the history is then kept for the run only.
func filterHistoryPath(env func(string) string) string {
	dir, err := xdgDir(env, "XDG_STATE_HOME", ".local", "state")
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "hookscope", "filter_history")
}
