package store

import (
	"context"
	"testing"
	"time"
)

// A commit of rows that waits (here for another connection's write lock,
// as a long delete in a TUI beside a serve holds it) does not hold up the
// acknowledgements of the captures behind it: their records are durable,
// and only their rows wait. When one goroutine did both, every capture
// waited for the lock, up to busyTimeout.
func TestCapturesAreAcknowledgedWhileTheirRowsWaitForTheDatabase(t *testing.T) {
	// As fast a machine acknowledges them, and as one so loaded that they
	// take longer than listLag, past which the appender asks the writer
	// to commit: that ask must not wait out the lock either (CI once took
	// 30.8 s here).
	for _, lag := range []time.Duration{listLag, time.Millisecond} {
		t.Run(lag.String(), func(t *testing.T) { acknowledgedWhileTheLockIsHeld(t, lag) })
	}
}

func acknowledgedWhileTheLockIsHeld(t *testing.T, lag time.Duration) {
	ctx := context.Background()
	s, path := openTemp(t, Options{Keep: -1, listLag: lag})
	db := openOther(t, path)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	// More than a commit of rows under load, fewer than the appender
	// runs ahead of the writer.
	ds := samples(aheadRows*flushRowsAt-64, `{"n":1}`)
	start := time.Now()
	err = insertConcurrently(s, ds, 32)
	acked := time.Since(start)
	if _, rerr := conn.ExecContext(ctx, `ROLLBACK`); rerr != nil {
		t.Fatal(rerr)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d deliveries acknowledged in %v with the write lock held", len(ds), acked)
	if acked >= busyTimeout/2 {
		t.Fatalf("%d deliveries took %v to be acknowledged: they waited for the database lock", len(ds), acked)
	}
	if n, err := s.Count(ctx, Filter{}); err != nil || n != len(ds) {
		t.Fatalf("Count = %d, %v once the lock is released; want %d", n, err, len(ds))
	}
}
