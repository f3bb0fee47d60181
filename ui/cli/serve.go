package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/hub"
	"github.com/hookscope/hookscope/capture/ratelog"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/ui/sanitize"
)

func newCmdServe(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the capture server alone and print each delivery as a JSON line",
		Long: `Run the capture server without the TUI: one JSON line per delivery on stdout, as it is committed
(--bodies adds headers and body). Messages go to stderr. Stops on SIGINT or SIGTERM, letting
deliveries in flight finish.

Under a burst, while no other hookscope process has the store open, the rows of the burst's
deliveries (each durable in the segment log before its 2xx) are committed once it pauses, and
their lines printed then; a TUI, list or show opened meanwhile has them committed at once.`,
		Example: `  hookscope serve
  hookscope serve --listen 127.0.0.1:0 --bodies | jq .
  hookscope serve --forward-to http://localhost:3000 --relay`,
		RunE: f.resolved(orDefault(runF, runServe)),
	}
	f.opts.registerCapture(cmd.Flags())
	cmd.Flags().BoolVar(&f.opts.bodies, "bodies", false, "include headers and body in each JSON line")
	return cmd
}

// shutdownGrace is how long in-flight deliveries get to finish on exit.
const shutdownGrace = 10 * time.Second

// capturing is a running capture setup: the store, the bound server, the
// subscription to what it commits and, with --forward-to, the forwarder.
type capturing struct {
	st        *store.Store
	srv       *capture.Server
	sub       *hub.Subscription
	fw        *replay.Forwarder
	fwFailing *ratelog.Log // failed forwards, logged at a bounded rate
}

// minCaptureProcs is the fewest Ps (GOMAXPROCS) a capturing process runs
// with, however few CPUs it has. The store's appender keeps its P through
// each write and fdatasync of a batch. On one P, the handlers whose
// sockets became readable meanwhile are not even runnable: only a P
// polls the network, and the only one is in the syscall, so the CPU idles
// through every sync. With a second P they are read and answered during
// it. Measured in issue 12, pinned to one CPU at saturation: the CPU
// busy 83-84% of the time rather than 68-72%, and 2-14% more deliveries a
// second.
const minCaptureProcs = 2

// ensureCaptureProcs raises GOMAXPROCS to minCaptureProcs when lower. It
// leaves a higher one, which the runtime chose from the CPUs the process
// may use, alone.
func ensureCaptureProcs() {
	if runtime.GOMAXPROCS(0) < minCaptureProcs {
		runtime.GOMAXPROCS(minCaptureProcs)
	}
}

// startCapture opens the store, publishing what it commits to a new
// subscription with room for buffer events, and binds the capture server
// (not yet serving). deferRows lets the store commit a burst's rows once
// it pauses while no other process watches it (store.Options
// DeferUnwatched). holdRetention has the store keep what the subscriber
// lost until it has read it back (store.Options.HoldRetention): for a
// subscriber that must see every delivery, serve's printer. On error
// nothing is left open.
func startCapture(ctx context.Context, o *options, buffer int, deferRows, holdRetention bool, logger *log.Logger) (*capturing, error) {
	ensureCaptureProcs()
	var h hub.Hub
	sub := h.Subscribe(buffer)
	so := o.storeOptions()
	so.OnCommit = h.Publish
	so.DeferUnwatched = deferRows
	if holdRetention {
		so.HoldRetention = sub.Behind
	}
	st, err := o.openStore(ctx, so)
	if err != nil {
		sub.Close()
		return nil, err
	}
	c := &capturing{st: st, sub: sub,
		fwFailing: ratelog.New(logger, "forward", "forward failed", "forwards failed", ratelog.DefaultInterval, nil)}
	opts, err := o.captureOptions(ctx, st)
	if err == nil {
		c.fw, err = o.forwarder(st, logger, c.fwFailing)
	}
	if err != nil {
		c.close(context.Background())
		return nil, err
	}
	opts = append(opts, o.forwardOptions(c.fw)...)
	c.srv = capture.New(st, append(opts, capture.WithLogger(logger))...)
	if err := c.srv.Listen(o.cfg.Listen); err != nil {
		c.close(context.Background())
		return nil, err
	}
	return c, nil
}

// shutdown stops the server, letting requests in flight finish within
// ctx, then waits for the forwards they queued; those still pending when
// ctx is done are recorded as interrupted, before close closes the store.
func (c *capturing) shutdown(ctx context.Context) error {
	err := c.srv.Shutdown(ctx)
	if c.fw != nil {
		c.fw.Close(ctx)
		c.fwFailing.Flush()
	}
	if err != nil {
		return fmt.Errorf("shut down capture server: %w", err)
	}
	return nil
}

// close releases what startCapture opened; call it after shutdown.
func (c *capturing) close(ctx context.Context) {
	if c.fw != nil {
		c.fw.Close(ctx)
	}
	c.sub.Close()
	c.st.Close()
}

