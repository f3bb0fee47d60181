package cli

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/ui/sanitize"
)

func sendFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.to, "to", "", "`url` to send to; the fixture's path is appended to its path (default: the configured capture address)")
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
	if _, err := f.Request(ctx, to); err != nil {
		return usageError{err.Error()}
	}
	client := &http.Client{
		Timeout: 30 * time.Second,
		// A platform does not follow redirects with a webhook; show them.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	status, reply, err := f.Send(ctx, client, to)
	if err != nil {
		return err
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
