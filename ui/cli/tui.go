package cli

import (
	"context"
	"errors"
	"log"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/ui"
	"github.com/hookscope/hookscope/ui/theme"
)

// runTUI runs the capture server with the TUI in front of it. Nothing is
// written to stdout while the TUI owns the terminal: capture errors reach
// the status bar through a channel.
func runTUI(ctx context.Context, env Env, o *options) error {
	if o.tunnel.staleAfter < 0 {
		return usagef("--stale-after %s: want a positive duration such as 30m, or 0 for never", o.tunnel.staleAfter)
	}
	problems := make(chan string, 16)
	logger := log.New(problemWriter(problems), "", 0)
	c, err := startCapture(ctx, o, 1024, false, false, logger)
	if err != nil {
		return err
	}
	defer c.close(context.Background())
	st, srv, sub := c.st, c.srv, c.sub
	watcher, err := st.Watch(ctx)
	if err != nil {
		return err
	}
	defer watcher.Close()
	served := make(chan error, 1)
	go func() {
		err := srv.Serve()
		if err != nil {
			logger.Print(err)
		}
		served <- err
	}()

	styles := theme.New(theme.Default())
	chroma := styles.Theme.ChromaDark
	if !lipgloss.HasDarkBackground() {
		chroma = styles.Theme.ChromaLight
	}
	uiErr := ui.Run(ctx, ui.Options{
		Store:       st,
		Arrivals:    sub.C(),
		Overflow:    sub.Overflow(),
		Changed:     watcher.Changed,
		Problems:    problems,
		Addr:        srv.Addr(),
		Inspect:     func(d *store.Delivery) registry.Inspection { return inspect(o.analyzer, d) },
		Secret:      o.analyzer.Secret,
		ForwardTo:   o.forward.to,
		Relay:       o.forward.relay,
		Styles:      styles,
		ChromaStyle: chroma,
		Getenv:      env.Getenv,
		// The address as bound: with --listen :0 the real port.
		Tunnel:        o.detector(srv.Addr()),
		TunnelPolicy:  o.tunnelPolicy(),
		Providers:     registry.IDs(),
		RoutePrefixes: routePrefixes(o.cfg.Routes),
		// Copied command lines and exports scrub them, as export does.
		ExportSecrets: configuredSecrets(o),
		FilterHistory: filterHistoryPath(o.getenv),
		Mouse:         o.cfg.Mouse,
	})

	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := c.shutdown(shutdownCtx); err != nil {
		uiErr = errors.Join(uiErr, err)
	}
	if err := <-served; err != nil {
		uiErr = errors.Join(uiErr, err)
	}
	return uiErr
}

// problemWriter turns log lines into messages for the status bar. It never
// blocks the capture path: when the UI is behind, a line is dropped (the
// delivery itself was answered 503 and the sender will retry).
type problemWriter chan<- string

func (w problemWriter) Write(p []byte) (int, error) {
	select {
	case w <- strings.TrimSpace(string(p)):
	default:
	}
	return len(p), nil
}
