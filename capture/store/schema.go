package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/hookscope/hookscope/capture/store/filter"
)

// migrations turn an empty database into the current schema, one step per
// version. PRAGMA user_version records how many have run; a step is never
// edited once released, only appended.
var migrations = []string{
	// v1: one row per delivery. Headers and body come last in the row so
	// the list columns are read without touching them; paging walks the id
	// index and does not visit the rows it skips.
	`CREATE TABLE deliveries (
		seq               INTEGER PRIMARY KEY,
		id                TEXT    NOT NULL UNIQUE,
		received_at       INTEGER NOT NULL,
		method            TEXT    NOT NULL,
		uri               TEXT    NOT NULL,
		proto             TEXT    NOT NULL,
		host              TEXT    NOT NULL,
		remote_addr       TEXT    NOT NULL,
		size              INTEGER NOT NULL,
		declared_length   INTEGER NOT NULL,
		truncated         INTEGER NOT NULL,
		provider          TEXT    NOT NULL DEFAULT '',
		topic             TEXT    NOT NULL DEFAULT '',
		reply_status      INTEGER NOT NULL,
		reply_duration_ns INTEGER NOT NULL,
		headers           BLOB    NOT NULL,
		body              BLOB    NOT NULL
	);
	CREATE INDEX deliveries_provider_topic ON deliveries(provider, topic, id);`,
	// v2: what decoding found at capture: the signature check (a small
	// JSON object: status, scheme, reason) and the one-line summary.
	`ALTER TABLE deliveries ADD COLUMN signature TEXT NOT NULL DEFAULT '';
	ALTER TABLE deliveries ADD COLUMN summary TEXT NOT NULL DEFAULT '';`,
	// v3: the reply actually sent: the rule that made it, its headers and
	// body (the status was there from v1).
	`ALTER TABLE deliveries ADD COLUMN reply_rule TEXT NOT NULL DEFAULT '';
	ALTER TABLE deliveries ADD COLUMN reply_headers BLOB NOT NULL DEFAULT x'';
	ALTER TABLE deliveries ADD COLUMN reply_body BLOB NOT NULL DEFAULT x'';`,
	// v4: reply rules (JSON, interpreted by package reply) in the order the
	// user gave them, and a version every change bumps so processes sharing
	// the store notice edits with one cheap read.
	`CREATE TABLE reply_rules (
		id       INTEGER PRIMARY KEY,
		position INTEGER NOT NULL,
		rule     TEXT    NOT NULL
	);
	CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
	INSERT INTO meta (key, value) VALUES ('rules_version', 0), ('sequence_epoch', 0);
	ALTER TABLE deliveries ADD COLUMN reply_delay_ns INTEGER NOT NULL DEFAULT 0;`,
	// v5: replay and forward attempts of a delivery: what was sent where,
	// and what came back (or the error).
	`CREATE TABLE attempts (
		id               INTEGER PRIMARY KEY,
		delivery_id      TEXT    NOT NULL,
		kind             TEXT    NOT NULL,
		at               INTEGER NOT NULL,
		url              TEXT    NOT NULL,
		method           TEXT    NOT NULL,
		request_headers  BLOB    NOT NULL,
		body_sha256      TEXT    NOT NULL,
		body_size        INTEGER NOT NULL,
		resigned         TEXT    NOT NULL,
		status           INTEGER NOT NULL,
		response_headers BLOB    NOT NULL,
		response_body    BLOB    NOT NULL,
		latency_ns       INTEGER NOT NULL,
		error            TEXT    NOT NULL
	);
	CREATE INDEX attempts_delivery ON attempts(delivery_id, id);`,
	// v6: an index that finds an id by the suffix a user types (see
	// reversedID), built from the rows in place rather than by rewriting
	// each one into a new column; and the trailers of a chunked body,
	// encoded like the headers.
	`CREATE INDEX deliveries_id_reversed ON deliveries(` + reversedID + `, id);
	ALTER TABLE deliveries ADD COLUMN trailers BLOB NOT NULL DEFAULT x'';`,
	// v7: what the filter language reads (package filter): marks, the
	// facts the indexer derives from each delivery behind the writer
	// (headers as JSON, body hash, event id, retries; see index.go) and the
	// full-text index; the trash that keeps deleted deliveries until they
	// are undeleted or forgotten, and the seq high-water mark that keeps a
	// deleted delivery's seq from being handed out again. The insert writes
	// none of it: marked has its default, and existing rows are indexed by
	// the catch-up at the next Open, as new ones are behind the writer.
	`ALTER TABLE deliveries ADD COLUMN marked INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX deliveries_marked ON deliveries(seq) WHERE marked <> 0;
	CREATE TABLE delivery_facts (
		seq          INTEGER PRIMARY KEY,
		headers_json TEXT    NOT NULL,
		body_sha256  BLOB    NOT NULL,
		event_id     TEXT    NOT NULL,
		retry_of     TEXT    NOT NULL,
		retry_n      INTEGER NOT NULL
	);
	CREATE INDEX delivery_facts_event ON delivery_facts(event_id, seq) WHERE event_id <> '';
	CREATE INDEX delivery_facts_body ON delivery_facts(body_sha256, seq) WHERE event_id = '';
	CREATE INDEX delivery_facts_retry_of ON delivery_facts(retry_of) WHERE retry_of <> '';
	CREATE TRIGGER delivery_facts_delete AFTER DELETE ON deliveries BEGIN
		DELETE FROM delivery_facts WHERE seq = old.seq;
	END;
	` + filter.FTSDDL + `
	INSERT INTO meta (key, value) VALUES ('seq_high', 0), ('indexed_seq', 0);` + trashDDL,
	// v8: deliveries live in segment logs (segments.go); a row says where
	// its record is, and its headers and bodies stay empty. Rows from
	// before keep theirs and no seg_log. segment_logs is, per log, the
	// last record whose row is committed; segment_files, per segment, the
	// seqs of its rows and its size, which retention goes by
	// (retention.go). The facts keep a JSON body's
	// text for the json: filter (filter.ColBodyJSON), for the new rows
	// only: an older row's body is in its own column.
	`ALTER TABLE delivery_facts ADD COLUMN body_json TEXT;
	ALTER TABLE deliveries ADD COLUMN seg_log INTEGER;
	ALTER TABLE deliveries ADD COLUMN seg_id INTEGER;
	ALTER TABLE deliveries ADD COLUMN seg_offset INTEGER;
	ALTER TABLE deleted_deliveries ADD COLUMN seg_log INTEGER;
	ALTER TABLE deleted_deliveries ADD COLUMN seg_id INTEGER;
	ALTER TABLE deleted_deliveries ADD COLUMN seg_offset INTEGER;
	CREATE TABLE segment_logs (
		log        INTEGER PRIMARY KEY,
		seg_id     INTEGER NOT NULL,
		seg_offset INTEGER NOT NULL
	);
	CREATE TABLE segment_files (
		log       INTEGER NOT NULL,
		seg_id    INTEGER NOT NULL,
		first_seq INTEGER NOT NULL,
		last_seq  INTEGER NOT NULL,
		bytes     INTEGER NOT NULL,
		last_at   INTEGER NOT NULL,
		PRIMARY KEY (log, seg_id)
	) WITHOUT ROWID;`,
	// v9: the resource a delivery is about and when its state was last
	// updated (EventKeys), and the delivery of the same resource with a
	// newer state received before it (outoforder.go). Facts indexed before
	// have no resource and are never flagged; the trash holds no facts.
	`ALTER TABLE delivery_facts ADD COLUMN resource TEXT NOT NULL DEFAULT '';
	ALTER TABLE delivery_facts ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE delivery_facts ADD COLUMN older_than TEXT NOT NULL DEFAULT '';
	CREATE INDEX delivery_facts_resource ON delivery_facts(resource, updated_at) WHERE resource <> '';`,
	// v10: the index that finds an id by its suffix moves from the rows
	// to the facts, which the indexer writes behind the writer: its keys
	// come in random order, and on the capture path it cost a third of a
	// row's insert and dirtied a page of the WAL per delivery (issue 12).
	// Rows not indexed yet are found by scanning the unindexed tail
	// (findBySuffixTail).
	`DROP INDEX deliveries_id_reversed;
	ALTER TABLE delivery_facts ADD COLUMN id_reversed TEXT NOT NULL DEFAULT '';
	UPDATE delivery_facts SET id_reversed = coalesce((SELECT ` + reversedID + ` FROM deliveries WHERE deliveries.seq = delivery_facts.seq), '');
	CREATE INDEX delivery_facts_id_reversed ON delivery_facts(id_reversed);`,
	// v11: the full-text index merges its segments only when the writer
	// asks, once captures pause (mergeText), not on every commit: with
	// contentless_delete, the tombstones retention's deletes leave made
	// the commit after each sweep merge the segments they fell in, under
	// load, on the capture path (measured in issue 12: 85 µs a delivery
	// past --keep, BenchmarkBehindCapture/insert-past-keep). FTS5 keeps
	// its crisis merge, so segments never pile up even under a burst.
	`INSERT INTO deliveries_fts(deliveries_fts, rank) VALUES ('automerge', 0);`,
	// v12: a deleted delivery's full-text row is removed behind the
	// writer (stalefts.go), not by a trigger in the delete: retention
	// deletes under load, on the capture path, and removing a full-text
	// row cost a third of deleting an indexed delivery (issue 12). The
	// delete notes the seq of an indexed delivery in fts_stale instead.
	`DROP TRIGGER deliveries_fts_delete;
	CREATE TABLE fts_stale (seq INTEGER PRIMARY KEY);
	CREATE TRIGGER deliveries_fts_stale AFTER DELETE ON deliveries
		WHEN old.seq <= (SELECT value FROM meta WHERE key = 'indexed_seq')
	BEGIN
		INSERT OR IGNORE INTO fts_stale (seq) VALUES (old.seq);
	END;`,
	// v13: a deleted delivery's facts stay, too, until the writer
	// removes them with its full-text row (stalefts.go): the seqs
	// fts_stale notes are those of the indexed deliveries, the ones with
	// facts. Deleting the facts in the delete dirtied a page of each of
	// their indexes in random key order (the reversed id, the body's
	// hash, the event id) per delivery, on the capture path under
	// retention (issue 12). Every query reads the facts of the
	// deliveries there are only.
	`DROP TRIGGER delivery_facts_delete;`,
}

