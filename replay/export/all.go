package export

import (
	"context"

	"github.com/hookscope/hookscope/capture/store"
)

// Lister is what EachListed reads: the store's list of deliveries.
type Lister interface {
	List(ctx context.Context, f store.Filter, offset, limit int) ([]store.Delivery, error)
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
func EachListed(ctx context.Context, src Lister, f store.Filter, fn func(*store.Delivery) error) error {
	for offset := 0; ; offset += page {
		list, err := src.List(ctx, f, offset, page)
		if err != nil {
			return err
		}
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
// whole with its attempts, and reports how many it wrote. `hookscope
// export --provider --topic` and the TUI's export of its filter both write
// through it, so the two give the same file.
func WriteAll(ctx context.Context, src Source, f store.Filter, x *Writer) (int, error) {
	n := 0
	err := EachListed(ctx, src, f, func(listed *store.Delivery) error {
		d, err := src.Get(ctx, listed.ID)
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
