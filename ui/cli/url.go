package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hookscope/hookscope/capture/tunnel"
	"github.com/hookscope/hookscope/decode/registry"
)

// tunnelFlags say where to look for a tunnel agent.
type tunnelFlags struct {
	ngrokAPI    string
	cloudflared string
	staleAfter  time.Duration // the TUI's: warn after this long without a delivery
}

// registerTunnel adds the TUI's tunnel flags: where the agents are, and
// when a tunnel without deliveries is worth a warning.
func (o *options) registerTunnel(fs *pflag.FlagSet) {
	o.registerAgents(fs)
	fs.DurationVar(&o.tunnel.staleAfter, "stale-after", tunnel.DefaultStaleAfter, "warn when no delivery arrived for `duration` while a tunnel is up (0: never)")
}

// registerAgents adds where to find the tunnel agents, for the TUI and url.
func (o *options) registerAgents(fs *pflag.FlagSet) {
	fs.StringVar(&o.tunnel.ngrokAPI, "ngrok-api", tunnel.DefaultNgrokAPI, "`address` of the ngrok agent's local API (its web_addr)")
	fs.StringVar(&o.tunnel.cloudflared, "cloudflared-metrics", "", "`address` of cloudflared's metrics server (default: the ports 20241–20245 it picks from)")
}

// tunnelPolicy is the TUI's tunnel timings, with --stale-after.
func (o *options) tunnelPolicy() tunnel.Policy {
	p := tunnel.DefaultPolicy()
	p.StaleAfter = o.tunnel.staleAfter
	return p
}

// detector is the tunnel detection the flags and config ask for, for a
// capture server listening on listen.
func (o *options) detector(listen string) *tunnel.Detector {
	d := &tunnel.Detector{Listen: listen, PublicURL: o.cfg.PublicURL, NgrokAPI: o.tunnel.ngrokAPI}
	if o.tunnel.cloudflared != "" {
		d.CloudflaredMetrics = []string{o.tunnel.cloudflared}
	}
	return d
}

func newCmdURL(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "url",
		Short: "Print the public URL of the tunnel to hookscope (ngrok, cloudflared) and what to register per provider",
		Long: `Find the tunnel (ngrok's local API, cloudflared's metrics server) that forwards to hookscope's
capture port, and print its public URL and, per provider, the URL to register with the platform.
Exit 1, with how to start one, when no tunnel forwards there.`,
		Example: `  hookscope url
  hookscope url --listen 127.0.0.1:4848 --ngrok-api 127.0.0.1:4041`,
		Args: noArgs,
		RunE: f.resolved(orDefault(runF, runURL)),
	}
	urlFlags(cmd, f.opts)
	return cmd
}

func urlFlags(cmd *cobra.Command, o *options) { o.registerAgents(cmd.Flags()) }

// runURL prints the public URL that reaches hookscope and, per provider,
// the URL to register; exit 1 when no tunnel forwards to hookscope.
func runURL(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) > 0 {
		return usagef("url takes no arguments")
	}
	port := tunnel.Port(o.cfg.Listen)
	if port == "" {
		return usagef("the capture address %q has no fixed port; give --listen with the port hookscope listens on", o.cfg.Listen)
	}
	obs := o.detector(o.cfg.Listen).Check(ctx)
	t := obs.Tunnel
	if t.URL == "" {
		msg := fmt.Sprintf("no tunnel forwards to %s; start one with `ngrok http %s` (or `cloudflared tunnel --url http://localhost:%s`)",
			o.cfg.Listen, port, port)
		for _, more := range []string{obs.Hint, obs.Problem} {
			if more != "" {
				msg += "\n  " + more
			}
		}
		return fmt.Errorf("%s", msg)
	}
	fmt.Fprintln(env.Stdout, t.URL)
	from := string(t.Provider)
	if t.Origin != "" {
		from += ", forwarding to " + t.Origin
	}
	fmt.Fprintf(env.Stdout, "(%s)\n", from)
	if t.Note != "" {
		fmt.Fprintf(env.Stdout, "(%s)\n", t.Note)
	}
	fmt.Fprintln(env.Stdout, "\nRegister with each platform:")
	for _, e := range tunnel.Endpoints(t.URL, registry.IDs(), routePrefixes(o.cfg.Routes)) {
		fmt.Fprintf(env.Stdout, "  %-14s %s\n", e.Provider, e.URL)
	}
	return nil
}

// routePrefixes maps each provider to the prefix of the first route that
// settles it for every topic: registering that path makes detection
// certain.
func routePrefixes(routes []registry.Route) map[string]string {
	out := map[string]string{}
	for _, r := range routes {
		if r.Topic == "" && out[r.Provider] == "" {
			out[r.Provider] = r.Prefix
		}
	}
	return out
}
