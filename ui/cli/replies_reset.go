package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/store"
)

func newCmdRepliesReset(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reset ID | --provider P [--topic T] | --all | --sequences",
		Short: "Delete a reply rule, so the documented default applies again",
		Long: `Delete a reply rule, by id or by provider and topic, so the documented default applies again (as r
does on the TUI's rules screen); --all deletes every rule. --sequences deletes nothing: it starts
every reply sequence over.`,
		Example: `  hookscope replies reset 3
  hookscope replies reset --provider americommerce --topic GetTax
  hookscope replies reset --all
  hookscope replies reset --sequences`,
		Args: maxArgs(1, "replies reset takes one rule id"),
		RunE: f.resolved(orDefault(runF, withRules(repliesReset))),
	}
	r := &f.opts.replies
	cmd.Flags().StringVar(&r.provider, "provider", "", "delete the rule for this `provider`")
	cmd.Flags().StringVar(&r.topic, "topic", "", "and this `topic`")
	cmd.Flags().BoolVar(&r.all, "all", false, "delete every rule (documented defaults apply)")
	cmd.Flags().BoolVar(&r.sequences, "sequences", false, "start every reply sequence over")
	return cmd
}

func repliesReset(ctx context.Context, env Env, o *options, st *store.Store, args []string) error {
	r := o.replies
	switch {
	case r.sequences:
		if err := st.ResetSequences(ctx); err != nil {
			return err
		}
		fmt.Fprintln(env.Stderr, "reply sequences start over (in every hookscope using this store, within half a second)")
		return nil
	case r.all:
		if err := st.ReplaceRules(ctx, nil); err != nil {
			return err
		}
		fmt.Fprintln(env.Stderr, "deleted every reply rule: documented defaults apply")
		return nil
	case len(args) == 1:
		var id int64
		if _, err := fmt.Sscan(args[0], &id); err != nil {
			return usagef("replies reset takes a rule id")
		}
		if err := st.DeleteRule(ctx, id); errors.Is(err, store.ErrNotFound) {
			return noRule(id)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "deleted reply rule %d\n", id)
		return nil
	case r.provider != "":
		rules, err := loadRules(ctx, st)
		if err != nil {
			return err
		}
		for _, u := range rules {
			if u.Provider == r.provider && u.Topic == r.topic {
				if err := st.DeleteRule(ctx, u.ID); err != nil {
					return err
				}
				fmt.Fprintf(env.Stderr, "deleted %s: the documented default applies\n", u.Name())
				return nil
			}
		}
		return fmt.Errorf("no reply rule for %s %s", r.provider, r.topic)
	}
	return usagef("replies reset takes a rule id, --provider and --topic, --all or --sequences")
}
