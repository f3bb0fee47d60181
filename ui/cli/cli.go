// Package cli is hookscope's command line: commands on cobra, one file
// each (an options struct the flags bind to, newCmdX building the command,
// runX doing the work), the settings resolved from flags, the environment
// and the config file, then the TUI, the headless capture server, or one of
// the commands that read the store and send fixtures.
//
// Run takes its environment as arguments (args, a getenv function, the
// standard streams) and returns the exit status, so every command is
// testable without a process: 0 on success, 1 on errors, 2 on usage errors.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
)

// Env is what a command may touch of the outside world.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// IsTerminal reports whether stdin and stdout are both a terminal.
	IsTerminal func() bool
	// StdoutWidth is the width of the terminal on stdout in cells, 0 when
	// stdout is not a terminal (or nil: never one).
	StdoutWidth func() int
}

// OSEnv is the real environment.
func OSEnv() Env {
	return Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		IsTerminal: func() bool { return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd()) },
		StdoutWidth: func() int {
			if w, _, err := term.GetSize(os.Stdout.Fd()); err == nil {
				return w
			}
			return 0
		},
	}
}

// errUsage marks an error the user fixes by changing the command line.
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Unwrap() error { return errUsage }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Run runs hookscope with args (without the program name). Errors are
// printed here, once, as one line for a usage error: cobra's own error
// printing and usage dump are off.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.IsTerminal == nil {
		env.IsTerminal = func() bool { return false }
	}
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	root := newCmdRoot(&factory{env: env, opts: newOptions(env.Getenv)})
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.Stderr, "hookscope: %v\n", err)
		return 2
	default:
		fmt.Fprintf(env.Stderr, "hookscope: %v\n", err)
		return 1
	}
}
