package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/ui/report"
)

func newCmdShow(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one delivery whole (an id suffix is enough)",
		Long: `Show one delivery whole: what was received, which platform and event it is, a typed view of it,
a fresh signature check (with the secret configured now), the reply hookscope sent, replays and
forwards, the headers and the body. The last characters of an id are enough.`,
		Example: `  hookscope show 01JD3K4Q2X
  hookscope show K4Q2X --json | jq .decoded
  hookscope show K4Q2X --body-out body.bin`,
		RunE: f.resolved(orDefault(runF, runShow)),
	}
	cmd.Flags().BoolVar(&f.opts.json, "json", false, "print the delivery as JSON, body included")
	cmd.Flags().StringVar(&f.opts.bodyOut, "body-out", "", "also write the body, exactly as captured (not decoded), to `file`")
	return cmd
}

func runShow(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) != 1 {
		return usagef("show takes one delivery id (see `hookscope list`)")
	}
	st, err := openForReading(ctx, o)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.Get(ctx, args[0])
	if err != nil {
		return err
	}
	if o.bodyOut != "" {
		if err := os.WriteFile(o.bodyOut, d.Body, 0o600); err != nil {
			return fmt.Errorf("--body-out: %w", err)
		}
		fmt.Fprintf(env.Stderr, "wrote the body as captured (%d bytes) to %s\n", len(d.Body), o.bodyOut)
	}
	w := bufio.NewWriter(env.Stdout)
	defer w.Flush()
	an := inspectForShow(o.analyzer, d)
	attempts, err := st.Attempts(ctx, d.ID)
	if err != nil {
		return err
	}
	if o.json {
		j := toShowJSON(d, an)
		for i := range attempts {
			j.Attempts = append(j.Attempts, toJSONAttempt(&attempts[i]))
		}
		return writeOut(w, j)
	}
	writeShow(w, report.Build(d, an, attempts, content.ShowLimit))
	return nil
}
