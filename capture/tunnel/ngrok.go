package tunnel

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// DefaultNgrokAPI is where the ngrok agent serves its local API unless its
// web_addr says otherwise.
const DefaultNgrokAPI = "http://127.0.0.1:4040"

// ngrokTunnels is GET /api/tunnels as the agent API documents it: each
// running tunnel's public_url, proto and config.addr (where it forwards).
type ngrokTunnels struct {
	Tunnels []struct {
		Name      string `json:"name"`
		PublicURL string `json:"public_url"`
		Proto     string `json:"proto"`
		Config    struct {
			Addr string `json:"addr"`
		} `json:"config"`
	} `json:"tunnels"`
}

// ngrokEndpoints is GET /api/endpoints, which agents that call tunnels
// "endpoints" serve: each endpoint's url and upstream.url. Read only when
// /api/tunnels is not there.
type ngrokEndpoints struct {
	Endpoints []struct {
		URL      string `json:"url"`
		Upstream struct {
			URL string `json:"url"`
		} `json:"upstream"`
	} `json:"endpoints"`
}

// ngrokBase turns --ngrok-api (127.0.0.1:4041, http://host:4041, …/api)
// into the agent's base URL.
func ngrokBase(api string) string {
	api = strings.TrimSpace(api)
	if api == "" {
		return DefaultNgrokAPI
	}
	if !strings.Contains(api, "://") {
		api = "http://" + api
	}
	api = strings.TrimRight(api, "/")
	return strings.TrimSuffix(api, "/api")
}

// candidate is one tunnel an agent reported.
type candidate struct {
	url, origin string
}

// detectNgrok asks the agent at api which tunnel forwards to listen.
func detectNgrok(ctx context.Context, c *http.Client, api, listen string) probe {
	base := ngrokBase(api)
	var list ngrokTunnels
	status, err := getJSON(ctx, c, base+"/api/tunnels", &list)
	var cands []candidate
	switch {
	case err != nil:
		return probe{problem: describe("the ngrok agent API at "+base, err), absent: isAbsent(err)}
	case status == http.StatusNotFound:
		var eps ngrokEndpoints
		status, err = getJSON(ctx, c, base+"/api/endpoints", &eps)
		if err != nil || status != http.StatusOK {
			return probe{problem: describe("the ngrok agent API at "+base, statusErr(status, err))}
		}
		for _, e := range eps.Endpoints {
			cands = append(cands, candidate{e.URL, e.Upstream.URL})
		}
	case status != http.StatusOK:
		return probe{problem: describe("the ngrok agent API at "+base, statusErr(status, nil))}
	default:
		for _, t := range list.Tunnels {
			cands = append(cands, candidate{t.PublicURL, t.Config.Addr})
		}
	}
	return pick(ProviderNgrok, cands, listen)
}

// pick chooses, among the tunnels that forward to listen, the https one
// (ngrok v2 agents open an http and an https tunnel per `ngrok http`);
// when none forwards there it says where they do forward.
func pick(p Provider, cands []candidate, listen string) probe {
	var best Tunnel
	var elsewhere []string
	for _, c := range cands {
		u := publicBase(c.url)
		if u == "" {
			continue // tcp:// and tls:// tunnels cannot carry webhooks
		}
		if !PointsAt(c.origin, listen) {
			elsewhere = append(elsewhere, printable(c.origin, 80))
			continue
		}
		if best.URL == "" || strings.HasPrefix(u, "https:") && !strings.HasPrefix(best.URL, "https:") {
			best = Tunnel{Provider: p, URL: u, Origin: printable(c.origin, 80)}
		}
	}
	if best.URL != "" {
		return probe{tunnel: best}
	}
	if len(elsewhere) == 0 {
		return probe{hint: fmt.Sprintf("%s is running without an http tunnel", p)}
	}
	sort.Strings(elsewhere)
	return probe{hint: fmt.Sprintf("%s is running but forwards only to %s, not to port %s",
		p, strings.Join(dedupe(elsewhere), ", "), Port(listen))}
}

func dedupe(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
