//go:build unix

package store

import (
	"os"
	"syscall"
)

// lockShared waits for a deferring writer's probe, which holds the lock
// exclusively for an instant, then holds the lock shared.
func lockShared(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_SH) }

// tryExclusive reports whether no watcher holds the lock: whether it
// could be taken exclusively. It is released at once.
func tryExclusive(f *os.File) bool {
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return false
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return true
}
