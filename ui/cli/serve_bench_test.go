package cli

import (
	"bufio"
	"context"
	"io"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
)

// spiffyOrderDelivery is a signed Spiffy order delivery as capture stores
// it and the hub hands it to serve's printer: annotated by the analyzer
// (provider, topic, the signature check as JSON, the summary), headers and
// body loaded.
func spiffyOrderDelivery(tb testing.TB) store.Delivery {
	tb.Helper()
	f, err := fixtures.Get("spiffy/orders-create")
	if err != nil {
		tb.Fatal(err)
	}
	secret := []byte("bench-secret")
	p, _ := registry.Lookup("spiffy")
	h := f.Headers.Clone()
	if err := decode.Resign(p.Signature(), f.Method, "http://127.0.0.1:8080"+f.Path, h, f.Body, secret); err != nil {
		tb.Fatal(err)
	}
	a, err := registry.New(nil, map[string][][]byte{"spiffy": {secret}})
	if err != nil {
		tb.Fatal(err)
	}
	d := store.Delivery{
		ID:             "01JD3K4Q2XW5V8N6M7P9R0S1T2",
		Seq:            1,
		ReceivedAt:     time.Date(2025, 11, 30, 14, 3, 7, 123456789, time.UTC),
		Method:         f.Method,
		URI:            f.Path,
		Proto:          "HTTP/1.1",
		Host:           "127.0.0.1:8080",
		RemoteAddr:     "127.0.0.1:53124",
		Headers:        h,
		Body:           f.Body,
		Size:           int64(len(f.Body)),
		DeclaredLength: int64(len(f.Body)),
		ReplyStatus:    200,
		ReplyRule:      "plain 200",
		ReplyDuration:  183 * time.Microsecond,
	}
	capture.Annotate(a, &d, nil)
	if d.Signature == "" || d.Summary == "" {
		tb.Fatalf("fixture not annotated: %+v", d)
	}
	return d
}

// BenchmarkServeLine is what `hookscope serve` spends printing one
// delivery's JSON line (without --bodies) into its output buffer: the
// printer's own path, from the delivery the hub hands over to bytes in the
// bufio.Writer. The reference is the encoder before issue 12's work
// (output_test.go), measured in the same run for comparison.
func BenchmarkServeLine(b *testing.B) {
	d := spiffyOrderDelivery(b)
	ctx := context.Background()
	b.Run("printer", func(b *testing.B) {
		p := &printer{w: bufio.NewWriterSize(io.Discard, 64<<10)}
		b.ReportAllocs()
		for b.Loop() {
			d.Seq++
			if err := p.print(ctx, &d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reference", func(b *testing.B) {
		w := bufio.NewWriterSize(io.Discard, 64<<10)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := w.Write(referenceLine(b, &d, false)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
