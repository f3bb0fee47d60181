package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
)

func newCmdRepliesExport(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write every reply rule, in order, as TOML (or JSON) that import reads",
		Example: `  hookscope replies export > rules.toml
  hookscope replies export --json`,
		Args: noArgs,
		RunE: f.resolved(orDefault(runF, withRules(repliesExport))),
	}
	cmd.Flags().BoolVar(&f.opts.json, "json", false, "write JSON instead of TOML")
	return cmd
}

// ruleFile is the export format: TOML [[rule]] tables (or JSON) in order.
type ruleFile struct {
	Rule []reply.UserRule `toml:"rule" json:"rule"`
}

func repliesExport(ctx context.Context, env Env, o *options, st *store.Store, _ []string) error {
	rules, err := loadRules(ctx, st)
	if err != nil {
		return err
	}
	f := ruleFile{Rule: rules}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(f)
	}
	fmt.Fprintln(env.Stdout, "# hookscope reply rules: `hookscope replies import FILE` restores them, in this order.")
	return toml.NewEncoder(env.Stdout).Encode(f)
}
