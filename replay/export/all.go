package export

import (
	"context"
	"errors"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// Lister is what EachListed reads: the store's list of deliveries, a page
// after a position at a time (store.Store.ListPage), up to the newest
// delivery when the walk started (LastSeq).
type Lister interface {
	LastSeq(ctx context.Context) (int64, error)
	ListPage(ctx context.Context, f store.Filter, afterID string, upTo int64, limit int) ([]store.Delivery, error)
}

// Source is what WriteAll reads: the store.
type Source interface {
	Lister
	Get(ctx context.Context, id string) (*store.Delivery, error)
	Attempts(ctx context.Context, deliveryID string) ([]store.Attempt, error)
}

// page is how many deliveries are listed at a time, so memory holds one
// page of summaries, not the store.
const page = 500

// EachListed calls fn with every delivery matching f as listed (without
// headers and body), oldest first, a page at a time, and stops at the
// first error. Everything that walks a selection of the store (an export,
// a bulk replay, marking) walks it here, so all see the same deliveries.
//
// It visits the deliveries committed when it starts that are still there
// when their page is listed, each once: a page starts after the last
// delivery of the one before, not at a count of them, so retention or a
// delete behind the walk (a serve with --keep beside it, another process)
// cannot make it skip any. Deliveries committed after it started are left
// out, so walking a store that keeps capturing ends. Relative times in
// f (after:2h) count from when it started, on every page alike.
func EachListed(ctx context.Context, src Lister, f store.Filter, fn func(*store.Delivery) error) error {
	if f.Now.IsZero() {
		f.Now = time.Now()
	}
	upTo, err := src.LastSeq(ctx)
	if err != nil {
		return err
	}
	for after := ""; ; {
		list, err := src.ListPage(ctx, f, after, upTo, page)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return nil
		}
		after = list[len(list)-1].ID // before fn, which may change what it is given
		for i := range list {
			if err := fn(&list[i]); err != nil {
				return err
			}
		}
		if len(list) < page {
			return nil
		}
	}
}

// WriteAll writes every delivery matching f, oldest first, each loaded
// whole with its attempts, and reports how many it wrote: those EachListed
// visits that are still there when loaded. `hookscope export --provider
// --topic` and the TUI's export of its filter both write through it, so
// the two give the same file.
func WriteAll(ctx context.Context, src Source, f store.Filter, x *Writer) (int, error) {
	n := 0
	err := EachListed(ctx, src, f, func(listed *store.Delivery) error {
		d, err := src.Get(ctx, listed.ID)
		if errors.Is(err, store.ErrNotFound) {
			// Deleted since its page was listed (retention beside the
			// export, another process): no longer there to export.
			return nil
		}
		if err != nil {
			return err
		}
		attempts, err := src.Attempts(ctx, d.ID)
		if err != nil {
			return err
		}
		if err := x.Write(d, attempts); err != nil {
			return err
		}
		n++
		return nil
	})
	return n, err
}
