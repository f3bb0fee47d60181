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
	// The pager takes a moment, as one a person reads does. An instant one
	// hits a race in bubbletea v1.3.10 that nobody meets at a terminal:
	// the renderer's old listen goroutine, told to stop before the exec,
	// stops the frame ticker only when next scheduled, which under -race
	// in CI came after RestoreTerminal had restarted it, and the program
	// drew nothing more (2 runs in 40).
	if err := os.WriteFile(script, []byte("#!/bin/sh\nsleep 0.3\ncp \"$2\" \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	seen := filepath.Join(dir, "seen")
	t.Setenv("TMPDIR", dir)
	h := newHarnessOptions(t, 120, 40, Options{Getenv: env(map[string]string{"PAGER": "sh " + script + " " + seen})})
	h.deliver("/webhooks/spiffy", http.Header{"Content-Type": {"application/json"}}, "{\"id\":1,\"evil\":\"\x1b]0;pwned\x07\"}")
	h.contains("/webhooks/spiffy")
	h.key("o")
	// The pager runs once the Cmd has read the delivery and written the
	// file; a quit sent before that ends the program first. So wait for
	// the pager to have run and its file to be gone: a redraw alone can
	// come before either (it did, under -race in CI).
	ran := within5s(func() bool {
		_, err := os.Stat(seen)
		return err == nil
	})
	if !ran {
		t.Fatal("the pager never ran")
	}
	removed := within5s(func() bool {
		left, _ := filepath.Glob(filepath.Join(dir, "hookscope-*"))
		return len(left) == 0
	})
	h.contains("/webhooks/spiffy") // the screen is back after the pager
	h.final()
	got, err := os.ReadFile(seen)
	if err != nil {
		t.Fatal(err)
	}
	// Not valid JSON (a raw ESC in a string): shown as sent, made safe.
	want := `{"id":1,"evil":"\x1b]0;pwned\x07"}`
	if string(got) != want {
		t.Fatalf("the pager got %q, want %q", got, want)
	}
	if !removed {
		left, _ := filepath.Glob(filepath.Join(dir, "hookscope-*"))
		t.Fatalf("temporary files left: %v", left)
	}
}
