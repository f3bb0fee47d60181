package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func openTemp(t testing.TB, opts Options) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nested", "hookscope.db")
	s, err := Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

var seq int

// openOther opens the store's database at path as another process would,
// on a connection of its own, closed when the test ends.
func openOther(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := openDB(path, "FULL")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func sample(body string) *Delivery {
	seq++
	return &Delivery{
		ID:             fmt.Sprintf("01TEST%020d", seq),
		ReceivedAt:     time.Unix(1700000000, int64(seq)),
		Method:         "POST",
		URI:            "/hooks/x?a=1",
		Proto:          "HTTP/1.1",
		Host:           "127.0.0.1:8080",
		RemoteAddr:     "127.0.0.1:5555",
		Headers:        http.Header{"Content-Type": {"application/json"}, "X-Multi": {"b", "a"}, "X-Bytes": {"\x9b\xff\x1b", ""}},
		Body:           []byte(body),
		Size:           int64(len(body)),
		DeclaredLength: int64(len(body)),
		ReplyStatus:    200,
	}
}

func TestInsertGetRoundTripsBytesAndHeaders(t *testing.T) {
	s, _ := openTemp(t, Options{})
	ctx := context.Background()
	body := "\xff\xfe\x00binary\x1b[31m"
	d := sample(body)
	if err := s.Insert(ctx, d); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Body, []byte(body)) {
		t.Errorf("body = %q, want %q", got.Body, body)
	}
	if v := got.Headers["X-Multi"]; len(v) != 2 || v[0] != "b" || v[1] != "a" {
		t.Errorf("multi-value header = %v, want [b a] in received order", v)
	}
	if v := got.Headers["X-Bytes"]; len(v) != 2 || v[0] != "\x9b\xff\x1b" || v[1] != "" {
		t.Errorf("header bytes not kept exactly: %q", v)
	}
	if got.ReplyDuration <= 0 {
		t.Errorf("reply duration not recorded: %v", got.ReplyDuration)
	}
	if got.ReceivedAt.UnixNano() != d.ReceivedAt.UnixNano() {
		t.Errorf("received_at lost nanoseconds: %v vs %v", got.ReceivedAt, d.ReceivedAt)
	}
}

