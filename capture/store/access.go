package store

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// ErrReadOnly is returned by Open for writing when the store's file or its
// directory cannot be written.
var ErrReadOnly = errors.New("store is read-only")

// Probes of the file system, replaced in tests: running as root, as CI
// does, permission bits never stop a write.
var (
	// openForWrite opens an existing file for writing and closes it.
	openForWrite = func(name string) error {
		f, err := os.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		return f.Close()
	}
	// createIn creates a file in dir and removes it again.
	createIn = func(dir string) error {
		f, err := os.CreateTemp(dir, ".hookscope-probe-*")
		if err != nil {
			return err
		}
		f.Close()
		return os.Remove(f.Name())
	}
)

// checkWritable makes sure a capturing process can write the store before
// SQLite touches it. SQLite opens a file it may not write read-only without
// a word, so a server would announce it was capturing and then refuse
// every delivery; and it creates the -wal and -shm files with the
// database's permissions, leaving read-only ones behind.
func checkWritable(path string) error {
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		err := openForWrite(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // SQLite creates it, in the directory checked below
		}
		if err != nil {
			return readOnlyErr("store", name, err)
		}
	}
	// The database, its -wal and -shm files are created in the directory,
	// and SQLite deletes and recreates the last two.
	if err := createIn(filepath.Dir(path)); err != nil {
		return readOnlyErr("store directory", filepath.Dir(path), err)
	}
	return nil
}

// readOnlyError says what cannot be written, why, and what to do, and is
// ErrReadOnly to errors.Is.
type readOnlyError struct {
	what, name string // "store" or "store directory", and its path
	reason     error  // "permission denied", "read-only file system"
}

func (e *readOnlyError) Error() string {
	return fmt.Sprintf("%s %s is read-only (%v): choose another --db or fix its permissions", e.what, e.name, e.reason)
}

func (e *readOnlyError) Is(target error) bool { return target == ErrReadOnly }

func readOnlyErr(what, name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &readOnlyError{what: what, name: name, reason: err}
}

// openReader opens the read connections; for a ReadOnly store that cannot
// be written, in SQLite's read-only modes (see readOnlyDSN).
func openReader(path string, readOnly bool) (*sql.DB, error) {
	if readOnly {
		if dsn := readOnlyDSN(path); dsn != "" {
			return sql.Open("sqlite", dsn)
		}
	}
	return openDB(path, "FULL")
}

// readOnlyDSN is how a reading command opens a store it cannot write (a
// backup on a read-only file system, a file of another user), or "" when
// it can write it and so opens it as usual. SQLite needs the -shm file to
// read a WAL database, and cannot create it here; if it exists, mode=ro
// reads through it. If it does not, no process has the store open (every
// connection keeps the -shm file), so the database file is complete and
// immutable=1 reads it without the -shm file.
func readOnlyDSN(path string) string {
	if checkWritable(path) == nil {
		return ""
	}
	q := url.Values{}
	if _, err := os.Stat(path + "-shm"); err == nil {
		q.Set("mode", "ro")
	} else {
		q.Set("immutable", "1")
	}
	return fileURI(path, q)
}
