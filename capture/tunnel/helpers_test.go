package tunnel

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// ngrokTunnel is one tunnel in a stand-in agent's /api/tunnels.
type ngrokTunnel struct{ name, publicURL, proto, addr string }

// ngrokJSON is /api/tunnels in the shape the agent API documents,
// metrics included, so unknown fields are known to be ignored.
func ngrokJSON(tunnels ...ngrokTunnel) []byte {
	type conns struct {
		Count  int     `json:"count"`
		Gauge  int     `json:"gauge"`
		Rate1  float64 `json:"rate1"`
		Rate5  float64 `json:"rate5"`
		Rate15 float64 `json:"rate15"`
		P50    float64 `json:"p50"`
		P90    float64 `json:"p90"`
		P95    float64 `json:"p95"`
		P99    float64 `json:"p99"`
	}
	var list []map[string]any
	for _, t := range tunnels {
		list = append(list, map[string]any{
			"name":       t.name,
			"uri":        "/api/tunnels/" + t.name,
			"public_url": t.publicURL,
			"proto":      t.proto,
			"config":     map[string]any{"addr": t.addr, "inspect": true},
			"metrics":    map[string]any{"conns": conns{}, "http": conns{}},
		})
	}
	b, err := json.Marshal(map[string]any{"tunnels": list, "uri": "/api/tunnels"})
	if err != nil {
		panic(err)
	}
	return b
}

// standIn serves body at path (as JSON) and 404 elsewhere.
func standIn(t *testing.T, routes map[string][]byte) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := routes[r.URL.Path]
		if !ok || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// ngrokAgent is a stand-in ngrok agent listing tunnels.
func ngrokAgent(t *testing.T, tunnels ...ngrokTunnel) *httptest.Server {
	return standIn(t, map[string][]byte{"/api/tunnels": ngrokJSON(tunnels...)})
}

// quickTunnelServer is a stand-in cloudflared metrics server.
func quickTunnelServer(t *testing.T, hostname string) *httptest.Server {
	body, _ := json.Marshal(map[string]string{"hostname": hostname})
	return standIn(t, map[string][]byte{"/quicktunnel": body, "/metrics": []byte("# HELP build_info\n")})
}

// closedAddr is a loopback address where nothing listens: connecting
// is refused, as when no agent runs.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// detector looks only at the given stand-ins (never the real default
// ports, where a developer's own agent may run).
func detector(t *testing.T, ngrokAPI string, cloudflared ...string) *Detector {
	if ngrokAPI == "" {
		ngrokAPI = closedAddr(t)
	}
	if len(cloudflared) == 0 {
		cloudflared = []string{closedAddr(t)}
	}
	return &Detector{Listen: "127.0.0.1:4747", NgrokAPI: ngrokAPI, CloudflaredMetrics: cloudflared}
}
