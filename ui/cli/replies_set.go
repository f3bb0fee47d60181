package cli

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/ui/sanitize"
)

func newCmdRepliesSet(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "set [match flags] [reply flags]",
		Short: "Add a reply rule, or replace the one with the same match",
		Long: `Add a reply rule: the match flags (--provider, --topic, --path, --method) say which deliveries it
is for, the reply flags (--status, --header, --body-file, --delay) what they get. Setting the same
match again replaces the rule. Without --body-file the body is the documented default's. The
reply is rendered against the event's fixture and any problem printed as a warning.`,
		Example: `  hookscope replies set --provider stripe --status 500
  hookscope replies set --provider americommerce --topic GetTax --body-file tax.tmpl --delay 2s
  hookscope replies set --path '/hooks/*' --method POST --status 202 --header 'X-From: hookscope'`,
		Args: noArgs,
		RunE: f.resolved(orDefault(runF, withRules(repliesSet))),
	}
	r := &f.opts.replies
	matchFlags(cmd.Flags(), r)
	cmd.Flags().IntVar(&r.status, "status", 200, "reply `status`")
	cmd.Flags().Var(&r.headers, "header", "reply header `Name: value` (repeatable)")
	cmd.Flags().StringVar(&r.bodyFile, "body-file", "", "reply body template from `file` (- for stdin)")
	cmd.Flags().DurationVar(&r.delay, "delay", 0, "wait this long (a `duration`: 2s, 500ms) before replying")
	return cmd
}

func repliesSet(ctx context.Context, env Env, o *options, st *store.Store, _ []string) error {
	r := o.replies
	if r.delay < 0 {
		return usagef("--delay %s: want a duration of 0 or more, such as 2s", r.delay)
	}
	u := reply.UserRule{Provider: r.provider, Topic: r.topic, Path: r.path, Method: strings.ToUpper(r.method),
		Step: reply.Step{Status: r.status, Delay: reply.Duration(r.delay)}}
	if u.Provider != "" {
		if _, ok := registry.Lookup(u.Provider); !ok {
			return usagef("--provider %q: known providers are %s", u.Provider, strings.Join(registry.IDs(), ", "))
		}
	}
	if len(r.headers) > 0 {
		u.Headers = map[string]string{}
		for _, h := range r.headers {
			k, v, ok := strings.Cut(h, ":")
			if !ok {
				return usagef("--header %q: want Name: value", h)
			}
			u.Headers[http.CanonicalHeaderKey(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
	}
	switch r.bodyFile {
	case "":
		u.Body = reply.Default(u.Provider, u.Topic).Body
	default:
		b, err := readBody(env, r.bodyFile)
		if err != nil {
			return err
		}
		u.Body = string(b)
	}
	if err := u.Check(); err != nil {
		return usageError{err.Error()}
	}
	rules, err := loadRules(ctx, st)
	if err != nil {
		return err
	}
	// One rule per match: setting the same match again replaces it.
	var id int64
	for _, e := range rules {
		if reply.SameMatch(e, u) {
			id = e.ID
		}
	}
	data, err := u.Encode()
	if err != nil {
		return err
	}
	if id, err = st.PutRule(ctx, id, data); err != nil {
		return err
	}
	u.ID = id
	fmt.Fprintf(env.Stderr, "saved %s\n", u.Name())
	set := reply.NewRules()
	set.Replace([]reply.UserRule{u})
	rule, delay := set.Choose(u.Provider, u.Topic, u.Method, u.Path)
	_, warnings := previewRule(rule, delay, u.Provider, u.Topic)
	for _, w := range warnings {
		fmt.Fprintf(env.Stderr, "warning: %s\n", sanitize.Line(w))
	}
	return nil
}
