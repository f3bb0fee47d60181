//go:build !linux

package segment

import "os"

// datasync makes a file's data durable. Outside Linux it is a full fsync
// (F_FULLFSYNC on macOS, through os.File.Sync).
func datasync(f *os.File) error { return f.Sync() }
