package segment

import (
	"errors"
	"syscall"
	"unsafe"
)

// Direct writes. Where the file system allows it (O_DIRECT, Linux), the
// newest segment's batches are written past the page cache, straight from
// the log's buffer to the disk: written through the page cache, a batch
// of new data cost the kernel its pages' allocation and copy, then their
// writeback inside the fdatasync, and the zeros ahead (prezero.go) paid
// the same again. Measured in issue 12 (BenchmarkAppend2KB, 2 KB
// records, four runs each): 4.4-5.5 µs of CPU a record direct against
// 5.6-6.5 through the page cache in batches of 16, 1.5-2.0 against
// 2.6-2.9 in batches of 64; and the fdatasync that follows, which only
// has the disk's own cache to make durable, took 0.17 ms on average
// instead of 0.75 under BenchmarkSideBySide's load.
//
// A direct write must start at a multiple of the disk's block size and
// be a whole number of blocks long, from memory aligned the same way.
// So in a segment written direct (format version 2, fileHeaderV2) a batch
// of directMin bytes or more starts at a multiple of batchAlign, and the
// zeros from the last record before it to that multiple are padding: a
// reader that finds a zero byte where a record header belongs, off a
// multiple of batchAlign, skips to the next one (no header starts with a
// zero byte: the record magic's first byte is 'H'). At a multiple of
// batchAlign, zeros end the records as in version 1. A smaller batch (a
// lone delivery in a quiet moment) goes through the page cache right
// after the records before it, as in version 1, rather than take a block
// of the disk for itself. A segment the log could not open direct
// (tmpfs, other systems) is version 1, its batches back to back.

// batchAlign is the alignment of a direct batch in a version 2 segment:
// the largest logical block size of the disks a log lives on, 4 KiB.
const batchAlign = 4096

// directMin is the smallest batch written direct: a block, whose padding
// then costs it at most as much as it holds, and under load (batches of a
// few dozen deliveries, tens of KiB) a few percent. Measured in issue 12
// (BenchmarkSideBySide, 5 s runs): with a 16 KiB minimum, a fifth of the
// batches went through the page cache (each, it seems, reading back from
// the disk the block that the direct batch before it ended in), and
// capture cost 67-71 µs of CPU a delivery; with a 4 KiB minimum, 54-62 µs.
const directMin = batchAlign

// alignUp rounds n up to a multiple of batchAlign.
func alignUp(n int64) int64 { return (n + batchAlign - 1) &^ (batchAlign - 1) }

// alignedBlock returns n bytes (a multiple of batchAlign) at an address
// that is a multiple of batchAlign, as a direct write needs, reusing buf
// when it has room.
func alignedBlock(buf []byte, n int) []byte {
	if cap(buf) >= n {
		return buf[:n]
	}
	raw := make([]byte, n+batchAlign)
	off := 0
	if r := int(uintptr(unsafe.Pointer(unsafe.SliceData(raw))) % batchAlign); r != 0 {
		off = batchAlign - r
	}
	return raw[off : off+n : off+n]
}

// openActiveDirect opens the newest segment for direct writes when its
// format is version 2; a failure leaves l.direct nil, and the batches go
// through the page cache, still aligned.
func (l *Log) openActiveDirect() {
	l.closeDirect()
	if !l.aligned {
		return
	}
	if f, err := openDirect(l.path(l.activeID)); err == nil {
		l.direct = f
	}
}

func (l *Log) closeDirect() {
	if l.direct != nil {
		l.direct.Close()
		l.direct = nil
	}
}

// writeBlocks writes b, a whole number of aligned blocks, at off in the
// newest segment: direct when it can. A file system that opened the file
// direct but refuses the write (EINVAL) gets it through the page cache,
// and every batch after it.
func (l *Log) writeBlocks(b []byte, off int64) (int, error) {
	if l.direct != nil {
		n, err := l.writeAt(l.direct, b, off)
		if !errors.Is(err, syscall.EINVAL) {
			return n, err
		}
		l.closeDirect()
	}
	return l.writeCached(b, off)
}

// writeCached writes b at off in the newest segment through the page
// cache, which the Append's fdatasync must then make durable. A direct
// write needs none: the file is open O_DSYNC, so the write returns once
// its data, and any size it changed, are durable (as fdatasync makes
// them), with one system call where two were made. Measured in issue 12
// (BenchmarkAppend2KB, batches of 16, two runs each): 3.46-3.47 µs of
// CPU a record against 3.60-3.66 with an fdatasync after the write.
func (l *Log) writeCached(b []byte, off int64) (int, error) {
	l.unsynced = true
	return l.writeAt(l.active, b, off)
}
