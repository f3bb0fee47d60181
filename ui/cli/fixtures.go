package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/fixtures"
)

func newCmdFixtures(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fixtures",
		Short: "List the fixtures `send` knows",
		Long: `List the sample deliveries built into hookscope, one per documented event: name, provider and
event, then the hostile ones (hostile/…: CRLF, tabs, NUL, terminal escapes, invalid UTF-8) that
try every path for byte-exactness. ` + "`hookscope send NAME`" + ` sends one.`,
		Example: `  hookscope fixtures
  hookscope fixtures --json | jq -r 'select(.provider == "stripe") | .name'`,
		Args: noArgs,
		RunE: f.resolved(orDefault(runF, runFixtures)),
	}
	cmd.Flags().BoolVar(&f.opts.json, "json", false, "print one JSON object per line")
	return cmd
}

func runFixtures(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) > 0 {
		return usagef("fixtures takes no arguments")
	}
	all, err := everyFixture()
	if err != nil {
		return err
	}
	for _, f := range all {
		if o.json {
			if err := writeOut(env.Stdout, map[string]string{
				"name": f.Name, "provider": f.Provider, "event": f.Event,
				"method": f.Method, "path": f.Path, "description": f.Description,
			}); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(env.Stdout, "%-36s %-14s %s\n", f.Name, f.Provider, f.Event)
	}
	return nil
}

// everyFixture is every platform's fixtures, then the hostile ones.
func everyFixture() ([]fixtures.Fixture, error) {
	all, err := fixtures.All()
	if err != nil {
		return nil, err
	}
	hostile, err := fixtures.Hostile()
	if err != nil {
		return nil, err
	}
	return append(all, hostile...), nil
}
