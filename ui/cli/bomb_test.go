package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// gzipZeros is n zero bytes gzipped: 100 MB make about 100 KB.
func gzipZeros(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	chunk := make([]byte, 1<<20)
	for ; n > 0; n -= len(chunk) {
		zw.Write(chunk[:min(n, len(chunk))])
	}
	zw.Close()
	return b.Bytes()
}

// `show` of a gzip bomb inflated 64 MiB and printed 331 MB of hex.
func TestShowOfAGzipBombIsCutAndBodyOutWritesTheStoredBytes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	bomb := gzipZeros(t, 100<<20)
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := &store.Delivery{ID: "01HOOKSCOPEGZIPBOMB0000001", ReceivedAt: time.Now(), Method: "POST", URI: "/bomb", Proto: "HTTP/1.1",
		Headers: http.Header{"Content-Encoding": {"gzip"}, "Content-Type": {"application/octet-stream"}},
		Body:    bomb, Size: int64(len(bomb)), ReplyStatus: 200}
	if err := st.Insert(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := filepath.Join(dir, "body.gz")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := runCLI(t, tempEnv(t), "show", d.ID, "--db", db, "--body-out", out)
	runtime.ReadMemStats(&after)
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	// 256 KiB of zeros as a hex dump is 1.3 MB; the whole body would be 500.
	if len(r.stdout) > 2<<20 {
		t.Errorf("show printed %d bytes", len(r.stdout))
	}
	if !strings.Contains(r.stdout, "body shown: the first 256.0 KiB of 100.0 MiB decoded") || !strings.Contains(r.stdout, "--body-out FILE") {
		t.Errorf("show does not say the body was cut: %s", r.stdout[:min(len(r.stdout), 2000)])
	}
	// Generous: the analysis may inflate up to showAnalyzeLimit (16 MiB,
	// about twice that allocated as it grows); before, show allocated
	// well over 400 MB.
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("show allocated %d MiB, printed %d bytes", alloc>>20, len(r.stdout))
	if alloc > 96<<20 {
		t.Errorf("show allocated %d MiB", alloc>>20)
	}
	got, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(got, bomb) {
		t.Errorf("--body-out wrote %d bytes (%v), want the %d stored bytes exactly", len(got), err, len(bomb))
	}
}