func runServe(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) > 0 {
		return usagef("serve takes no arguments, got %q", args[0])
	}
	// Printed lines may wait for a burst to pause, unless they carry
	// bodies: reading each one back is a query, which commits what waits.
	c, err := startCapture(ctx, o, 8192, !o.bodies, true, log.New(env.Stderr, "hookscope: ", 0))
	if err != nil {
		return err
	}
	defer c.close(context.Background())
	st, srv, sub := c.st, c.srv, c.sub
	fmt.Fprintf(env.Stderr, "hookscope: capturing on http://%s/ (store %s)\n", srv.Addr(), st.Path())
	if c.fw != nil {
		mode := "forwarding every capture to"
		if o.forward.relay {
			mode = "relaying every capture to"
		}
		fmt.Fprintf(env.Stderr, "hookscope: %s %s\n", mode, sanitize.Line(c.fw.Target()))
	}

	printCtx, stopPrinting := context.WithCancel(context.WithoutCancel(ctx))
	p := &printer{st: st, sub: sub, w: bufio.NewWriterSize(env.Stdout, 64<<10), bodies: o.bodies}
	printed := make(chan error, 1)
	go func() { printed <- p.run(printCtx) }()

	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := c.shutdown(shutdownCtx); err != nil {
		serveErr = errors.Join(serveErr, err)
	}
	// Every acknowledged delivery is committed and published by now; the
	// printer writes what is left and stops.
	stopPrinting()
	if err := <-printed; err != nil {
		serveErr = errors.Join(serveErr, err)
	}
	return serveErr
}

// printer writes one JSON line per delivery in commit order. It runs off the
// request path: capture publishes to the hub and moves on. When the hub
// dropped events for it, the printer reads them back from the store, which
// holds back retention meanwhile (startCapture's holdRetention), so output
// has every delivery once. Measured in issue 12 (serve, a 10 s burst into
// --keep 100000): a reader of about 50k lines a second got 160,230 lines
// of 320,959 without the hold, and 320,192 of 320,192 with it.
type printer struct {
	st      *store.Store
	sub     *hub.Subscription
	w       *bufio.Writer
	bodies  bool
	lastSeq int64
	// ahead is a delivery taken off the subscription but not printed:
	// a reload from the store stopped before it (reload).
	ahead *store.Delivery

	// What every line reuses, so that printing a delivery allocates next
	// to nothing: at saturation the printer runs once per delivery
	// (issue 12). out is made on the first line.
	out  *jsonLineWriter
	line jsonDelivery
	sigs signatureMemo
}

// run prints until stop is done, then prints what is left and returns.
// Store reads do not use stop: what was stored before it must still print.
func (p *printer) run(stop context.Context) error {
	ctx := context.Background()
	for {
		if p.ahead != nil {
			if err := p.handle(ctx, p.queued()); err != nil {
				return err
			}
			continue
		}
		select {
		case d := <-p.sub.C():
			if err := p.handle(ctx, &d); err != nil {
				return err
			}
		case <-p.sub.Overflow():
			if err := p.catchUp(ctx); err != nil {
				return err
			}
		case <-stop.Done():
			for d := p.queued(); d != nil; d = p.queued() {
				if err := p.handle(ctx, d); err != nil {
					return err
				}
			}
			if err := p.catchUp(ctx); err != nil {
				return err
			}
			return p.w.Flush()
		}
		if len(p.sub.C()) == 0 {
			if err := p.w.Flush(); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
		}
	}
}

func (p *printer) handle(ctx context.Context, d *store.Delivery) error {
	// A miss means later deliveries are in the store but not in the
	// channel: reload them, with d among them in its place.
	if p.sub.Missed() == 0 {
		return p.print(ctx, d)
	}
	p.ahead = d
	return p.reload(ctx)
}

func (p *printer) catchUp(ctx context.Context) error {
	if p.sub.Missed() == 0 {
		return nil
	}
	return p.reload(ctx)
}

// reload prints the deliveries committed after the last one printed, from
// the store, merged in seq order with those still queued on the
// subscription: those queued before the first one lost may be ones the
// store never held (retired past --keep, see store's expire.go), and
// printing a later seq first would skip them as printed.
func (p *printer) reload(ctx context.Context) error {
	for {
		page, err := p.st.ListAfterSeq(ctx, p.lastSeq, 1000)
		if err != nil {
			return fmt.Errorf("catch up with missed deliveries: %w", err)
		}
		for i := range page {
			if err := p.printQueuedBefore(ctx, page[i].Seq); err != nil {
				return err
			}
			if err := p.print(ctx, &page[i]); err != nil {
				return err
			}
		}
		if len(page) < 1000 {
			// Retention held back what it would delete
			// (store.Options.HoldRetention) until now.
			p.sub.CaughtUp()
			return nil
		}
	}
}

// printQueuedBefore prints the queued deliveries whose seq comes before
// seq, holding the first that does not in ahead.
func (p *printer) printQueuedBefore(ctx context.Context, seq int64) error {
	for d := p.queued(); d != nil; d = p.queued() {
		if d.Seq >= seq {
			p.ahead = d
			return nil
		}
		if err := p.print(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

// queued takes the next delivery queued for printing, the one held ahead
// first, without waiting: nil when there is none.
func (p *printer) queued() *store.Delivery {
	if d := p.ahead; d != nil {
		p.ahead = nil
		return d
	}
	select {
	case d := <-p.sub.C():
		return &d
	default:
		return nil
	}
}

func (p *printer) print(ctx context.Context, d *store.Delivery) error {
	if d.Seq <= p.lastSeq {
		return nil
	}
	p.lastSeq = d.Seq
	withPayload := false
	if p.bodies {
		// Retention may have removed it already; then print what we have.
		if full, err := p.st.Get(ctx, d.ID); err == nil {
			d, withPayload = full, true
		}
	}
	if p.out == nil {
		p.out = newJSONLineWriter(p.w)
	}
	p.line.fill(d, withPayload, p.sigs.value(d.Signature))
	err := p.out.write(&p.line)
	if withPayload {
		p.line = jsonDelivery{} // not holding on to the body until the next line
	}
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

func writeOut(w io.Writer, v any) error {
	if err := writeJSONLine(w, v); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
