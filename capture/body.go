package capture

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// errOverBudget is returned when a body cannot get the memory it needs
// within the wait: the sender gets a 503 and nothing is stored.
var errOverBudget = errors.New("body budget exhausted: too many bodies in flight")

// initialBodyBuffer is the most a body is given before its bytes arrive:
// room for a typical webhook in one go, yet little for a connection that
// announces a large body and then sends nothing. The announced length is
// the sender's word, not bytes in hand, so it never sizes a buffer beyond
// this; past it the buffer grows with what has actually arrived.
const initialBodyBuffer = 32 << 10

// maxPooledBuffer keeps one big upload from pinning its buffer in the pool
// for the life of the process.
const maxPooledBuffer = 1 << 20

var bodyPool = sync.Pool{New: func() any { return new([]byte) }}

// body is a request body read into memory, charged to a budget until
// released.
type body struct {
	buf    []byte
	held   int64 // bytes of budget held: cap(buf), once granted
	budget *budget
	// slot is the pool's pointer buf came in, kept to take it back: a
	// new one per release was an allocation per delivery.
	slot *[]byte
}

// release returns the buffer to the pool and its bytes to the budget. The
// body must not be used after; calling release twice is harmless.
func (b *body) release() {
	if b.buf != nil && cap(b.buf) <= maxPooledBuffer {
		slot := b.slot
		if slot == nil {
			slot = new([]byte)
		}
		*slot = b.buf[:0]
		bodyPool.Put(slot)
	}
	b.buf, b.slot = nil, nil
	b.budget.release(b.held)
	b.held = 0
}

// readBody reads r into memory, at most limit bytes (reading limit bytes
// means the body was longer than limit-1). declared is the announced
// Content-Length, -1 when unknown; it keeps a buffer from growing past
// what the body will need, and a body that ends short of it ended early
// (io.ErrUnexpectedEOF): the sender hung up. The buffer at most doubles
// what arrived before each growth, and every growth is granted by the
// budget first, waiting up to wait; when it is not granted readBody
// returns errOverBudget. Other errors are the reader's: the body ended
// early. The returned body must be released.
func readBody(ctx context.Context, r io.Reader, declared, limit int64, bud *budget, wait time.Duration) (body, error) {
	b := body{budget: bud}
	if limit <= 0 || declared == 0 {
		return b, nil
	}
	want := min(int64(initialBodyBuffer), limit)
	if declared > 0 && declared < want {
		want = declared + 1 // +1: room to see the end without growing
	}
	var buf []byte
	if pooled := bodyPool.Get().(*[]byte); int64(cap(*pooled)) >= want {
		buf, b.slot = *pooled, pooled
		*pooled = nil
	} else {
		bodyPool.Put(pooled) // for a smaller body; this one gets its own, once granted
	}
	if !b.grow(ctx, &buf, want, wait) {
		b.buf = buf
		return b, errOverBudget
	}
	for {
		if int64(len(buf)) >= limit {
			b.buf = buf
			return b, nil
		}
		if len(buf) == cap(buf) {
			n := int64(len(buf))
			next := min(2*n, limit)
			if declared >= n && declared <= 2*n {
				// The announced end is within one doubling: grow to
				// just past it, not to twice what came.
				next = min(declared+1, limit)
			}
			if !b.grow(ctx, &buf, next, wait) {
				b.buf = buf
				return b, errOverBudget
			}
		}
		// A pooled buffer may be larger than limit: read no further.
		n, err := r.Read(buf[len(buf):min(int64(cap(buf)), limit)])
		buf = buf[:len(buf)+n]
		if err != nil {
			b.buf = buf
			if err == io.EOF {
				if int64(len(buf)) < declared {
					// A reader that does not know the length (fasthttp's
					// body stream) ends such a body with a plain EOF.
					return b, io.ErrUnexpectedEOF
				}
				return b, nil
			}
			return b, err
		}
	}
}

// grow makes *buf's capacity newCap once the budget grants the bytes it
// adds. A nil *buf is allocated; a pooled one already large enough is
// charged for what it holds.
func (b *body) grow(ctx context.Context, buf *[]byte, newCap int64, wait time.Duration) bool {
	newCap = max(newCap, int64(cap(*buf)))
	extra := newCap - b.held
	if extra > 0 {
		if !b.budget.acquire(ctx, extra, wait) {
			return false
		}
		b.held += extra
	}
	if int64(cap(*buf)) < newCap {
		grown := make([]byte, len(*buf), newCap)
		copy(grown, *buf)
		*buf = grown
	}
	return true
}
