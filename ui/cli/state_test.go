package cli

import "testing"

func TestFilterHistoryFollowsXDGState(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_STATE_HOME": "/s", "HOME": "/h"}, "/s/hookscope/filter_history"},
		{map[string]string{"XDG_STATE_HOME": "rel", "HOME": "/h"}, "/h/.local/state/hookscope/filter_history"},
		{map[string]string{"HOME": "/h"}, "/h/.local/state/hookscope/filter_history"},
		{map[string]string{}, ""},
	} {
		if got := filterHistoryPath(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("env %v: %q, want %q", c.env, got, c.want)
		}
	}
}

func TestMouseIsOnUnlessTheConfigSaysFalse(t *testing.T) {
	base := defaultConfig(func(string) string { return "" })
	if !base.Mouse {
		t.Fatal("the mouse is off by default")
	}
	cfg, err := parseConfig("hookscope.toml", "mouse = false\n", base)
	if err != nil || cfg.Mouse {
		t.Fatalf("mouse = false: %v, %v", cfg.Mouse, err)
	}
	if cfg, err := parseConfig("hookscope.toml", "listen = \"127.0.0.1:0\"\n", base); err != nil || !cfg.Mouse {
		t.Fatalf("a config without mouse turned it off: %v, %v", cfg.Mouse, err)
	}
}
