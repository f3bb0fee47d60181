package cli

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ngrokStandIn answers /api/tunnels as the ngrok agent API documents it.
func ngrokStandIn(t *testing.T, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/tunnels" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// refusedAddr is a loopback address where nothing listens.
func refusedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

const twoTunnels = `{"tunnels":[
 {"name":"web","uri":"/api/tunnels/web","public_url":"https://other.ngrok.app","proto":"https","config":{"addr":"http://localhost:3000","inspect":true}},
 {"name":"command_line","uri":"/api/tunnels/command_line","public_url":"https://abc.ngrok.app","proto":"https","config":{"addr":"http://localhost:4747","inspect":true}}
],"uri":"/api/tunnels"}`

func TestURLPrintsTheTunnelAndWhatToRegister(t *testing.T) {
	api := ngrokStandIn(t, twoTunnels)
	r := runCLI(t, tempEnv(t), "url", "--listen", "127.0.0.1:4747", "--ngrok-api", api, "--cloudflared-metrics", refusedAddr(t))
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	lines := strings.Split(r.stdout, "\n")
	if lines[0] != "https://abc.ngrok.app" {
		t.Fatalf("first line %q, want the bare URL (for scripts); stdout:\n%s", lines[0], r.stdout)
	}
	for _, want := range []string{
		"(ngrok, forwarding to http://localhost:4747)",
		"  spiffy         https://abc.ngrok.app/webhooks/spiffy\n",
		"  vend           https://abc.ngrok.app/webhooks/vend\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "other.ngrok.app") {
		t.Errorf("printed the tunnel to port 3000:\n%s", r.stdout)
	}
}

func TestURLUsesAConfiguredRoute(t *testing.T) {
	api := ngrokStandIn(t, twoTunnels)
	cfg := filepath.Join(t.TempDir(), "hookscope.toml")
	if err := os.WriteFile(cfg, []byte("[[routes]]\nprefix = \"/hooks/pos\"\nprovider = \"vend\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, tempEnv(t), "url", "--config", cfg, "--listen", "127.0.0.1:4747", "--ngrok-api", api, "--cloudflared-metrics", refusedAddr(t))
	if r.code != 0 || !strings.Contains(r.stdout, "  vend           https://abc.ngrok.app/hooks/pos\n") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestURLWithoutATunnelSaysHowToStartOne(t *testing.T) {
	r := runCLI(t, tempEnv(t), "url", "--listen", "127.0.0.1:4747", "--ngrok-api", refusedAddr(t), "--cloudflared-metrics", refusedAddr(t))
	want := "hookscope: no tunnel forwards to 127.0.0.1:4747; start one with `ngrok http 4747` (or `cloudflared tunnel --url http://localhost:4747`)\n"
	if r.code != 1 || r.stdout != "" || r.stderr != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and %q", r.code, r.stdout, r.stderr, want)
	}
}

func TestURLSaysWhereNgrokForwardsWhenNotToUs(t *testing.T) {
	api := ngrokStandIn(t, twoTunnels)
	r := runCLI(t, tempEnv(t), "url", "--listen", "127.0.0.1:5000", "--ngrok-api", api, "--cloudflared-metrics", refusedAddr(t))
	if r.code != 1 || !strings.Contains(r.stderr, "ngrok http 5000") ||
		!strings.Contains(r.stderr, "ngrok is running but forwards only to http://localhost:3000, http://localhost:4747, not to port 5000") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestURLNeedsAFixedPort(t *testing.T) {
	r := runCLI(t, tempEnv(t), "url", "--listen", "127.0.0.1:0", "--ngrok-api", refusedAddr(t))
	if r.code != 2 || !strings.Contains(r.stderr, "no fixed port") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestURLConfiguredPublicURLWinsOverATunnel(t *testing.T) {
	api := ngrokStandIn(t, twoTunnels)
	cfg := filepath.Join(t.TempDir(), "hookscope.toml")
	if err := os.WriteFile(cfg, []byte("public_url = \"https://hooks.example.com\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, tempEnv(t), "url", "--config", cfg, "--listen", "127.0.0.1:4747", "--ngrok-api", api, "--cloudflared-metrics", refusedAddr(t))
	if r.code != 0 || !strings.HasPrefix(r.stdout, "https://hooks.example.com\n(public_url)\n") ||
		!strings.Contains(r.stdout, "  spiffy         https://hooks.example.com/webhooks/spiffy\n") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
