//go:build !unix

package store

import "os"

// Without flock a watcher cannot be seen, so a writer always takes one to
// be there and never defers its rows.
func lockShared(*os.File) error { return nil }

func tryExclusive(*os.File) bool { return false }
