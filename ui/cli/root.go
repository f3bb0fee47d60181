package cli

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hookscope/hookscope/capture/store/filter"
	"github.com/hookscope/hookscope/capture/store/filter/typo"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// factory is what every command is built from: the environment and the
// one options struct all flags bind to (one command runs per process).
type factory struct {
	env  Env
	opts *options
}

// runFunc is what a command does once its flags are parsed and the
// settings resolved. newCmdX takes one, so that a test can see what the
// command was given; nil is the command's own runX.
type runFunc func(ctx context.Context, env Env, o *options, args []string) error

// resolved runs run after resolving the settings.
func (f *factory) resolved(run runFunc) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := f.opts.resolve(); err != nil {
			return err
		}
		return run(cmd.Context(), f.env, f.opts, args)
	}
}

// plain runs run without resolving the settings: for commands that must
// work with a broken or absent config (config check, version, man).
func (f *factory) plain(run runFunc) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		return run(cmd.Context(), f.env, f.opts, args)
	}
}

func orDefault(runF, def runFunc) runFunc {
	if runF != nil {
		return runF
	}
	return def
}

func newCmdRoot(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "hookscope",
		Short: "A terminal webhook inspector",
		Long: `hookscope captures webhook deliveries on an HTTP server, stores them, and shows them live in a
terminal UI: which platform sent each and which event, a typed view of it, whether its signature
holds, the body and headers. Without a command it runs the capture server with the TUI in front
of it (or, with no terminal, as ` + "`hookscope serve`" + `).

Every setting is a flag, an environment variable (shown in [$…]) and a config file key; a flag
wins over the environment, which wins over the config file (` + "`hookscope config show`" + ` explains).`,
		Example: `  hookscope                                # the TUI, capturing on 127.0.0.1:4747
  hookscope --listen 127.0.0.1:0           # on any free port
  hookscope --forward-to http://localhost:3000 --relay
  hookscope send spiffy/orders-create      # in another terminal: a sample delivery`,
		Args:          rootArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionLine(readBuildInfo),
		RunE: f.resolved(func(ctx context.Context, env Env, o *options, args []string) error {
			if !env.IsTerminal() {
				fmt.Fprintln(env.Stderr, "hookscope: no terminal on stdin/stdout; running as `hookscope serve`")
				return runServe(ctx, env, o, nil)
			}
			return runTUI(ctx, env, o)
		}),
	}
	root.SetOut(f.env.Stdout)
	root.SetErr(f.env.Stderr)
	root.SetIn(f.env.Stdin)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	f.opts.registerGlobal(root.PersistentFlags())
	f.opts.registerCapture(root.Flags())
	f.opts.registerTUI(root.Flags())
	f.opts.registerTunnel(root.Flags())

	root.AddCommand(
		newCmdServe(f, nil),
		newCmdList(f, nil),
		newCmdShow(f, nil),
		newCmdSend(f, nil),
		newCmdFixtures(f, nil),
		newCmdReplay(f, nil),
		newCmdExport(f, nil),
		newCmdImport(f, nil),
		newCmdMark(f, nil),
		newCmdDelete(f, nil),
		newCmdReplies(f),
		newCmdURL(f, nil),
		newCmdConfig(f),
		newCmdVersion(f, nil),
		newCmdMan(f, nil),
	)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Example = "  hookscope help replies set\n  hookscope replies set --help   # the same"
		case "completion":
			completionExamples(c)
		}
	}
	registerCompletions(root)
	suggest(root)
	return root
}

// suggest turns on "did you mean" for every command with subcommands:
// cobra leaves the distance at 0 (prefixes only) outside its own errors.
func suggest(c *cobra.Command) {
	c.SuggestionsMinimumDistance = 2
	for _, sub := range c.Commands() {
		suggest(sub)
	}
}

// rootArgs refuses an unknown command in one line, with the commands it
// may have meant.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return usageError{msg + " (`hookscope --help` lists the commands)"}
}

