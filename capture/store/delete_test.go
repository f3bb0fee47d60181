package store

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestMarkedDeliveriesSurviveRetention(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: 3})
	ctx := context.Background()
	var ds []*Delivery
	for i := 0; i < 5; i++ {
		d := sample("x")
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	if err := s.InsertAttempt(ctx, &Attempt{DeliveryID: ds[0].ID, Kind: "replay", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := s.InsertAttempt(ctx, &Attempt{DeliveryID: ds[1].ID, Kind: "replay", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Mark(ctx, []string{ds[0].ID, "01NOSUCHID"}, true); err != nil || n != 1 {
		t.Fatalf("Mark = %d, %v; want 1", n, err)
	}
	if err := s.pruneNow(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{ds[0].ID, ds[2].ID, ds[3].ID, ds[4].ID}
	if got := listIDs(t, s, Filter{}); !slices.Equal(got, want) {
		t.Fatalf("after retention: %v, want the marked one and the newest 3: %v", got, want)
	}
	if got := listIDs(t, s, Filter{Expr: mustParse(t, "is:marked")}); !slices.Equal(got, want[:1]) {
		t.Errorf("is:marked = %v, want %v", got, want[:1])
	}
	if a, _ := s.Attempts(ctx, ds[0].ID); len(a) != 1 {
		t.Errorf("the marked delivery lost its attempts: %v", a)
	}
	if a, _ := s.Attempts(ctx, ds[1].ID); len(a) != 0 {
		t.Errorf("a pruned delivery's attempts stayed: %v", a)
	}
	// Unmarked, it goes at the next sweep.
	if n, err := s.Mark(ctx, []string{ds[0].ID}, false); err != nil || n != 1 {
		t.Fatalf("unmark = %d, %v", n, err)
	}
	if err := s.pruneNow(ctx); err != nil {
		t.Fatal(err)
	}
	if got := listIDs(t, s, Filter{}); !slices.Equal(got, want[1:]) {
		t.Errorf("after unmarking: %v, want %v", got, want[1:])
	}
}

func TestDeleteThenUndeleteRestoresExactly(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: -1})
	ctx := context.Background()
	keep := sample(`{"a":1}`)
	gone := sample("\xff\x00binary kookaburra\x1b[31m")
	gone.Provider, gone.Topic = "spiffy", "orders/create"
	gone.Trailers = http.Header{"X-Checksum": {"\x9b1"}}
	gone.ReplyHeaders, gone.ReplyBody = http.Header{"X-R": {"1"}}, []byte("\x00reply")
	newest := sample(`{"a":3}`)
	for _, d := range []*Delivery{keep, gone, newest} {
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.InsertAttempt(ctx, &Attempt{DeliveryID: gone.ID, Kind: "replay", At: time.Unix(5, 6), URL: "http://127.0.0.1/",
		RequestHeaders: http.Header{"A": {"b"}}, ResponseBody: []byte("\xffok"), Status: 200}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Mark(ctx, []string{gone.ID}, true); err != nil {
		t.Fatal(err)
	}
	// What the indexer derives comes back too.
	if err := s.catchUpIndex(ctx); err != nil {
		t.Fatal(err)
	}
	before, err := s.Get(ctx, gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	attemptsBefore, _ := s.Attempts(ctx, gone.ID)
	newestSeq := seqOf(t, s, newest)

	// Deleting the newest too checks that its seq is not handed out again.
	u, err := s.Delete(ctx, Filter{Expr: mustParse(t, "kookaburra OR json:a=3")})
	if err != nil || u.Count != 2 {
		t.Fatalf("Delete = %+v, %v; want 2", u, err)
	}
	if got := listIDs(t, s, Filter{}); !slices.Equal(got, []string{keep.ID}) {
		t.Fatalf("after delete: %v", got)
	}
	if a, _ := s.Attempts(ctx, gone.ID); len(a) != 0 {
		t.Errorf("attempts stayed: %v", a)
	}
	later := sample(`{"a":4}`)
	if err := s.Insert(ctx, later); err != nil {
		t.Fatal(err)
	}
	if got := seqOf(t, s, later); got <= newestSeq {
		t.Errorf("a new delivery got seq %d, not above the deleted %d", got, newestSeq)
	}

	if n, err := s.Undelete(ctx, u); err != nil || n != 2 {
		t.Fatalf("Undelete = %d, %v; want 2", n, err)
	}
	after, err := s.Get(ctx, gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("undeleted delivery differs:\n%+v\nwant\n%+v", after, before)
	}
	if a, _ := s.Attempts(ctx, gone.ID); !reflect.DeepEqual(a, attemptsBefore) {
		t.Errorf("undeleted attempts = %+v, want %+v", a, attemptsBefore)
	}
	if got := listIDs(t, s, Filter{}); !slices.Equal(got, []string{keep.ID, gone.ID, newest.ID, later.ID}) {
		t.Errorf("after undelete: %v", got)
	}
	for _, expr := range []string{"kookaburra", "is:marked", "json:a=3 OR kookaburra"} {
		if got := listIDs(t, s, Filter{Expr: mustParse(t, expr)}); len(got) == 0 {
			t.Errorf("%q finds nothing after undelete", expr)
		}
	}
	if got := listIDs(t, s, Filter{Expr: mustParse(t, "kookaburra")}); len(got) != 1 {
		t.Errorf("kookaburra indexed %d times after undelete", len(got))
	}
	// The trash is empty again: a second undo restores nothing.
	if n, err := s.Undelete(ctx, u); err != nil || n != 0 {
		t.Errorf("second Undelete = %d, %v; want 0", n, err)
	}
}

func TestCloseForgetsWhatItDeleted(t *testing.T) {
	s, path := openTemp(t, Options{})
	ctx := context.Background()
	if err := s.Insert(ctx, sample("x")); err != nil {
		t.Fatal(err)
	}
	if u, err := s.Delete(ctx, Filter{}); err != nil || u.Count != 1 {
		t.Fatalf("Delete = %+v, %v", u, err)
	}
	s.Close()
	s2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	var n int
	if err := s2.read.QueryRow(`SELECT count(*) FROM deleted_deliveries`).Scan(&n); err != nil || n != 0 {
		t.Errorf("trash holds %d rows after Close, %v", n, err)
	}
}

func TestFilterByIDDeletesOnlyThatDelivery(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, Options{Keep: -1})
	var ids []string
	for i := 0; i < 3; i++ {
		d := sample(`{"same":true}`)
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if n, err := s.Count(ctx, Filter{ID: ids[1]}); err != nil || n != 1 {
		t.Fatalf("Count by id = %d, %v", n, err)
	}
	u, err := s.Delete(ctx, Filter{ID: ids[1]})
	if err != nil || u.Count != 1 {
		t.Fatalf("Delete by id = %+v, %v; want 1", u, err)
	}
	if got := listIDs(t, s, Filter{}); !slices.Equal(got, []string{ids[0], ids[2]}) {
		t.Fatalf("after deleting %s: %v", ids[1], got)
	}
}
