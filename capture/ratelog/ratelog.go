// Package ratelog logs a run of failures without flooding the log: the
// first at once, so the cause shows when it starts, then one line per
// interval saying how many more there were and what the last was.
//
// When the store cannot take deliveries (a full disk) every sender retries,
// and one line per 503 buried the terminal in a hundred thousand lines in
// seconds; a dead forward target does the same, one line per capture.
package ratelog

import (
	"fmt"
	"log"
	"strconv"
	"sync"
	"time"
)

// Log counts failures and logs them at a bounded rate. Its methods are
// safe for concurrent use.
//
// An interval with no failure ends the quiet, and the next failure is
// logged at once again. A different kind of failure within an interval is
// not logged on its own line: error texts can vary per request, so that
// would let the flood back in. The summary says how many kinds there were
// (counted up to maxKinds) and shows the last failure in full.
type Log struct {
	log       *log.Logger
	name      string // what fails, as the summary starts: "capture"
	one, many string // what was counted: "delivery refused", "deliveries refused"
	every     time.Duration
	after     func(time.Duration, func()) // time.AfterFunc; tests step it by hand

	mu    sync.Mutex
	quiet bool                // an interval is running
	count int                 // failures in this interval not yet logged
	last  string              // the latest of them
	kinds map[string]struct{} // their kinds, up to maxKinds
}

// DefaultInterval is how often a run of failures is summarised.
const DefaultInterval = 10 * time.Second

// maxKinds caps the kinds of failure remembered per interval.
const maxKinds = 16

// New returns a Log writing to l. Its summaries read "name: N more many in
// the last 10s; last: …" (one for a single failure). after schedules the
// end of an interval; nil means time.AfterFunc.
func New(l *log.Logger, name, one, many string, every time.Duration, after func(time.Duration, func())) *Log {
	if after == nil {
		after = func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	}
	return &Log{log: l, name: name, one: one, many: many, every: every, after: after, kinds: make(map[string]struct{})}
}

// Failed records a failure: detail says what failed and why, logged after
// the Log's name ("capture POST "/x": disk full"); kind is what makes
// failures of the same cause alike (the error text without what varies
// per request). Text that came from a sender must already be quoted in
// detail.
func (f *Log) Failed(detail, kind string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.quiet {
		f.quiet = true
		f.after(f.every, f.tick)
		f.log.Printf("%s %s", f.name, detail)
		return
	}
	f.count++
	f.last = detail
	if len(f.kinds) < maxKinds {
		f.kinds[kind] = struct{}{}
	}
}

// tick ends an interval: it logs the summary of the failures counted in it
// and starts another, or, when there were none, ends the quiet.
func (f *Log) tick() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.count == 0 {
		f.quiet = false
		return
	}
	f.summaryLocked()
	f.after(f.every, f.tick)
}

// Flush logs the summary of the failures counted so far, so that none go
// unreported when the program stops before the interval ends.
func (f *Log) Flush() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.count > 0 {
		f.summaryLocked()
	}
}

func (f *Log) summaryLocked() {
	kinds := ""
	if n := len(f.kinds); n > 1 {
		more := ""
		if n == maxKinds {
			more = " or more"
		}
		kinds = fmt.Sprintf(" (%d%s different errors)", n, more)
	}
	what := f.many
	if f.count == 1 {
		what = f.one
	}
	f.log.Printf("%s: %s more %s in the last %s%s; last: %s", f.name, groupThousands(f.count), what, f.every, kinds, f.last)
	f.count, f.last = 0, ""
	clear(f.kinds)
}

// groupThousands writes n ≥ 0 with commas between groups of three digits.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
