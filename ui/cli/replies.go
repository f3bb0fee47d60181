package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
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

func repliesFlags(fs *flag.FlagSet, o *options) {
	r := &o.replies
	fs.StringVar(&r.provider, "provider", "", "match deliveries from this `provider`")
	fs.StringVar(&r.topic, "topic", "", "match deliveries of this `topic` (with --provider)")
	fs.StringVar(&r.path, "path", "", "match this path `pattern` (/hooks/*, or a prefix ending in /)")
	fs.StringVar(&r.method, "method", "", "match this HTTP `method`")
	fs.IntVar(&r.status, "status", 200, "reply `status`")
	fs.Var(&r.headers, "header", "reply header `Name: value` (repeatable)")
	fs.StringVar(&r.bodyFile, "body-file", "", "reply body template from `file` (- for stdin)")
	fs.DurationVar(&r.delay, "delay", 0, "wait this `long` before replying")
	fs.BoolVar(&r.all, "all", false, "reset: delete every rule (documented defaults apply)")
	fs.BoolVar(&r.sequences, "sequences", false, "reset: start every reply sequence over")
	fs.BoolVar(&o.json, "json", false, "list, show, export: JSON")
}

const repliesUsage = "replies list | show ID | show --provider P --topic T | set [match flags] [reply flags] | reset ID | reset --provider P --topic T | reset --all | reset --sequences | export [--json] | import FILE" +
	" (reset deletes the rule, so the documented default applies again, as r does on the TUI's rules screen)"

func runReplies(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) == 0 {
		return usagef("%s", repliesUsage)
	}
	// Rules are edited without retention: --keep here must not prune.
	st, err := o.openStore(ctx, store.Options{Keep: -1})
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "list":
		return repliesList(ctx, env, o, st)
	case "show":
		return repliesShow(ctx, env, o, st, args[1:])
	case "set":
		return repliesSet(ctx, env, o, st)
	case "reset":
		return repliesReset(ctx, env, o, st, args[1:])
	case "export":
		return repliesExport(ctx, env, o, st)
	case "import":
		return repliesImport(ctx, env, o, st, args[1:])
	}
	return usagef("unknown replies command %q: %s", args[0], repliesUsage)
}

func loadRules(ctx context.Context, st *store.Store) ([]reply.UserRule, error) {
	rows, _, err := st.Rules(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]reply.UserRule, 0, len(rows))
	for _, r := range rows {
		u, err := reply.DecodeRule(r.ID, r.Position, r.Data)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

func repliesList(ctx context.Context, env Env, o *options, st *store.Store) error {
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

type jsonRule struct {
	ID int64 `json:"id"`
	reply.UserRule
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

func repliesSet(ctx context.Context, env Env, o *options, st *store.Store) error {
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

// ruleFile is the export format: TOML [[rule]] tables (or JSON) in order.
type ruleFile struct {
	Rule []reply.UserRule `toml:"rule" json:"rule"`
}

func repliesExport(ctx context.Context, env Env, o *options, st *store.Store) error {
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

func repliesImport(ctx context.Context, env Env, o *options, st *store.Store, args []string) error {
	if len(args) != 1 {
		return usagef("replies import takes one file (TOML or JSON, as export writes)")
	}
	raw, err := os.ReadFile(args[0])
	if err != nil {
		return fmt.Errorf("import replies: %w", err)
	}
	var f ruleFile
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		err = dec.Decode(&f)
	} else {
		// Rule headers and bodies may hold credentials: errors name the
		// line and key, never the text.
		md, err := toml.Decode(string(raw), &f)
		if err != nil {
			return tomlError("import replies from "+args[0], err, keysOf(f))
		}
		if u := md.Undecoded(); len(u) > 0 {
			return fmt.Errorf("import replies from %s: unknown key %s", args[0], keysOf(f).name(u[0].String()))
		}
	}
	if err != nil {
		return fmt.Errorf("import replies from %s: %w", args[0], err)
	}
	data := make([]string, 0, len(f.Rule))
	for i, u := range f.Rule {
		if err := u.Check(); err != nil {
			return fmt.Errorf("import replies from %s: rule %d: %w", args[0], i+1, err)
		}
		d, err := u.Encode()
		if err != nil {
			return err
		}
		data = append(data, d)
	}
	if err := st.ReplaceRules(ctx, data); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "imported %d reply rules from %s\n", len(data), args[0])
	return nil
}
