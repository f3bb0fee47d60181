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
		id, err := ulid.New(ms, s.entropy)
		if err == nil {
			return id.String(), now
		}
		// The monotonic entropy overflowed within this millisecond; the
		// next millisecond starts afresh and still sorts after.
		ms++
	}
}
