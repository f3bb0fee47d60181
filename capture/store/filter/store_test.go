package filter_test

import (
	"context"
	"database/sql"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/filter"
)

// now is the moment the tests' relative times count back from.
var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// testDeliveries each differ from the others in the fields the tests
// select on; ids are their names.
func testDeliveries() []*store.Delivery {
	sig := func(s string) string { return `{"status":"` + s + `","scheme":"hmac"}` }
	d := func(id, provider, topic, method, uri string, status int, signature string, ago time.Duration, h http.Header, body string) *store.Delivery {
		return &store.Delivery{
			ID: id, ReceivedAt: now.Add(-ago), Method: method, URI: uri, Proto: "HTTP/1.1", Host: "127.0.0.1:4747",
			RemoteAddr: "127.0.0.1:5555", Headers: h, Body: []byte(body), Size: int64(len(body)), DeclaredLength: int64(len(body)),
			Provider: provider, Topic: topic, ReplyStatus: status, Signature: signature,
		}
	}
	json := http.Header{"Content-Type": {"application/json"}}
	all := []*store.Delivery{
		d("A1", "spiffy", "orders/create", "POST", "/hooks/spiffy?shop=acme", 200, sig("valid"), 30*time.Minute,
			http.Header{"Content-Type": {"application/json"}, "X-Spiffy-Topic": {"orders/create"}},
			`{"id":1402,"total":"15.00","customer":{"email":"jon@doe.ca"},"data":{"object":{"amount":1500}}}`),
		d("B2", "spiffy", "orders/updated", "POST", "/hooks/spiffy", 503, sig("invalid"), 3*time.Hour, json,
			`{"data":{"object":{"amount":999}},"livemode":false,"created_at":"2026-03-01T10:00:00Z","note":"café latte"}`),
		d("C3", "vend", "product.update", "PUT", "/vend/hook", 404, sig("missing"), 48*time.Hour,
			http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, `payload=%7B%22id%22%3A1%7D&type=product.update`),
		d("D4", "stripe", "invoice.paid", "POST", "/hooks/stripe", 200, sig("no_secret"), 26*time.Hour+time.Minute,
			http.Header{"X-Foo": {"bar"}, "Content-Type": {"application/json; charset=utf-8"}},
			`{"data":{"object":{"amount":"1000"}},"items":[{"price":5},{"price":12.5}],"livemode":true}`),
		d("E5", "stripe", "invoice.payment_failed", "POST", "/hooks/stripe?x=*secret", 500, "", 72*time.Hour, http.Header{},
			"\xff\xfe\x1b[31m binary\x00"),
		d("F6", "americommerce", "GetTax", "post", "/hooks/GetTax", 201, sig("unsigned"), 10*time.Minute,
			http.Header{"X-Foo": {"baz"}, "x-multi": {"one", "two words"}}, `[{"id":7,"sku":"A[1]?"}]`),
	}
	all[1].Summary = "order #1403 updated by Jon"
	all[3].Truncated, all[3].Size = true, 2_000_000
	return all
}

var allIDs = []string{"A1", "B2", "C3", "D4", "E5", "F6"}

