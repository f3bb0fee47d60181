package store

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store/filter"
)

func mustParse(t *testing.T, expr string) filter.Expr {
	t.Helper()
	e, err := filter.Parse(expr)
	if err != nil {
		t.Fatalf("Parse(%q): %v", expr, err)
	}
	return e
}

func TestFreeTextFindsWhatWasJustStored(t *testing.T) {
	s, path := openTemp(t, Options{})
	ctx := context.Background()
	d := sample(`{"order":1402,"note":"platypus"}`)
	d.URI = "/hooks/wallaby?shop=acme"
	d.Headers = http.Header{"X-Trace": {"echidna"}}
	other := sample(`{"order":7}`)
	for _, x := range []*Delivery{d, other} {
		if err := s.Insert(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	// This store's own search catches the index up first.
	for _, expr := range []string{"platypus", "1402", "wallaby", "acme", "echidna", "header:x-trace=echidna"} {
		if got := listIDs(t, s, Filter{Expr: mustParse(t, expr)}); !slices.Equal(got, []string{d.ID}) {
			t.Errorf("%q selects %v, want [%s]", expr, got, d.ID)
		}
	}
	if got := listIDs(t, s, Filter{Expr: mustParse(t, "-platypus")}); !slices.Equal(got, []string{other.ID}) {
		t.Errorf("-platypus selects %v, want [%s]", got, other.ID)
	}

	// Another process reading the store cannot index; the writer does it
	// within indexDelay of the commit.
	third := sample(`{"note":"bandicoot"}`)
	if err := s.Insert(ctx, third); err != nil {
		t.Fatal(err)
	}
	reader, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	deadline := time.Now().Add(500 * time.Millisecond)
	for {
		// List alone while waiting: the writer may index between a List
		// and a Count, which would then disagree for a reason of the
		// test's making (listIDs compares them once the index is there).
		page, err := reader.List(ctx, Filter{Expr: mustParse(t, "bandicoot")}, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, x := range page {
			got = append(got, x.ID)
		}
		if slices.Equal(got, []string{third.ID}) {
			if ids := listIDs(t, reader, Filter{Expr: mustParse(t, "bandicoot")}); !slices.Equal(ids, got) {
				t.Fatalf("found %v, then %v", got, ids)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a reader does not find a delivery by free text 500ms after it was stored: %v", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestFilterCombinesWithProviderTopicEverywhere(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: -1})
	ctx := context.Background()
	var want []string
	for i, p := range []string{"spiffy", "vend", "spiffy", "spiffy"} {
		d := sample(`{"n":` + string(rune('0'+i)) + `}`)
		d.Provider, d.Topic, d.ReplyStatus = p, "orders/create", 200
		if i >= 2 {
			d.ReplyStatus = 503
			want = append(want, d.ID)
		}
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	f := Filter{Provider: "spiffy", Expr: mustParse(t, "status:5xx")}
	if got := listIDs(t, s, f); !slices.Equal(got, want) {
		t.Errorf("spiffy AND status:5xx = %v, want %v", got, want)
	}
	if n, err := s.IndexOf(ctx, f, want[1]); err != nil || n != 1 {
		t.Errorf("IndexOf = %d, %v; want 1", n, err)
	}
	after, err := s.ListAfter(ctx, f, 0, 10)
	if err != nil || len(after) != 2 || after[0].ID != want[0] {
		t.Errorf("ListAfter = %v, %v; want %v", after, err, want)
	}
	if _, err := s.Count(ctx, Filter{Expr: &filter.Field{Name: "stauts", Value: "5xx", At: 1}}); err == nil {
		t.Error("a bad hand-built expression counts without an error")
	}
}

// A walk of the listing (ListPage from LastSeq) under retention: the rows
// --keep deletes behind it do not shift its next page, and what arrives
// meanwhile is not in it.
func TestListPageContinuesAfterRetentionDeletesBehindIt(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: 30})
	ctx := context.Background()
	insert := func(n int) (ids []string) {
		for range n {
			d := sample(`{}`)
			if err := s.Insert(ctx, d); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		return ids
	}
	before := insert(20)
	upTo, err := s.LastSeq(ctx) // rows acknowledged, maybe not committed yet, count
	if err != nil {
		t.Fatal(err)
	}
	var last Delivery
	if last, err = listOne(ctx, s, before[len(before)-1]); err != nil || upTo != last.Seq {
		t.Fatalf("LastSeq = %d, %v; want the seq of the last delivery stored, %d", upTo, err, last.Seq)
	}
	first, err := s.ListPage(ctx, Filter{}, "", upTo, 10)
	if err != nil {
		t.Fatal(err)
	}
	insert(20) // 40 stored; retention keeps the newest 30
	if err := s.pruneNow(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Count(ctx, Filter{}); n != 30 {
		t.Fatalf("%d deliveries after retention, want 30", n)
	}
	rest, err := s.ListPage(ctx, Filter{}, first[len(first)-1].ID, upTo, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range append(first, rest...) {
		got = append(got, d.ID)
	}
	if !slices.Equal(got, before) {
		t.Errorf("the walk visited %v\nwant the 20 stored when it started %v", got, before)
	}
}

// listOne is the listing of the one delivery id.
func listOne(ctx context.Context, s *Store, id string) (Delivery, error) {
	l, err := s.List(ctx, Filter{ID: id}, 0, 1)
	if err != nil || len(l) != 1 {
		return Delivery{}, fmt.Errorf("list %s: %v, %d found", id, err, len(l))
	}
	return l[0], nil
}

// A live view (the TUI's list) queries again at every change: with a
// filter that reads the index it must not catch up, on the write
// connection, a backlog longer than a capture batch at each refresh, or
// the row commits of a saturated capture wait behind its indexing.
func TestALiveFilterLeavesALongIndexBacklogToTheWriter(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: -1, MaxBatch: 8, indexDelay: time.Hour})
	ctx := context.Background()
	put := func(note string) *Delivery {
		t.Helper()
		d := sample(`{"note":"` + note + `"}`)
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	var wombats []string
	for i := range 20 {
		note := "quoll"
		if i%5 == 0 {
			note = "wombat"
		}
		if d := put(note); note == "wombat" {
			wombats = append(wombats, d.ID)
		}
	}
	wombat := Filter{Expr: mustParse(t, "wombat"), Live: true}
	backlog := func() int64 {
		t.Helper()
		n, err := s.indexBacklog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	for _, q := range []func() error{
		func() error { _, err := s.Count(ctx, wombat); return err },
		func() error { _, err := s.List(ctx, wombat, 0, 10); return err },
		func() error { _, err := s.IndexOf(ctx, wombat, wombats[1]); return err },
		func() error { _, err := s.ListAfter(ctx, wombat, 0, 10); return err },
	} {
		if err := q(); err != nil {
			t.Fatal(err)
		}
		if n := backlog(); n != 20 {
			t.Fatalf("a live query caught up the index: %d of 20 left", n)
		}
	}
	if got := listIDs(t, s, wombat); len(got) != 0 {
		t.Fatalf("20 behind the index, the live filter found %v before the writer indexed them", got)
	}
	if n, err := s.LiveBacklog(ctx); err != nil || n != 20 {
		t.Fatalf("LiveBacklog = %d, %v; want the 20 the live filter did not look at", n, err)
	}

	// A query that runs once (export, delete) is exact, at once.
	if got := listIDs(t, s, Filter{Expr: wombat.Expr}); !slices.Equal(got, wombats) {
		t.Fatalf("the filter lists %v, want %v", got, wombats)
	}
	if n := backlog(); n != 0 {
		t.Fatalf("the exact query left %d unindexed", n)
	}

	// A batch's worth behind, the live query catches up and is exact.
	last := put("wombat")
	if n, err := s.LiveBacklog(ctx); err != nil || n != 0 {
		t.Fatalf("1 behind: LiveBacklog = %d, %v; want 0, the next live query indexing it", n, err)
	}
	if got := listIDs(t, s, wombat); !slices.Equal(got, append(wombats, last.ID)) {
		t.Fatalf("1 behind: the live filter lists %v, want %v", got, append(wombats, last.ID))
	}
}
