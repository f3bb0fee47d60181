// Package segment is an append-only log of records in segment files: the
// durable half of capture's write path (issue 12), where a batch of
// deliveries costs one write and one flush however many it holds.
//
// A log is a directory of files named NNNNNNNNNNNNNNNN.seg (16 decimal
// digits, oldest first) and a LOCK file. Each segment starts with an 8-byte
// header ("HSSEG" and a format version); then records, each
//
//	magic u32 | length u32 | crc u32 | payload (length bytes)
//
// little-endian, the CRC-32C (Castagnoli) covering the length and the
// payload. A record is addressed by its Pos: the segment and the offset of
// its header. Append writes a whole batch with one write at the end of the
// newest segment and makes it durable before it returns the positions:
// with one fdatasync, or, for a batch written direct, with the write itself
// (the file is open O_DSYNC); the log rotates to a new segment when the
// batch would take the newest beyond Options.SegmentSize.
//
// Direct writes. Where the file system takes them (O_DIRECT on Linux), a
// new segment is format version 2 and its batches of a block or more are
// written past the page cache, each from the next 4 KiB boundary, zeros
// padding the block before it; smaller batches, and every batch of a
// version 1 segment, follow the records before them (direct.go).
//
// Zeros ahead. The newest segment's file goes on past its last record with
// zeros that an earlier Append wrote and made durable (up to a MiB or two,
// never beyond SegmentSize): a batch overwrites blocks the file has, so
// its fdatasync has no size to commit (prezero.go). Zeros where a record
// header belongs end a segment's records (in version 2, at a block
// boundary; before one they are padding); no header is zeros, for it
// starts with the record magic. Rotation and Close cut the zeros off, so
// a segment the log has left ends at its last record, as segments written
// before the zeros do; Info.Size is where the records end, never the
// file's size.
//
// Recovery. Open scans only the newest segment (from Options.ScanFrom when
// the caller's index knows a good record there), checking each record's
// magic, length and CRC. Zeros to the end of the file after the records
// are kept for the next appends. Anything else is a batch a crash tore
// before it was durable, so none of it was acknowledged: the file
// is truncated at the first record that fails, zeros after it and all,
// so that no whole record of the torn batch can be found again behind a
// later one. Older segments were complete when the log rotated
// away from them and are never scanned or truncated on open, so opening
// costs the tail, not the store. A record that fails its check is never
// returned, by Read or Scan.
//
// Failures. When the write or the fdatasync of a batch fails (ENOSPC, EIO)
// Append returns the error and no position: nothing of the batch is
// acknowledged. The log truncates the segment back to where the batch began
// and starts a new segment for the next batch, since after a failed fsync
// the kernel's page cache for that file can no longer be trusted.
//
// Retention deletes whole segment files, oldest first (Expired and
// RemoveThrough): the caller first forgets the records it indexed there,
// then removes the files. The newest segment is never removed.
//
// Processes. One process writes a log: Open takes an exclusive flock on
// LOCK and a second writer's Open fails with ErrLocked while the first lives
// (the kernel drops the lock when the process dies, kill -9 included).
// Other processes may open the log ReadOnly, without the lock, to Read and
// Scan what the writer acknowledged.
package segment
