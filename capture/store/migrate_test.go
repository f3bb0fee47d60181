package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store/filter"
)

// v6Store writes a store as hookscope v6 left it, holding rows, and returns
// its path.
func v6Store(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v6.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, m := range migrations[:6] {
		if _, err := db.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	row := func(id, uri string, received int64, provider, topic string, status int, sig string, h http.Header, body string) {
		t.Helper()
		if _, err := db.Exec(`INSERT INTO deliveries (id, received_at, method, uri, proto, host, remote_addr, size,
			declared_length, truncated, provider, topic, reply_status, reply_duration_ns, signature, summary, headers, body)
			VALUES (?, ?, 'POST', ?, 'HTTP/1.1', 'h', 'r', ?, ?, 0, ?, ?, ?, 1, ?, 'old summary', ?, ?)`,
			id, received, uri, len(body), len(body), provider, topic, status, sig, encodeHeaders(h), []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC).UnixNano()
	row("01OLD00000000000000000000A", "/hooks/spiffy?shop=acme", at, "spiffy", "orders/create", 200, `{"status":"invalid"}`,
		http.Header{"X-Spiffy-Topic": {"orders/create"}, "X-Trace": {"wombat"}}, `{"order":{"id":1402,"note":"kangaroo"}}`)
	row("01OLD00000000000000000000B", "/vend/hook", at+int64(time.Hour), "vend", "product.update", 503, `{"status":"valid"}`,
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, "payload=x")
	if _, err := db.Exec(`INSERT INTO attempts (delivery_id, kind, at, url, method, request_headers, body_sha256, body_size,
		resigned, status, response_headers, response_body, latency_ns, error)
		VALUES ('01OLD00000000000000000000B', 'replay', 1, 'http://127.0.0.1/', 'POST', x'', '', 0, '', 200, x'', x'', 1, '')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 6`); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMigrationV7MakesOldRowsFilterable(t *testing.T) {
	s, err := Open(context.Background(), v6Store(t), Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	a, b := "01OLD00000000000000000000A", "01OLD00000000000000000000B"
	for _, tc := range []struct {
		expr string
		want []string
	}{
		{"provider:spiffy topic:orders/*", []string{a}},
		{"method:post path:/vend/*", []string{b}},
		{"status:5xx", []string{b}},
		{"sig:invalid", []string{a}},
		{"header:x-trace=wombat", []string{a}}, // the backfilled headers_json
		{"header:content-type", []string{b}},   // present
		{"wombat", []string{a}},                // free text in a header value
		{"kangaroo", []string{a}},              // in the body
		{"vend", []string{b}},                  // in the path
		{"acme", []string{a}},                  // in the query string
		{`"old summary"`, []string{a, b}},      // in the summary
		{"size:<10", []string{b}},
		{"after:25h before:2026-11-30T12:30Z", []string{a}},
		{"replayed:yes", []string{b}},
		{"json:order.id=1402", []string{a}},
		{"is:marked OR is:retry OR is:truncated", nil},
	} {
		e, err := filter.Parse(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		got := listIDs(t, s, Filter{Expr: e, Now: now})
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q after migration selects %v, want %v", tc.expr, got, tc.want)
		}
	}
}

func listIDs(t *testing.T, s *Store, f Filter) []string {
	t.Helper()
	page, err := s.List(context.Background(), f, 0, 1000)
	if err != nil {
		t.Fatalf("List(%v): %v", f, err)
	}
	var ids []string
	for _, d := range page {
		ids = append(ids, d.ID)
	}
	n, err := s.Count(context.Background(), f)
	if err != nil || n != len(ids) {
		t.Errorf("Count(%v) = %d, %v; List has %d", f, n, err, len(ids))
	}
	return ids
}

func TestTrashHasEveryColumn(t *testing.T) {
	s, _ := openTemp(t, Options{})
	for _, table := range []string{"deliveries", "attempts"} {
		cols := func(table string) []string {
			rows, err := s.read.Query(fmt.Sprintf(`SELECT name FROM pragma_table_info('%s') ORDER BY cid`, table))
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var n string
				rows.Scan(&n)
				out = append(out, n)
			}
			return out
		}
		want := append([]string{"batch"}, cols(table)...)
		if got := cols("deleted_" + table); !slices.Equal(got, want) {
			t.Errorf("deleted_%s has columns %v, want %v: a migration added a column to %s and not to its trash", table, got, want, table)
		}
	}
}
