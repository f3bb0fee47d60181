package ui

import (
	"context"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/tunnel"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// The tunnel is watched by a loop of Cmds: one runs a round of detection
// (Detector.Check, which blocks on the agents' local APIs) and reports it;
// Update applies it to the state machine (Policy.Next) and schedules the
// next round after Policy.Delay. Each round carries the loop's sequence
// number, so a stale round is dropped.

type (
	tunnelMsg struct {
		seq int
		obs tunnel.Observation
	}
	tunnelTickMsg struct{ seq int }
)

// checkTunnel runs one round of detection in a Cmd, on a copy of the
// detector.
func (m Model) checkTunnel() tea.Cmd {
	if m.opts.Tunnel == nil {
		return nil
	}
	d, seq := *m.opts.Tunnel, m.tunnelSeq
	return func() tea.Msg {
		return tunnelMsg{seq: seq, obs: d.Check(context.Background())}
	}
}

// applyTunnel takes a round's result and schedules the next.
func (m *Model) applyTunnel(msg tunnelMsg) tea.Cmd {
	if msg.seq != m.tunnelSeq {
		return nil
	}
	m.tunnel = m.opts.TunnelPolicy.Next(m.tunnel, msg.obs, m.opts.Now())
	m.tunnelSeq++
	m.list.SetHint(m.registerHint())
	seq := m.tunnelSeq
	return tea.Tick(m.opts.TunnelPolicy.Delay(m.tunnel), func(time.Time) tea.Msg { return tunnelTickMsg{seq} })
}

// tunnelDelivered tells the state machine a delivery arrived: senders
// reach the URL.
func (m *Model) tunnelDelivered() {
	if m.opts.Tunnel != nil {
		m.tunnel = m.opts.TunnelPolicy.Delivered(m.tunnel, m.opts.Now())
	}
}

// publicURL is the public base URL that reaches hookscope, "" when none is
// known.
func (m Model) publicURL() string { return m.tunnel.Tunnel.URL }

// registerHint says what to register with each platform: the public URL
// and a path per provider (tunnel.Endpoints), one line for the providers
// on /webhooks/<id> and one each for those a route gives another path.
// Without a tunnel it says how to start one.
func (m Model) registerHint() []string {
	if m.opts.Tunnel == nil {
		return nil
	}
	base := m.publicURL()
	if base == "" {
		port := tunnel.Port(m.opts.Tunnel.Listen)
		if port == "" {
			return nil
		}
		lines := []string{"for a platform to reach it: ngrok http " + port +
			" (or cloudflared tunnel --url http://localhost:" + port + "), then register https://…/webhooks/<provider>"}
		if h := m.tunnel.Hint; h != "" {
			lines = append(lines, h)
		}
		return lines
	}
	var plain []string
	var own []string
	for _, e := range tunnel.Endpoints(base, m.opts.Providers, m.opts.RoutePrefixes) {
		if e.URL == strings.TrimRight(base, "/")+"/webhooks/"+e.Provider {
			plain = append(plain, e.Provider)
		} else {
			own = append(own, e.Provider+": "+e.URL)
		}
	}
	sort.Strings(own)
	var lines []string
	if len(plain) > 0 {
		// One whole URL to copy, of the best-known platform there is.
		example := plain[0]
		for _, id := range plain {
			if id == "stripe" {
				example = id
			}
		}
		lines = append(lines, "register "+strings.TrimRight(base, "/")+"/webhooks/"+example+" (or /webhooks/<provider>: "+strings.Join(plain, ", ")+")")
	}
	if len(own) > 0 {
		lines = append(lines, "register "+strings.Join(own, "; "))
	}
	return lines
}

// registerLines is registerHint for the ? help, wrapped to the width.
func (m Model) registerLines() []string {
	var out []string
	for _, h := range m.registerHint() {
		for _, l := range strings.Split(ansi.Wordwrap(sanitize.Line(h), max(20, m.width), " "), "\n") {
			out = append(out, m.styles.Bar.Muted.Render(format.Pad(l, m.width)))
		}
	}
	return out
}
