package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/sanitize"
)

func newCmdRepliesShow(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show ID | --provider P --topic T",
		Short: "Show the reply a rule, or a provider and topic, gets, rendered against its fixture",
		Long: `Show the reply that applies: to rule ID, or to deliveries of a provider and topic (the rule that
matches them, else the documented default). The body template is rendered against that event's
fixture and checked as the platform would read it; problems are listed as warnings.`,
		Example: `  hookscope replies show 3
  hookscope replies show --provider americommerce --topic GetTax`,
		Args: maxArgs(1, "replies show takes one rule id, or --provider and --topic"),
		RunE: f.resolved(orDefault(runF, withRules(repliesShow))),
	}
	matchFlags(cmd.Flags(), &f.opts.replies)
	return cmd
}

// repliesShow prints the rule that applies to a provider and topic (or
// rule ID), rendered against that event's fixture, with its warnings.
func repliesShow(ctx context.Context, env Env, o *options, st *store.Store, args []string) error {
	rules, err := loadRules(ctx, st)
	if err != nil {
		return err
	}
	r := o.replies
	set := reply.NewRules()
	set.Replace(rules)
	provider, topic := r.provider, r.topic
	if len(args) == 1 {
		var id int64
		if _, err := fmt.Sscan(args[0], &id); err != nil {
			return usagef("replies show takes a rule id or --provider and --topic")
		}
		var found *reply.UserRule
		for i := range rules {
			if rules[i].ID == id {
				found = &rules[i]
			}
		}
		if found == nil {
			return noRule(id)
		}
		set.Replace([]reply.UserRule{*found})
		provider, topic = found.Provider, found.Topic
	} else if provider == "" {
		return usagef("replies show takes a rule id or --provider and --topic")
	}
	rule, delay := set.Choose(provider, topic, r.method, r.path)
	fmt.Fprintf(env.Stdout, "rule     %s\nstatus   %d\n", sanitize.Line(rule.Name), rule.Status)
	if delay > 0 {
		fmt.Fprintf(env.Stdout, "delay    %s\n", delay)
	}
	for k, v := range rule.Headers {
		fmt.Fprintf(env.Stdout, "header   %s: %s\n", sanitize.Line(k), sanitize.Line(v))
	}
	fmt.Fprintf(env.Stdout, "\nbody template\n%s\n", sanitize.Text(rule.Body))
	preview, warnings := previewRule(rule, delay, provider, topic)
	if preview != nil {
		fmt.Fprintf(env.Stdout, "\nrendered against the %s/%s fixture (%d)\n%s\n", provider, topic, preview.Status, sanitize.Text(string(preview.Body)))
	}
	for _, w := range warnings {
		fmt.Fprintf(env.Stdout, "warning  %s\n", sanitize.Line(w))
	}
	return nil
}
