package cli

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/store"
)

func newCmdList(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List stored deliveries, newest last",
		Long: `List stored deliveries, newest last. On a terminal the columns fit its width; piped, each row is
whole and tab-separated under a header row, for scripts. --json prints one JSON object per line.
--filter chooses deliveries in the filter language of the TUI's / (README, Filters); --provider,
--topic, --since, --until and --signature are shorthands for its terms, ANDed with it.`,
		Example: `  hookscope list
  hookscope list --filter 'sig:invalid provider:spiffy'
  hookscope list --filter '"order 1402"'            # a word or phrase in the body, headers or path
  hookscope list --provider spiffy --since 2h       # the same as --filter 'provider:spiffy after:2h'
  hookscope list --filter is:retry --json | jq -r .retry_of`,
		RunE: f.resolved(orDefault(runF, runList)),
	}
	o := f.opts
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON object per line (NDJSON)")
	cmd.Flags().IntVar(&o.limit, "limit", 50, "show the newest `n` deliveries")
	o.sel.register(cmd.Flags(), "only deliveries")
	return cmd
}

func runList(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) > 0 {
		return usagef("list takes no arguments, got %q", args[0])
	}
	if o.limit <= 0 {
		return usagef("--limit must be positive")
	}
	f, err := o.sel.selection(time.Now())
	if err != nil {
		return err
	}
	st, err := openSelecting(ctx, o, f)
	if err != nil {
		return err
	}
	defer st.Close()
	total, err := st.Count(ctx, f)
	if err != nil {
		return err
	}
	page, err := st.List(ctx, f, max(0, total-o.limit), o.limit)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(env.Stdout)
	defer w.Flush()
	if o.json {
		for i := range page {
			if err := writeOut(w, toJSON(&page[i], false)); err != nil {
				return err
			}
		}
		return nil
	}
	width := 0
	if env.StdoutWidth != nil {
		width = env.StdoutWidth()
	}
	if width <= 0 { // not a terminal: whole rows for scripts, notes aside
		if len(page) == 0 {
			fmt.Fprintln(env.Stderr, noDeliveries(f))
			return nil
		}
		writeListTSV(w, page)
		if total > len(page) {
			fmt.Fprintf(env.Stderr, "(%d of %d; --limit shows more)\n", len(page), total)
		}
		return nil
	}
	if len(page) == 0 {
		fmt.Fprintln(w, noDeliveries(f))
		return nil
	}
	writeListTable(w, page, width)
	if total > len(page) {
		fmt.Fprintf(w, "(%d of %d; --limit shows more)\n", len(page), total)
	}
	return nil
}

// noDeliveries is what list says when it has no row to print.
func noDeliveries(f store.Filter) string {
	if f.IsZero() {
		return "no deliveries yet"
	}
	return "no deliveries match"
}
