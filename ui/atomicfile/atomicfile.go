// Package atomicfile writes a file whole or not at all, for everything
// hookscope saves (a body, an export, the filter history): a failure or
// a crash midway leaves the file as it was, never half written.
package atomicfile

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists says the file is there and overwriting was not asked for.
var ErrExists = errors.New("file exists")

// Write writes path whole or not at all: into a temporary file beside
// it (mode 0600: what hookscope writes holds what webhooks carried), then into place. Without
// overwrite an existing file is never replaced, not even one created
// while writing: the hard link that puts the file in place fails if a
// file is there.
func Write(path string, overwrite bool, write func(io.Writer) (int, error)) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // once in place, the name is gone or a second link
	bw := bufio.NewWriter(tmp)
	n, err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	if overwrite {
		return n, os.Rename(tmp.Name(), path)
	}
	switch err := os.Link(tmp.Name(), path); {
	case err == nil:
		return n, nil
	case errors.Is(err, fs.ErrExist):
		return n, ErrExists
	}
	// No hard links here (some FUSE and FAT file systems): check, then
	// rename, which is not atomic against another writer but never
	// replaces a file that was there before.
	if _, err := os.Lstat(path); err == nil {
		return n, ErrExists
	}
	return n, os.Rename(tmp.Name(), path)
}
