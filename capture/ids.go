package capture

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// idSource makes ULIDs that sort in the order they were made, so listing by
// id lists deliveries in the order they arrived.
type idSource struct {
	mu      sync.Mutex
	entropy *ulid.MonotonicEntropy
	// id is where the next id is made: ulid.New's own, reached through
	// an interface, was an allocation per delivery.
	id ulid.ULID
}

func newIDSource() *idSource {
	return &idSource{entropy: ulid.Monotonic(rand.Reader, 0)}
}

// next returns a new id and the time it stands for.
func (s *idSource) next() (string, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	ms := ulid.Timestamp(now)
	for {
		// What ulid.New does, into s.id.
		err := s.id.SetTime(ms)
		if err == nil {
			err = s.entropy.MonotonicRead(ms, s.id[6:])
		}
		if err == nil {
			return s.id.String(), now
		}
		// The monotonic entropy overflowed within this millisecond; the
		// next millisecond starts afresh and still sorts after.
		ms++
	}
}
