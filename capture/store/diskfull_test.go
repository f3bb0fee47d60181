package store_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/capturetest"
	"github.com/hookscope/hookscope/capture/store"
)

// TestFullDiskAnswers503AndAcknowledgesNothing fails the segment log's
// Append as a full disk does (ENOSPC from the write or its fdatasync):
// every capture in the failing batches gets 503 with Retry-After, none is
// stored, before or after a reopen, and capture resumes once the disk has
// room.
func TestFullDiskAnswers503AndAcknowledgesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hookscope.db")
	var full atomic.Bool
	opts := store.WithAppendFault(store.Options{Keep: -1}, func() error {
		if full.Load() {
			return fmt.Errorf("write segment: %w", syscall.ENOSPC)
		}
		return nil
	})
	st, err := store.Open(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := capturetest.Start(t, capture.New(st))
	defer ts.Close()
	post := func(body string) (int, string) {
		resp, err := http.Post(ts.URL+"/hooks/x", "application/json", strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return 0, ""
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	if code, _ := post(`{"n":"before"}`); code != 200 {
		t.Fatalf("before the disk filled: %d", code)
	}

	full.Store(true)
	var wg sync.WaitGroup
	var acked atomic.Int32
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, retry := post(fmt.Sprintf(`{"n":%d}`, i))
			if code/100 == 2 {
				acked.Add(1)
			}
			if code != http.StatusServiceUnavailable || retry == "" {
				t.Errorf("disk full: status %d, Retry-After %q; want 503 with Retry-After", code, retry)
			}
		}()
	}
	wg.Wait()
	if n, _ := st.Count(ctx, store.Filter{}); n != 1 {
		t.Errorf("%d deliveries stored, want only the one from before (%d acknowledged)", n, acked.Load())
	}

	full.Store(false)
	if code, _ := post(`{"n":"after"}`); code != 200 {
		t.Fatalf("after the disk had room again: %d", code)
	}
	ts.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	// Recovery finds nothing of the failed batches in the log either.
	st, err = store.Open(ctx, path, store.Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, err := st.List(ctx, store.Filter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, d := range ds {
		full, err := st.Get(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(full.Body))
	}
	if want := []string{`{"n":"before"}`, `{"n":"after"}`}; fmt.Sprint(bodies) != fmt.Sprint(want) {
		t.Errorf("after reopen the store holds %q, want %q", bodies, want)
	}
}
