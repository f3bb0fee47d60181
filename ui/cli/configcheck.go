package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

func newCmdConfigCheck(f *factory, runF runFunc) *cobra.Command {
	return &cobra.Command{
		Use:   "check [PATH]",
		Short: "Check a config file: TOML syntax, known keys and providers, valid values, by line",
		Long: `Check a config file (PATH, else the one hookscope reads) as hookscope would read it: TOML syntax,
unknown keys and providers, values out of range, custom providers. Errors name the line and the
key, never the value, which may be a secret. Exit 1 when the file has a problem.`,
		Example: `  hookscope config check
  hookscope config check ./hookscope.toml`,
		Args: maxArgs(1, "config check takes at most one path"),
		RunE: f.plain(orDefault(runF, runConfigCheck)),
	}
}

func runConfigCheck(ctx context.Context, env Env, o *options, args []string) error {
	path, err := configArg(o, args)
	if err != nil {
		return err
	}
	// The whole resolution, as every command does it, but with this file
	// and no flags or environment over it: custom providers and routes
	// are checked against the registry too.
	check := newOptions(func(string) string { return "" })
	check.configPath = path
	if err := check.resolve(); err != nil {
		// A value out of range is a usage error elsewhere; here the file
		// is what was checked, and it failed.
		return fmt.Errorf("%s", err.Error())
	}
	fmt.Fprintf(env.Stdout, "%s: ok\n", path)
	return nil
}
