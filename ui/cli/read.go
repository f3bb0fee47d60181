package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/ui/report"
)

func listFlags(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.json, "json", false, "print one JSON object per line (NDJSON)")
	fs.IntVar(&o.limit, "limit", 50, "show the newest `n` deliveries")
	fs.StringVar(&o.provider, "provider", "", "only deliveries from this `provider`")
	fs.StringVar(&o.topic, "topic", "", "only deliveries of this `topic`")
}

func showFlags(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.json, "json", false, "print the delivery as JSON, body included")
	fs.StringVar(&o.bodyOut, "body-out", "", "also write the body, exactly as captured (not decoded), to `file`")
}

// openForReading opens an existing store without writing to it: no
// migration and no retention sweep, which belong to the capturing process.
func openForReading(ctx context.Context, o *options) (*store.Store, error) {
	path, err := o.storePath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no store at %s yet: run `hookscope` or `hookscope serve` to capture deliveries first", path)
	}
	return o.openStore(ctx, store.Options{ReadOnly: true})
}

func runList(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) > 0 {
		return usagef("list takes no arguments, got %q", args[0])
	}
	if o.limit <= 0 {
		return usagef("--limit must be positive")
	}
	if err := checkProvider(o.provider); err != nil {
		return err
	}
	st, err := openForReading(ctx, o)
	if err != nil {
		return err
	}
	defer st.Close()
	f := store.Filter{Provider: o.provider, Topic: o.topic}
	total, err := st.Count(ctx, f)
	if err != nil {
		return err
	}
	page, err := st.List(ctx, f, max(0, total-o.limit), o.limit)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(env.Stdout)
	defer w.Flush()
	if o.json {
		for i := range page {
			if err := writeOut(w, toJSON(&page[i], false)); err != nil {
				return err
			}
		}
		return nil
	}
	width := 0
	if env.StdoutWidth != nil {
		width = env.StdoutWidth()
	}
	if width <= 0 { // not a terminal: whole rows for scripts, notes aside
		if len(page) == 0 {
			fmt.Fprintln(env.Stderr, "no deliveries yet")
			return nil
		}
		writeListTSV(w, page)
		if total > len(page) {
			fmt.Fprintf(env.Stderr, "(%d of %d; --limit shows more)\n", len(page), total)
		}
		return nil
	}
	if len(page) == 0 {
		fmt.Fprintln(w, "no deliveries yet")
		return nil
	}
	writeListTable(w, page, width)
	if total > len(page) {
		fmt.Fprintf(w, "(%d of %d; --limit shows more)\n", len(page), total)
	}
	return nil
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
