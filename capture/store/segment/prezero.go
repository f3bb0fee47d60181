package segment

import "os"

// zeroChunk is how far ahead of its records the newest segment is kept
// written with zeros. An Append that overwrites blocks the file already
// has changes no size or extent, so its fdatasync commits data alone; an
// Append into a file that grows makes ext4 commit its journal too, which
// on a virtio disk was about 40 µs of CPU and 60 µs of latency per batch.
// The Append that crosses into the last chunk pays for the next one: a
// write of zeros and the one metadata commit, amortised over a chunk.
const zeroChunk = 1 << 20

// zeros is what reserve writes, aligned for a direct write; never
// written to.
var zeros = alignedBlock(nil, zeroChunk)

// reserveTarget returns the file size the newest segment should have once
// a batch ending at end is written: a whole number of chunks at least one
// half chunk beyond end, but not beyond the size at which the log rotates
// (unless the batch itself goes beyond it). Zero means no zeros are due.
func (l *Log) reserveTarget(end int64) int64 {
	if end <= l.alloc-zeroChunk/2 {
		return 0 // still half a chunk of zeros ahead
	}
	target := (end/zeroChunk + 1) * zeroChunk
	if target-end < zeroChunk/2 {
		target += zeroChunk
	}
	target = min(target, max(l.opts.SegmentSize, end))
	if l.aligned {
		target = alignUp(target)
	}
	if target <= l.alloc || target <= end {
		return 0
	}
	return target
}

// reserve writes zeros into the newest segment from end (where the batch
// being appended ends) up to target, for the same fdatasync as the batch.
// It never fails the batch: if the zeros cannot be written (the disk is
// full), the next Append grows the file as it would have without them.
func (l *Log) reserve(end, target int64) {
	from := max(end, l.alloc)
	write := l.writeCached
	if l.aligned {
		// The batch's last block, padding and all, is written already.
		from, write = alignUp(from), l.writeBlocks
	}
	for from < target {
		n, err := write(zeros[:min(target-from, zeroChunk)], from)
		from += int64(n)
		if err != nil {
			break
		}
	}
	l.alloc = max(l.alloc, from)
}

// seal cuts the zeros off the newest segment once no more records go into
// it (at rotation and Close), and makes that durable, so that a segment
// the log has left ends at its last record, as segments written before
// the zeros did. It is best effort: a reader takes zeros where a record
// header belongs for the end of the records in any segment (see scanFile).
func (l *Log) seal(f *os.File) {
	if l.alloc <= l.size {
		return
	}
	if err := f.Truncate(l.size); err != nil {
		return
	}
	_ = l.sync(f)
	l.alloc = l.size
}

// allZero reports whether b holds only zero bytes.
func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
