package store

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGetBySuffixFindsOneAndRefusesAmbiguous(t *testing.T) {
	s, _ := openTemp(t, Options{})
	ctx := context.Background()
	a, b := sample("a"), sample("b")
	a.ID, b.ID = "01HZX0000000000000000AAQ7K", "01HZX0000000000000000BBQ7K"
	for _, d := range []*Delivery{a, b} {
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	for _, suffix := range []string{"AAQ7K", "aaq7k", "0AAQ7K", a.ID, strings.ToLower(a.ID)} {
		got, err := s.Get(ctx, suffix)
		if err != nil || got.ID != a.ID {
			t.Errorf("Get(%q) = %v, %v; want %s", suffix, got, err, a.ID)
		}
	}
	if _, err := s.Get(ctx, "Q7K"); err == nil || !strings.Contains(err.Error(), "several deliveries end with") {
		t.Errorf("ambiguous suffix: err = %v, want several deliveries", err)
	}
	for _, miss := range []string{"ZQ7K", "X" + a.ID, "A"} {
		if _, err := s.Get(ctx, miss); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q): err = %v, want ErrNotFound", miss, err)
		}
	}
}

// A suffix finds a delivery the indexer has reached (by the facts' index
// of reversed ids) and one it has not (by the unindexed tail), and two
// matches, one of each, are ambiguous.
func TestGetBySuffixFindsIndexedAndUnindexed(t *testing.T) {
	s, _ := openTemp(t, Options{indexDelay: time.Hour})
	ctx := context.Background()
	indexed, fresh := sample("indexed"), sample("fresh")
	indexed.ID, fresh.ID = "01HZX0000000000000000CCW2M", "01HZX0000000000000000DDW2M"
	if err := s.Insert(ctx, indexed); err != nil {
		t.Fatal(err)
	}
	if err := s.catchUpIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Insert(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if behind, err := s.indexBacklog(ctx); err != nil || behind == 0 {
		t.Fatalf("the second delivery is indexed already (%v): the test needs it not to be", err)
	}
	for suffix, want := range map[string]string{"cw2m": indexed.ID, "DDW2M": fresh.ID} {
		if got, err := s.Get(ctx, suffix); err != nil || got.ID != want {
			t.Errorf("Get(%q) = %v, %v; want %s", suffix, got, err, want)
		}
	}
	if _, err := s.Get(ctx, "W2M"); err == nil || !strings.Contains(err.Error(), "several deliveries end with") {
		t.Errorf("a suffix of both: err = %v, want several deliveries", err)
	}
}

// TestLookupsSearchAnIndex is where defect 5 lived: a lookup by id that
// scanned the id index made every bulk replay quadratic in the store.
func TestLookupsSearchAnIndex(t *testing.T) {
	s, _ := openTemp(t, Options{})
	ctx := context.Background()
	for name, q := range map[string]string{"whole id": getDelivery, "suffix": findBySuffix, "suffix in the unindexed tail": findBySuffixTail} {
		rows, err := s.read.QueryContext(ctx, `EXPLAIN QUERY PLAN `+q, "Q7K", "Q7K")
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		t.Logf("%s: %s", name, p)
		if !strings.HasPrefix(p, "SEARCH") || !strings.Contains(p, "INDEX") || strings.Contains(p, "SCAN") {
			t.Errorf("%s lookup plan = %q, want an index SEARCH and no SCAN", name, p)
		}
	}
}

func TestTrailersRoundTrip(t *testing.T) {
	s, _ := openTemp(t, Options{})
	ctx := context.Background()
	with, without := sample("5\r\nhello\r\n0\r\n"), sample("plain")
	with.Trailers = http.Header{"X-Checksum": {"\x9bsha=1", "second"}, "Expires": {""}}
	for _, d := range []*Delivery{with, without} {
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Get(ctx, with.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Trailers["X-Checksum"]; len(v) != 2 || v[0] != "\x9bsha=1" || v[1] != "second" {
		t.Errorf("trailer values = %q, want exactly as sent, in order", v)
	}
	if v, ok := got.Trailers["Expires"]; !ok || len(v) != 1 || v[0] != "" {
		t.Errorf("empty trailer value lost: %q, %v", v, ok)
	}
	if got, err := s.Get(ctx, without.ID); err != nil || got.Trailers != nil {
		t.Errorf("delivery without trailers: %v, %v; want nil trailers", got.Trailers, err)
	}
}

func TestMigratesV5StoreToCurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v5.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:5] {
		if _, err := db.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`PRAGMA user_version = 5;
		INSERT INTO deliveries (id, received_at, method, uri, proto, host, remote_addr, size, declared_length, truncated,
			reply_status, reply_duration_ns, headers, body, reply_rule) VALUES
			('01HZX00000000000000000V5AB', 1, 'POST', '/v5', 'HTTP/1.1', 'h', 'r', 3, 3, 0, 202, 1, x'', x'ff00fe', 'plain 202')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version int
	if err := s.read.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != SchemaVersion {
		t.Fatalf("schema version after open = %d, %v; want %d", version, err, SchemaVersion)
	}
	got, err := s.Get(context.Background(), "v5ab")
	if err != nil {
		t.Fatalf("v5 delivery by suffix after migration: %v", err)
	}
	if got.URI != "/v5" || string(got.Body) != "\xff\x00\xfe" || got.ReplyStatus != 202 || got.ReplyRule != "plain 202" || got.Trailers != nil {
		t.Errorf("v5 delivery after migration: %+v", got)
	}
}
