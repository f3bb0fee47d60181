package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
)

// replyFlags are the flags of `hookscope replies`.
type replyFlags struct {
	provider, topic, path, method string
	status                        int
	headers                       headerList
	bodyFile                      string
	delay                         time.Duration
	all, sequences                bool
}

type headerList []string

func (h *headerList) String() string     { return strings.Join(*h, ", ") }
func (h *headerList) Set(v string) error { *h = append(*h, v); return nil }

func (h *headerList) Type() string { return "strings" }

func newCmdReplies(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "replies",
		Short: "Manage the replies hookscope sends: rules per provider and topic",
		Long: `Manage the replies hookscope sends to deliveries. Without a rule, each delivery gets its platform's
documented default reply. A rule matches by provider and topic, path or method (the most specific
match wins) and gives a status, headers, a body template and a delay. Rules live in the store:
every hookscope using it picks up a change within half a second.`,
		Example: `  hookscope replies list
  hookscope replies show --provider americommerce --topic GetTax
  hookscope replies set --provider stripe --status 500
  hookscope replies reset --provider stripe
  hookscope replies export > rules.toml && hookscope replies import rules.toml`,
		Args: cobra.ArbitraryArgs,
		RunE: subcommandArgs,
	}
	cmd.AddCommand(
		newCmdRepliesList(f, nil),
		newCmdRepliesShow(f, nil),
		newCmdRepliesSet(f, nil),
		newCmdRepliesReset(f, nil),
		newCmdRepliesExport(f, nil),
		newCmdRepliesImport(f, nil),
	)
	return cmd
}

// rulesFunc is a replies command's work on the store.
type rulesFunc func(ctx context.Context, env Env, o *options, st *store.Store, args []string) error

// withRules opens the store for run: without retention, since --keep here
// must not prune deliveries.
func withRules(run rulesFunc) runFunc {
	return func(ctx context.Context, env Env, o *options, args []string) error {
		st, err := o.openStore(ctx, store.Options{Keep: -1})
		if err != nil {
			return err
		}
		defer st.Close()
		return run(ctx, env, o, st, args)
	}
}

// matchFlags declare the flags that choose which deliveries a rule is for.
func matchFlags(fs *pflag.FlagSet, r *replyFlags) {
	fs.StringVar(&r.provider, "provider", "", "match deliveries from this `provider`")
	fs.StringVar(&r.topic, "topic", "", "match deliveries of this `topic` (with --provider)")
	fs.StringVar(&r.path, "path", "", "match this path `pattern` (/hooks/*, or a prefix ending in /)")
	fs.StringVar(&r.method, "method", "", "match this HTTP `method`")
}

// loadRules reads every stored rule; one this build cannot read is an
// error, not left out of what is listed, exported or changed.
func loadRules(ctx context.Context, st *store.Store) ([]reply.UserRule, error) {
	rules, _, err := reply.ReadRules(ctx, st)
	if err != nil {
		return nil, err
	}
	return rules, nil
}

type jsonRule struct {
	ID int64 `json:"id"`
	reply.UserRule
}

// previewRule renders rule against the fixture of provider/topic, when
// there is one, and validates the result.
func previewRule(rule reply.Rule, delay time.Duration, provider, topic string) (*reply.Reply, []string) {
	fx, ok := fixtures.For(provider, topic)
	if !ok {
		return nil, nil
	}
	r := decode.NewRequest(fx.Method, fx.Path, fx.Headers, fx.Body)
	e, typed, ok := registry.Typed(provider, topic, r)
	if !ok {
		return nil, nil
	}
	var warnings []string
	if w := reply.CheckDelay(e, delay); w != "" {
		warnings = append(warnings, w)
	}
	rep := reply.Render(rule, reply.NewData(fx.Method, r.Path, r.Query, fx.Headers, r.Body, provider, e.Topic, typed))
	if rep.Err != "" {
		return &rep, append(warnings, rep.Err)
	}
	return &rep, append(warnings, reply.Validate(e, rep.Body, typed)...)
}

// noRule says a rule id names no rule, and where the ids are.
func noRule(id int64) error {
	return fmt.Errorf("there is no reply rule %d (`hookscope replies list` shows the rules and their ids)", id)
}
