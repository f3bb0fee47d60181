package tunnel

import (
	"context"
	"strings"
	"testing"
)

func hostport(url string) string { return strings.TrimPrefix(url, "http://") }

func TestCloudflaredQuickTunnel(t *testing.T) {
	cf := quickTunnelServer(t, "seasonal-deck-organisms-sf.trycloudflare.com")
	obs := detector(t, "", closedAddr(t), hostport(cf.URL)).Check(context.Background())
	if obs.Tunnel.URL != "https://seasonal-deck-organisms-sf.trycloudflare.com" || obs.Tunnel.Provider != ProviderCloudflared {
		t.Fatalf("Check = %+v", obs)
	}
	if !strings.Contains(obs.Tunnel.Note, "only one running") {
		t.Fatalf("Note = %q, want it to say the match is assumed", obs.Tunnel.Note)
	}
}

func TestCloudflaredNamedTunnelIsNotAQuickTunnel(t *testing.T) {
	cf := quickTunnelServer(t, "")
	if obs := detector(t, "", hostport(cf.URL)).Check(context.Background()); obs != (Observation{}) {
		t.Fatalf("Check = %+v, want nothing", obs)
	}
}

func TestCloudflaredSeveralQuickTunnelsAreAmbiguous(t *testing.T) {
	a := quickTunnelServer(t, "a-b-c.trycloudflare.com")
	b := quickTunnelServer(t, "d-e-f.trycloudflare.com")
	obs := detector(t, "", hostport(a.URL), hostport(b.URL)).Check(context.Background())
	if obs.Tunnel.URL != "" || !strings.Contains(obs.Hint, "2 cloudflared quick tunnels") || !strings.Contains(obs.Hint, "public_url") {
		t.Fatalf("Check = %+v, want no tunnel and a hint to set public_url", obs)
	}
}

func TestCloudflaredExplicitAddressAnsweringBadlyIsAProblem(t *testing.T) {
	srv := standIn(t, map[string][]byte{"/quicktunnel": []byte("not json")})
	obs := detector(t, "", hostport(srv.URL)).Check(context.Background())
	if !strings.HasPrefix(obs.Problem, "the cloudflared metrics server at "+srv.URL) {
		t.Fatalf("Problem = %q", obs.Problem)
	}
}

func TestNgrokForOurPortWinsOverAQuickTunnel(t *testing.T) {
	agent := ngrokAgent(t, ngrokTunnel{"ours", "https://ours.ngrok.io", "https", "localhost:4747"})
	cf := quickTunnelServer(t, "a-b-c.trycloudflare.com")
	if got := detector(t, agent.URL, hostport(cf.URL)).Check(context.Background()).Tunnel.URL; got != "https://ours.ngrok.io" {
		t.Fatalf("URL = %q", got)
	}
}

func TestQuickTunnelFoundWhileNgrokForwardsElsewhere(t *testing.T) {
	agent := ngrokAgent(t, ngrokTunnel{"other", "https://other.ngrok.io", "https", "localhost:3000"})
	cf := quickTunnelServer(t, "a-b-c.trycloudflare.com")
	if got := detector(t, agent.URL, hostport(cf.URL)).Check(context.Background()).Tunnel.URL; got != "https://a-b-c.trycloudflare.com" {
		t.Fatalf("URL = %q", got)
	}
}
