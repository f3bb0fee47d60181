package export

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
)

// listed is a store of n deliveries, seqs 1 to n, as ListPage pages
// through them.
type listed struct {
	n     int
	calls int
}

func (l *listed) LastSeq(context.Context) (int64, error) { return int64(l.n), nil }

func (l *listed) ListPage(_ context.Context, _ store.Filter, after string, upTo int64, limit int) ([]store.Delivery, error) {
	l.calls++
	var out []store.Delivery
	for i := 0; i < l.n && int64(i+1) <= upTo && len(out) < limit; i++ {
		if id := fmt.Sprintf("d%05d", i); id > after {
			out = append(out, store.Delivery{ID: id, Seq: int64(i + 1)})
		}
	}
	return out, nil
}

func TestEachListedVisitsEveryDeliveryOnceInOrderAcrossPages(t *testing.T) {
	for _, n := range []int{0, 1, page - 1, page, page + 1, 2*page + 7} {
		src := &listed{n: n}
		var got []string
		if err := EachListed(context.Background(), src, store.Filter{}, func(d *store.Delivery) error {
			got = append(got, d.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("%d deliveries: visited %d", n, len(got))
		}
		for i, id := range got {
			if want := fmt.Sprintf("d%05d", i); id != want {
				t.Fatalf("%d deliveries: #%d is %s, want %s", n, i, id, want)
			}
		}
		if want := n/page + 1; src.calls != want {
			t.Errorf("%d deliveries: %d pages listed, want %d", n, src.calls, want)
		}
	}
}

func TestEachListedStopsAtTheFirstError(t *testing.T) {
	src := &listed{n: 3 * page}
	stop := errors.New("disk full")
	seen := 0
	err := EachListed(context.Background(), src, store.Filter{}, func(*store.Delivery) error {
		if seen++; seen == page+2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != page+2 || src.calls != 2 {
		t.Errorf("error %v after %d deliveries and %d pages; want %v after %d and 2", err, seen, src.calls, stop, page+2)
	}
}
