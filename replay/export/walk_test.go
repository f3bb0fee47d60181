package export

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/filter"
)

// walkDelivery is the i-th delivery of a walk's store: its id sorts by i.
func walkDelivery(i int) *store.Delivery {
	body := fmt.Sprintf(`{"n":%d}`, i)
	return &store.Delivery{
		ID: fmt.Sprintf("01WALK%020d", i), ReceivedAt: time.Unix(1700000000, int64(i)),
		Method: "POST", URI: "/hooks/walk", Proto: "HTTP/1.1", Host: "127.0.0.1:4747", RemoteAddr: "127.0.0.1:5555",
		Headers: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body), Size: int64(len(body)), DeclaredLength: int64(len(body)),
		ReplyStatus: 200,
	}
}

// storeOf is a store holding the deliveries numbered from, from+1, ... to-1,
// committed in the order given.
func storeOf(t *testing.T, ranges ...[2]int) (*store.Store, []string) {
	t.Helper()
	st := openStore(t)
	var ids []string
	for _, r := range ranges {
		var ds []*store.Delivery
		for i := r[0]; i < r[1]; i++ {
			ds = append(ds, walkDelivery(i))
			ids = append(ids, ds[len(ds)-1].ID)
		}
		if err := st.InsertImported(context.Background(), ds, nil); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(ids)
	return st, ids
}

// walk is the ids EachListed visits, calling during(n) after the n-th.
func walk(t *testing.T, st *store.Store, f store.Filter, during func(n int)) []string {
	t.Helper()
	var got []string
	err := EachListed(context.Background(), st, f, func(d *store.Delivery) error {
		got = append(got, d.ID)
		during(len(got))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// sameWalk fails unless got is want, naming the first difference.
func sameWalk(t *testing.T, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	seen := map[string]int{}
	for _, id := range got {
		seen[id]++
	}
	missed, twice := 0, 0
	for _, id := range want {
		switch seen[id] {
		case 0:
			missed++
		case 1:
		default:
			twice++
		}
	}
	i := 0
	for i < min(len(got), len(want)) && got[i] == want[i] {
		i++
	}
	t.Fatalf("visited %d deliveries, want %d: %d missed, %d more than once, first difference at #%d", len(got), len(want), missed, twice, i)
}

// Retention under --keep (in a serve beside the walk) or a delete from
// another process removes the oldest deliveries while an export or a bulk
// replay walks the store: the walk must still visit every delivery that
// was there when it started and is still there, once each, oldest first.
func TestEachListedSkipsNothingWhenOlderDeliveriesAreDeletedMeanwhile(t *testing.T) {
	ctx := context.Background()
	st, ids := storeOf(t, [2]int{0, 2*page + 50})
	const deleted = 100
	got := walk(t, st, store.Filter{}, func(n int) {
		if n != page { // after the first page, before the second is listed
			return
		}
		for _, id := range ids[:deleted] {
			if _, err := st.Delete(ctx, store.Filter{ID: id}); err != nil {
				t.Fatal(err)
			}
		}
	})
	sameWalk(t, got, ids)
}

// A delete ahead of the walk removes deliveries it has not reached: those
// are not visited, and nothing else is lost.
func TestEachListedSkipsOnlyWhatWasDeletedAheadOfIt(t *testing.T) {
	ctx := context.Background()
	st, ids := storeOf(t, [2]int{0, 2*page + 50})
	gone := ids[page+10 : page+20]
	got := walk(t, st, store.Filter{}, func(n int) {
		if n != 3 {
			return
		}
		for _, id := range gone {
			if _, err := st.Delete(ctx, store.Filter{ID: id}); err != nil {
				t.Fatal(err)
			}
		}
	})
	sameWalk(t, got, slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(gone, id) }))
}

// A bulk replay of a live store must end: deliveries committed after the
// walk started are not visited, however fast they arrive.
func TestEachListedEndsAtWhatWasStoredWhenItStarted(t *testing.T) {
	ctx := context.Background()
	st, ids := storeOf(t, [2]int{0, page + 20})
	next := 1_000_000
	got := walk(t, st, store.Filter{}, func(n int) {
		if n > 4*page {
			t.Fatalf("still walking after %d deliveries", n)
		}
		if n%page != 1 {
			return
		}
		// A page of arrivals, newer than everything, per page walked.
		var ds []*store.Delivery
		for range page {
			ds, next = append(ds, walkDelivery(next)), next+1
		}
		if err := st.InsertImported(ctx, ds, nil); err != nil {
			t.Fatal(err)
		}
	})
	sameWalk(t, got, ids)
}

// The walk lists in List's order (by id, as received) for every filter,
// not in commit order: an import commits old deliveries after newer ones.
func TestEachListedWalksInListOrderNotCommitOrder(t *testing.T) {
	ctx := context.Background()
	// Committed: 1000..1599, then 0..599 (an import of older ones).
	st, ids := storeOf(t, [2]int{1000, 1000 + page + 100}, [2]int{0, page + 100})
	for _, expr := range []string{"", "walk", "method:POST", "json:n>=0"} {
		f := store.Filter{}
		if expr != "" {
			e, err := filter.Parse(expr)
			if err != nil {
				t.Fatal(err)
			}
			f.Expr = e
		}
		list, err := st.List(ctx, f, 0, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, d := range list {
			want = append(want, d.ID)
		}
		if len(want) != len(ids) {
			t.Fatalf("%q lists %d of %d deliveries", expr, len(want), len(ids))
		}
		name := expr
		if name == "" {
			name = "everything"
		}
		t.Run(name, func(t *testing.T) { sameWalk(t, walk(t, st, f, func(int) {}), want) })
	}
}

// deletingSource is a store from which another process deletes one
// delivery as the export loads its first: after its page was listed.
type deletingSource struct {
	*store.Store
	gone string
	done bool
}

func (s *deletingSource) Get(ctx context.Context, id string) (*store.Delivery, error) {
	if !s.done {
		s.done = true
		if _, err := s.Store.Delete(ctx, store.Filter{ID: s.gone}); err != nil {
			return nil, err
		}
	}
	return s.Store.Get(ctx, id)
}

// An export running beside retention writes what is still there: a
// delivery deleted between its listing and its loading is left out, not
// the end of the export.
func TestWriteAllLeavesOutWhatIsDeletedAfterItWasListed(t *testing.T) {
	st, ids := storeOf(t, [2]int{0, page + 10})
	src := &deletingSource{Store: st, gone: ids[5]}
	var buf bytes.Buffer
	x, err := NewWriter(&buf, NDJSON, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, err := WriteAll(context.Background(), src, store.Filter{}, x)
	if err != nil {
		t.Fatalf("WriteAll after %d: %v", n, err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if want := len(ids) - 1; n != want || bytes.Count(buf.Bytes(), []byte("\n")) != want {
		t.Errorf("wrote %d deliveries (%d lines), want %d", n, bytes.Count(buf.Bytes(), []byte("\n")), want)
	}
	if bytes.Contains(buf.Bytes(), []byte(ids[5])) {
		t.Errorf("the deleted delivery %s was written", ids[5])
	}
}
