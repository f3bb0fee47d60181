package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// replayFlags are the flags of `hookscope replay`.
type replayFlags struct {
	exactPath, resign, followRedirects, insecure, dryRun, stopOnFailure bool
	headers, removeHeaders                                              headerList
	bodyFile                                                            string
	timeout                                                             time.Duration
	concurrency                                                         int
	rate                                                                float64
}

func newCmdReplay(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "replay [ID...] --to URL",
		Short: "Send captured deliveries to another endpoint and show what it answered",
		Long: `Send captured deliveries, byte for byte, to another endpoint (your app on localhost), and show what
it answered; every attempt is recorded with the delivery. Choose them by id, or by --filter EXPR
(README, Filters) and its shorthands --provider, --topic, --since, --until and --signature. Headers can be set or removed, the body replaced, and
the delivery re-signed with the configured secret (--resign) so the app's check passes.`,
		Example: `  hookscope replay 01JD3K4Q2X --to http://localhost:3000
  hookscope replay --provider stripe --since 1h --to http://localhost:3000 --resign
  hookscope replay --filter 'status:5xx topic:orders/*' --to http://localhost:3000 --dry-run`,
		RunE: f.resolved(orDefault(runF, runReplay)),
	}
	replayFlagSet(cmd.Flags(), f.opts)
	return cmd
}

func replayFlagSet(fs *pflag.FlagSet, o *options) {
	r := &o.replay
	fs.StringVar(&o.to, "to", "", "`url` to replay to (required); the delivery's path is joined to its path")
	fs.BoolVar(&r.exactPath, "exact-path", false, "send to the --to URL exactly, not joined with the delivery's path")
	fs.Var(&r.headers, "header", "set header `Name: value` (repeatable)")
	fs.Var(&r.removeHeaders, "remove-header", "remove header `Name` (repeatable)")
	fs.StringVar(&r.bodyFile, "body-file", "", "send the body in `file` instead (- for stdin)")
	fs.BoolVar(&r.resign, "resign", false, "re-sign with the provider's configured secret (or --secret-env)")
	fs.StringVar(&o.secretEnv, "secret-env", "", "re-sign with the secret in environment variable `NAME`")
	fs.DurationVar(&r.timeout, "timeout", 10*time.Second, "give up on a request after `duration`")
	fs.BoolVar(&r.followRedirects, "follow-redirects", false, "follow redirects (off: a redirect is the answer)")
	fs.BoolVar(&r.insecure, "insecure", false, "skip TLS certificate verification")
	fs.BoolVar(&o.json, "json", false, "print one JSON object per result")
	fs.IntVar(&r.concurrency, "concurrency", 1, "requests in flight; 1 keeps the original order")
	fs.Float64Var(&r.rate, "rate", 0, "at most `n` requests per second (0: no limit)")
	fs.BoolVar(&r.dryRun, "dry-run", false, "list what would be sent, send nothing")
	fs.BoolVar(&r.stopOnFailure, "stop-on-failure", false, "send nothing more after a failure")
	o.sel.register(fs, "replay deliveries")
}

