package capture

import (
	"fmt"
	"log"
	"strconv"
	"sync"
	"time"
)

// failureLog logs refused deliveries without flooding the log. When the
// store cannot take deliveries (a full disk) every sender retries, and one
// line per 503 buried the terminal in a hundred thousand lines in seconds.
//
// The first refusal is logged at once, so the cause shows when it starts.
// Refusals after it are counted for an interval, and when the interval
// ends one line says how many there were and what the last was; while
// refusals keep coming that repeats once per interval. An interval with no
// refusal ends the quiet, and the next refusal is logged at once again.
//
// A different error within an interval is not logged on its own line:
// error texts can vary per request, so that would let the flood back in.
// The summary says how many different errors there were (counted up to
// maxDistinctFailures) and shows the last one in full.
type failureLog struct {
	log   *log.Logger
	every time.Duration
	after func(time.Duration, func()) // time.AfterFunc; tests step it by hand

	mu       sync.Mutex
	quiet    bool                // an interval is running
	count    int                 // refusals in this interval not yet logged
	last     string              // the latest of them
	distinct map[string]struct{} // their error texts, up to maxDistinctFailures
}

// failureLogInterval is how often a run of refusals is summarised.
const failureLogInterval = 10 * time.Second

// maxDistinctFailures caps the error texts remembered per interval.
const maxDistinctFailures = 16

func newFailureLog(l *log.Logger, every time.Duration, after func(time.Duration, func())) *failureLog {
	if after == nil {
		after = func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	}
	return &failureLog{log: l, every: every, after: after, distinct: make(map[string]struct{})}
}

// refused records that the delivery method uri was refused with err. The
// uri is quoted: it is the sender's text.
func (f *failureLog) refused(method, uri string, err error) {
	line := fmt.Sprintf("%s %q: %v", method, uri, err)
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.quiet {
		f.quiet = true
		f.after(f.every, f.tick)
		f.log.Printf("capture %s", line)
		return
	}
	f.count++
	f.last = line
	if len(f.distinct) < maxDistinctFailures {
		f.distinct[err.Error()] = struct{}{}
	}
}

// tick ends an interval: it logs the summary of the refusals counted in it
// and starts another, or, when there were none, ends the quiet.
func (f *failureLog) tick() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.count == 0 {
		f.quiet = false
		return
	}
	f.summaryLocked()
	f.after(f.every, f.tick)
}

// flush logs the summary of the refusals counted so far, so that none go
// unreported when the server stops before the interval ends.
func (f *failureLog) flush() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.count > 0 {
		f.summaryLocked()
	}
}

func (f *failureLog) summaryLocked() {
	kinds := ""
	if n := len(f.distinct); n > 1 {
		more := ""
		if n == maxDistinctFailures {
			more = " or more"
		}
		kinds = fmt.Sprintf(" (%d%s different errors)", n, more)
	}
	noun := "deliveries"
	if f.count == 1 {
		noun = "delivery"
	}
	f.log.Printf("capture: %s more %s refused in the last %s%s; last: %s", groupThousands(f.count), noun, f.every, kinds, f.last)
	f.count, f.last = 0, ""
	clear(f.distinct)
}

// groupThousands writes n ≥ 0 with commas between groups of three digits.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
