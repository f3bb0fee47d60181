package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// e2eSegment is the segment size the end-to-end retention test rotates at:
// a few of its 2 KB deliveries a segment, where hookscope's is 64 MiB.
const e2eSegment = 8 << 10

// serveOnce runs `hookscope serve args...` in-process with the store's
// segments shrunk to e2eSegment, posts bodies to it one by one, each
// answered 2xx, and stops it.
func serveOnce(t *testing.T, env map[string]string, bodies [][]byte, args ...string) {
	t.Helper()
	getenv := func(k string) string { return env[k] }
	stderr := &syncWriter{w: &bytes.Buffer{}}
	f := &factory{env: Env{Stdout: &bytes.Buffer{}, Stderr: stderr, Getenv: getenv, IsTerminal: func() bool { return false }},
		opts: newOptions(getenv)}
	f.opts.tuneStore = func(so store.Options) store.Options { return store.WithSegmentSize(so, e2eSegment) }
	root := newCmdRoot(f)
	root.SetArgs(append([]string{"serve", "--listen", "127.0.0.1:0"}, args...))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	re := regexp.MustCompile(`capturing on (http://\S+)/`)
	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil && time.Now().Before(deadline); m = re.FindStringSubmatch(stderr.String()) {
		select {
		case err := <-done:
			t.Fatalf("serve %v ended: %v: %s", args, err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if m == nil {
		cancel()
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	for i, b := range bodies {
		resp, err := http.Post(m[1]+"/hooks/e2e", "application/octet-stream", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("delivery %d answered %d", i, resp.StatusCode)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v: %s", err, stderr.String())
	}
}

// segmentFiles are the names of the store's segment files, oldest first,
// and their total size.
func segmentFiles(t *testing.T, db string) ([]string, int64) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(db+".segments", "*", "*.seg"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	var total int64
	for _, n := range names {
		fi, err := os.Stat(n)
		if err != nil {
			t.Fatal(err)
		}
		total += fi.Size()
	}
	return names, total
}

// A store opened with a small --keep-bytes drops its oldest whole segment
// files, with their deliveries, and the newest deliveries stay readable
// byte for byte.
func TestServeWithKeepBytesDropsOldestWholeSegments(t *testing.T) {
	env := tempEnv(t)
	db := filepath.Join(t.TempDir(), "h.db")
	body := func(i int) []byte {
		// Bytes a careless path would change: CR LF, NUL, invalid UTF-8.
		return []byte(fmt.Sprintf("#%03d\r\n\x00\xff\xfe", i) + strings.Repeat(fmt.Sprintf("%03d", i), 660))
	}
	var sent [][]byte
	for i := 0; i < 30; i++ {
		sent = append(sent, body(i))
	}
	serveOnce(t, env, sent, "--db", db, "--keep", "-1")
	before, beforeBytes := segmentFiles(t, db)
	if len(before) < 8 {
		t.Fatalf("%d segments (%d bytes) of 30 deliveries: the test needs many", len(before), beforeBytes)
	}

	const bound = 20 << 10
	newer := [][]byte{body(30), body(31)}
	sent = append(sent, newer...)
	serveOnce(t, env, newer, "--db", db, "--keep", "-1", "--keep-bytes", "20KiB")

	after, afterBytes := segmentFiles(t, db)
	if len(after) >= len(before) || afterBytes > bound+2*e2eSegment {
		t.Fatalf("segments: %d files, %d bytes before; %d files, %d bytes after --keep-bytes 20KiB", len(before), beforeBytes, len(after), afterBytes)
	}
	// Whole files went, oldest first: every file removed is older than
	// every file of before that is left.
	left := map[string]bool{}
	for _, n := range after {
		left[n] = true
	}
	for i, n := range before {
		if left[n] && i+1 < len(before) && !left[before[i+1]] {
			t.Errorf("%s is kept and the newer %s removed: files left %v", n, before[i+1], after)
		}
	}

	st, err := store.Open(context.Background(), db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	listed, err := st.List(context.Background(), store.Filter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("segments: %d files, %d bytes before; %d files, %d bytes after; %d of 32 deliveries kept", len(before), beforeBytes, len(after), afterBytes, len(listed))
	if len(listed) == 0 || len(listed) >= 30 {
		t.Fatalf("%d of 32 deliveries kept", len(listed))
	}
	// The newest deliveries, each byte-exact, and nothing older than the
	// oldest kept: a whole run of the oldest went.
	kept := sent[len(sent)-len(listed):]
	for i, d := range listed { // oldest first
		got, err := st.Get(context.Background(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := kept[i]; !bytes.Equal(got.Body, want) {
			t.Errorf("delivery %s: body %q…, want %q…", d.ID, got.Body[:8], want[:8])
		}
	}
}
