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