// reversedID is an id upper-cased and reversed, as SQL: a suffix of the id
// is then a prefix of it, which an index on it serves as a range search.
// Ids are 26-character ULIDs; substr past the end of a shorter id is
// empty, so those reverse whole too. The suffix query must spell the
// expression exactly as the index does for SQLite to use the index, and
// being part of migration v6 it must never change.
const reversedID = `upper(substr(id,26,1)||substr(id,25,1)||substr(id,24,1)||substr(id,23,1)||substr(id,22,1)||` +
	`substr(id,21,1)||substr(id,20,1)||substr(id,19,1)||substr(id,18,1)||substr(id,17,1)||substr(id,16,1)||` +
	`substr(id,15,1)||substr(id,14,1)||substr(id,13,1)||substr(id,12,1)||substr(id,11,1)||substr(id,10,1)||` +
	`substr(id,9,1)||substr(id,8,1)||substr(id,7,1)||substr(id,6,1)||substr(id,5,1)||substr(id,4,1)||` +
	`substr(id,3,1)||substr(id,2,1)||substr(id,1,1))`

// reversedIDLen is the longest id reversedID reverses whole.
const reversedIDLen = 26

// trashDDL makes the trash: the deliveries and attempts tables' columns
// (as of v7) behind a batch column, so a delete copies rows with
// `SELECT ?, *` and an undelete copies them back unchanged. A migration
// that adds a column to deliveries or attempts must add it here too
// (TestTrashHasEveryColumn fails until it does).
const trashDDL = `
	CREATE TABLE deleted_deliveries AS SELECT 0 AS batch, * FROM deliveries WHERE 0;
	CREATE INDEX deleted_deliveries_batch ON deleted_deliveries(batch);
	CREATE TABLE deleted_attempts AS SELECT 0 AS batch, * FROM attempts WHERE 0;
	CREATE INDEX deleted_attempts_batch ON deleted_attempts(batch);`

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)

// migrate reads the version inside an immediate (write-locked) transaction,
// so two hookscope processes opening a new store at once cannot both run
// the same step.
func migrate(ctx context.Context, db *sql.DB, path string) error {
	for {
		done, err := migrateStep(ctx, db, path)
		if err != nil || done {
			return err
		}
	}
}

func migrateStep(ctx context.Context, db *sql.DB, path string) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate %s: %w", path, err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return false, fmt.Errorf("read schema version of %s: %w", path, err)
	}
	if version > len(migrations) {
		return false, fmt.Errorf("%w: %s has schema v%d, this hookscope knows up to v%d; upgrade hookscope or use another --db",
			ErrNewerSchema, path, version, len(migrations))
	}
	if version == len(migrations) {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[version]); err != nil {
		return false, fmt.Errorf("migrate %s to v%d: %w", path, version+1, err)
	}
	// PRAGMA takes no bound parameters; the version is our own integer.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, version+1)); err != nil {
		return false, fmt.Errorf("migrate %s to v%d: %w", path, version+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate %s to v%d: %w", path, version+1, err)
	}
	return false, nil
}
