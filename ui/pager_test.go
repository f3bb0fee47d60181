package ui

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// The pager runs with the TUI suspended (tea.ExecProcess, from the Cmd)
// on a temporary file of the body as the Body tab reads it: pretty-printed,
// escape sequences shown, not sent.
func TestPagerGetsTheBodyInATemporaryFile(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "pager.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\ncp \"$2\" \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	seen := filepath.Join(dir, "seen")
	t.Setenv("TMPDIR", dir)
	h := newHarnessOptions(t, 120, 40, Options{Getenv: env(map[string]string{"PAGER": "sh " + script + " " + seen})})
	h.deliver("/webhooks/spiffy", http.Header{"Content-Type": {"application/json"}}, "{\"id\":1,\"evil\":\"\x1b]0;pwned\x07\"}")
	h.contains("/webhooks/spiffy")
	h.key("o")
	h.contains("/webhooks/spiffy") // the screen is back after the pager
	h.final()
	got, err := os.ReadFile(seen)
	if err != nil {
		t.Fatalf("the pager never ran: %v", err)
	}
	// Not valid JSON (a raw ESC in a string): shown as sent, made safe.
	want := `{"id":1,"evil":"\x1b]0;pwned\x07"}`
	if string(got) != want {
		t.Fatalf("the pager got %q, want %q", got, want)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "hookscope-*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
