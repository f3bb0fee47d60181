package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
)

func newCmdRepliesList(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the reply rules with their ids",
		Example: `  hookscope replies list
  hookscope replies list --json | jq .`,
		Args: noArgs,
		RunE: f.resolved(orDefault(runF, withRules(repliesList))),
	}
	cmd.Flags().BoolVar(&f.opts.json, "json", false, "print one JSON object per rule")
	return cmd
}

func repliesList(ctx context.Context, env Env, o *options, st *store.Store, _ []string) error {
	rules, err := loadRules(ctx, st)
	if err != nil {
		return err
	}
	if o.json {
		for _, u := range rules {
			if err := writeOut(env.Stdout, jsonRule{ID: u.ID, UserRule: u}); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rules) == 0 {
		fmt.Fprintln(env.Stdout, "no reply rules: every delivery gets its documented default (`hookscope replies show --provider P --topic T`)")
		return nil
	}
	fmt.Fprintf(env.Stdout, "%-4s %-44s %-10s %-8s %s\n", "ID", "MATCHES", "REPLY", "DELAY", "BODY")
	for _, u := range rules {
		fmt.Fprintf(env.Stdout, "%-4d %-44s %-10s %-8s %s\n", u.ID, format.Pad(sanitize.Line(u.Match()), 44), u.Statuses(),
			time.Duration(u.Delay), format.Pad(sanitize.Line(u.BodyPreview()), 40))
	}
	fmt.Fprintln(env.Stdout, "(the most specific match wins; without one, the documented default applies)")
	return nil
}
