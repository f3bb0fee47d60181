package store

import (
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestRecordRoundTripsEveryField(t *testing.T) {
	d := sample("\xff\xfe\x00binary\x1b[31m")
	d.Trailers = http.Header{"X-Checksum": {"\x00abc"}}
	d.Truncated, d.Imported = true, true
	d.DeclaredLength = -1
	d.Provider, d.Topic, d.Signature, d.Summary = "spiffy", "order.created", `{"status":"valid"}`, "order 42 \u00e9"
	d.ReplyStatus, d.ReplyRule = 202, "slow"
	d.ReplyHeaders = http.Header{"Content-Type": {"text/plain"}}
	d.ReplyBody = []byte("accepted\r\n")
	d.ReplyDelay, d.ReplyDuration = 1500*time.Millisecond, 3*time.Millisecond

	got, err := decodeRecord(encodeRecord(nil, d))
	if err != nil {
		t.Fatal(err)
	}
	// time.Time compares by wall and location; the record keeps the instant.
	if !got.ReceivedAt.Equal(d.ReceivedAt) || got.ReceivedAt.UnixNano() != d.ReceivedAt.UnixNano() {
		t.Errorf("received at %v, want %v", got.ReceivedAt, d.ReceivedAt)
	}
	got.ReceivedAt = d.ReceivedAt
	if !reflect.DeepEqual(got, d) {
		t.Errorf("record changed the delivery:\n got %#v\nwant %#v", got, d)
	}
}

func TestRecordKeepsEmptyAndAbsentApart(t *testing.T) {
	d := sample("")
	d.Body, d.Headers = nil, nil
	got, err := decodeRecord(encodeRecord(nil, d))
	if err != nil {
		t.Fatal(err)
	}
	// Rows store an absent body as empty; so does the record.
	if got.Body == nil || len(got.Body) != 0 || got.Trailers != nil || len(got.Headers) != 0 {
		t.Errorf("body %#v, trailers %#v, headers %#v", got.Body, got.Trailers, got.Headers)
	}
}

// Every prefix of a record and every record with bytes after its end is
// refused with an error, never a panic and never a partial delivery.
func TestRecordRefusesTruncatedAndPadded(t *testing.T) {
	d := sample(`{"order":1}`)
	d.Trailers = http.Header{"X-T": {"v"}}
	rec := encodeRecord(nil, d)
	for n := 0; n < len(rec); n++ {
		if got, err := decodeRecord(rec[:n]); err == nil {
			t.Fatalf("prefix of %d/%d bytes decoded: %+v", n, len(rec), got)
		}
	}
	if _, err := decodeRecord(append(rec[:len(rec):len(rec)], 0)); !errors.Is(err, errBadRecord) {
		t.Errorf("padded record: %v, want errBadRecord", err)
	}
	newer := append([]byte{recordFormat + 1}, rec[1:]...)
	if _, err := decodeRecord(newer); !errors.Is(err, errBadRecord) {
		t.Errorf("newer format: %v, want errBadRecord", err)
	}
}

func FuzzDecodeRecord(f *testing.F) {
	f.Add(encodeRecord(nil, sample("x")))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := decodeRecord(b)
		if err != nil {
			return
		}
		// What parses survives another round trip unchanged.
		again, err := decodeRecord(encodeRecord(nil, d))
		if err != nil {
			t.Fatalf("re-encoded record refused: %v", err)
		}
		if !reflect.DeepEqual(again, d) {
			t.Errorf("round trip changed %#v into %#v", d, again)
		}
	})
}

// BenchmarkEncodeRecord is the writer's encoding of one signed 2 KB
// delivery with the headers a platform sends, into a reused buffer.
func BenchmarkEncodeRecord(b *testing.B) {
	d := sample(benchOrder(1))
	d.Headers = http.Header{
		"Content-Type": {"application/json"}, "User-Agent": {"Spiffy-Webhooks/1.0"}, "Accept": {"*/*"},
		"Accept-Encoding": {"gzip"}, "Content-Length": {"2048"}, "X-Spiffy-Topic": {"orders/create"},
		"X-Spiffy-Hmac-Sha256": {"7a4b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f"}, "X-Spiffy-Shop-Domain": {"example.spiffystores.com"},
		"X-Request-Id": {"9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"}, "X-Forwarded-For": {"203.0.113.7"},
	}
	d.ReplyHeaders = http.Header{"Content-Type": {"text/plain; charset=utf-8"}}
	d.ReplyBody = []byte("ok")
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = encodeRecord(buf[:0], d)
	}
}
