package segment

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

const (
	// fileHeader starts every segment file: a name and a format version,
	// 1 for batches back to back, fileHeaderV2 for batches aligned to
	// batchAlign (direct.go).
	fileHeader     = "HSSEG\x00\x00\x01"
	fileHeaderV2   = "HSSEG\x00\x00\x02"
	fileHeaderSize = int64(len(fileHeader))
	// recordMagic starts every record, so that zeros or stale bytes left
	// by a torn write are not read as a length.
	recordMagic      = 0x52_4c_53_48 // "HSLR" little-endian
	recordHeaderSize = 12
	// MaxRecord bounds one record's payload; a length beyond it is taken
	// for corruption, not allocated.
	MaxRecord = 1 << 30
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Pos is where a record lives: its segment and the offset of its header.
type Pos struct {
	Segment uint64
	Offset  int64
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Segment, p.Offset) }

// RecordSize is how many bytes a record with a payload of n bytes takes in
// a segment: the record at Pos p ends at p.Offset + RecordSize(n).
func RecordSize(n int) int64 { return recordHeaderSize + int64(n) }

// appendRecord encodes one record onto buf.
func appendRecord(buf, payload []byte) []byte {
	var hdr [recordHeaderSize]byte
	binary.LittleEndian.PutUint32(hdr[0:], recordMagic)
	binary.LittleEndian.PutUint32(hdr[4:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(hdr[8:], checksum(hdr[4:8], payload))
	return append(append(buf, hdr[:]...), payload...)
}

func checksum(length, payload []byte) uint32 {
	return crc32.Update(crc32.Checksum(length, castagnoli), castagnoli, payload)
}

// parseHeader checks a record header that has room bytes after it in its
// file and returns the payload length and the CRC to expect.
func parseHeader(hdr []byte, room int64) (length int64, crc uint32, err error) {
	if binary.LittleEndian.Uint32(hdr[0:]) != recordMagic {
		return 0, 0, fmt.Errorf("%w: bad record magic", ErrCorrupt)
	}
	length = int64(binary.LittleEndian.Uint32(hdr[4:]))
	if length > MaxRecord || length > room {
		return 0, 0, fmt.Errorf("%w: record length %d beyond the file", ErrCorrupt, length)
	}
	return length, binary.LittleEndian.Uint32(hdr[8:]), nil
}

// verify checks a payload against the CRC its header gave.
func verify(hdr, payload []byte, crc uint32) error {
	if checksum(hdr[4:8], payload) != crc {
		return fmt.Errorf("%w: record checksum mismatch", ErrCorrupt)
	}
	return nil
}
