package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/decode/scheme"
	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/ui/sanitize"
)

func sendFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.to, "to", "", "`url` to send to; the fixture's path is appended to its path (default: the configured capture address)")
	fs.StringVar(&o.secretEnv, "secret-env", "", "sign with the secret in environment variable `NAME` (default: the provider's configured secret)")
}

func fixturesFlags(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.json, "json", false, "print one JSON object per line")
}

func runSend(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) != 1 {
		return usagef("send takes one fixture name, e.g. spiffy/orders-create (`hookscope fixtures` lists them)")
	}
	f, err := fixtures.Get(args[0])
	if err != nil {
		return usageError{err.Error()}
	}
	to := o.to
	if to == "" {
		if _, port, _ := net.SplitHostPort(o.cfg.Listen); port == "0" || port == "" {
			return usagef("--to is required when the capture address has no fixed port")
		}
		to = "http://" + o.cfg.Listen
	}
	req, err := f.Request(ctx, to)
	if err != nil {
		return usageError{err.Error()}
	}
	signedWith, err := signFixture(env, o, f, req)
	if err != nil {
		return err
	}
	client := &http.Client{
		Timeout: 30 * time.Second,
		// A platform does not follow redirects with a webhook; show them.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("send %s: %w", f.Name, err)
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("read reply to %s: %w", f.Name, err)
	}
	status := resp.StatusCode
	if signedWith != "" {
		fmt.Fprintf(env.Stderr, "signed: %s\n", signedWith)
	}
	fmt.Fprintf(env.Stderr, "sent %s (%s %s) to %s: %d %s\n", f.Name, f.Provider, f.Event, to, status, http.StatusText(status))
	if len(reply) > 0 {
		fmt.Fprintln(env.Stdout, sanitize.Text(string(reply)))
	}
	if status < 200 || status > 299 {
		return fmt.Errorf("%s answered %d", to, status)
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

func runFixtures(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) > 0 {
		return usagef("fixtures takes no arguments")
	}
	all, err := fixtures.All()
	if err != nil {
		return err
	}
	for _, f := range all {
		if o.json {
			if err := writeOut(env.Stdout, map[string]string{
				"name": f.Name, "provider": f.Provider, "event": f.Event,
				"method": f.Method, "path": f.Path, "description": f.Description,
			}); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(env.Stdout, "%-36s %-14s %s\n", f.Name, f.Provider, f.Event)
	}
	return nil
}
