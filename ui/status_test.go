package ui

import (
	"strings"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
)

// A forward error at 80 columns was cut off by the address, the forward
// target and "following" before it: the status bar drops what matters
// least first, and an error is the last thing it cuts.
func TestStatusBarKeepsAnErrorWholeAtAnyWidth(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	m := New(Options{Store: st, Addr: "127.0.0.1:18110", ForwardTo: "http://127.0.0.1:3999/a/long/forwarding/path"})
	m = resize(load(m), 80, 24)
	problem := "forward of 01ABC to http://127.0.0.1:3999: connection refused"
	m = settle(m, problemMsg(problem)).(Model)
	line := m.statusLine()
	if !strings.Contains(line, problem) {
		t.Fatalf("status bar at 80 columns cut the error: %q", line)
	}
	if !strings.Contains(line, "0 deliveries") {
		t.Errorf("status bar lost the count: %q", line)
	}
	m = resize(m, 200, 50)
	if line := m.statusLine(); !strings.Contains(line, "forwarding to") || !strings.Contains(line, problem) {
		t.Errorf("at 200 columns the status bar has room for everything: %q", line)
	}
}
