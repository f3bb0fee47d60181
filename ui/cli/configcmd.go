package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

func newCmdConfig(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Where the config file is, what every setting is and why, a commented example, a check",
		Long: `hookscope reads one TOML config file: --config PATH, else $HOOKSCOPE_CONFIG, else
config.toml in hookscope's directory under your config directory ($XDG_CONFIG_HOME, else
~/.config, on Linux) when it is there. Each setting can also be given by an environment variable
and a flag: a flag wins over the environment, which wins over the file, which wins over the
default. Provider secrets come only from the environment (HOOKSCOPE_<ID>_SECRET, which wins) and
the file, never from flags.`,
		Example: `  hookscope config path
  hookscope config show
  hookscope config init && $EDITOR "$(hookscope config path)"
  hookscope config check ./hookscope.toml`,
		Args: cobra.ArbitraryArgs,
		RunE: subcommandArgs,
	}
	cmd.AddCommand(
		newCmdConfigPath(f, nil),
		newCmdConfigShow(f, nil),
		newCmdConfigInit(f, nil),
		newCmdConfigCheck(f, nil),
	)
	return cmd
}

func newCmdConfigPath(f *factory, runF runFunc) *cobra.Command {
	return &cobra.Command{
		Use:   "path",
		Short: "Print the path of the config file hookscope reads, and what chose it",
		Long: `Print the path of the config file on stdout, and on stderr what chose it and whether it is
there. Without --config and $HOOKSCOPE_CONFIG it is the default location, read only when there
is a file there.`,
		Example: `  hookscope config path
  HOOKSCOPE_CONFIG=./dev.toml hookscope config path`,
		Args: noArgs,
		RunE: f.plain(orDefault(runF, runConfigPath)),
	}
}

// configTarget is the config file a config command is about: the one
// resolve would read, else the default location (which may not exist).
func configTarget(o *options) (path, from string, err error) {
	if path, from, err = o.findConfig(); err != nil || path != "" {
		return path, from, err
	}
	path, err = defaultConfigPath(o.getenv)
	if err != nil {
		return "", "", fmt.Errorf("no config directory (%v): give --config PATH or set %s", err, envConfig)
	}
	return path, "the default location", nil
}

func runConfigPath(ctx context.Context, env Env, o *options, args []string) error {
	path, from, err := configTarget(o)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, path)
	if _, err := readConfig(path); err != nil {
		fmt.Fprintf(env.Stderr, "(%s; there is no file there yet: defaults apply, and `hookscope config init` writes one)\n", from)
		return nil
	}
	fmt.Fprintf(env.Stderr, "(%s)\n", from)
	return nil
}

// configArg is the file `config check` or `config init` works on: the
// PATH given, else configTarget's.
func configArg(o *options, args []string) (string, error) {
	if len(args) == 1 {
		return args[0], nil
	}
	path, _, err := configTarget(o)
	return path, err
}
