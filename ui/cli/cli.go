// Package cli is hookscope's command line: it parses flags and the config
// file, then runs the TUI, the headless capture server, or one of the
// commands that read the store and send fixtures.
//
// Run takes its environment as arguments (args, a getenv function, the
// standard streams) and returns the exit status, so every command is
// testable without a process: 0 on success, 1 on errors, 2 on usage errors.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
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

type command struct {
	name    string
	args    string // argument synopsis
	summary string
	flags   func(fs *flag.FlagSet, o *options)
	run     func(ctx context.Context, env Env, o *options, args []string) error
}

func commands() []command {
	return []command{
		{name: "serve", summary: "run the capture server alone and print each delivery as a JSON line", flags: serveFlags, run: runServe},
		{name: "list", summary: "list stored deliveries, newest last", flags: listFlags, run: runList},
		{name: "show", args: "ID", summary: "show one delivery whole (an id suffix is enough)", flags: showFlags, run: runShow},
		{name: "send", args: "FIXTURE", summary: "send a fixture as its platform would", flags: sendFlags, run: runSend},
		{name: "fixtures", summary: "list the fixtures `send` knows", flags: fixturesFlags, run: runFixtures},
		{name: "replay", args: "[ID...]", summary: "send captured deliveries to another endpoint and show what it answered", flags: replayFlagSet, run: runReplay},
		{name: "export", args: "[ID...]", summary: "write deliveries as HAR, NDJSON, curl or httpie command lines, or raw HTTP", flags: exportFlagSet, run: runExport},
		{name: "import", args: "FILE...", summary: "store the requests of HAR, NDJSON (from export) or curl files as imported deliveries", flags: importFlagSet, run: runImport},
		{name: "replies", args: "list|show|set|reset|export|import", summary: "manage the replies hookscope sends: rules per provider and topic", flags: repliesFlags, run: runReplies},
		{name: "url", summary: "print the public URL of the tunnel to hookscope (ngrok, cloudflared) and what to register per provider", flags: urlFlags, run: runURL},
	}
}

// Run runs hookscope with args (without the program name).
func Run(ctx context.Context, args []string, env Env) int {
	err := run(ctx, args, env)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.Stderr, "hookscope: %v\n", err)
		return 2
	default:
		fmt.Fprintf(env.Stderr, "hookscope: %v\n", err)
		return 1
	}
}

func run(ctx context.Context, args []string, env Env) error {
	o := newOptions(env.Getenv)
	root := flag.NewFlagSet("hookscope", flag.ContinueOnError)
	root.SetOutput(env.Stderr)
	o.registerGlobal(root)
	o.registerCapture(root)
	o.registerTunnel(root)
	root.Usage = func() { rootUsage(env.Stderr, root) }
	if err := root.Parse(args); err != nil {
		return flagError(err)
	}
	rest := root.Args()
	if len(rest) == 0 {
		if err := o.resolve(); err != nil {
			return err
		}
		if !env.IsTerminal() {
			fmt.Fprintln(env.Stderr, "hookscope: no terminal on stdin/stdout; running as `hookscope serve`")
			return runServe(ctx, env, o, nil)
		}
		return runTUI(ctx, env, o)
	}
	name := rest[0]
	if name == "help" {
		if len(rest) > 1 {
			return run(ctx, []string{rest[1], "--help"}, env)
		}
		root.Usage()
		return nil
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		fs := flag.NewFlagSet("hookscope "+c.name, flag.ContinueOnError)
		fs.SetOutput(env.Stderr)
		o.registerGlobal(fs)
		c.flags(fs, o)
		fs.Usage = func() { commandUsage(env.Stderr, c, fs) }
		positional, err := parseInterspersed(fs, rest[1:])
		if err != nil {
			return flagError(err)
		}
		if err := o.resolve(); err != nil {
			return err
		}
		return c.run(ctx, env, o, positional)
	}
	return usagef("unknown command %q (run `hookscope --help`)", name)
}

// parseInterspersed lets flags follow positional arguments, as in
// `hookscope send spiffy/orders-create --to URL`; the flag package alone
// stops at the first positional one.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	// The flag package has already printed the problem and the usage.
	return usageError{err.Error()}
}

func rootUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `hookscope: a terminal webhook inspector.

Usage:
  hookscope [flags]              run the capture server and the TUI
  hookscope COMMAND [flags] ...  run one command

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nFlags:\n")
	printDefaults(w, fs)
	fmt.Fprint(w, "\nRun `hookscope COMMAND --help` for a command's flags.\n")
}

func commandUsage(w io.Writer, c command, fs *flag.FlagSet) {
	synopsis := "hookscope " + c.name + " [flags]"
	if c.args != "" {
		synopsis += " " + c.args
	}
	fmt.Fprintf(w, "%s\n\n%s.\n\nFlags:\n", synopsis, strings.ToUpper(c.summary[:1])+c.summary[1:])
	printDefaults(w, fs)
}

// printDefaults lists flags with two dashes, as users type them.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	var lines []string
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "0s" {
			line += fmt.Sprintf(" (default %q)", f.DefValue)
		}
		lines = append(lines, line)
	})
	sort.Strings(lines)
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}
