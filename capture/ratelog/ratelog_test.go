package ratelog

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"strings"
	"testing"
	"time"
)

// manualTimers stands in for time.AfterFunc: fire runs what is due, so the
// test steps through intervals without sleeping.
type manualTimers struct{ pending []func() }

func (m *manualTimers) after(_ time.Duration, f func()) { m.pending = append(m.pending, f) }

func (m *manualTimers) fire() {
	due := m.pending
	m.pending = nil
	for _, f := range due {
		f()
	}
}

func logLines(b *bytes.Buffer) []string {
	s := strings.TrimSpace(b.String())
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// newCaptureLog is the Log capture keeps, refuse what it logs per refusal.
func newCaptureLog(out *bytes.Buffer, every time.Duration, after func(time.Duration, func())) *Log {
	return New(log.New(out, "", 0), "capture", "delivery refused", "deliveries refused", every, after)
}

func refuse(f *Log, method, uri string, err error) {
	f.Failed(fmt.Sprintf("%s %q: %v", method, uri, err), err.Error())
}

func TestFailureLogOneLineThenOneSummaryPerInterval(t *testing.T) {
	var out bytes.Buffer
	timers := &manualTimers{}
	f := newCaptureLog(&out, 10*time.Second, timers.after)
	full := errors.New("store delivery: database or disk is full")
	for i := 0; i < 1000; i++ {
		refuse(f, "POST", "/hooks/a", full)
	}
	lines := logLines(&out)
	if len(lines) != 1 || lines[0] != `capture POST "/hooks/a": store delivery: database or disk is full` {
		t.Fatalf("1000 refusals in one interval logged %d lines at once: %q", len(lines), lines)
	}

	timers.fire()
	lines = logLines(&out)
	want := `capture: 999 more deliveries refused in the last 10s; last: POST "/hooks/a": store delivery: database or disk is full`
	if len(lines) != 2 || lines[1] != want {
		t.Fatalf("after the interval: %q, want the first line and %q", lines, want)
	}

	// Refusals go on: one summary per interval, naming how many errors
	// differed and showing the last.
	for i := 0; i < 1500; i++ {
		refuse(f, "POST", "/hooks/b", full)
	}
	refuse(f, "PUT", "/hooks/c", errors.New("store is closed"))
	if n := len(logLines(&out)); n != 2 {
		t.Fatalf("refusals within a running interval logged at once (%d lines)", n)
	}
	timers.fire()
	lines = logLines(&out)
	want = `capture: 1,501 more deliveries refused in the last 10s (2 different errors); last: PUT "/hooks/c": store is closed`
	if len(lines) != 3 || lines[2] != want {
		t.Fatalf("second interval: %q, want %q", lines, want)
	}

	// A quiet interval ends the run; the next refusal is news again.
	timers.fire()
	timers.fire()
	if n := len(logLines(&out)); n != 3 {
		t.Fatalf("intervals without refusals logged %d lines more", n-3)
	}
	refuse(f, "GET", "/again", full)
	if lines = logLines(&out); len(lines) != 4 || !strings.HasPrefix(lines[3], `capture GET "/again"`) {
		t.Fatalf("the first refusal after a quiet interval was not logged at once: %q", lines)
	}
}

func TestFailureLogFlushReportsTheRest(t *testing.T) {
	var out bytes.Buffer
	f := newCaptureLog(&out, time.Hour, (&manualTimers{}).after)
	refuse(f, "POST", "/x", errors.New("boom"))
	refuse(f, "POST", "/y", errors.New("boom"))
	f.Flush()
	lines := logLines(&out)
	if len(lines) != 2 || lines[1] != `capture: 1 more delivery refused in the last 1h0m0s; last: POST "/y": boom` {
		t.Fatalf("flush logged %q", lines)
	}
	f.Flush()
	if n := len(logLines(&out)); n != 2 {
		t.Fatal("a second flush repeated the summary")
	}
}

func TestGroupThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 118960: "118,960", 1234567: "1,234,567"} {
		if got := groupThousands(n); got != want {
			t.Errorf("groupThousands(%d) = %q, want %q", n, got, want)
		}
	}
}
