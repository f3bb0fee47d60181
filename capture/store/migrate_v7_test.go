package store

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// testdata/v7.db is a store written by hookscope's own code at schema v7
// (main at c4bc967, the release before the segment logs), with the
// deliveries of v7Deliveries, an attempt and a mark: TestWriteV7Store,
// run in that tree with HOOKSCOPE_WRITE_V7=path, wrote it. The test below
// opens it with this code.

// v7Deliveries are the deliveries in testdata/v7.db: bytes a text
// encoding would change, repeated and empty headers, trailers, a reply
// with headers and body, a truncated body.
func v7Deliveries() []*Delivery {
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	d := func(id string, ago time.Duration, body string) *Delivery {
		return &Delivery{ID: id, ReceivedAt: at.Add(-ago), Method: "POST", URI: "/hooks/spiffy?shop=acme",
			Proto: "HTTP/1.1", Host: "127.0.0.1:4747", RemoteAddr: "127.0.0.1:5555",
			Headers: http.Header{"Content-Type": {"application/json"}, "X-Multi": {"b", "a"}, "X-Empty": {""}},
			Body:    []byte(body), Size: int64(len(body)), DeclaredLength: int64(len(body)),
			Provider: "spiffy", Topic: "orders/create", ReplyStatus: 200, ReplyDuration: time.Millisecond,
			Signature: `{"status":"valid","scheme":"hmac"}`, Summary: "order #1402"}
	}
	json := d("01V7000000000000000000000A", 3*time.Hour, `{"id":1402,"customer":{"email":"jon@doe.ca"},"note":"kangaroo"}`)
	binary := d("01V7000000000000000000000B", 2*time.Hour, "\xff\xfe\x00\x1b[31m\r\nbinary")
	binary.Headers = http.Header{"Content-Type": {"application/octet-stream"}, "X-Bytes": {"\x9b\xff\x1b"}}
	binary.Trailers = http.Header{"X-Checksum": {"abc"}}
	binary.ReplyStatus, binary.ReplyRule = 202, "r-1"
	binary.ReplyHeaders = http.Header{"X-Reply": {"yes"}}
	binary.ReplyBody = []byte("{\"ok\":true}\n")
	binary.ReplyDelay = 5 * time.Millisecond
	cut := d("01V7000000000000000000000C", time.Hour, `{"id":1403,"items":[`)
	cut.Truncated, cut.DeclaredLength = true, 2_000_000
	return []*Delivery{json, binary, cut}
}

// TestWriteV7Store writes testdata/v7.db; see above. It is skipped unless
// HOOKSCOPE_WRITE_V7 names the file to write.
func TestWriteV7Store(t *testing.T) {
	path := os.Getenv("HOOKSCOPE_WRITE_V7")
	if path == "" {
		t.Skip("HOOKSCOPE_WRITE_V7 not set")
	}
	ctx := context.Background()
	s, err := Open(ctx, path, Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range v7Deliveries() {
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.InsertAttempt(ctx, v7Attempt()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Mark(ctx, []string{"01V7000000000000000000000B"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func v7Attempt() *Attempt {
	return &Attempt{DeliveryID: "01V7000000000000000000000B", Kind: "replay",
		At: time.Date(2026, 11, 30, 13, 0, 0, 0, time.UTC), URL: "http://127.0.0.1:3000/", Method: "POST",
		RequestHeaders: http.Header{"X-A": {"1"}}, Status: 204, ResponseHeaders: http.Header{}, ResponseBody: []byte{},
		Latency: time.Millisecond}
}

// emptyAsNil makes a delivery's empty headers and bodies nil, which a
// store returns either way.
func emptyAsNil(d *Delivery) *Delivery {
	c := *d
	for _, h := range []*http.Header{&c.Headers, &c.Trailers, &c.ReplyHeaders} {
		if len(*h) == 0 {
			*h = nil
		}
	}
	for _, b := range []*[]byte{&c.Body, &c.ReplyBody} {
		if len(*b) == 0 {
			*b = nil
		}
	}
	return &c
}

// copyV7Store copies testdata/v7.db to a temporary directory.
func copyV7Store(t *testing.T) string {
	t.Helper()
	src, err := os.Open(filepath.Join("testdata", "v7.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "hookscope.db")
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestV7StoreOpensListsAndReadsByteExact(t *testing.T) {
	ctx := context.Background()
	path := copyV7Store(t)
	s, err := Open(ctx, path, Options{Keep: -1, KeepBytes: 1, segmentSize: retentionSegment})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := v7Deliveries()
	var wantIDs []string
	for _, d := range want {
		wantIDs = append(wantIDs, d.ID)
	}
	if got := listIDs(t, s, Filter{}); !slices.Equal(got, wantIDs) {
		t.Fatalf("listed %v, want %v", got, wantIDs)
	}
	check := func() {
		t.Helper()
		for _, w := range want {
			got, err := s.Get(ctx, w.ID)
			if err != nil {
				t.Fatalf("Get %s: %v", w.ID, err)
			}
			// Insert set the reply duration; the indexer, the rest.
			got.Seq, got.EventID, got.RetryOf, got.RetryN, got.ReplyDuration = 0, "", "", 0, w.ReplyDuration
			w.Marked = w.ID == "01V7000000000000000000000B"
			if got.ReceivedAt.Equal(w.ReceivedAt) {
				got.ReceivedAt = w.ReceivedAt // the same instant, in the local zone
			}
			if !reflect.DeepEqual(emptyAsNil(got), emptyAsNil(w)) {
				t.Errorf("Get %s:\n%+v\nwant\n%+v", w.ID, got, w)
			}
		}
	}
	check()
	// The old rows' reversed ids moved to the facts (v10): a suffix still
	// finds them.
	if got, err := s.Get(ctx, "00000a"); err != nil || got.ID != "01V7000000000000000000000A" {
		t.Errorf("Get by suffix 00000a = %v, %v", got, err)
	}
	if a, err := s.Attempts(ctx, "01V7000000000000000000000B"); err != nil || len(a) != 1 || a[0].Status != 204 {
		t.Errorf("attempts = %+v, %v", a, err)
	}
	// The filters read the old rows' bodies from their own column.
	for expr, ids := range map[string][]string{
		"json:customer.email=jon@doe.ca": {"01V7000000000000000000000A"},
		"kangaroo":                       {"01V7000000000000000000000A"},
		"is:marked":                      {"01V7000000000000000000000B"},
	} {
		if got := listIDs(t, s, Filter{Expr: mustParse(t, expr)}); !slices.Equal(got, ids) {
			t.Errorf("%s selects %v, want %v", expr, got, ids)
		}
	}

	// New deliveries go to the segment log, beside the old rows, and both
	// stay byte-exact; retention by bytes never takes rows it has no
	// segment for.
	fresh := insertBodies(t, s, 20, time.Now())
	if err := s.syncRows(ctx); err != nil {
		t.Fatal(err)
	}
	var inLog int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM deliveries WHERE seg_log IS NOT NULL AND length(body) = 0`).Scan(&inLog); err != nil {
		t.Fatal(err)
	}
	if inLog != len(fresh) {
		t.Errorf("%d of %d new deliveries are in the segment log", inLog, len(fresh))
	}
	if err := s.pruneNow(ctx); err != nil {
		t.Fatal(err)
	}
	check()
	assertKept(t, s, fresh[len(fresh)-1:], nil)
	if got := listIDs(t, s, Filter{Expr: mustParse(t, `json:n=*x`)}); len(got) == 0 || len(got) >= len(fresh) {
		t.Errorf("json: on the new deliveries selects %d after retention took some of %d", len(got), len(fresh))
	}
}
