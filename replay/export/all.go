package export

import (
	"context"

	"github.com/hookscope/hookscope/capture/store"
)

// Source is what WriteAll reads: the store.
type Source interface {
	List(ctx context.Context, f store.Filter, offset, limit int) ([]store.Delivery, error)
	Get(ctx context.Context, id string) (*store.Delivery, error)
	Attempts(ctx context.Context, deliveryID string) ([]store.Attempt, error)
}

// page is how many deliveries are listed at a time; each is then loaded
// whole, so memory holds one page of summaries, not the store.
const page = 500

// WriteAll writes every delivery matching f, oldest first, each with its
// attempts, and reports how many it wrote. `hookscope export --provider
// --topic` and the TUI's export of its filter both write through it, so
// the two give the same file.
func WriteAll(ctx context.Context, src Source, f store.Filter, x *Writer) (int, error) {
	n := 0
	for offset := 0; ; offset += page {
		list, err := src.List(ctx, f, offset, page)
		if err != nil {
			return n, err
		}
		for i := range list {
			d, err := src.Get(ctx, list[i].ID)
			if err != nil {
				return n, err
			}
			attempts, err := src.Attempts(ctx, d.ID)
			if err != nil {
				return n, err
			}
			if err := x.Write(d, attempts); err != nil {
				return n, err
			}
			n++
		}
		if len(list) < page {
			return n, nil
		}
	}
}
