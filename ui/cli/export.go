package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/replay/export"
	"github.com/hookscope/hookscope/ui/atomicfile"
)

// exportFlags are export's own flags.
type exportFlags struct {
	format string
	output string
	to     string
	redact stringList
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
func (l *stringList) Type() string       { return "strings" }

func newCmdExport(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export [ID...]",
		Short: "Write deliveries as HAR, NDJSON, curl or httpie command lines, or raw HTTP",
		Long: `Write deliveries, by id or every one matching --filter EXPR (README, Filters) and its shorthands
--provider, --topic, --since, --until and --signature (oldest first), as HAR (for browser
devtools), NDJSON (what import reads back byte for byte), curl or httpie command lines, or raw HTTP. Configured secrets are always replaced; --redact blanks more headers. With -o the
file is written whole, or not at all.`,
		Example: `  hookscope export --format har -o deliveries.har
  hookscope export 01JD3K4Q2X --format curl --to http://localhost:3000
  hookscope export --filter 'sig:invalid after:1d' --format har -o invalid.har
  hookscope export --provider stripe --redact Authorization,Cookie > stripe.ndjson`,
		RunE: f.resolved(orDefault(runF, runExport)),
	}
	exportFlagSet(cmd, f.opts)
	return cmd
}

func exportFlagSet(cmd *cobra.Command, o *options) {
	fs := cmd.Flags()
	fs.StringVar(&o.export.format, "format", "ndjson", "`format`: har, ndjson, curl, httpie or raw")
	fs.StringVarP(&o.export.output, "output", "o", "", "write to `file` instead of stdout (created whole, or not at all)")
	fs.StringVar(&o.export.to, "to", "", "with curl, httpie and har: send to `url` instead of the host each delivery was sent to")
	fs.Var(&o.export.redact, "redact", "blank the values of header `name` (repeat, or comma-separate: Authorization,Cookie); configured secrets are always replaced")
	o.sel.register(fs, "only deliveries")
}

func runExport(ctx context.Context, env Env, o *options, args []string) error {
	format, err := export.ParseFormat(o.export.format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	if err := idsOrSelection(args, o.sel); err != nil {
		return err
	}
	f, err := o.sel.selection(time.Now())
	if err != nil {
		return err
	}
	if format == export.Raw && o.export.output == "" && env.IsTerminal() {
		return usagef("raw output is the delivery's bytes as they arrived, which your terminal would act on; use -o FILE or a pipe")
	}
	opts := export.Options{Redact: o.export.redact, Target: o.export.to, Secrets: configuredSecrets(o)}
	st, err := openSelecting(ctx, o, f)
	if err != nil {
		return err
	}
	defer st.Close()
	return writeExport(env.Stdout, o.export.output, func(w io.Writer) (int, error) {
		x, err := export.NewWriter(w, format, opts)
		if err != nil {
			return 0, usagef("%v", err)
		}
		var n int
		if len(args) > 0 {
			err = eachDelivery(ctx, st, args, func(d *store.Delivery) error {
				attempts, err := st.Attempts(ctx, d.ID)
				if err != nil {
					return err
				}
				n++
				return x.Write(d, attempts)
			})
		} else {
			n, err = export.WriteAll(ctx, st, f, x)
		}
		if err != nil {
			return n, err
		}
		return n, x.Close()
	}, env.Stderr)
}

// configuredSecrets are every provider secret the config and environment
// give, which no export may contain.
func configuredSecrets(o *options) [][]byte {
	m, _ := o.cfg.secrets(o.getenv, o.configFile)
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([][]byte, 0, len(ids))
	for _, id := range ids {
		out = append(out, m[id]...)
	}
	return out
}

// eachDelivery calls f with each delivery given by id, loaded whole, in
// the order given. Without ids, export.WriteAll writes the deliveries the
// selection matches.
func eachDelivery(ctx context.Context, st *store.Store, ids []string, f func(*store.Delivery) error) error {
	for _, id := range ids {
		d, err := st.Get(ctx, id)
		if err != nil {
			return err
		}
		if err := f(d); err != nil {
			return err
		}
	}
	return nil
}

// writeExport runs write on stdout, or on a temporary file beside output
// renamed over it once complete, so a failed export leaves no half file.
// The file is readable by its owner only: it holds what webhooks carried.
func writeExport(stdout io.Writer, output string, write func(io.Writer) (int, error), stderr io.Writer) error {
	if output == "" {
		bw := bufio.NewWriter(stdout)
		if _, err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	n, err := atomicfile.Write(output, true, write)
	if err != nil {
		return fmt.Errorf("export to %s: %w", output, err)
	}
	fmt.Fprintf(stderr, "exported %s to %s\n", decode.Plural(n, "delivery", "deliveries"), output)
	return nil
}
