package store

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/capture/store/filter"
)

// benchFilterStore is a store of 100,000 deliveries of several providers,
// topics and signature results, each body naming its own order, indexed,
// built in one transaction.
func benchFilterStore(b *testing.B) *Store {
	b.Helper()
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "f.db"), Options{Keep: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	const n, perStmt = 100_000, 250
	providers := []string{"spiffy", "vend", "amplify", "merchone"}
	topics := []string{"orders/create", "orders/updated", "products/update"}
	sigs := []string{`{"status":"valid"}`, `{"status":"invalid"}`, `{"status":"missing"}`}
	headers := encodeHeaders(http.Header{"Content-Type": {"application/json"}, "X-Spiffy-Topic": {"orders/create"}})
	row := `(?, ?, 'POST', '/webhooks/spiffy', 'HTTP/1.1', 'h', 'r', 300, 300, 0, ?, ?, 200, 1, ?, ?, '', x'', x'', 0, ?, ?)`
	stmt := `INSERT INTO deliveries (id, received_at, method, uri, proto, host, remote_addr, size, declared_length,
		truncated, provider, topic, reply_status, reply_duration_ns, signature, summary, reply_rule, reply_headers,
		reply_body, reply_delay_ns, headers, body) VALUES ` + row + strings.Repeat(", "+row, perStmt-1)
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	args := make([]any, 0, perStmt*8)
	for i := 0; i < n; i += perStmt {
		args = args[:0]
		for j := i; j < i+perStmt; j++ {
			body := fmt.Sprintf(`{"id":%d,"order_number":%d,"email":"buyer%d@example.com","note":"order%d for customer %d","total":"%d.00","line_items":[{"title":"Widget","quantity":%d}]}`,
				j, 1000+j, j%977, j, j%5000, j%300, j%7)
			args = append(args, fmt.Sprintf("01FILTER%018d", j), 1700000000000000000+int64(j)*1e9,
				providers[j%len(providers)], topics[j%len(topics)], sigs[j%len(sigs)], fmt.Sprintf("Order #%d", 1000+j), headers, []byte(body))
		}
		if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := s.catchUpIndex(ctx); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkFilter100k: the first page (50 rows) and the count of a field
// filter and of free-text searches on a 100,000-delivery store. Targets:
// a first page within 150 ms, a count within 300 ms.
//
// Run: go test -run '^$' -bench Filter100k -benchtime 10x ./capture/store
func BenchmarkFilter100k(b *testing.B) {
	s := benchFilterStore(b)
	ctx := context.Background()
	for _, tc := range []struct{ name, expr string }{
		{"fields", "provider:spiffy topic:orders/create sig:invalid"},
		{"word-in-one-body", "order73456"},
		{"common-word", "widget"},
		{"text-and-field", "widget provider:vend"},
		{"header-and-retry", "header:x-spiffy-topic=orders/create -is:retry provider:vend"},
	} {
		f := Filter{Expr: mustParseB(b, tc.expr)}
		b.Run(tc.name+"/page", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.List(ctx, f, 0, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/count", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Count(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func mustParseB(b *testing.B, expr string) filter.Expr {
	e, err := filter.Parse(expr)
	if err != nil {
		b.Fatal(err)
	}
	return e
}
