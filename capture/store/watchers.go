package store

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// A store opened by `hookscope serve` alone, with nobody else looking at
// it, need not list a delivery the moment it is acknowledged: its rows
// can wait for a pause in the captures (backlog.go). Whether anybody is
// looking is a lock on <db>.segments/watchers: every other Store (a TUI,
// list, show, a second serve asked to list at once) holds it shared
// while it is open, and the deferring writer tries it exclusively, which
// fails while one of them does. The kernel drops a lock with its
// process, so a watcher that was killed stops counting at once.

// watchersName is the watchers lock file, in the segments directory.
const watchersName = "watchers"

// watchPoll is how often, at most, a deferring writer tries the lock:
// how soon it notices a watcher that has just opened the store.
const watchPoll = 20 * time.Millisecond

// watchers is the deferring writer's view of the lock.
type watchers struct {
	f       *os.File
	checked time.Time
	seen    bool
}

func openWatchers(dir string) (*watchers, error) {
	f, err := openWatchersLock(dir)
	if err != nil {
		return nil, fmt.Errorf("open watchers lock: %w", err)
	}
	return &watchers{f: f}, nil
}

func openWatchersLock(dir string) (*os.File, error) {
	return os.OpenFile(filepath.Join(dir, watchersName), os.O_RDWR|os.O_CREATE, 0o600)
}

// present reports whether a watcher holds the lock, trying it at most
// every watchPoll.
func (w *watchers) present(now time.Time) bool {
	if now.Sub(w.checked) >= watchPoll {
		w.checked, w.seen = now, !tryExclusive(w.f)
	}
	return w.seen
}

func (w *watchers) close() error { return w.f.Close() }

// watch takes the lock shared, for as long as the returned file is open.
func watch(dir string) (*os.File, error) {
	f, err := openWatchersLock(dir)
	if err != nil {
		return nil, fmt.Errorf("watch store: %w", err)
	}
	if err := lockShared(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("watch store: %w", err)
	}
	return f, nil
}
