package capture

import (
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
)

// Ids made in a burst (many within one millisecond) are valid ULIDs of the
// time they stand for, and each sorts after the one before: listing by id
// lists deliveries in the order they arrived.
func TestIDsSortInTheOrderMade(t *testing.T) {
	s := newIDSource()
	prev := ""
	for i := range 10_000 {
		id, at := s.next()
		u, err := ulid.ParseStrict(id)
		if err != nil {
			t.Fatalf("id %d %q: %v", i, id, err)
		}
		if got := ulid.Time(u.Time()); got.After(at) || at.Sub(got) >= 2*time.Millisecond {
			t.Fatalf("id %d stands for %v, made at %v", i, got, at)
		}
		if id <= prev {
			t.Fatalf("id %d %q does not sort after %q", i, id, prev)
		}
		prev = id
	}
}