func runReplay(ctx context.Context, env Env, o *options, args []string) error {
	r := o.replay
	if o.to == "" {
		return usagef("replay needs --to URL")
	}
	if err := checkReplayFlags(o); err != nil {
		return err
	}
	if len(args) == 0 && !o.sel.given() {
		return usagef("replay takes delivery ids, or --filter EXPR (or --provider, --topic, --since, --until, --signature) to choose them")
	}
	if err := idsOrSelection(args, o.sel); err != nil {
		return err
	}
	f, err := o.sel.selection(time.Now())
	if err != nil {
		return err
	}
	opts := replay.Options{Target: o.to, ExactPath: r.exactPath, RemoveHeaders: r.removeHeaders,
		Timeout: r.timeout, FollowRedirects: r.followRedirects, Insecure: r.insecure}
	if err := replay.CheckTarget(opts.Target); err != nil {
		return usageError{err.Error()}
	}
	for _, h := range r.headers {
		if strings.HasPrefix(strings.TrimSpace(h), "-") {
			return usagef("--header %q: to remove a header, use --remove-header Name", h)
		}
	}
	set, _, err := replay.ParseHeaderEdits(r.headers)
	if err != nil {
		return usagef("--header: %v", err)
	}
	opts.SetHeaders = set
	if r.bodyFile != "" {
		b, err := readBody(env, r.bodyFile)
		if err != nil {
			return err
		}
		opts.Body = b
	}
	st, err := o.openStore(ctx, store.Options{Keep: -1})
	if err != nil {
		return err
	}
	defer st.Close()
	ids := args
	if len(args) == 0 {
		if ids, err = selectedIDs(ctx, st, nil, f); err != nil {
			return err
		}
	}
	if len(ids) == 0 {
		fmt.Fprintln(env.Stderr, "no deliveries match")
		return nil
	}
	var secretFor func(provider string) []byte // nil: sent as signed at capture
	if r.resign || o.secretEnv != "" {
		if o.secretEnv != "" && env.Getenv(o.secretEnv) == "" {
			return usagef("--secret-env %s: the variable is empty or not set", o.secretEnv)
		}
		var told sync.Map
		secretFor = func(provider string) []byte {
			if !replay.Signs(provider) {
				return nil // sent as captured: nothing to re-sign
			}
			if why := replay.ResignProblem(provider); why != "" {
				if _, said := told.LoadOrStore(provider, true); !said {
					fmt.Fprintf(env.Stderr, "hookscope: %s deliveries: %s\n", provider, why)
				}
				return nil
			}
			if o.secretEnv != "" {
				return []byte(env.Getenv(o.secretEnv))
			}
			return o.analyzer.Secret(provider)
		}
	}
	if r.dryRun {
		for _, id := range ids {
			d, err := st.Get(ctx, id)
			if err != nil {
				return err
			}
			o2 := opts
			if secretFor != nil {
				o2.Secret = secretFor(d.Provider)
			}
			req, resigned, err := replay.Build(ctx, d, o2)
			if err != nil {
				return err
			}
			note := ""
			if resigned != "" {
				note = " (re-signed)"
			}
			fmt.Fprintf(env.Stdout, "%s  %s %s%s\n", d.ID, sanitize.Line(req.Method), sanitize.Line(replay.URL(req)), note)
		}
		fmt.Fprintf(env.Stderr, "dry run: %d deliveries would be sent\n", len(ids))
		return nil
	}
	record := func(a store.Attempt) {
		if err := st.InsertAttempt(context.WithoutCancel(ctx), &a); err != nil {
			fmt.Fprintf(env.Stderr, "hookscope: %v\n", err)
		}
		printResult(env, o, &a)
	}
	sum := replay.Bulk(ctx, ids, st.Get, replay.Client(opts), opts, secretFor,
		replay.BulkOptions{Concurrency: r.concurrency, Rate: r.rate, StopOnFailure: r.stopOnFailure}, record)
	fmt.Fprintln(env.Stderr, sum)
	if sum.Sent != sum.OK || sum.Stopped != "" {
		if len(ids) == 1 {
			return errors.New("the replay did not get a 2xx")
		}
		return fmt.Errorf("%d of %d replays did not get a 2xx", len(ids)-sum.OK, len(ids))
	}
	return nil
}

// checkReplayFlags refuses values that would otherwise be read as
// something else: a negative timeout as none. The selection flags are
// checked by selection.
func checkReplayFlags(o *options) error {
	r := o.replay
	switch {
	case r.timeout < 0:
		return usagef("--timeout %s: want a positive duration such as 10s", r.timeout)
	case r.concurrency < 1:
		return usagef("--concurrency %d: want 1 or more", r.concurrency)
	case r.rate < 0 || math.IsNaN(r.rate) || math.IsInf(r.rate, 0):
		return usagef("--rate %v: want requests per second, 0 or more (0: no limit)", r.rate)
	}
	return nil
}

// checkProvider refuses a --provider no provider has.
func checkProvider(id string) error {
	if id == "" || id == decode.Unknown {
		return nil
	}
	if _, ok := registry.Lookup(id); !ok {
		return usagef("--provider %q: want one of %s, %s", id, strings.Join(registry.IDs(), ", "), decode.Unknown)
	}
	return nil
}

func readBody(env Env, path string) ([]byte, error) {
	if path == "-" {
		b, err := io.ReadAll(env.Stdin)
		if err != nil {
			return nil, fmt.Errorf("read body from stdin: %w", err)
		}
		return b, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return b, nil
}

func printResult(env Env, o *options, a *store.Attempt) {
	if o.json {
		writeOut(env.Stdout, toJSONAttempt(a))
		return
	}
	if a.URL == "" { // failed before there was a request
		fmt.Fprintf(env.Stdout, "%s  not sent → %s\n", a.DeliveryID, sanitize.Line(replay.Outcome(a)))
		return
	}
	fmt.Fprintf(env.Stdout, "%s  %s %s → %s\n", a.DeliveryID, sanitize.Line(a.Method), sanitize.Line(a.URL), sanitize.Line(replay.Outcome(a)))
}
