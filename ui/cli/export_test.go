package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/fixtures"
)

// seedStore stores fixtures as capture would (annotated with the secret
// in env) and returns the store's path.
func seedStore(t *testing.T, env map[string]string, names ...string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "a.db")
	st, err := store.Open(context.Background(), db, store.Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o := newOptions(func(k string) string { return env[k] })
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	for i, name := range names {
		f, err := fixtures.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		d := &store.Delivery{ID: "01HZZZZZZZZZZZZZZZZZZZZZ" + string(rune('A'+i/26)) + string(rune('A'+i%26)),
			ReceivedAt: time.Date(2024, 5, 1, 9, 0, i, 987654321, time.UTC), Method: f.Method, URI: f.Path, Proto: "HTTP/1.1",
			Host: "127.0.0.1:4747", RemoteAddr: "127.0.0.1:40000", Headers: f.Headers.Clone(), Body: f.Body, Size: int64(len(f.Body)),
			DeclaredLength: int64(len(f.Body)), ReplyStatus: 200, ReplyRule: "plain 200"}
		capture.Annotate(o.analyzer, d, nil)
		if err := st.Insert(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// TestExportImportExportThroughTheCLIIsByteIdentical exports NDJSON,
// imports it into another store (detected and verified again), exports
// that, and compares bytes; the file's lines carry every field
// `list --json` prints, with the same values.
func TestExportImportExportThroughTheCLIIsByteIdentical(t *testing.T) {
	env := tempEnv(t)
	env["HOOKSCOPE_SPIFFY_SECRET"] = "not-the-signing-secret"
	a := seedStore(t, env, "spiffy/orders-create", "hostile/invalid-utf8", "hostile/terminal-escapes", "vend/sale-update")
	file := filepath.Join(t.TempDir(), "export.ndjson")
	if r := runCLI(t, env, "export", "--db", a, "--format", "ndjson", "-o", file); r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	first, _ := os.ReadFile(file)
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600", info.Mode().Perm())
	}

	b := filepath.Join(t.TempDir(), "b.db")
	r := runCLI(t, env, "import", "--db", b, file)
	if r.code != 0 || !strings.Contains(r.stdout, "imported 4 deliveries") {
		t.Fatalf("import: %+v", r)
	}
	second := runCLI(t, env, "export", "--db", b, "--format", "ndjson")
	if second.stdout != string(first) {
		t.Fatalf("export → import → export differs:\n%s\n---\n%s", first, second.stdout)
	}
	if r := runCLI(t, env, "import", "--db", b, file); !strings.Contains(r.stdout, "imported 0 deliveries; 4 already in the store, skipped") {
		t.Errorf("second import: %+v", r)
	}

	list := runCLI(t, env, "list", "--db", a, "--json")
	exported := strings.Split(strings.TrimSpace(string(first)), "\n")
	for i, line := range strings.Split(strings.TrimSpace(list.stdout), "\n") {
		var l, e map[string]json.RawMessage
		json.Unmarshal([]byte(line), &l)
		json.Unmarshal([]byte(exported[i]), &e)
		for k, v := range l {
			if k == "reply" {
				continue // export adds the reply's headers and body
			}
			if !bytes.Equal(e[k], v) {
				t.Errorf("line %d: %s is %s in list --json, %s in the export", i+1, k, v, e[k])
			}
		}
	}
	// The file's word on provider and signature is not taken: a forged
	// "valid" is checked again, as a live delivery would be.
	forged := strings.Replace(exported[0], `"signature":{"status":"missing"`, `"signature":{"status":"valid"`, 1)
	forged = strings.Replace(forged, `"provider":"spiffy"`, `"provider":"vend"`, 1)
	if forged == exported[0] {
		t.Fatalf("fixture line changed shape: %s", exported[0])
	}
	forgedFile := filepath.Join(t.TempDir(), "forged.ndjson")
	os.WriteFile(forgedFile, []byte(forged+"\n"), 0o600)
	c := filepath.Join(t.TempDir(), "c.db")
	if r := runCLI(t, env, "import", "--db", c, forgedFile); r.code != 0 {
		t.Fatal(r)
	}
	if again := runCLI(t, env, "export", "--db", c); strings.TrimSpace(again.stdout) != exported[0] {
		t.Errorf("forged line imported as\n%s\nwant\n%s", again.stdout, exported[0])
	}
	if strings.Contains(string(first), "not-the-signing-secret") {
		t.Error("the configured secret is in the export")
	}
}

// TestImportOfABadFileImportsNothing: a good file and a bad one, and
// the store is left as it was, with a message naming entry and field.
func TestImportOfABadFileImportsNothing(t *testing.T) {
	env := tempEnv(t)
	a := seedStore(t, env, "spiffy/orders-create")
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ndjson")
	if r := runCLI(t, env, "export", "--db", a, "-o", good); r.code != 0 {
		t.Fatal(r)
	}
	bad := filepath.Join(dir, "bad.har")
	os.WriteFile(bad, []byte(`{"log":{"version":"1.2","entries":[{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"GET","url":"http://x/\u001b[2J"}}]}}`), 0o600)
	b := filepath.Join(dir, "b.db")
	r := runCLI(t, env, "import", "--db", b, good, bad)
	if r.code != 1 || !strings.Contains(r.stderr, "bad.har (har): entries[0]: request.url:") || !strings.Contains(r.stderr, "nothing was imported") {
		t.Errorf("import: %+v", r)
	}
	if strings.Contains(r.stderr, "\x1b") {
		t.Error("the file's escape reached the terminal")
	}
	if _, err := os.Stat(b); err == nil {
		if r := runCLI(t, env, "list", "--db", b, "--json"); strings.TrimSpace(r.stdout) != "" {
			t.Errorf("half imported: %s", r.stdout)
		}
	}
}

// TestExportFormatsAndUsage: each format through the CLI, by id and by
// provider, and the refusals.
func TestExportFormatsAndUsage(t *testing.T) {
	env := tempEnv(t)
	db := seedStore(t, env, "spiffy/orders-create", "vend/sale-update")
	ids := listIDs(t, env, db)
	r := runCLI(t, env, "export", "--db", db, "--format", "curl", "--to", "http://127.0.0.1:3000", ids[1][20:])
	if r.code != 0 || strings.Count(r.stdout, "curl ") != 1 || !strings.Contains(r.stdout, "--url 'http://127.0.0.1:3000/") {
		t.Errorf("curl by id: %+v", r)
	}
	r = runCLI(t, env, "export", "--db", db, "--format", "har", "--provider", "spiffy")
	var har struct{ Log struct{ Entries []any } }
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &har) != nil || len(har.Log.Entries) != 1 {
		t.Errorf("har --provider: %+v", r)
	}
	if r := runCLI(t, env, "export", "--db", db, "--format", "yaml"); r.code != 2 || !strings.Contains(r.stderr, "unknown format") {
		t.Errorf("bad format: %+v", r)
	}
	if r := runCLI(t, env, "import", "--db", db); r.code != 2 {
		t.Errorf("import without files: %+v", r)
	}
	var out bytes.Buffer
	code := Run(context.Background(), []string{"export", "--db", db, "--format", "raw"},
		Env{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return env[k] }, IsTerminal: func() bool { return true }})
	if code != 2 || !strings.Contains(out.String(), "use -o FILE") {
		t.Errorf("raw to a terminal: %d %s", code, out.String())
	}
}
