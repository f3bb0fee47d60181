package export

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
)

// listed is a store of n deliveries as List pages through them.
type listed struct {
	n     int
	calls int
}

func (l *listed) List(_ context.Context, _ store.Filter, offset, limit int) ([]store.Delivery, error) {
	l.calls++
	var out []store.Delivery
	for i := offset; i < min(l.n, offset+limit); i++ {
		out = append(out, store.Delivery{ID: fmt.Sprintf("d%05d", i)})
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
