package store

// WithSegmentSize returns o with the segment logs rotating at size bytes
// instead of segment.DefaultSegmentSize (64 MiB). hookscope never sets it:
// it is for tests outside this package that need many segments without
// writing 64 MiB each (the CLI's test of --keep-bytes).
func WithSegmentSize(o Options, size int64) Options {
	o.segmentSize = size
	return o
}
