package store

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// asNonRoot runs the calling test again in a copy of the test binary as
// the user nobody when the tests run as root (as in CI), where permission
// bits never stop a write; it reports whether it did, and then the caller
// returns. The copy is needed because go test keeps its binary in a
// directory only its owner may enter.
func asNonRoot(t *testing.T) bool {
	t.Helper()
	if os.Getuid() != 0 {
		return false
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("running as root, and cannot find the test binary to rerun as nobody: %v", err)
	}
	dir, err := os.MkdirTemp("", "hookscope-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	copyTo := filepath.Join(dir, "store.test")
	if err := copyFile(exe, copyTo); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(copyTo, "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Env = []string{"TMPDIR=" + os.TempDir()}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EPERM) {
		t.Skipf("running as root and cannot switch to nobody to test permissions: %v", err)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("%s as nobody: %v\n%s", t.Name(), err, out)
	}
	return true
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// storeWithOne makes a store holding one delivery and closes it, as a
// capture that has ended leaves it.
func storeWithOne(t *testing.T) (path string, d *Delivery) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "x.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d = sample("kept")
	if err := s.Insert(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, d
}

func assertReadable(t *testing.T, path string, d *Delivery) {
	t.Helper()
	s, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open read-only store for reading: %v", err)
	}
	defer s.Close()
	page, err := s.List(context.Background(), Filter{}, 0, 10)
	if err != nil || len(page) != 1 || page[0].ID != d.ID {
		t.Fatalf("list of a read-only store = %v, %v; want %s", page, err, d.ID)
	}
	if got, err := s.Get(context.Background(), d.ID); err != nil || string(got.Body) != "kept" {
		t.Fatalf("get from a read-only store = %v, %v", got, err)
	}
}

// TestReadOnlyStoreCaughtAtOpen is defect 10 with real permissions: a
// capture on a store it cannot write must fail at start and say why and
// where, and reading commands must still read it.
func TestReadOnlyStoreCaughtAtOpen(t *testing.T) {
	if asNonRoot(t) {
		return
	}
	path, d := storeWithOne(t)
	dir := filepath.Dir(path)

	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path, Options{})
	if want := "store " + path + " is read-only (permission denied): choose another --db or fix its permissions"; !errors.Is(err, ErrReadOnly) || err.Error() != want {
		t.Errorf("open a 0444 store for writing: %v\nwant %s", err, want)
	}
	for _, leftover := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Stat(leftover); err == nil {
			t.Errorf("refused open left %s behind", leftover)
		}
	}
	assertReadable(t, path, d)

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	_, err = Open(context.Background(), path, Options{})
	if !errors.Is(err, ErrReadOnly) || err.Error() != "store directory "+dir+" is read-only (permission denied): choose another --db or fix its permissions" {
		t.Errorf("open a store in a 0555 directory for writing: %v", err)
	}
	// The failure this replaced: unable to open database file (14).
	assertReadable(t, path, d)
}

// TestReadOnlyFileSystem stands in a read-only file system (which a test
// cannot mount) by probes that answer as one does, and checks both what a
// capture is told and that reading goes through SQLite's read-only modes.
func TestReadOnlyFileSystem(t *testing.T) {
	path, d := storeWithOne(t)
	erofs := func(name string) error { return &fs.PathError{Op: "open", Path: name, Err: syscall.EROFS} }
	defer func(o, c func(string) error) { openForWrite, createIn = o, c }(openForWrite, createIn)
	openForWrite, createIn = erofs, erofs

	_, err := Open(context.Background(), path, Options{})
	if want := "store " + path + " is read-only (read-only file system): choose another --db or fix its permissions"; err == nil || err.Error() != want {
		t.Errorf("open on a read-only file system: %v\nwant %s", err, want)
	}
	if dsn := readOnlyDSN(path); !strings.Contains(dsn, "immutable=1") {
		t.Errorf("read-only store without -shm opened as %q, want immutable=1", dsn)
	}
	assertReadable(t, path, d)
	if _, err := os.Stat(path + "-shm"); err == nil {
		t.Errorf("reading a read-only store created its -shm file")
	}
}
