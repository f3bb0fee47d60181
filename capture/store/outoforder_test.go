package store

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestOlderStateOfAResourceIsFlaggedOlderThanTheNewer(t *testing.T) {
	// The resource and its updated_at, as decode would find them, come
	// from headers here.
	s, _ := openTemp(t, Options{Keep: -1, EventKeys: func(d *Delivery) EventKeys {
		at, _ := time.Parse(time.RFC3339, d.Headers.Get("X-Updated"))
		return EventKeys{Resource: d.Headers.Get("X-Resource"), UpdatedAt: at}
	}})
	ctx := context.Background()
	put := func(provider, resource, updated string) *Delivery {
		t.Helper()
		d := sample(`{"resource":"` + resource + `","updated_at":"` + updated + `"}`)
		d.Provider, d.Topic = provider, "orders/updated"
		d.Headers = http.Header{"X-Resource": {resource}, "X-Updated": {updated}}
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	// In the order received:
	newest := put("spiffy", "order:1", "2026-12-01T10:05:00Z")
	older := put("spiffy", "order:1", "2026-12-01T10:00:00Z") // arrived after a newer state
	otherResource := put("spiffy", "order:2", "2026-12-01T09:00:00Z")
	otherProvider := put("shopify", "order:1", "2026-12-01T09:00:00Z")
	newer := put("spiffy", "order:1", "2026-12-01T10:10:00Z")  // in order
	oldest := put("spiffy", "order:1", "2026-12-01T09:55:00Z") // older than both newer states
	same1 := put("spiffy", "order:3", "2026-12-01T10:00:00Z")
	same2 := put("spiffy", "order:3", "2026-12-01T10:00:00Z") // the same state again: a retry, in order
	none := put("spiffy", "", "")

	// is:outoforder catches the index up; List then has what it derived.
	if got := listIDs(t, s, Filter{Expr: mustParse(t, "is:outoforder")}); !slices.Equal(got, []string{older.ID, oldest.ID}) {
		t.Errorf("is:outoforder = %v, want [%s %s]", got, older.ID, oldest.ID)
	}
	all, err := s.List(ctx, Filter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Delivery{}
	for _, d := range all {
		byID[d.ID] = d
	}
	for _, tc := range []struct {
		name string
		d    *Delivery
		want string
	}{
		{"first state received", newest, ""},
		{"older state received second", older, newest.ID},
		{"another resource", otherResource, ""},
		{"the resource id of another provider", otherProvider, ""},
		{"a newer state", newer, ""},
		{"older than two received states: the newest is named", oldest, newer.ID},
		{"first of one state", same1, ""},
		{"the same state again", same2, ""},
		{"no resource", none, ""},
	} {
		if got := byID[tc.d.ID].OlderThan; got != tc.want {
			t.Errorf("%s: older_than = %q, want %q", tc.name, got, tc.want)
		}
	}
	got, err := s.Get(ctx, older.ID)
	if err != nil || got.OlderThan != newest.ID {
		t.Errorf("Get(%s).OlderThan = %q, %v; want %s", older.ID, got.OlderThan, err, newest.ID)
	}
}