// subcommandArgs is the run of a command that only groups others, such as
// replies: without a subcommand, or with one it does not have, a usage
// error in one line.
func subcommandArgs(cmd *cobra.Command, args []string) error {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	if len(args) == 0 {
		return usagef("%s needs a command: %s (`%s --help` explains them)", cmd.Name(), strings.Join(names, ", "), cmd.CommandPath())
	}
	msg := fmt.Sprintf("unknown command %q for %s", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return usageError{msg + " (known: " + strings.Join(names, ", ") + ")"}
}

var (
	unknownFlag      = regexp.MustCompile(`^unknown flag: --(\S+)$`)
	unknownShorthand = regexp.MustCompile(`^unknown shorthand flag: '.' in -(\S+)$`)
)

// flagError turns pflag's message into one usage line, with the flag the
// user probably meant: --limt suggests --limit, and -limit (one dash,
// as Go's flag package takes it) says to use two.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if m := unknownShorthand.FindStringSubmatch(msg); m != nil && len(m[1]) > 1 {
		name, _, _ := strings.Cut(m[1], "=")
		if cmd.Flags().Lookup(name) != nil {
			return usagef("unknown flag -%s: long flags take two dashes, --%s", name, name)
		}
		return usageError{"unknown flag -" + name + flagSuggestion(cmd, name)}
	}
	if m := unknownFlag.FindStringSubmatch(msg); m != nil {
		name, _, _ := strings.Cut(m[1], "=")
		return usageError{"unknown flag --" + name + flagSuggestion(cmd, name)}
	}
	return usageError{msg + " (see `" + cmd.CommandPath() + " --help`)"}
}

// flagSuggestion is "; did you mean --x?" for the flags of cmd nearest to
// name, and where to see them all.
func flagSuggestion(cmd *cobra.Command, name string) string {
	var near []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden && (typo.Distance(name, f.Name) <= 2 || strings.HasPrefix(f.Name, name) && len(name) >= 3) {
			near = append(near, "--"+f.Name)
		}
	})
	sort.Strings(near)
	s := ""
	if len(near) > 0 {
		s = "; did you mean " + strings.Join(near, " or ") + "?"
	}
	return s + " (see `" + cmd.CommandPath() + " --help`)"
}

// completionExamples gives cobra's completion command and its shells
// examples, as every other command has.
func completionExamples(c *cobra.Command) {
	c.Example = `  source <(hookscope completion bash)                     # bash, this shell
  hookscope completion bash > /etc/bash_completion.d/hookscope
  hookscope completion zsh > "${fpath[1]}/_hookscope"
  hookscope completion fish > ~/.config/fish/completions/hookscope.fish
  hookscope completion powershell | Out-String | Invoke-Expression`
	for _, sub := range c.Commands() {
		switch sub.Name() {
		case "bash":
			sub.Example = "  source <(hookscope completion bash)\n  hookscope completion bash > /etc/bash_completion.d/hookscope"
		case "zsh":
			sub.Example = "  hookscope completion zsh > \"${fpath[1]}/_hookscope\""
		case "fish":
			sub.Example = "  hookscope completion fish > ~/.config/fish/completions/hookscope.fish"
		case "powershell":
			sub.Example = "  hookscope completion powershell | Out-String | Invoke-Expression"
		}
	}
}

// registerCompletions completes the values of flags that take one of a
// known set, wherever a command has them.
func registerCompletions(root *cobra.Command) {
	fixed := func(values ...string) cobra.CompletionFunc {
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		}
	}
	providers := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return append(registry.IDs(), decode.Unknown), cobra.ShellCompDirectiveNoFileComp
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for name, fn := range map[string]cobra.CompletionFunc{
			"provider":  providers,
			"signature": fixed(filter.SigStatuses...),
			"format":    fixed("har", "ndjson", "curl", "httpie", "raw"),
		} {
			if c.LocalNonPersistentFlags().Lookup(name) != nil {
				// It fails only for a flag that is not there, looked up above.
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// noArgs refuses positional arguments in one usage line.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// maxArgs refuses more than n positional arguments, saying msg.
func maxArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usageError{msg}
		}
		return nil
	}
}
