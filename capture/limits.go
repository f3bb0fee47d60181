package capture

import (
	"fmt"
	"time"
)

// DefaultMaxBody is the largest body stored whole; larger ones get a 413 and
// are recorded truncated.
const DefaultMaxBody = 16 << 20

// MaxMaxBody is the largest body limit a server accepts. SQLite refuses a
// value over 1,000,000,000 bytes (SQLITE_MAX_LENGTH), so a larger limit
// could only turn big deliveries into 503s; 512 MiB stays clear of that and
// is far past any webhook.
const MaxMaxBody = 512 << 20

// ValidateMaxBody reports whether n can be a body limit: from 0 (store no
// body bytes, record every body as truncated) to MaxMaxBody. Commands call
// it on what the user typed; New clamps whatever it is given into range.
func ValidateMaxBody(n int64) error {
	if n < 0 || n > MaxMaxBody {
		return fmt.Errorf("max body %d is out of range: it must be between 0 and %d bytes (%d MiB)", n, int64(MaxMaxBody), MaxMaxBody>>20)
	}
	return nil
}

// clampMaxBody brings n into [0, MaxMaxBody], so that the limit plus the
// one byte read to detect an oversized body cannot overflow.
func clampMaxBody(n int64) int64 { return min(max(n, 0), MaxMaxBody) }

// DefaultBodyBudget bounds the body bytes held in memory across all
// requests in flight: sixteen bodies of the default maximum at once, or
// thousands of ordinary few-kilobyte webhooks, while keeping the worst a
// crowd of senders can do to the server's memory to a fraction of a
// small machine's. A body limit above it raises it (see WithBodyBudget).
const DefaultBodyBudget = 256 << 20

// defaultBudgetWait is how long a body that does not fit the budget waits
// for room before its sender is told to retry: long enough for the bodies
// ahead of it on a fast link to finish, short enough that the sender's own
// timeout is not spent waiting.
const defaultBudgetWait = 2 * time.Second
