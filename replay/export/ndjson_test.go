package export

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// TestNDJSONExportImportExportIsByteIdentical stores deliveries with
// everything a round trip can lose (invalid UTF-8 in body, header and
// reply; repeated headers in order; trailers; nanosecond times; a slow
// reply; replays newest first), exports, imports into a fresh store,
// exports again, and compares bytes; and checks the first store's
// deliveries came back field for field.
func TestNDJSONExportImportExportIsByteIdentical(t *testing.T) {
	ctx := context.Background()
	a := openStore(t)
	ds := hostileDeliveries(t)
	ds[0].Headers["X-Bytes"] = []string{"\x9b\xff\x1b", ""}
	ds[0].Trailers = http.Header{"X-Checksum": {"abc", "def"}}
	ds[0].ReplyBody = []byte("\xff\xfebinary reply")
	ds[0].ReplyDelay = 1500 * time.Millisecond
	ds[0].Signature = `{"status":"invalid","scheme":"hmac-sha256","reason":"the body changed"}`
	for _, d := range ds {
		if err := a.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	tries := []*store.Attempt{
		{DeliveryID: ds[0].ID, Kind: "replay", At: time.Unix(1714564800, 1), URL: "http://127.0.0.1:3000/x", Method: "POST",
			RequestHeaders: http.Header{"X-A": {"1", "2"}}, BodySHA256: "ab", BodySize: 3, Status: 500,
			ResponseHeaders: http.Header{"Content-Type": {"text/plain"}}, ResponseBody: []byte("\x00boom\xff"), Latency: 12345678},
		{DeliveryID: ds[0].ID, Kind: "forward", At: time.Unix(1714564801, 2), URL: "http://127.0.0.1:3000/y", Method: "POST",
			Err: "connection refused"},
	}
	if err := a.InsertAttempts(ctx, tries); err != nil {
		t.Fatal(err)
	}

	first := exportStore(t, a, NDJSON, Options{})
	b := openStore(t)
	importInto(t, b, NDJSON, first)
	second := exportStore(t, b, NDJSON, Options{})
	if !bytes.Equal(first, second) {
		t.Fatalf("export → import → export differs:\nfirst:  %s\nsecond: %s", first, second)
	}
	if n := strings.Count(string(first), "\n"); n != len(ds) {
		t.Fatalf("%d lines for %d deliveries", n, len(ds))
	}

	for _, want := range ds {
		orig, _ := a.Get(ctx, want.ID)
		got, err := b.Get(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Imported || orig.Imported {
			t.Errorf("%s: imported=%v in the new store, %v in the old", want.ID, got.Imported, orig.Imported)
		}
		if !bytes.Equal(got.Body, orig.Body) || !bytes.Equal(got.ReplyBody, orig.ReplyBody) {
			t.Errorf("%s: bodies differ: %q / %q", want.ID, got.Body, orig.Body)
		}
		if !got.ReceivedAt.Equal(orig.ReceivedAt) || got.ReplyDelay != orig.ReplyDelay {
			t.Errorf("%s: received %v delay %v, want %v %v", want.ID, got.ReceivedAt, got.ReplyDelay, orig.ReceivedAt, orig.ReplyDelay)
		}
		for name, vs := range orig.Headers {
			if strings.Join(got.Headers[name], "\x00") != strings.Join(vs, "\x00") {
				t.Errorf("%s: header %s = %q, want %q", want.ID, name, got.Headers[name], vs)
			}
		}
		if len(got.Headers) != len(orig.Headers) || len(got.Trailers) != len(orig.Trailers) {
			t.Errorf("%s: %d headers %d trailers, want %d %d", want.ID, len(got.Headers), len(got.Trailers), len(orig.Headers), len(orig.Trailers))
		}
	}
	gotTries, _ := b.Attempts(ctx, ds[0].ID)
	if len(gotTries) != 2 || gotTries[0].Kind != "forward" || !bytes.Equal(gotTries[1].ResponseBody, tries[0].ResponseBody) ||
		gotTries[1].RequestHeaders.Get("X-A") != "1" {
		t.Errorf("attempts came back as %+v", gotTries)
	}
}

// TestNDJSONIsTheDocumentedShape: the documented keys are there, in the
// documented encoding, and the JSON escapes terminal escapes.
func TestNDJSONIsTheDocumentedShape(t *testing.T) {
	st := openStore(t)
	ds := hostileDeliveries(t)
	for _, d := range ds[:3] {
		if err := st.Insert(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	out := exportStore(t, st, NDJSON, Options{})
	for _, key := range []string{`"id":`, `"received_at":"2024-05-01T12:00:00.123456789Z"`, `"method":"POST"`, `"uri":`, `"proto":`,
		`"host":`, `"remote_addr":`, `"headers":{`, `"body":`, `"body_encoding":"base64"`, `"size":`, `"declared_length":`,
		`"truncated":false`, `"provider":`, `"topic":`, `"signature":null`, `"summary":`, `"reply":{"status":200,"duration_ms":`} {
		if !bytes.Contains(out, []byte(key)) {
			t.Errorf("NDJSON lacks %s", key)
		}
	}
	if bytes.ContainsAny(out, "\x1b\x07\u009b\u202e") {
		t.Errorf("NDJSON carries raw terminal escapes")
	}
}
