package tunnel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Provider says where a public URL came from.
type Provider string

// Providers.
const (
	ProviderConfig      Provider = "public_url"
	ProviderNgrok       Provider = "ngrok"
	ProviderCloudflared Provider = "cloudflared"
)

// Tunnel is a public URL that reaches hookscope.
type Tunnel struct {
	Provider Provider
	// URL is the public base URL, scheme and host without a trailing
	// slash: https://abc.ngrok.app. Only a plain DNS host is accepted, so
	// it is safe to print.
	URL string
	// Origin is where the agent says the tunnel forwards (ngrok's
	// config.addr), made printable; "" when the agent does not say.
	Origin string
	// Note qualifies the match, "" when the agent said it forwards to
	// hookscope's port.
	Note string
}

// Observation is the result of one Check.
type Observation struct {
	// Tunnel is the tunnel found; its URL is "" when none was.
	Tunnel Tunnel
	// Hint says why nothing matched although an agent is running (it
	// forwards to another port), "" otherwise.
	Hint string
	// Problem says an agent answered but not usably (an error status,
	// JSON that does not parse, a timeout), "" otherwise. When nothing is
	// running at all both Hint and Problem are "".
	Problem string
}

// Detector looks for the tunnel that forwards to hookscope.
type Detector struct {
	// Listen is the capture server's address as bound (host:port, the
	// real port when it was started on port 0).
	Listen string
	// PublicURL, from the config, wins over detection when set.
	PublicURL string
	// NgrokAPI is the ngrok agent's address; "" means DefaultNgrokAPI.
	NgrokAPI string
	// CloudflaredMetrics are cloudflared metrics server addresses; empty
	// means DefaultCloudflaredMetrics.
	CloudflaredMetrics []string
	// Client makes the requests; nil means one with a one-second timeout
	// and no proxy (the agents are local).
	Client *http.Client
}

// defaultClient never goes through HTTP_PROXY: the agents are local.
var defaultClient = &http.Client{
	Timeout:   time.Second,
	Transport: &http.Transport{Proxy: nil, MaxIdleConns: 4, IdleConnTimeout: 30 * time.Second},
}

// Check runs one round of detection: public_url, else ngrok, else
// cloudflared. It blocks for at most the client's timeout per agent, so a
// tea.Cmd can run it.
func (d *Detector) Check(ctx context.Context) Observation {
	if d.PublicURL != "" {
		u := publicBase(d.PublicURL)
		if u == "" {
			// A configured URL may carry a path prefix the tunnel strips;
			// keep it as the user wrote it (it is theirs, not an agent's).
			u = strings.TrimRight(strings.TrimSpace(d.PublicURL), "/")
		}
		return Observation{Tunnel: Tunnel{Provider: ProviderConfig, URL: u}}
	}
	if Port(d.Listen) == "" {
		return Observation{Problem: fmt.Sprintf("hookscope's port is not known (listening on %q)", d.Listen)}
	}
	c := d.Client
	if c == nil {
		c = defaultClient
	}
	ng := detectNgrok(ctx, c, d.NgrokAPI, d.Listen)
	if ng.tunnel.URL != "" {
		return ng.observation()
	}
	addrs, explicit := d.CloudflaredMetrics, len(d.CloudflaredMetrics) > 0
	if !explicit {
		addrs = DefaultCloudflaredMetrics
	}
	cf := detectCloudflared(ctx, c, addrs, explicit, d.Listen)
	if cf.tunnel.URL != "" {
		return cf.observation()
	}
	obs := Observation{Hint: join(ng.hint, cf.hint), Problem: join(ng.problem, cf.problem)}
	if ng.absent {
		obs.Problem = cf.problem
	}
	return obs
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// probe is what one agent said.
type probe struct {
	tunnel  Tunnel
	hint    string
	problem string
	absent  bool // nothing listens there: the quiet case
}

func (p probe) observation() Observation { return Observation{Tunnel: p.tunnel} }

// maxAnswer bounds what is read from an agent: its tunnel list is small.
const maxAnswer = 1 << 20

// getJSON GETs url into v; a non-200 status is returned without decoding.
func getJSON(ctx context.Context, c *http.Client, url string, v any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer))
		return resp.StatusCode, nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxAnswer)).Decode(v); err != nil {
		return resp.StatusCode, fmt.Errorf("answer is not the documented JSON: %w", err)
	}
	return resp.StatusCode, nil
}

func statusErr(status int, err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("answered %d %s", status, http.StatusText(status))
}

// isAbsent reports whether err means nothing listens: connection refused
// (or the address is not even reachable), the normal state without an
// agent.
func isAbsent(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" && !op.Timeout()
}

// describe puts err in a sentence about what; errors from net/http carry
// the URL, which is already in what.
func describe(what string, err error) string {
	if isAbsent(err) {
		return ""
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return what + " did not answer in time"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return what + ": " + printable(err.Error(), 200)
}