func TestReopenKeepsDeliveries(t *testing.T) {
	s, path := openTemp(t, Options{})
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := s.Insert(ctx, sample("x")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	n, err := s2.Count(ctx, Filter{})
	if err != nil || n != 3 {
		t.Fatalf("count after reopen = %d, %v; want 3", n, err)
	}
}

func TestConcurrentInsertsAllCommitted(t *testing.T) {
	s, _ := openTemp(t, Options{MaxBatch: 16})
	ctx := context.Background()
	var wg sync.WaitGroup
	ds := make([]*Delivery, 500)
	for i := range ds {
		ds[i] = sample(strings.Repeat("y", i))
	}
	errs := make(chan error, len(ds))
	for _, d := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.Insert(ctx, d)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	n, _ := s.Count(ctx, Filter{})
	if n != len(ds) {
		t.Fatalf("count = %d, want %d", n, len(ds))
	}
	page, err := s.List(ctx, Filter{}, 10, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 5 {
		t.Fatalf("page len = %d", len(page))
	}
	for i := 1; i < len(page); i++ {
		if page[i-1].ID >= page[i].ID {
			t.Fatalf("page not ordered by id: %s then %s", page[i-1].ID, page[i].ID)
		}
	}
	if page[0].Body != nil || page[0].Headers != nil {
		t.Error("List loaded headers or body; listing must stay light")
	}
}

func TestRetentionDeletesOldest(t *testing.T) {
	s, path := openTemp(t, Options{Keep: 10})
	ctx := context.Background()
	var ids []string
	for i := 0; i < pruneEvery+20; i++ {
		d := sample("z")
		ids = append(ids, d.ID)
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		if i == 0 || i == pruneEvery+19 {
			if err := s.InsertAttempt(ctx, &Attempt{DeliveryID: d.ID, Kind: "replay", At: time.Now(), URL: "http://app/x",
				Method: "POST", Status: 202, ResponseBody: []byte("ok"), Latency: time.Millisecond}); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.Close()
	// Reopening sweeps at once, whatever the count since the last sweep.
	s2, err := Open(ctx, path, Options{Keep: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	n, _ := s2.Count(ctx, Filter{})
	if n != 10 {
		t.Fatalf("count = %d, want 10", n)
	}
	if _, err := s2.Get(ctx, ids[0]); !errors.Is(err, ErrNotFound) {
		t.Errorf("oldest still there: %v", err)
	}
	if _, err := s2.Get(ctx, ids[len(ids)-1]); err != nil {
		t.Errorf("newest gone: %v", err)
	}
	if a, err := s2.Attempts(ctx, ids[0]); err != nil || len(a) != 0 {
		t.Errorf("attempts of a deleted delivery kept: %d, %v", len(a), err)
	}
	if a, err := s2.Attempts(ctx, ids[len(ids)-1]); err != nil || len(a) != 1 || a[0].Status != 202 || string(a[0].ResponseBody) != "ok" {
		t.Errorf("attempts of a kept delivery: %+v, %v", a, err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	s, path := openTemp(t, Options{})
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(context.Background(), path, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open of newer schema: %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), "upgrade hookscope") {
		t.Errorf("error does not say what to do: %v", err)
	}
	if _, err := Open(context.Background(), path, Options{ReadOnly: true}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("read-only Open of newer schema: %v", err)
	}
}

func TestMigrationFromEmptyAndConcurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	stores := make([]*Store, 4)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = Open(context.Background(), path, Options{})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	var v int
	stores[0].read.QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion)
	}
}

func TestGetBySuffix(t *testing.T) {
	s, _ := openTemp(t, Options{})
	ctx := context.Background()
	d := sample("x")
	s.Insert(ctx, d)
	got, err := s.Get(ctx, strings.ToLower(d.ID[len(d.ID)-6:]))
	if err != nil || got.ID != d.ID {
		t.Fatalf("Get by suffix: %v %v", got, err)
	}
	if _, err := s.Get(ctx, "%"); !errors.Is(err, ErrNotFound) {
		t.Errorf("wildcard id accepted: %v", err)
	}
}

func TestWatcherSeesOtherProcessCommits(t *testing.T) {
	a, path := openTemp(t, Options{})
	b, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	w, err := a.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if changed, _ := w.Changed(ctx); changed {
		t.Fatal("changed with no commit")
	}
	if err := b.Insert(ctx, sample("from b")); err != nil {
		t.Fatal(err)
	}
	// Another process sees a delivery within half a second of its ack
	// (rows.go): its row is committed rowIdle after a quiet moment.
	seen := false
	for deadline := time.Now().Add(500 * time.Millisecond); !seen && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		seen, _ = w.Changed(ctx)
	}
	if !seen {
		t.Fatal("commit by another store handle not seen within half a second")
	}
	n, _ := a.Count(ctx, Filter{})
	if n != 1 {
		t.Fatalf("a sees %d deliveries, want 1", n)
	}
}

func TestInsertAfterCloseFails(t *testing.T) {
	s, _ := openTemp(t, Options{})
	s.Close()
	if err := s.Insert(context.Background(), sample("late")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Insert after Close = %v, want ErrClosed", err)
	}
}

func TestFilterAndIndexOf(t *testing.T) {
	s, _ := openTemp(t, Options{})
	ctx := context.Background()
	var target string
	for i := 0; i < 6; i++ {
		d := sample("x")
		if i%2 == 0 {
			d.Provider, d.Topic = "spiffy", "orders/create"
		}
		if i == 4 {
			target = d.ID
		}
		s.Insert(ctx, d)
	}
	n, _ := s.Count(ctx, Filter{Provider: "spiffy"})
	if n != 3 {
		t.Fatalf("filtered count = %d", n)
	}
	idx, _ := s.IndexOf(ctx, Filter{Provider: "spiffy", Topic: "orders/create"}, target)
	if idx != 2 {
		t.Fatalf("IndexOf = %d, want 2", idx)
	}
}

func TestDecodeHeadersRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{{0x05, 'a'}, {0x01, 'a', 0x09}, {0xff}} {
		if _, err := decodeHeaders(b); err == nil {
			t.Errorf("decodeHeaders(%q) accepted garbage", b)
		}
	}
	h, err := decodeHeaders(encodeHeaders(http.Header{}))
	if err != nil || len(h) != 0 {
		t.Fatalf("empty headers: %v %v", h, err)
	}
}

func TestMigratesV1StoreAndKeepsItsDeliveries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(migrations[0] + `; PRAGMA user_version = 1;
		INSERT INTO deliveries (id, received_at, method, uri, proto, host, remote_addr, size, declared_length, truncated,
			reply_status, reply_duration_ns, headers, body) VALUES ('01OLD', 1, 'POST', '/old', 'HTTP/1.1', 'h', 'r', 0, 0, 0, 200, 1, x'', x'')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	old, err := s.Get(context.Background(), "01OLD")
	if err != nil || old.URI != "/old" || old.Signature != "" || old.Summary != "" {
		t.Fatalf("v1 delivery after migration: %+v, %v", old, err)
	}
	d := sample("x")
	d.Provider, d.Topic, d.Signature, d.Summary = "spiffy", "orders/create", `{"status":"valid"}`, "Order #1"
	s.Insert(context.Background(), d)
	got, _ := s.Get(context.Background(), d.ID)
	if got.Signature != d.Signature || got.Summary != d.Summary {
		t.Fatalf("v2 columns not kept: %+v", got)
	}
}

func TestTopicsCountsPerProviderAndTopic(t *testing.T) {
	s, _ := openTemp(t, Options{})
	ctx := context.Background()
	for _, pt := range [][2]string{{"spiffy", "orders/create"}, {"spiffy", "orders/create"}, {"spiffy", "carts/update"}, {"vend", "sale.update"}, {"unknown", ""}} {
		d := sample("x")
		d.Provider, d.Topic = pt[0], pt[1]
		s.Insert(ctx, d)
	}
	got, err := s.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []TopicCount{{"spiffy", "carts/update", 1}, {"spiffy", "orders/create", 2}, {"unknown", "", 1}, {"vend", "sale.update", 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Topics = %v, want %v", got, want)
	}
}

// A path went into the SQLite URI as it was: its '#' began a fragment and
// its '?' the parameters, so a store in ~/my#dir opened another file.
func TestAStorePathWithURICharactersIsThatPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my#dir?x=1", "100%")
	path := filepath.Join(dir, "h.db")
	ctx := context.Background()
	st, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := &Delivery{ID: "01URIPATH00000000000000001", ReceivedAt: time.Now(), Method: "POST", URI: "/x", Proto: "HTTP/1.1",
		Headers: http.Header{}, Body: []byte("#?%"), Size: 3, ReplyStatus: 200}
	if err := st.Insert(ctx, d); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the store is not at %s: %v", path, err)
	}
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	got, err := ro.Get(ctx, d.ID)
	if err != nil || string(got.Body) != "#?%" {
		t.Fatalf("read back %v, %v", got, err)
	}
}

// pruneNow sweeps retention as the writer does after committing the rows
// pending: Insert returns once the record is durable, before its row is.
func (s *Store) pruneNow(ctx context.Context) error {
	if err := s.syncRows(ctx); err != nil {
		return err
	}
	_, err := s.prune(ctx, sweep{})
	return err
}

// seqOf is the seq the store gave d's row.
func seqOf(t *testing.T, s *Store, d *Delivery) int64 {
	t.Helper()
	got, err := s.Get(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.Seq
}
