package tunnel

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestNgrokFindsTheTunnelToOurPort(t *testing.T) {
	agent := ngrokAgent(t,
		ngrokTunnel{"other", "https://other.ngrok.app", "https", "localhost:3000"},
		ngrokTunnel{"ours (http)", "http://ours.ngrok.io", "http", "http://localhost:4747"},
		ngrokTunnel{"ours", "https://ours.ngrok.io", "https", "http://localhost:4747"},
		ngrokTunnel{"tcp", "tcp://0.tcp.ngrok.io:12345", "tcp", "localhost:4747"},
	)
	obs := detector(t, agent.URL).Check(context.Background())
	want := Tunnel{Provider: ProviderNgrok, URL: "https://ours.ngrok.io", Origin: "http://localhost:4747"}
	if obs.Tunnel != want || obs.Hint != "" || obs.Problem != "" {
		t.Fatalf("Check = %+v, want tunnel %+v and nothing else", obs, want)
	}
}

func TestNgrokTakesHTTPWhenThatIsAllThereIs(t *testing.T) {
	agent := ngrokAgent(t, ngrokTunnel{"ours", "http://ours.ngrok.io", "http", "4747"})
	if got := detector(t, agent.URL).Check(context.Background()).Tunnel.URL; got != "http://ours.ngrok.io" {
		t.Fatalf("URL = %q", got)
	}
}

func TestNgrokForwardingElsewhereSaysWhere(t *testing.T) {
	agent := ngrokAgent(t,
		ngrokTunnel{"a", "https://a.ngrok.app", "https", "localhost:3000"},
		ngrokTunnel{"b", "https://b.ngrok.app", "https", "http://localhost:8080"},
	)
	obs := detector(t, agent.URL).Check(context.Background())
	if obs.Tunnel.URL != "" {
		t.Fatalf("found %+v, but no tunnel forwards to 4747", obs.Tunnel)
	}
	want := "ngrok is running but forwards only to http://localhost:8080, localhost:3000, not to port 4747"
	if obs.Hint != want || obs.Problem != "" {
		t.Fatalf("Hint = %q, Problem = %q; want hint %q", obs.Hint, obs.Problem, want)
	}
}

func TestNothingRunningIsQuiet(t *testing.T) {
	obs := detector(t, "", closedAddr(t), closedAddr(t)).Check(context.Background())
	if obs != (Observation{}) {
		t.Fatalf("Check with no agent = %+v, want the zero Observation (no hint, no problem)", obs)
	}
}

func TestNgrokAnsweringBadlyIsAProblemNotAPanic(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"500":      func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) },
		"not json": func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>ngrok</html>")) },
		"wrong shape": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"tunnels":"none"}`))
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			obs := detector(t, srv.URL).Check(context.Background())
			if obs.Tunnel.URL != "" || !strings.HasPrefix(obs.Problem, "the ngrok agent API at "+srv.URL) {
				t.Fatalf("Check = %+v, want a problem naming the agent", obs)
			}
		})
	}
}

func TestNgrokThatHangsIsATimeoutProblem(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	d := detector(t, srv.URL)
	d.Client = &http.Client{Timeout: 50 * time.Millisecond}
	obs := d.Check(context.Background())
	if obs.Problem != "the ngrok agent API at "+srv.URL+" did not answer in time" {
		t.Fatalf("Problem = %q", obs.Problem)
	}
}

func TestNgrokEndpointsAPIWhenTunnelsIsGone(t *testing.T) {
	agent := standIn(t, map[string][]byte{"/api/endpoints": []byte(`{"endpoints":[
		{"name":"a","url":"https://a.ngrok.app","upstream":{"url":"http://localhost:3000","protocol":"http1"}},
		{"name":"b","url":"https://b.ngrok.app","upstream":{"url":"http://localhost:4747","protocol":"http1"}}
	],"uri":"/api/endpoints"}`)})
	obs := detector(t, agent.URL).Check(context.Background())
	if obs.Tunnel.URL != "https://b.ngrok.app" {
		t.Fatalf("Check = %+v, want https://b.ngrok.app", obs)
	}
}

func TestNgrokAPIAddressForms(t *testing.T) {
	agent := ngrokAgent(t, ngrokTunnel{"ours", "https://ours.ngrok.io", "https", "4747"})
	hostport := strings.TrimPrefix(agent.URL, "http://")
	for _, api := range []string{agent.URL, agent.URL + "/", agent.URL + "/api", agent.URL + "/api/", hostport} {
		if got := detector(t, api).Check(context.Background()).Tunnel.URL; got != "https://ours.ngrok.io" {
			t.Errorf("--ngrok-api %s: URL = %q", api, got)
		}
	}
	if got := ngrokBase(""); got != DefaultNgrokAPI {
		t.Errorf("default = %q", got)
	}
}

func TestHostileAgentTextNeverReachesTheTerminalRaw(t *testing.T) {
	agent := ngrokAgent(t,
		ngrokTunnel{"evil", "https://evil\x1b]52;c;cHduZWQ=\x07.ngrok.app", "https", "localhost:4747"},
		ngrokTunnel{"evil2", "https://x.ngrok.app", "https", "localhost:3000\x1b[2J\u009b31m"},
	)
	obs := detector(t, agent.URL).Check(context.Background())
	if obs.Tunnel.URL != "" {
		t.Fatalf("accepted %q as a public URL", obs.Tunnel.URL)
	}
	for _, r := range obs.Hint + obs.Problem {
		if r < ' ' || r >= 0x7f && r != '…' {
			t.Fatalf("hint %q carries %U", obs.Hint, r)
		}
	}
}

func TestPublicURLWinsWithoutAskingAnyAgent(t *testing.T) {
	asked := make(chan string, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { asked <- r.URL.Path }))
	defer srv.Close()
	d := detector(t, srv.URL, strings.TrimPrefix(srv.URL, "http://"))
	d.PublicURL = "https://hooks.example.com/"
	obs := d.Check(context.Background())
	if obs.Tunnel != (Tunnel{Provider: ProviderConfig, URL: "https://hooks.example.com"}) {
		t.Fatalf("Check = %+v", obs)
	}
	select {
	case p := <-asked:
		t.Fatalf("asked an agent for %s although public_url is set", p)
	default:
	}
}

func TestUnboundPortIsAProblem(t *testing.T) {
	d := detector(t, "")
	d.Listen = "127.0.0.1:0"
	if obs := d.Check(context.Background()); obs.Problem == "" || obs.Tunnel.URL != "" {
		t.Fatalf("Check = %+v", obs)
	}
}
