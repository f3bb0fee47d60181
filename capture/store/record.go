package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// A delivery in the segment log (package segment) is one record: the
// delivery as it arrived and the reply it got, everything its row holds
// and the headers, body and trailers the row no longer does. The log, not
// the row, is what makes a delivery durable, so the record alone must be
// able to rebuild the row (recovery indexes the records its rows missed).
//
// The form: a format byte (recordFormat), then the fields in the order of
// encodeRecord, each string or byte field as a uvarint length and its
// bytes, each integer as a varint, headers in their stored form
// (headers.go). A record that does not parse whole is refused, never
// half-read; the segment's CRC has already caught torn and flipped bytes.

// recordFormat is the first byte of every delivery record; a format change
// gets a new value and decodeRecord keeps reading the old ones.
const recordFormat = 1

// Flags of a record.
const (
	recordTruncated = 1 << iota
	recordImported
)

var errBadRecord = errors.New("malformed delivery record")

// encodeRecord appends d's record to buf.
func encodeRecord(buf []byte, d *Delivery) []byte {
	var flags byte
	if d.Truncated {
		flags |= recordTruncated
	}
	if d.Imported {
		flags |= recordImported
	}
	buf = append(buf, recordFormat, flags)
	buf = appendString(buf, d.ID)
	buf = binary.AppendVarint(buf, d.ReceivedAt.UnixNano())
	for _, s := range [...]string{d.Method, d.URI, d.Proto, d.Host, d.RemoteAddr} {
		buf = appendString(buf, s)
	}
	buf = appendHeaders(buf, d.Headers)
	buf = appendBytes(buf, d.Body)
	buf = appendHeaders(buf, d.Trailers) // none: an empty field, as no trailers encode
	buf = binary.AppendVarint(buf, d.Size)
	buf = binary.AppendVarint(buf, d.DeclaredLength)
	for _, s := range [...]string{d.Provider, d.Topic, d.Signature, d.Summary} {
		buf = appendString(buf, s)
	}
	buf = binary.AppendVarint(buf, int64(d.ReplyStatus))
	buf = appendString(buf, d.ReplyRule)
	buf = appendHeaders(buf, d.ReplyHeaders)
	buf = appendBytes(buf, d.ReplyBody)
	buf = binary.AppendVarint(buf, int64(d.ReplyDelay))
	buf = binary.AppendVarint(buf, int64(d.ReplyDuration))
	return buf
}

func appendBytes(b, v []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

// recordReader takes fields off a record in order; the first failure
// sticks, so a caller checks once at the end.
type recordReader struct {
	b   []byte
	err error
}

func (r *recordReader) bytes() []byte {
	if r.err != nil {
		return nil
	}
	n, k := binary.Uvarint(r.b)
	if k <= 0 || n > uint64(len(r.b)-k) {
		r.err = errBadRecord
		return nil
	}
	v := r.b[k : k+int(n) : k+int(n)]
	r.b = r.b[k+int(n):]
	return v
}

func (r *recordReader) string() string { return string(r.bytes()) }

func (r *recordReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, k := binary.Varint(r.b)
	if k <= 0 {
		r.err = errBadRecord
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *recordReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.err = errBadRecord
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

// decodeRecord reads a record made by encodeRecord. The body and reply body
// alias payload, which the caller must not reuse.
func decodeRecord(payload []byte) (*Delivery, error) {
	d, raw, err := decodeRecordRow(payload)
	if err != nil {
		return nil, err
	}
	if d.Headers, err = decodeHeaders(raw.headers); err != nil {
		return nil, fmt.Errorf("%w: headers: %w", errBadRecord, err)
	}
	if d.ReplyHeaders, err = decodeHeaders(raw.replyHeaders); err != nil {
		return nil, fmt.Errorf("%w: reply headers: %w", errBadRecord, err)
	}
	if len(raw.trailers) > 0 {
		if d.Trailers, err = decodeHeaders(raw.trailers); err != nil {
			return nil, fmt.Errorf("%w: trailers: %w", errBadRecord, err)
		}
	}
	return d, nil
}

// recordHeaders are a record's header fields, in their stored form.
type recordHeaders struct{ headers, replyHeaders, trailers []byte }

// decodeRecordRow reads what a record's row holds, leaving its headers
// undecoded: what a writer catching up with its log needs (backlog.go).
// The body, reply body and headers alias payload; the strings do not.
func decodeRecordRow(payload []byte) (*Delivery, recordHeaders, error) {
	r := &recordReader{b: payload}
	if f := r.byte(); r.err == nil && f != recordFormat {
		return nil, recordHeaders{}, fmt.Errorf("%w: format %d (written by a newer hookscope?)", errBadRecord, f)
	}
	flags := r.byte()
	d := &Delivery{ID: r.string()}
	d.ReceivedAt = time.Unix(0, r.varint())
	d.Method, d.URI, d.Proto, d.Host, d.RemoteAddr = r.string(), r.string(), r.string(), r.string(), r.string()
	var raw recordHeaders
	var body, replyBody []byte
	raw.headers, body, raw.trailers = r.bytes(), r.bytes(), r.bytes()
	d.Size, d.DeclaredLength = r.varint(), r.varint()
	d.Provider, d.Topic, d.Signature, d.Summary = r.string(), r.string(), r.string(), r.string()
	d.ReplyStatus = int(r.varint())
	d.ReplyRule = r.string()
	raw.replyHeaders, replyBody = r.bytes(), r.bytes()
	d.ReplyDelay, d.ReplyDuration = time.Duration(r.varint()), time.Duration(r.varint())
	if r.err != nil {
		return nil, recordHeaders{}, r.err
	}
	if len(r.b) != 0 {
		return nil, recordHeaders{}, fmt.Errorf("%w: %d bytes after the last field", errBadRecord, len(r.b))
	}
	d.Truncated, d.Imported = flags&recordTruncated != 0, flags&recordImported != 0
	d.Body, d.ReplyBody = nonNil(body), nonNil(replyBody)
	return d, raw, nil
}
