package tunnel

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// DefaultCloudflaredMetrics are the addresses cloudflared's metrics server
// takes when not given --metrics: the first free port of 20241–20245 on
// loopback (Cloudflare's tunnel metrics documentation).
var DefaultCloudflaredMetrics = []string{
	"127.0.0.1:20241", "127.0.0.1:20242", "127.0.0.1:20243", "127.0.0.1:20244", "127.0.0.1:20245",
}

// quickTunnel is GET /quicktunnel on the metrics server: the quick
// tunnel's hostname, empty for a named tunnel.
type quickTunnel struct {
	Hostname string `json:"hostname"`
}

// detectCloudflared finds a quick tunnel among the metrics servers at
// addrs. /quicktunnel does not say where the tunnel forwards, so a quick
// tunnel is taken to be hookscope's only when exactly one is running; with
// several, none is chosen and the hint says to set public_url.
//
// On the default ports other programs may answer too, so only an answer in
// the documented shape counts; for addresses the user gave (explicit) a
// bad answer is a problem to report.
func detectCloudflared(ctx context.Context, c *http.Client, addrs []string, explicit bool, listen string) probe {
	var found []string
	var problem string
	for _, a := range addrs {
		base := a
		if !strings.Contains(base, "://") {
			base = "http://" + base
		}
		base = strings.TrimRight(base, "/")
		var q quickTunnel
		status, err := getJSON(ctx, c, base+"/quicktunnel", &q)
		if err == nil && status != http.StatusOK {
			err = statusErr(status, nil)
		}
		if err != nil {
			if explicit && !isAbsent(err) && problem == "" {
				problem = describe("the cloudflared metrics server at "+base, err)
			}
			continue
		}
		if q.Hostname == "" {
			continue // a named tunnel: its hostnames are in Cloudflare's dashboard, not here
		}
		if u := publicBase("https://" + q.Hostname); u != "" {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 0:
		return probe{problem: problem, absent: problem == ""}
	case 1:
		return probe{tunnel: Tunnel{Provider: ProviderCloudflared, URL: found[0],
			Note: "cloudflared does not say where a quick tunnel forwards; assumed to be port " + Port(listen) + " as it is the only one running"}}
	default:
		return probe{hint: fmt.Sprintf("%d cloudflared quick tunnels are running (%s) and cloudflared does not say which forwards to port %s; set public_url",
			len(found), strings.Join(found, ", "), Port(listen))}
	}
}
