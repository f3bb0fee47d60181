package cli

import (
	"runtime"
	"testing"
)

// The config file, the store and the filter history are found by one rule:
// $XDG_*_HOME when absolute, else the default under $HOME. The config's
// copy of the rule once refused a relative $XDG_CONFIG_HOME (and so read no
// config file) where the other two ignored it.
func TestConfigDataAndStateDirectoriesFollowOneRule(t *testing.T) {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		t.Skip("the config directory is the platform's own there")
	}
	for _, c := range []struct {
		name                string
		env                 map[string]string
		config, db, history string
	}{
		{"absolute", map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d", "XDG_STATE_HOME": "/s"},
			"/c/hookscope/config.toml", "/d/hookscope/hookscope.db", "/s/hookscope/filter_history"},
		{"relative", map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "c", "XDG_DATA_HOME": "d", "XDG_STATE_HOME": "s"},
			"/h/.config/hookscope/config.toml", "/h/.local/share/hookscope/hookscope.db", "/h/.local/state/hookscope/filter_history"},
		{"unset", map[string]string{"HOME": "/h"},
			"/h/.config/hookscope/config.toml", "/h/.local/share/hookscope/hookscope.db", "/h/.local/state/hookscope/filter_history"},
		{"no home", map[string]string{"XDG_CONFIG_HOME": "c", "XDG_DATA_HOME": "d", "XDG_STATE_HOME": "s"}, "", "", ""},
	} {
		env := func(k string) string { return c.env[k] }
		config, _ := defaultConfigPath(env)
		if db, history := defaultDBPath(env), filterHistoryPath(env); config != c.config || db != c.db || history != c.history {
			t.Errorf("%s: config %q, db %q, history %q; want %q, %q, %q", c.name, config, db, history, c.config, c.db, c.history)
		}
	}
}
