package tempfile

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestWriteKeepsTheBytesForTheOwnerOnly(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	body := []byte("{\"a\":1}\r\n\x00\xff tab\there")
	name, err := Write(body, "hookscope-body-*.json", "$EDITOR")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(name)
	if !strings.HasPrefix(filepath.Base(name), "hookscope-body-") || filepath.Ext(name) != ".json" {
		t.Errorf("name %s does not follow the pattern", name)
	}
	got, err := os.ReadFile(name)
	if err != nil || !bytes.Equal(got, body) {
		t.Errorf("file holds %q (%v), want %q", got, err, body)
	}
	if fi, err := os.Stat(name); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}

func TestWriteSaysWhatTheFileWasFor(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	_, err := Write([]byte("x"), "hookscope-*.txt", "$PAGER")
	if err == nil || !strings.Contains(err.Error(), "temporary file for $PAGER") {
		t.Errorf("error %v, want one naming $PAGER", err)
	}
}
