package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/decode"
)

func newCmdMark(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mark ID... | --filter EXPR",
		Short: "Mark deliveries to keep them (retention never removes a marked one); --unmark clears",
		Long: `Mark deliveries, by id (an id suffix is enough) or by --filter EXPR (README, Filters) and its
shorthands: retention never removes a marked delivery, the TUI shows it with *, is:marked finds
it and --json says "marked": true. --unmark clears the mark. As m in the TUI.`,
		Example: `  hookscope mark 01JD3K4Q2X K4Q2Y
  hookscope mark --filter 'sig:invalid provider:stripe'
  hookscope mark --unmark 01JD3K4Q2X
  hookscope list --filter is:marked`,
		RunE: f.resolved(orDefault(runF, runMark)),
	}
	o := f.opts
	o.sel.register(cmd.Flags(), "mark deliveries")
	cmd.Flags().BoolVar(&o.unmark, "unmark", false, "clear the mark instead")
	return cmd
}

func runMark(ctx context.Context, env Env, o *options, args []string) error {
	verb := "mark"
	if o.unmark {
		verb = "unmark"
	}
	if len(args) == 0 && !o.sel.given() {
		return usagef("%s takes delivery ids, or --filter EXPR (or --provider, --topic, --since, --until, --signature)", verb)
	}
	if err := idsOrSelection(args, o.sel); err != nil {
		return err
	}
	f, err := o.sel.selection(time.Now())
	if err != nil {
		return err
	}
	st, err := openExisting(ctx, o)
	if err != nil {
		return err
	}
	defer st.Close()
	ids, err := selectedIDs(ctx, st, args, f)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		fmt.Fprintln(env.Stderr, "no deliveries match")
		return nil
	}
	changed, err := st.Mark(ctx, ids, !o.unmark)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%sed %s", verb, decode.Plural(changed, "delivery", "deliveries"))
	if already := len(ids) - changed; already > 0 {
		state := "marked"
		if o.unmark {
			state = "unmarked"
		}
		fmt.Fprintf(env.Stdout, "; %d already %s", already, state)
	}
	fmt.Fprintln(env.Stdout)
	return nil
}
