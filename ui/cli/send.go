package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/decode/scheme"
	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// sendFlags are send's own flags.
type sendFlags struct {
	all bool
}

func newCmdSend(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "send FIXTURE... | --all",
		Short: "Send fixtures as their platforms would",
		Long: `Send sample deliveries (fixtures) as their platforms would: method, path, headers and body, signed
with the provider's configured secret (or --secret-env) when the platform signs. A name may be a
glob ('stripe/*'); --all sends every fixture. Each delivery gets one line on stderr with the
answer; with one fixture, the reply body goes to stdout. Exit 1 when any answer is not a 2xx.`,
		Example: `  hookscope send spiffy/orders-create
  hookscope send 'stripe/*' --to http://127.0.0.1:4747
  hookscope send --all
  HOOKSCOPE_STRIPE_SECRET=whsec_x hookscope send stripe/payment_intent.succeeded`,
		ValidArgsFunction: completeFixtures,
		RunE:              f.resolved(orDefault(runF, runSend)),
	}
	o := f.opts
	cmd.Flags().StringVar(&o.to, "to", "", "`url` to send to; the fixture's path is appended to its path (default: the configured capture address)")
	cmd.Flags().StringVar(&o.secretEnv, "secret-env", "", "sign with the secret in environment variable `NAME` (default: the provider's configured secret)")
	cmd.Flags().BoolVar(&o.send.all, "all", false, "send every fixture")
	return cmd
}

// completeFixtures completes fixture names.
func completeFixtures(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	all, err := everyFixture()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	names := make([]string, len(all))
	for i, f := range all {
		names[i] = f.Name
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// chooseFixtures are the fixtures args name, in order and each once: a
// name, or a glob as path.Match reads it; every fixture with all.
func chooseFixtures(args []string, all bool) ([]fixtures.Fixture, error) {
	switch {
	case all && len(args) > 0:
		return nil, usagef("give fixture names or --all, not both")
	case !all && len(args) == 0:
		return nil, usagef("send takes fixture names or globs, e.g. spiffy/orders-create or 'stripe/*', or --all (`hookscope fixtures` lists them)")
	}
	if all {
		return fixtures.All() // the platforms' own; hostile ones by name or glob
	}
	every, err := everyFixture()
	if err != nil {
		return nil, err
	}
	var out []fixtures.Fixture
	seen := map[string]bool{}
	add := func(f fixtures.Fixture) {
		if !seen[f.Name] {
			seen[f.Name] = true
			out = append(out, f)
		}
	}
	for _, arg := range args {
		if !strings.ContainsAny(arg, "*?[") {
			f, err := fixtures.Get(arg)
			if err != nil {
				return nil, usageError{err.Error()}
			}
			add(f)
			continue
		}
		matched := 0
		for _, f := range every {
			ok, err := path.Match(arg, f.Name)
			if err != nil {
				return nil, usagef("%q: %v", arg, err)
			}
			if ok {
				matched++
				add(f)
			}
		}
		if matched == 0 {
			return nil, usagef("%q matches no fixture (`hookscope fixtures` lists them)", arg)
		}
	}
	return out, nil
}

func runSend(ctx context.Context, env Env, o *options, args []string) error {
	fxs, err := chooseFixtures(args, o.send.all)
	if err != nil {
		return err
	}
	to := o.to
	if to == "" {
		if _, port, _ := net.SplitHostPort(o.cfg.Listen); port == "0" || port == "" {
			return usagef("--to is required when the capture address has no fixed port")
		}
		to = "http://" + o.cfg.Listen
	}
	client := &http.Client{
		Timeout: 30 * time.Second,
		// A platform does not follow redirects with a webhook; show them.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	if len(fxs) == 1 {
		return sendOne(ctx, env, o, client, fxs[0], to, true)
	}
	failed := 0
	for _, f := range fxs {
		if err := sendOne(ctx, env, o, client, f, to, false); err != nil {
			if errors.Is(err, errUsage) || ctx.Err() != nil {
				return err
			}
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d sends did not get a 2xx", failed, len(fxs))
	}
	return nil
}

// sendOne sends fixture f to to and prints one line saying how it went;
// alone, the reply body too, and an error says what failed. One of many
// is signed only when its platform signs (--secret-env is for the others),
// and its failure is its line.
func sendOne(ctx context.Context, env Env, o *options, client *http.Client, f fixtures.Fixture, to string, alone bool) error {
	req, err := f.Request(ctx, to)
	if err != nil {
		return usageError{err.Error()}
	}
	var signedWith string
	if p, ok := registry.Lookup(f.Provider); alone || ok && p.Signature() != nil {
		if signedWith, err = signFixture(env, o, f, req); err != nil {
			return err
		}
	}
	what := fmt.Sprintf("%s (%s %s) to %s", f.Name, f.Provider, f.Event, sanitize.Line(to))
	sent := "sent " + what
	resp, err := client.Do(req)
	if err != nil {
		if !alone {
			fmt.Fprintf(env.Stderr, "could not send %s: %s\n", what, sanitize.Line(err.Error()))
		}
		return fmt.Errorf("send %s: %w", f.Name, err)
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("read reply to %s: %w", f.Name, err)
	}
	status := resp.StatusCode
	line := fmt.Sprintf("%s: %d %s", sent, status, http.StatusText(status))
	if signedWith != "" {
		line += " (signed: " + signedWith + ")"
	}
	fmt.Fprintln(env.Stderr, line)
	if alone && len(reply) > 0 {
		fmt.Fprintln(env.Stdout, sanitize.Text(string(reply)))
	}
	if status < 200 || status > 299 {
		return fmt.Errorf("%s answered %d", sanitize.Line(to), status)
	}
	return nil
}

// signFixture signs req as f's platform would when it signs and a secret
// is at hand (--secret-env, else the configured secret). It returns the
// header it set, or "" when it did not sign.
func signFixture(env Env, o *options, f fixtures.Fixture, req *http.Request) (string, error) {
	p, ok := registry.Lookup(f.Provider)
	if !ok || p.Signature() == nil {
		if o.secretEnv != "" {
			return "", usagef("%s does not sign its webhooks; --secret-env has nothing to sign", f.Provider)
		}
		return "", nil
	}
	secret := o.analyzer.Secret(p.ID())
	if o.secretEnv != "" {
		v := env.Getenv(o.secretEnv)
		if v == "" {
			return "", usagef("--secret-env %s: the variable is empty or not set", o.secretEnv)
		}
		secret = []byte(v)
	}
	if len(secret) == 0 {
		return "", nil
	}
	// A URL-signing platform signs the URL it calls: the public URL when
	// one is configured for it (hookscope verifies against that), else
	// the URL sent to.
	signedURL := req.URL.String()
	if base := o.analyzer.PublicURL(p.ID()); base != "" {
		signedURL = strings.TrimRight(base, "/") + req.URL.RequestURI()
	}
	if err := decode.Resign(p.Signature(), req.Method, signedURL, req.Header, f.Body, secret); err != nil {
		if errors.Is(err, scheme.ErrCannotResign) {
			fmt.Fprintf(env.Stderr, "hookscope: %s: %v\n", f.Name, err)
			return "", nil
		}
		return "", fmt.Errorf("sign %s: %w", f.Name, err)
	}
	if urlSigning(p.Signature()) {
		return p.Signature().Name() + " for " + sanitize.Line(signedURL), nil
	}
	return p.Signature().Name(), nil
}

// urlSigning reports whether s signs the URL the platform calls.
func urlSigning(s decode.Scheme) bool {
	sp, ok := s.(decode.SpecScheme)
	return ok && sp.Spec.SignsURL()
}
