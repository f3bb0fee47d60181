package capture

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/valyala/fasthttp"
)

// discardRecorder accepts every delivery and keeps nothing; deferring says
// whether it reports sustained load (store.Store.Deferring), when capture
// leaves the summary to the store's indexer.
type discardRecorder struct{ deferring bool }

func (discardRecorder) Insert(context.Context, *store.Delivery) error { return nil }
func (r discardRecorder) Deferring() bool                             { return r.deferring }

// benchCtx is the signed 2 KB Spiffy order of the load benchmarks as the
// server hands it to its handler: parsed from the wire, as fasthttp does.
func benchCtx(b *testing.B) *fasthttp.RequestCtx {
	var raw bytes.Buffer
	if err := benchRequest("http://127.0.0.1:4747").Write(&raw); err != nil {
		b.Fatal(err)
	}
	var req fasthttp.Request
	if err := req.Read(bufio.NewReader(&raw)); err != nil {
		b.Fatal(err)
	}
	var ctx fasthttp.RequestCtx
	ctx.Init(&req, nil, nil)
	return &ctx
}

// BenchmarkAckPath is the capture server's own work per delivery, without
// the store, the sockets or fasthttp's parsing (BenchmarkCapture and
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
			ctx := benchCtx(b)
			b.ReportAllocs()
			b.SetBytes(int64(len(benchBody)))
			for b.Loop() {
				ctx.Response.Reset()
				srv.serve(ctx)
				if status := ctx.Response.StatusCode(); status != http.StatusOK {
					b.Fatalf("status %d", status)
				}
			}
		})
	}
}
