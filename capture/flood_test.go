package capture

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// heapInUse is the Go heap in use after a collection: what the server
// holds, not garbage it has yet to collect.
func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// Announcing a body costs nothing but a header line. 300 connections that
// each announce 16 MiB and send a few bytes once took the server from
// 247 MB to 5 GB, as the buffer was grown to the announced length before a
// byte of body came. What they hold must stay near what they sent.
func TestAnnouncedLengthsDoNotReserveMemory(t *testing.T) {
	const conns = 300
	const announced = 16 << 20
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := New(st)
	var reading atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reading.Add(1)
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	addr := strings.TrimPrefix(ts.URL, "http://")

	before := heapInUse()
	var open []net.Conn
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	for i := 0; i < conns; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		open = append(open, c)
		fmt.Fprintf(c, "POST /x/%d HTTP/1.1\r\nHost: h\r\nContent-Length: %d\r\n\r\n{\"a\":", i, announced)
	}
	deadline := time.Now().Add(10 * time.Second)
	for reading.Load() < conns {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d requests reached the handler", reading.Load(), conns)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Each handler has had its chance to size its buffer; give the
	// slowest a moment more, then see what they hold.
	time.Sleep(100 * time.Millisecond)
	held := int64(heapInUse()) - int64(before)
	t.Logf("heap grew by %.1f MB for %d connections announcing %d MiB each", float64(held)/1e6, conns, announced>>20)
	if held > 100e6 {
		t.Fatalf("heap grew by %.0f MB while %d connections had sent only their headers", float64(held)/1e6, conns)
	}

	// The server still answers everyone else.
	resp, err := http.Post(ts.URL+"/ok", "application/json", strings.NewReader(`{"ok":1}`))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("a real delivery during the flood got %d", resp.StatusCode)
	}
}
