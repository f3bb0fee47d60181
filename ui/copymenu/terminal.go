package copymenu

import (
	"context"
	"os/exec"
	"strings"
	"time"

	osc52 "github.com/aymanbagabas/go-osc52/v2"
)

// Terminal is what is known about the terminal a copy goes through: how to
// wrap the OSC 52 sequence so that it reaches the outer terminal, and why
// it may not.
type Terminal struct {
	// Note says why the copy may not reach the clipboard, "" when nothing
	// is known against it.
	Note string
	// Short is Note in a few words, for the status bar.
	Short string
	// tmux and screen are the multiplexers between us and the terminal.
	tmux, screen bool
}

// DetectTerminal reads the environment: TERM=dumb takes no escape
// sequences; inside tmux the plain sequence needs set-clipboard on and the
// wrapped one allow-passthrough on; GNU screen needs its DCS passthrough.
func DetectTerminal(getenv func(string) string) Terminal {
	term := getenv("TERM")
	t := Terminal{tmux: getenv("TMUX") != "", screen: strings.HasPrefix(term, "screen") && getenv("STY") != ""}
	switch {
	case term == "" || term == "dumb":
		t.Note = "TERM=" + term + ": this terminal may not take a copy (OSC 52)"
		t.Short = "TERM=" + term + " may not take it"
	case t.tmux:
		t.Note = "inside tmux the copy needs `set -g set-clipboard on` (or allow-passthrough on)"
		t.Short = "tmux needs set-clipboard on"
	case t.screen:
		t.Note = "inside GNU screen the copy goes through its passthrough, which not every terminal takes"
		t.Short = "screen may not pass it on"
	}
	return t
}

// Sequences is what to write for text: the plain OSC 52 sequence, and
// inside a multiplexer the same wrapped for its passthrough as well, so
// whichever the multiplexer lets through reaches the terminal (both set
// the clipboard to the same text).
func (t Terminal) Sequences(text string) string {
	s := osc52.New(text)
	out := s.String()
	if t.tmux {
		out += s.Tmux().String()
	}
	if t.screen {
		out += s.Screen().String()
	}
	return out
}

// TmuxOption reads a tmux server option (tmux show-options -gv), for the
// note: with set-clipboard on, tmux passes the copy on.
type TmuxOption func(ctx context.Context, name string) (string, error)

// ExecTmuxOption asks the tmux on $PATH.
func ExecTmuxOption(ctx context.Context, name string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "tmux", "show-options", "-gv", name).Output()
	return strings.TrimSpace(string(out)), err
}

// refine replaces the tmux note with what tmux's options say: nothing
// when set-clipboard is on or passthrough is allowed.
func (t Terminal) refine(setClipboard, passthrough string) Terminal {
	if !t.tmux {
		return t
	}
	switch {
	case setClipboard == "on" || passthrough == "on" || passthrough == "all":
		t.Note, t.Short = "", ""
	case setClipboard != "":
		t.Short = "tmux has set-clipboard " + setClipboard
		t.Note = "tmux has set-clipboard " + setClipboard + ": the copy may not reach your clipboard (`tmux set -g set-clipboard on`)"
	}
	return t
}
