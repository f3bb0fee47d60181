package filter

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

// Columns and tables the compiled conditions use that the store's schema
// (v5) does not have yet. The store adds them in a migration; see the
// package doc for the order.
const (
	// ColMarked is 1 for a delivery the user marked (is:marked), else 0.
	ColMarked = "marked"
	// ColRetryOf is the id of the first delivery of the same event, ""
	// for a first delivery (is:retry).
	ColRetryOf = "retry_of"
	// ColHeadersJSON holds the request headers as HeadersJSON writes them
	// (header:). The binary headers column stays the byte-exact record.
	ColHeadersJSON = "headers_json"
	// FTSTable is the full-text index free text is looked up in.
	FTSTable = "deliveries_fts"
)

// ColumnsDDL adds the columns. headers_json needs a backfill for the rows
// that exist (HeadersJSON of their decoded headers); until then those rows
// have no headers for header: and free text.
const ColumnsDDL = `ALTER TABLE deliveries ADD COLUMN marked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN retry_of TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN headers_json TEXT NOT NULL DEFAULT '{}';`

// ftsRowNew and ftsRowTable are a delivery's row in the index: the URI,
// header values one a line, the summary, the body as text (a binary body
// indexes as junk words, harmlessly). One reads the trigger's new row, the
// other the table.
const (
	ftsRowNew = `new.seq, new.uri,
		CASE WHEN json_valid(new.headers_json) THEN (SELECT group_concat(v.value, char(10)) FROM json_each(new.headers_json) AS k, json_each(k.value) AS v) END,
		new.summary, CAST(new.body AS TEXT)`
	ftsRowTable = `seq, uri,
		CASE WHEN json_valid(headers_json) THEN (SELECT group_concat(v.value, char(10)) FROM json_each(headers_json) AS k, json_each(k.value) AS v) END,
		summary, CAST(body AS TEXT)`
)

// FTSDDL creates the full-text index and the triggers that keep it equal
// to the deliveries table: contentless (it stores no copy of the text, only
// the index; rowid is deliveries.seq), with contentless_delete so rows can
// be removed by rowid alone (SQLite 3.43+). Indexing happens in the insert's
// transaction; if that costs capture more than the benchmark allows, drop
// deliveries_fts_insert and index behind the writer with FTSRebuildFrom.
const FTSDDL = `CREATE VIRTUAL TABLE deliveries_fts USING fts5(uri, headers, summary, body,
	content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER deliveries_fts_insert AFTER INSERT ON deliveries BEGIN
	INSERT INTO deliveries_fts (rowid, uri, headers, summary, body) VALUES (` + ftsRowNew + `);
END;
CREATE TRIGGER deliveries_fts_delete AFTER DELETE ON deliveries BEGIN
	DELETE FROM deliveries_fts WHERE rowid = old.seq;
END;
CREATE TRIGGER deliveries_fts_update AFTER UPDATE OF uri, headers_json, summary, body ON deliveries BEGIN
	DELETE FROM deliveries_fts WHERE rowid = old.seq;
	INSERT INTO deliveries_fts (rowid, uri, headers, summary, body) VALUES (` + ftsRowNew + `);
END;`

// FTSRebuild indexes every delivery afresh: the migration runs it once
// after backfilling headers_json.
const FTSRebuild = `DELETE FROM deliveries_fts;
INSERT INTO deliveries_fts (rowid, uri, headers, summary, body) SELECT ` + ftsRowTable + ` FROM deliveries;`

// FTSRebuildFrom indexes the deliveries with seq > ?, for an indexer that
// runs behind the writer instead of the insert trigger.
const FTSRebuildFrom = `INSERT INTO deliveries_fts (rowid, uri, headers, summary, body) SELECT ` + ftsRowTable + ` FROM deliveries WHERE seq > ?;`

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

// FTSIndexWhere indexes the deliveries matching cond (SQL on the
// deliveries table, e.g. one restoring deleted rows by seq), for a store
// that brings back rows below what its indexer has reached.
func FTSIndexWhere(cond string) string {
	return `INSERT INTO deliveries_fts (rowid, uri, headers, summary, body) SELECT ` + ftsRowTable + ` FROM deliveries WHERE ` + cond + `;`
}
