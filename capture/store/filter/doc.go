// Package filter is hookscope's filter language: what the TUI's `/` and
// the --filter flags read, parsed to an Expr and compiled to a parameterised
// SQL condition on the deliveries table, so filtering runs in the store.
//
// # Syntax
//
// Terms are separated by spaces and all must hold; OR between terms means
// either, and binds looser than the implicit AND, as in GitHub's search and
// in boolean logic: `a b OR c` is `(a b) OR c`; parentheses group. `-term`
// or `NOT term` negates (`-(a OR b)` too). The keywords OR, AND and NOT are
// upper-case; or, and, not are words. "Double quotes" keep spaces,
// parentheses and operators in a value or phrase; inside them \" is a quote
// and \\ a backslash; outside, a backslash escapes " \ ( ) and space.
//
// A term is a field or free text. Fields (names are case-insensitive):
//
//	provider:spiffy           provider id; `*` is a wildcard everywhere it may appear
//	topic:invoice.*           topic, case-sensitive
//	method:POST               request method, any case
//	path:/hooks/*             request path, without the query string
//	status:404 status:5xx     the status hookscope replied with; also status:>=400
//	sig:invalid               signature check at capture: valid, invalid, stale,
//	                          missing, unsigned, no_secret
//	header:x-foo=bar          a header (name in any case) with a value (case-sensitive);
//	header:x-foo              the header is present
//	size:>1MB                 stored body size; > >= < <= or exact; B, KB/MB/GB/TB
//	                          (powers of 1000), KiB/MiB/GiB/TiB (of 1024)
//	after:2h before:3d        received within / before a time ago (ms s m h d w,
//	after:2026-11-30T10:00Z   combinable: 1h30m) or a moment; a date is its
//	before:2026-11-30         midnight; without a zone, the local zone (Compile's now)
//	is:marked is:retry is:truncated
//	is:outoforder             a resource's older state, received after a newer one
//	replayed:yes replayed:no  replayed at least once (forwards do not count)
//	json:data.object.amount>1000   a value inside a JSON body by dotted path,
//	json:items[0].price=5          with = > >= < <=; numbers compare as numbers
//	json:customer.email=*@doe.ca   when both sides are (a "quoted" value is text),
//	json:data.id                   else as text; a path alone: the key exists
//
// A body that is not JSON text (a form, a compressed or truncated body)
// matches no json: term. Free text, a word or a "quoted phrase", matches
// whole words of the request URI, header values, the summary and the body,
// case- and accent-insensitively; a word ending in `*` matches as a prefix
// (`ord*`). Free text is looked up in a full-text index, never by LIKE.
//
// Invalid input gets an *Error naming the column; nothing panics.
//
// # What the store must provide
//
// Compile uses, beyond schema v6: the deliveries column ColMarked, the
// table FactsTable (headers_json, body_json, retry_of, older_than: what the store
// derives from a stored delivery) and the full-text table FTSTable
// (FTSDDL). headers_json exists because the headers column is a binary
// encoding SQL cannot read, body_json because the body of a delivery
// stored since the segment logs is not in SQLite at all.
// The store fills both tables behind its writer, off the capture path, and
// catches them up before a query that reads them (NeedsIndex); the delete
// triggers keep them in step with deletes (retention included). replayed:
// reads the attempts table.
package filter
