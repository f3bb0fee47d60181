package store

import (
	"context"
	"testing"
	"time"
)

// A delete (retention's too) leaves the full-text rows and the facts to
// the writer, which removes them once captures pause; meanwhile a search
// does not find the deleted deliveries, by text or by facts (json:), and
// an undelete makes them findable again, once each.
func TestDeletedDeliveriesLeaveTheFullTextIndexBehindTheWriter(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, Options{Keep: -1, indexDelay: time.Hour})
	ds := samples(6, `{"note":"wombat burrow"}`)
	if err := insertConcurrently(s, ds, 2); err != nil {
		t.Fatal(err)
	}
	search := func() int {
		t.Helper()
		n, err := s.Count(ctx, Filter{Expr: mustParse(t, "wombat")})
		if err != nil {
			t.Fatal(err)
		}
		byFacts, err := s.Count(ctx, Filter{Expr: mustParse(t, `json:note="wombat burrow"`)})
		if err != nil {
			t.Fatal(err)
		}
		if byFacts != n {
			t.Errorf("the full-text index finds %d, the facts %d", n, byFacts)
		}
		return n
	}
	count := func(q string) int {
		t.Helper()
		var n int
		if err := s.read.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := search(); n != 6 {
		t.Fatalf("search finds %d of 6", n)
	}
	u, err := s.Delete(ctx, Filter{ID: ds[2].ID})
	if err != nil {
		t.Fatal(err)
	}
	if n := search(); n != 5 {
		t.Errorf("after a delete, search finds %d, want 5", n)
	}
	if n := count(`SELECT count(*) FROM fts_stale`); n != 1 {
		t.Errorf("%d stale full-text rows noted, want 1", n)
	}
	if n := count(`SELECT count(*) FROM delivery_facts`); n != 6 {
		t.Errorf("%d facts right after the delete, want 6: the deleted delivery's are the writer's to remove", n)
	}
	// An undelete before the writer removed the stale row: found once.
	if _, err := s.Undelete(ctx, u); err != nil {
		t.Fatal(err)
	}
	if n := search(); n != 6 {
		t.Errorf("after an undelete, search finds %d, want 6", n)
	}
	if n := count(`SELECT count(*) FROM deliveries_fts`) + count(`SELECT count(*) FROM delivery_facts`); n != 12 {
		t.Errorf("%d full-text rows and facts after the undelete, want 6 and 6", n)
	}
	// And after it: deleted again, removed by the writer's step, restored.
	if u, err = s.Delete(ctx, Filter{ID: ds[4].ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.removeStaleText(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM fts_stale`) + count(`SELECT count(*) FROM deliveries_fts`); n != 5 {
		t.Errorf("%d stale and full-text rows once the writer removed them, want 0 and 5", n)
	}
	if n := count(`SELECT count(*) FROM delivery_facts`); n != 5 {
		t.Errorf("%d facts once the writer removed the deleted delivery's, want 5", n)
	}
	if _, err := s.Undelete(ctx, u); err != nil {
		t.Fatal(err)
	}
	if n := search(); n != 6 {
		t.Errorf("after the second undelete, search finds %d, want 6", n)
	}
}

// Once captures pause the writer removes the stale rows itself.
func TestWriterRemovesStaleTextOnceCapturesPause(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, Options{Keep: 50, indexDelay: 5 * time.Millisecond})
	if err := insertConcurrently(s, samples(50, `{"note":"wombat"}`), 4); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Count(ctx, Filter{Expr: mustParse(t, "wombat")}); err != nil || n != 50 {
		t.Fatalf("search finds %d, %v", n, err)
	}
	// 600 more: retention deletes the 50 indexed ones.
	if err := insertConcurrently(s, samples(600, `{"note":"numbat"}`), 4); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var stale, rows, facts int
		if err := s.read.QueryRow(`SELECT (SELECT count(*) FROM fts_stale),
			(SELECT count(*) FROM deliveries_fts WHERE deliveries_fts MATCH 'wombat'),
			(SELECT count(*) FROM delivery_facts f WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.seq = f.seq))`).Scan(&stale, &rows, &facts); err != nil {
			t.Fatal(err)
		}
		if stale == 0 && rows == 0 && facts == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("10 s after captures paused: %d stale rows noted, %d full-text rows and %d facts of deleted deliveries", stale, rows, facts)
		}
	}
	if n, err := s.Count(ctx, Filter{Expr: mustParse(t, "wombat")}); err != nil || n != 0 {
		t.Errorf("search finds %d deleted deliveries, %v", n, err)
	}
}
