package replay

import (
	"strings"
	"testing"
	"time"
)

// The summary read "1 errors" and gave "latency p50 0s, p99 0s" when no
// request got an answer.
func TestSummaryWording(t *testing.T) {
	for _, c := range []struct {
		s    Summary
		want string
	}{
		{Summary{Sent: 1, Errors: 1}, "sent 1: 0 2xx, 0 non-2xx, 1 error; no answers"},
		{Summary{Sent: 3, OK: 1, Non2xx: 1, Errors: 1, P50: 3 * time.Millisecond, P99: 9 * time.Millisecond},
			"sent 3: 1 2xx, 1 non-2xx, 1 error; latency p50 3ms, p99 9ms"},
		{Summary{Sent: 2, OK: 2, P50: time.Millisecond, P99: time.Millisecond}, "sent 2: 2 2xx, 0 non-2xx, 0 errors; latency p50 1ms, p99 1ms"},
	} {
		if got := c.s.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.s, got, c.want)
		}
	}
}

// `http://localhost:3000qR` was refused as "want an http:// … URL": the
// scheme and host were right, the port was not.
func TestTargetWithABadPortSaysThePort(t *testing.T) {
	for target, port := range map[string]string{
		"http://localhost:3000qR":        "3000qR",
		"https://user:pw@example.com:x/": "x",
		"http://[::1]:99999/hooks":       "99999",
	} {
		err := CheckTarget(target)
		if err == nil || !strings.Contains(err.Error(), `port "`+port+`" is not a number`) {
			t.Errorf("%s: %v, want it to name the port %q", Redact(target), err, port)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
	for _, ok := range []string{"http://localhost:3000", "http://[::1]:8080/x", "https://example.com", "http://u:p@h:1/"} {
		if err := CheckTarget(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	if err := CheckTarget("localhost:3000"); err == nil || !strings.Contains(err.Error(), "want an http://") {
		t.Errorf("no scheme: %v", err)
	}
}
