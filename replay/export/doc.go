// Package export takes captured deliveries out of hookscope and brings
// them back in.
//
// Writers: HAR 1.2 (browser devtools, Insomnia, Postman), NDJSON in the
// documented `list --json` / `show --json` shape with bodies (lossless:
// export, import and export again gives the same bytes), curl and httpie
// command lines that resend a request byte for byte, and raw HTTP/1.1 as
// the request came on the wire.
//
// Readers: HAR, NDJSON and files of curl command lines, told apart by
// their content (Detect). They parse into Items, which the caller
// annotates and stores in one transaction (store.InsertImported).
//
// Everything text that a writer emits is meant to be pasted into a shell
// or a viewer: command lines quote every value so that no header, path or
// body can break out of its quoting, and JSON escapes the runes a
// terminal would act on. Redaction (header names the user lists, and any
// configured secret wherever it appears) happens before any writer sees a
// delivery.
package export
