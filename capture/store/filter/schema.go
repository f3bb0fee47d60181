package filter

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

// Columns and tables the compiled conditions use beyond the deliveries
// table of schema v6. The store creates them (its migration v7) and fills
// FactsTable and FTSTable behind its writer, off the capture path; see the
// package doc.
const (
	// ColMarked is 1 for a delivery the user marked (is:marked), else 0:
	// a column of the deliveries table, 0 when stored.
	ColMarked = "marked"
	// FactsTable holds what the store derives from each stored delivery,
	// one row per delivery, keyed by its seq.
	FactsTable = "delivery_facts"
	// ColRetryOf, in FactsTable, is the id of the first delivery of the
	// same event, "" for a first delivery (is:retry).
	ColRetryOf = "retry_of"
	// ColOlderThan, in FactsTable, is the id of a delivery received
	// before with a newer state of the same resource, "" when none
	// (is:outoforder).
	ColOlderThan = "older_than"
	// ColHeadersJSON, in FactsTable, holds the request headers as
	// HeadersJSON writes them (header:). The binary headers column of the
	// deliveries table stays the byte-exact record.
	ColHeadersJSON = "headers_json"
	// ColBodyJSON, in FactsTable, is the body as text when it is JSON,
	// else NULL (json:), for a delivery whose row holds no body: its
	// bytes are in the store's segment log, which SQL cannot read. An
	// older row with its body in the deliveries table has NULL here.
	ColBodyJSON = "body_json"
	// FTSTable is the full-text index free text is looked up in; its
	// rowid is the delivery's seq.
	FTSTable = "deliveries_fts"
)

// FTSDDL creates the full-text index: contentless (it stores no copy of
// the text, only the index), with contentless_delete so rows can be removed
// by rowid alone (SQLite 3.43+). The store inserts FTSInsert rows as it
// indexes. This trigger removed a delivery's row when the delivery went;
// since schema v12 the store removes them behind its writer instead (a
// search joins its rowids to the deliveries there are, so a row left
// for a while finds nothing).
const FTSDDL = `CREATE VIRTUAL TABLE deliveries_fts USING fts5(uri, headers, summary, body,
	content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER deliveries_fts_delete AFTER DELETE ON deliveries BEGIN
	DELETE FROM deliveries_fts WHERE rowid = old.seq;
END;`

// FTSInsert indexes one delivery: its seq, URI, header values (HeaderText),
// summary and body (read as text: a binary body indexes as junk words,
// harmlessly).
const FTSInsert = `INSERT INTO deliveries_fts (rowid, uri, headers, summary, body) VALUES (?, ?, ?, ?, CAST(? AS TEXT))`

// HeaderText is what free text searches of the headers: every value, one
// a line, names sorted.
func HeaderText(h http.Header) string {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		for _, v := range h[name] {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(v)
		}
	}
	return b.String()
}

// HeadersJSON writes headers for the headers_json column: an object from
// lower-case name to the values in the order received, names sorted.
// Invalid UTF-8 becomes U+FFFD, which is fine for searching; the binary
// column keeps the exact bytes.
func HeadersJSON(h http.Header) string {
	merged := map[string][]string{}
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	// Canonical and lower-case spellings of one name merge in a fixed order.
	sort.Strings(names)
	for _, name := range names {
		lower := strings.ToLower(name)
		merged[lower] = append(merged[lower], h[name]...)
	}
	b, err := json.Marshal(merged) // map keys come out sorted
	if err != nil {
		return "{}" // unreachable: strings and slices always marshal
	}
	return string(b)
}
