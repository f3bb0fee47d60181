package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/replay/export"
	"github.com/hookscope/hookscope/ui/sanitize"
)

func newCmdImport(f *factory, runF runFunc) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE...",
		Short: "Store the requests of HAR, NDJSON (from export) or curl files as imported deliveries",
		Long: `Store the requests in HAR files, NDJSON files from ` + "`hookscope export`" + `, or files of curl command
lines as deliveries, detected and signature-checked as a live capture is, with the routes and
secrets configured now. All files are read first and stored in one transaction: a bad entry
anywhere imports nothing. Deliveries already in the store are skipped.`,
		Example: `  hookscope import deliveries.har
  hookscope import stripe.ndjson saved-curl.sh`,
		RunE: f.resolved(orDefault(runF, runImport)),
	}
}

// runImport reads every file whole, then stores all their requests in one
// transaction: a bad entry anywhere imports nothing. Each delivery is
// detected and its signature checked as a live capture's would be, with
// the routes and secrets configured now.
func runImport(ctx context.Context, env Env, o *options, args []string) error {
	if len(args) == 0 {
		return usagef("import takes one or more files (HAR, NDJSON from `hookscope export`, or curl command lines)")
	}
	type fileItems struct {
		name   string
		format export.Format
		items  []export.Item
	}
	var files []fileItems
	for _, name := range args {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		format, err := export.Detect(name, data)
		if err != nil {
			return fmt.Errorf("import %s: %w", sanitize.Line(name), err)
		}
		items, err := export.Read(format, data)
		if err != nil {
			// Entries and fields quote the file's text: sanitized.
			return fmt.Errorf("import %s (%s): %s; nothing was imported", sanitize.Line(name), format, sanitize.Line(err.Error()))
		}
		files = append(files, fileItems{name, format, items})
	}

	// openStore: the indexer this store runs names each delivery's event,
	// so an imported retry is found by its event id as a captured one is.
	st, err := o.openStore(ctx, o.storeOptions())
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	entropy := ulid.Monotonic(rand.Reader, 0)
	seen := map[string]bool{}
	var ds []*store.Delivery
	var attempts []*store.Attempt
	skipped := 0
	for _, f := range files {
		for _, it := range f.items {
			d := it.Delivery
			if d.ReceivedAt.IsZero() {
				d.ReceivedAt = now
			}
			if d.ID == "" {
				d.ID = ulid.MustNew(ulid.Timestamp(d.ReceivedAt), entropy).String()
			}
			have, err := st.Has(ctx, d.ID)
			if err != nil {
				return err
			}
			if have || seen[d.ID] {
				skipped++
				continue
			}
			seen[d.ID] = true
			capture.Annotate(o.analyzer, d, nil)
			for _, a := range it.Attempts {
				a.DeliveryID = d.ID
			}
			ds = append(ds, d)
			attempts = append(attempts, it.Attempts...)
		}
	}
	if err := st.InsertImported(ctx, ds, attempts); err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(env.Stdout, "%s: %d requests (%s)\n", sanitize.Line(f.name), len(f.items), f.format)
	}
	fmt.Fprintf(env.Stdout, "imported %d deliveries", len(ds))
	if skipped > 0 {
		fmt.Fprintf(env.Stdout, "; %d already in the store, skipped", skipped)
	}
	fmt.Fprintln(env.Stdout)
	return nil
}
