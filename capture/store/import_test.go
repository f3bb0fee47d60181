package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestInsertImportedIsAllOrNothing imports three deliveries of which the
// last reuses a stored id: none of them is stored, and a live capture
// committed alongside is not failed by it.
func TestInsertImportedIsAllOrNothing(t *testing.T) {
	st, _ := openTemp(t, Options{Keep: -1})
	ctx := context.Background()
	existing := sample("there already")
	if err := st.Insert(ctx, existing); err != nil {
		t.Fatal(err)
	}
	dup := sample("dup")
	dup.ID = existing.ID
	batch := []*Delivery{sample("a"), sample("b"), dup}
	live := make(chan error, 1)
	go func() { live <- st.Insert(ctx, sample("live")) }()
	err := st.InsertImported(ctx, batch, []*Attempt{{DeliveryID: batch[0].ID, Kind: "replay", At: time.Unix(1, 0)}})
	if err == nil {
		t.Fatal("import with a duplicate id succeeded")
	}
	if err := <-live; err != nil {
		t.Fatalf("live capture failed alongside a bad import: %v", err)
	}
	for _, d := range batch[:2] {
		if _, err := st.Get(ctx, d.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s half-imported: %v", d.ID, err)
		}
	}
	if as, _ := st.Attempts(ctx, batch[0].ID); len(as) != 0 {
		t.Errorf("attempts of a failed import stored: %d", len(as))
	}
	if n, _ := st.Count(ctx, Filter{}); n != 2 {
		t.Errorf("count %d, want the existing and the live delivery", n)
	}
}

// TestImportedMarkRoundTrips: an imported delivery reads back Imported,
// with its own rule and reply duration; a live one is not marked.
func TestImportedMarkRoundTrips(t *testing.T) {
	st, _ := openTemp(t, Options{Keep: -1})
	ctx := context.Background()
	imp := sample("imported")
	imp.ReplyRule, imp.ReplyDuration = "default americommerce GetTax", 1234*time.Microsecond
	live := sample("live")
	live.ReplyRule = "plain 200"
	if err := st.InsertImported(ctx, []*Delivery{imp}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.Insert(ctx, live); err != nil {
		t.Fatal(err)
	}
	got, err := st.Get(ctx, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Imported || got.ReplyRule != imp.ReplyRule || got.ReplyDuration != imp.ReplyDuration {
		t.Errorf("imported read back as imported=%v rule %q duration %v", got.Imported, got.ReplyRule, got.ReplyDuration)
	}
	list, err := st.List(ctx, Filter{}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range list {
		if d.Imported != (d.ID == imp.ID) || (d.ID == imp.ID && d.ReplyRule != imp.ReplyRule) {
			t.Errorf("list: %s imported=%v rule %q", d.ID, d.Imported, d.ReplyRule)
		}
	}
	if ok, _ := st.Has(ctx, imp.ID); !ok {
		t.Error("Has misses a stored id")
	}
	if ok, _ := st.Has(ctx, imp.ID[1:]); ok {
		t.Error("Has matched a suffix")
	}
}