// openStore makes a store through store.Open, fills it through
// store.Insert, and marks and links deliveries as the store's own Mark and
// retry detection would; it returns the database for the tests' queries.
func openStore(t testing.TB) *sql.DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hookscope.db")
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds := testDeliveries()
	for _, d := range ds {
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []*store.Attempt{
		{DeliveryID: "C3", Kind: "replay", At: now, URL: "http://127.0.0.1:3000/", Method: "PUT"},
		{DeliveryID: "D4", Kind: "forward", At: now, URL: "http://127.0.0.1:3000/", Method: "POST"},
	} {
		if err := s.InsertAttempt(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	exec(t, db, `UPDATE deliveries SET marked = 1 WHERE id = 'B2'`)
	exec(t, db, `UPDATE delivery_facts SET retry_of = 'A1' WHERE seq = (SELECT seq FROM deliveries WHERE id = 'F6')`)
	exec(t, db, `UPDATE delivery_facts SET older_than = 'C3' WHERE seq = (SELECT seq FROM deliveries WHERE id = 'E5')`)
	return db
}

func exec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// selectIDs runs expr against db and returns the ids it selects, sorted.
func selectIDs(t *testing.T, db *sql.DB, expr string) []string {
	t.Helper()
	e, err := filter.Parse(expr)
	if err != nil {
		t.Fatalf("Parse(%q): %v", expr, err)
	}
	where, args, err := filter.Compile(e, now)
	if err != nil {
		t.Fatalf("Compile(%q): %v", expr, err)
	}
	rows, err := db.Query(`SELECT id FROM deliveries d WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		t.Fatalf("%q: query %s: %v", expr, where, err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%q: %v", expr, err)
	}
	return ids
}

func TestEveryFieldAgainstAStore(t *testing.T) {
	db := openStore(t)
	for _, tc := range []struct {
		expr string
		want []string
	}{
		{"provider:spiffy", []string{"A1", "B2"}},
		{"provider:SPIFFY", []string{"A1", "B2"}},
		{"provider:s*", []string{"A1", "B2", "D4", "E5"}},
		{"topic:orders/create", []string{"A1"}},
		{"topic:invoice.*", []string{"D4", "E5"}},
		{"topic:gettax", []string{}}, // topics compare case-sensitively
		{"method:POST", []string{"A1", "B2", "D4", "E5", "F6"}},
		{"method:put", []string{"C3"}},
		{"path:/hooks/*", []string{"A1", "B2", "D4", "E5", "F6"}},
		{"path:/hooks/spiffy", []string{"A1", "B2"}}, // the query string is not the path
		{"path:*secret", []string{}},                 // nor is it searched by path:
		{"status:5xx", []string{"B2", "E5"}},
		{"status:2XX", []string{"A1", "D4", "F6"}},
		{"status:404", []string{"C3"}},
		{"status:>=500", []string{"B2", "E5"}},
		{"status:<300", []string{"A1", "D4", "F6"}},
		{"sig:invalid", []string{"B2"}},
		{"sig:valid", []string{"A1"}},
		{"sig:missing", []string{"C3"}},
		{"sig:no_secret", []string{"D4"}},
		{"sig:unsigned", []string{"F6"}},
		{"sig:stale", []string{}},
		{"header:x-foo", []string{"D4", "F6"}},
		{"header:X-Foo=bar", []string{"D4"}},
		{"header:x-foo=ba*", []string{"D4", "F6"}},
		{"header:x-multi=two*", []string{"F6"}},
		{`header:x-multi="two words"`, []string{"F6"}},
		{"header:content-type=application/json", []string{"A1", "B2"}},
		{"header:content-type=application/json*", []string{"A1", "B2", "D4"}},
		{"header:x-none", []string{}},
		{"size:>1MB", []string{"D4"}},
		{"size:<=50", []string{"C3", "E5", "F6"}},
		{"size:>1KiB", []string{"D4"}},
		{"after:2h", []string{"A1", "F6"}},
		{"after:1d", []string{"A1", "B2", "F6"}},
		{"before:2d", []string{"E5"}}, // C3 is exactly 48h ago: not before
		{"after:1d before:1h30m", []string{"B2"}},
		{"before:2026-11-30T10:00Z", []string{"C3", "D4", "E5"}},
		{"after:2026-11-30T10:00Z", []string{"A1", "B2", "F6"}},
		{"after:2026-11-30 before:2026-11-30T10:00:00Z", []string{"D4"}}, // a date is its midnight, here UTC
		{"after:2026-11-30T11:00+01:00 before:2026-11-30T12:00+01:00", []string{}},
		{"after:2026-11-30T10:58+01:00 before:2026-11-30T11:00+01:00", []string{"D4"}},
		{"is:marked", []string{"B2"}},
		{"is:retry", []string{"F6"}},
		{"is:outoforder", []string{"E5"}},
		{"-is:outoforder", []string{"A1", "B2", "C3", "D4", "F6"}},
		{"is:truncated", []string{"D4"}},
		{"replayed:yes", []string{"C3"}}, // a forward is not a replay
		{"replayed:no", []string{"A1", "B2", "D4", "E5", "F6"}},
		{"json:data.object.amount>1000", []string{"A1"}},
		{"json:data.object.amount>=999", []string{"A1", "B2"}},
		{"json:data.object.amount<1000", []string{"B2"}},
		{"json:data.object.amount=1000", []string{"D4"}},   // the string "1000"
		{`json:data.object.amount="1500"`, []string{"A1"}}, // quoted: compared as text
		{"json:customer.email=jon@doe.ca", []string{"A1"}},
		{"json:customer.email=*@doe.ca", []string{"A1"}},
		{"json:id=1402", []string{"A1"}},
		{"json:items[1].price=12.5", []string{"D4"}},
		{"json:items[0].price>4", []string{"D4"}},
		{"json:$.items", []string{"D4"}},
		{"json:[0].sku=A[1]?", []string{"F6"}},
		{"json:livemode=false", []string{"B2"}},
		{"json:livemode=true", []string{"D4"}},
		{"json:created_at>2026-01-01", []string{"B2"}},
		{"json:created_at<2026-01-01", []string{}},
		{"json:id", []string{"A1"}},
		{"json:type", []string{}}, // C3's form body is not JSON
		{"1402", []string{"A1"}},
		{"1403", []string{"B2"}},         // in the summary
		{"acme", []string{"A1"}},         // in the query string
		{"vend", []string{"C3"}},         // in the path
		{"urlencoded", []string{"C3"}},   // in a header value
		{"spiffy", []string{"A1", "B2"}}, // path, not header name
		{`"jon doe ca"`, []string{"A1"}}, // a phrase
		{`"ca jon"`, []string{}},         // words in the wrong order
		{"jon", []string{"A1", "B2"}},    // body and summary
		{"jon -1403", []string{"A1"}},    // free text negated
		{"cafe", []string{"B2"}},         // diacritics folded
		{"upd*", []string{"B2", "C3"}},   // prefix
		{"binary", []string{"E5"}},       // a binary body still indexes its words
		{"provider:spiffy topic:orders/*", []string{"A1", "B2"}},
		{"-provider:spiffy", []string{"C3", "D4", "E5", "F6"}},
		{"NOT provider:spiffy", []string{"C3", "D4", "E5", "F6"}},
		{"provider:vend OR provider:americommerce", []string{"C3", "F6"}},
		{"status:5xx sig:invalid OR is:retry", []string{"B2", "F6"}},
		{"status:5xx (sig:invalid OR is:retry)", []string{"B2"}},
		{"-(provider:spiffy OR provider:stripe) method:post", []string{"F6"}},
		{`provider:"x' OR 1=1 --"`, []string{}},
		{`"') OR 1=1 --"`, []string{}},
		{"", allIDs},
	} {
		got := selectIDs(t, db, tc.expr)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q selects %v, want %v", tc.expr, got, tc.want)
		}
		if tc.expr == "" {
			continue
		}
		// Every condition is two-valued: the negation is the complement.
		var rest []string
		for _, id := range allIDs {
			if !slices.Contains(tc.want, id) {
				rest = append(rest, id)
			}
		}
		if rest == nil {
			rest = []string{}
		}
		if neg := selectIDs(t, db, "-("+tc.expr+")"); !slices.Equal(neg, rest) {
			t.Errorf("-(%s) selects %v, want %v", tc.expr, neg, rest)
		}
	}
}

func TestUserValuesAreArgumentsNotSQL(t *testing.T) {
	e, err := filter.Parse(`provider:"x' OR 1=1 --" json:a.b="'; DROP TABLE deliveries" "robert'); --"`)
	if err != nil {
		t.Fatal(err)
	}
	where, args, err := filter.Compile(e, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"1=1", "DROP", "robert"} {
		if strings.Contains(where, s) {
			t.Errorf("user text %q is in the SQL: %s", s, where)
		}
	}
	if len(args) == 0 {
		t.Fatal("no arguments")
	}
}

// The store indexes behind its writer (store's index tests); a delete,
// retention's included, leaves what it indexed for the writer to remove
// later (the store's stalefts.go). Meanwhile no filter finds the deleted
// delivery by its facts or its full-text row.
func TestIndexFollowsDelete(t *testing.T) {
	db := openStore(t)
	if got := selectIDs(t, db, "1402 header:x-spiffy-topic"); !slices.Equal(got, []string{"A1"}) {
		t.Fatalf("before the delete: %v, want [A1]", got)
	}
	exec(t, db, `DELETE FROM deliveries WHERE id = 'A1'`)
	if got := selectIDs(t, db, "1402 OR header:x-spiffy-topic"); len(got) != 0 {
		t.Errorf("deleted delivery still found: %v", got)
	}
	var facts int
	if err := db.QueryRow(`SELECT count(*) FROM ` + filter.FactsTable).Scan(&facts); err != nil || facts != len(allIDs) {
		t.Errorf("facts rows after the delete = %d, %v; want %d: the deleted delivery's stays, and finds nothing", facts, err, len(allIDs))
	}
}

func TestProviderTopicUsesItsIndex(t *testing.T) {
	db := openStore(t)
	for _, expr := range []string{"provider:x topic:y", "provider:x topic:y*"} {
		e, err := filter.Parse(expr)
		if err != nil {
			t.Fatal(err)
		}
		where, args, err := filter.Compile(e, now)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT id FROM deliveries WHERE `+where, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, "INDEX deliveries_provider_topic (provider=? AND topic") {
			t.Errorf("%q: plan %q does not search deliveries_provider_topic by provider and topic", expr, joined)
		}
	}
}
