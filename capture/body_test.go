package capture

import (
	"bytes"
	"context"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// Two uploads in flight hold most of a 40 MiB budget; a third that does
// not fit beside them waits, then is told to retry and nothing of it is
// stored, while the two finish and are stored byte for byte.
func TestUploadsPastTheBodyBudgetGet503AndThoseWithinAreStored(t *testing.T) {
	const size = 16 << 20
	var srv *Server
	ts, st, _ := newTestServer(t, WithBodyBudget(40<<20), func(s *Server) {
		s.budgetWait = 100 * time.Millisecond
		srv = s
	})
	bodies := make([][]byte, 3)
	for i := range bodies {
		bodies[i] = make([]byte, size)
		rand.NewChaCha8([32]byte{byte(i)}).Read(bodies[i])
	}

	type result struct {
		status     int
		retryAfter string
		err        error
	}
	post := func(body io.Reader) result {
		req, _ := http.NewRequest("POST", ts.URL+"/upload", body)
		req.ContentLength = size
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return result{err: err}
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return result{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	}

	// The first two send all but their last MiB and hold there.
	var writers []*io.PipeWriter
	held := make(chan result, 2)
	for i := 0; i < 2; i++ {
		pr, pw := io.Pipe()
		writers = append(writers, pw)
		t.Cleanup(func() { pw.CloseWithError(io.ErrClosedPipe) })
		go func() { held <- post(pr) }()
		go pw.Write(bodies[i][:size-1<<20])
	}
	deadline := time.Now().Add(10 * time.Second)
	for srv.budget.inUse() < 2*(size+1) {
		if time.Now().After(deadline) {
			t.Fatalf("the two uploads hold %d bytes of budget, want %d", srv.budget.inUse(), 2*(size+1))
		}
		time.Sleep(5 * time.Millisecond)
	}

	third := post(bytes.NewReader(bodies[2]))
	if third.err != nil {
		t.Fatalf("the upload past the budget got no answer: %v", third.err)
	}
	if third.status != http.StatusServiceUnavailable || third.retryAfter == "" {
		t.Fatalf("the upload past the budget got %d, Retry-After %q; want 503 with Retry-After", third.status, third.retryAfter)
	}

	for i, pw := range writers {
		go func() {
			pw.Write(bodies[i][size-1<<20:])
			pw.Close()
		}()
	}
	for i := 0; i < 2; i++ {
		if r := <-held; r.err != nil || r.status != 200 {
			t.Fatalf("an upload within the budget got %d, %v", r.status, r.err)
		}
	}
	list, err := st.List(context.Background(), store.Filter{}, 0, 10)
	if err != nil || len(list) != 2 {
		t.Fatalf("want the two uploads within the budget stored, got %d (%v)", len(list), err)
	}
	for _, sum := range list {
		d, err := st.Get(context.Background(), sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d.Body, bodies[0]) && !bytes.Equal(d.Body, bodies[1]) {
			t.Fatalf("stored body of %d bytes is neither upload", len(d.Body))
		}
	}
	if n := srv.budget.inUse(); n != 0 {
		t.Fatalf("%d bytes of budget still held with nothing in flight", n)
	}
}

// A limit of math.MaxInt64 once overflowed in limit+1, so every body was
// read as empty and acknowledged with a 200.
func TestHugeMaxBodyStillStoresTheBody(t *testing.T) {
	ts, st, _ := newTestServer(t, WithMaxBody(math.MaxInt64))
	resp, err := http.Post(ts.URL+"/x", "text/plain", strings.NewReader("0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	d := only(t, st)
	if string(d.Body) != "0123456789" || d.Size != 10 || d.Truncated {
		t.Fatalf("stored %q (size %d, truncated %v), sent 10 bytes", d.Body, d.Size, d.Truncated)
	}
}

func TestNegativeMaxBodyRecordsBodiesTruncated(t *testing.T) {
	ts, st, _ := newTestServer(t, WithMaxBody(-5))
	resp, err := http.Post(ts.URL+"/x", "text/plain", strings.NewReader("abc"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", resp.StatusCode)
	}
	if d := only(t, st); !d.Truncated || d.Size != 0 || d.DeclaredLength != 3 {
		t.Fatalf("truncated %v size %d declared %d", d.Truncated, d.Size, d.DeclaredLength)
	}
}

// A body that ends short of its declared length ended early, even when
// its reader says only io.EOF (fasthttp's body stream does); one longer
// than the limit is read to the limit, however large the buffer the pool
// gives it, and is not short.
func TestReadBodyTellsABodyShortOfItsLength(t *testing.T) {
	for _, c := range []struct {
		body           string
		declared, want int64
		err            error
	}{
		{"abc", 10, 3, io.ErrUnexpectedEOF},
		{"abc", 3, 3, nil},
		{"abc", -1, 3, nil},      // chunked: the reader knows the end
		{"abcdefgh", 10, 5, nil}, // past the limit of 5: too large, not short
	} {
		// The pool holds a buffer larger than the limit, as a body read
		// before leaves it: empty the pool, then give it one.
		for p := bodyPool.Get().(*[]byte); cap(*p) > 0; p = bodyPool.Get().(*[]byte) {
		}
		big := make([]byte, 0, 4096)
		bodyPool.Put(&big)
		b, err := readBody(context.Background(), strings.NewReader(c.body), c.declared, 5, newBudget(1<<20), time.Second)
		if int64(len(b.buf)) != c.want || err != c.err {
			t.Errorf("%q declared %d: read %d bytes, %v; want %d, %v", c.body, c.declared, len(b.buf), err, c.want, c.err)
		}
		b.release()
	}
}

func TestValidateMaxBody(t *testing.T) {
	for _, n := range []int64{0, 1, DefaultMaxBody, MaxMaxBody} {
		if err := ValidateMaxBody(n); err != nil {
			t.Errorf("ValidateMaxBody(%d) = %v", n, err)
		}
	}
	for _, n := range []int64{-1, MaxMaxBody + 1, math.MaxInt64, math.MinInt64} {
		err := ValidateMaxBody(n)
		if err == nil || !strings.Contains(err.Error(), "between 0 and") {
			t.Errorf("ValidateMaxBody(%d) = %v, want a range error", n, err)
		}
	}
}

// Bodies of every size around the buffer's growth steps arrive whole,
// with and without an announced length.
func TestBodiesAroundGrowthStepsStoredByteExact(t *testing.T) {
	ts, st, _ := newTestServer(t)
	sizes := []int{1, initialBodyBuffer - 1, initialBodyBuffer, initialBodyBuffer + 1, 2*initialBodyBuffer + 7, 3 << 20}
	rng := rand.NewChaCha8([32]byte{1})
	sent := 0
	for _, n := range sizes {
		for _, chunked := range []bool{false, true} {
			body := make([]byte, n)
			rng.Read(body)
			var r io.Reader = bytes.NewReader(body)
			if chunked {
				r = io.MultiReader(r) // hides the length: sent chunked
			}
			resp, err := http.Post(ts.URL+"/g", "application/octet-stream", r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("%d bytes (chunked %v): status %d", n, chunked, resp.StatusCode)
			}
			list, _ := st.List(context.Background(), store.Filter{}, sent, 1) // oldest first
			sent++
			d, err := st.Get(context.Background(), list[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(d.Body, body) {
				t.Fatalf("%d bytes (chunked %v): stored %d bytes that differ", n, chunked, len(d.Body))
			}
		}
	}
}
