package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/filter"
	"github.com/hookscope/hookscope/decode"
)

func newCmdDelete(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "delete [ID...] [--filter EXPR] [--yes]",
		Short: "Delete stored deliveries, by id or by filter, after saying how many",
		Long: `Delete stored deliveries, with their replays: by id (an id suffix is enough), by --filter EXPR
(README, Filters) and its shorthands --provider, --topic, --since, --until and --signature, or
--all. It says how many match and, on a terminal, asks before deleting; --yes deletes without
asking, which is needed when stdin or stdout is not a terminal. Marked deliveries are deleted
too when they match: add -is:marked to the filter to keep them.`,
		Example: `  hookscope delete 01JD3K4Q2X
  hookscope delete --filter 'provider:spiffy before:7d -is:marked'
  hookscope delete --filter 'sig:invalid' --yes      # in a script: no question`,
		RunE: f.resolved(orDefault(runF, runDelete)),
	}
	o := f.opts
	o.sel.register(cmd.Flags(), "delete deliveries")
	cmd.Flags().BoolVar(&o.all, "all", false, "delete every delivery")
	cmd.Flags().BoolVar(&o.yes, "yes", false, "delete without asking (needed without a terminal)")
	return cmd
}

func runDelete(ctx context.Context, env Env, o *options, args []string) error {
	switch {
	case len(args) == 0 && !o.sel.given() && !o.all:
		return usagef("delete takes delivery ids, --filter EXPR (or --provider, --topic, --since, --until, --signature) or --all")
	case o.all && (len(args) > 0 || o.sel.given()):
		return usagef("--all deletes every delivery: give it alone, or ids or --filter instead")
	}
	if err := idsOrSelection(args, o.sel); err != nil {
		return err
	}
	// One moment for the count, the question and the delete: after:2h
	// means the same deliveries in all three.
	now := time.Now()
	f, err := o.sel.selection(now)
	if err != nil {
		return err
	}
	st, err := openExisting(ctx, o)
	if err != nil {
		return err
	}
	defer st.Close()

	var ids []string
	var n, marked int
	if len(args) > 0 {
		seen := map[string]bool{}
		for _, a := range args {
			d, err := st.Get(ctx, a) // a whole id or a unique suffix
			if err != nil {
				return err
			}
			if !seen[d.ID] {
				seen[d.ID] = true
				ids = append(ids, d.ID)
				if d.Marked {
					marked++
				}
			}
		}
		n = len(ids)
	} else {
		// What arrives while the question waits was not counted: the
		// delete takes only what had arrived when it was asked.
		if f, err = receivedBy(f, now); err != nil {
			return err
		}
		if n, err = st.Count(ctx, f); err != nil {
			return err
		}
		isMarked, err := filter.Parse("is:marked")
		if err != nil {
			return err
		}
		if marked, err = st.Count(ctx, store.Filter{Expr: andExpr(f.Expr, isMarked), Now: now}); err != nil {
			return err
		}
	}
	if n == 0 {
		fmt.Fprintln(env.Stderr, "no deliveries match; nothing deleted")
		return nil
	}
	what := decode.Plural(n, "delivery", "deliveries")
	if marked > 0 {
		what += fmt.Sprintf(" (%d marked)", marked)
	}
	if !o.yes {
		if !env.IsTerminal() {
			verb := "match"
			if n == 1 {
				verb = "matches"
			}
			return usagef("%s %s; not a terminal, so nothing was asked or deleted: pass --yes to delete them", what, verb)
		}
		ok, err := confirm(env, "delete "+what+"? [y/N] ")
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("nothing deleted")
		}
	}
	deleted := 0
	if len(ids) > 0 {
		for _, id := range ids {
			u, err := st.Delete(ctx, store.Filter{ID: id})
			deleted += u.Count
			if err != nil {
				return fmt.Errorf("%w (%s deleted)", err, decode.Plural(deleted, "delivery", "deliveries"))
			}
		}
	} else {
		u, err := st.Delete(ctx, f)
		if err != nil {
			return err
		}
		deleted = u.Count
	}
	fmt.Fprintf(env.Stdout, "deleted %s\n", decode.Plural(deleted, "delivery", "deliveries"))
	return nil
}

// receivedBy narrows f to the deliveries received by now.
func receivedBy(f store.Filter, now time.Time) (store.Filter, error) {
	e, err := filter.Parse("-after:" + filter.Quote(now.UTC().Format(time.RFC3339Nano)))
	if err != nil {
		return f, err
	}
	f.Expr = andExpr(f.Expr, e)
	return f, nil
}

// andExpr is a AND b, where a may be nil (everything).
func andExpr(a, b filter.Expr) filter.Expr {
	if a == nil {
		return b
	}
	return &filter.And{Terms: []filter.Expr{a, b}}
}

// confirm asks question on stderr and reads the answer from stdin: yes
// only for y or yes.
func confirm(env Env, question string) (bool, error) {
	fmt.Fprint(env.Stderr, question)
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(env.Stderr)
		return false, nil // end of input: no
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}
