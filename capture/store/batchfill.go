package store

import (
	"runtime"
	"time"
)

// The appender's batch fill. Group commit only groups if the batch waits for
// the deliveries that are about to arrive: with the server on one CPU
// (GOMAXPROCS 1) the appender, woken by the first enqueue, would otherwise
// run on before any other handler did, drain a queue holding one or two
// deliveries and commit them alone. Measured in issue 12 (stage 1), 11,012
// deliveries made 7,015 fsyncs that way; per-batch costs (BEGIN, WAL
// header, fsync) were paid per delivery.
//
// So before committing, the appender yields (runtime.Gosched) to let runnable
// handlers enqueue, and keeps yielding while that makes the batch grow. It
// stops as soon as a yield brings nothing (after the first few, which let
// the handlers woken by the previous commit run), when the batch is full,
// or after fillWait at the latest. A lone delivery thus waits only the few
// yields, well under a microsecond each when nothing else is runnable, and
// no delivery waits more than fillWait for its batch to fill.

const (
	// fillWait bounds how long a batch may wait to grow. It is small
	// against an fsync (0.1-0.4 ms on the disks measured) plus the batch's
	// own commit, and against the 10 ms p99 that capture aims at.
	fillWait = time.Millisecond
	// fillYields is how many yields the fill makes even when one brings
	// nothing: the handlers the previous commit answered are still
	// writing their replies and reading the next requests.
	fillYields = 4
)

// fillBatch appends to batch what the queue holds and what arrives while
// the batch keeps growing, up to max, waiting at most wait.
func fillBatch(batch []*insertReq, queue <-chan *insertReq, max int, wait time.Duration) []*insertReq {
	batch = drainQueue(batch, queue, max)
	deadline := time.Now().Add(wait)
	for yields := 1; len(batch) < max && time.Now().Before(deadline); yields++ {
		before := len(batch)
		runtime.Gosched()
		batch = drainQueue(batch, queue, max)
		if len(batch) == before && yields >= fillYields {
			break
		}
	}
	return batch
}

// drainQueue appends to batch what the queue holds now, up to max.
func drainQueue(batch []*insertReq, queue <-chan *insertReq, max int) []*insertReq {
	for len(batch) < max {
		select {
		case req := <-queue:
			batch = append(batch, req)
		default:
			return batch
		}
	}
	return batch
}
