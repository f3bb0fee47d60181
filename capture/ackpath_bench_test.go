package capture

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
)

// discardRecorder accepts every delivery and keeps nothing; deferring says
// whether it reports sustained load (store.Store.Deferring), when capture
// leaves the summary to the store's indexer.
type discardRecorder struct{ deferring bool }

func (discardRecorder) Insert(context.Context, *store.Delivery) error { return nil }
func (r discardRecorder) Deferring() bool                             { return r.deferring }

// discardWriter is a ResponseWriter that keeps only its header map,
// cleared per request as net/http gives each response its own.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkAckPath is the capture server's own work per delivery, without
// the store, the sockets or net/http's parsing (BenchmarkCapture and
// BenchmarkSideBySide measure those too): read the signed 2 KB Spiffy order
// of the load benchmarks, detect it, check its HMAC, choose the reply and
// answer. "deferred" is the path at saturation (issue 12), where the
// summary is left to the indexer; "summarised" the path below it.
//
// Run: go test -run '^$' -bench AckPath -benchmem ./capture
func BenchmarkAckPath(b *testing.B) {
	analyzer, err := registry.New(nil, map[string][][]byte{"spiffy": {[]byte("bench-secret")}})
	if err != nil {
		b.Fatal(err)
	}
	for _, variant := range []struct {
		name      string
		deferring bool
	}{{"deferred", true}, {"summarised", false}} {
		b.Run(variant.name, func(b *testing.B) {
			srv := New(discardRecorder{variant.deferring}, WithAnalyzer(analyzer),
				WithRequestReplier(reply.RequestResponder(reply.Defaults{})))
			req := benchRequest("http://127.0.0.1:4747")
			req.RequestURI = "/webhooks/spiffy"
			body := bytes.NewReader(benchBody)
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			b.SetBytes(int64(len(benchBody)))
			for b.Loop() {
				body.Reset(benchBody)
				req.Body = readCloser{body}
				clear(w.h)
				srv.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
