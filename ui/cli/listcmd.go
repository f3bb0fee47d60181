package cli

import (
	"bufio"
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/store"
)

func newCmdList(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List stored deliveries, newest last",
		Long: `List stored deliveries, newest last. On a terminal the columns fit its width; piped, each row is
whole and tab-separated under a header row, for scripts. --json prints one JSON object per line.`,
		Example: `  hookscope list
  hookscope list --provider spiffy --since 2h
  hookscope list --signature invalid --json | jq -r .id`,
		RunE: f.resolved(orDefault(runF, runList)),
	}
	o := f.opts
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON object per line (NDJSON)")
	cmd.Flags().IntVar(&o.limit, "limit", 50, "show the newest `n` deliveries")
	cmd.Flags().StringVar(&o.provider, "provider", "", "only deliveries from this `provider`")
	cmd.Flags().StringVar(&o.topic, "topic", "", "only deliveries of this `topic`")
	o.when.register(cmd.Flags(), "only deliveries")
	return cmd
}

func runList(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) > 0 {
		return usagef("list takes no arguments, got %q", args[0])
	}
	if o.limit <= 0 {
		return usagef("--limit must be positive")
	}
	if err := checkProvider(o.provider); err != nil {
		return err
	}
	if err := o.when.check(); err != nil {
		return err
	}
	st, err := openForReading(ctx, o)
	if err != nil {
		return err
	}
	defer st.Close()
	f := store.Filter{Provider: o.provider, Topic: o.topic}
	var page []store.Delivery
	var total int
	if o.when.given() {
		page, total, err = newestMatching(ctx, st, f, o.when, o.limit)
	} else if total, err = st.Count(ctx, f); err == nil {
		page, err = st.List(ctx, f, max(0, total-o.limit), o.limit)
	}
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
			fmt.Fprintln(env.Stderr, "no deliveries yet")
			return nil
		}
		writeListTSV(w, page)
		if total > len(page) {
			fmt.Fprintf(env.Stderr, "(%d of %d; --limit shows more)\n", len(page), total)
		}
		return nil
	}
	if len(page) == 0 {
		fmt.Fprintln(w, "no deliveries yet")
		return nil
	}
	writeListTable(w, page, width)
	if total > len(page) {
		fmt.Fprintf(w, "(%d of %d; --limit shows more)\n", len(page), total)
	}
	return nil
}

// newestMatching is the newest limit deliveries matching f and when,
// oldest first, and how many match in all. The time and signature bounds
// are checked here, page by page, as replay chooses its deliveries.
func newestMatching(ctx context.Context, st *store.Store, f store.Filter, when whenFlags, limit int) ([]store.Delivery, int, error) {
	match, err := when.matcher()
	if err != nil {
		return nil, 0, err
	}
	var kept []store.Delivery
	total := 0
	err = eachListed(ctx, st, f, func(d *store.Delivery) error {
		if match(d) {
			total++
			kept = append(kept, *d)
			if len(kept) > limit {
				kept = kept[1:]
			}
		}
		return nil
	})
	return kept, total, err
}
