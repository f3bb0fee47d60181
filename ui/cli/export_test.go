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

// retryStore is a store, indexed as capture's is, holding a GitHub push
// delivered three times (the same X-GitHub-Delivery, hours apart: only
// the event id ties them, the body-hash window is an hour), a Spiffy
// order, and a mark on the push's second delivery. It returns the path
// and the ids in the order received.
func retryStore(t *testing.T, env map[string]string) (string, []string) {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "r.db")
	st, err := store.Open(ctx, db, store.Options{Keep: -1, EventKeys: capture.EventKeys})
	if err != nil {
		t.Fatal(err)
	}
	o := newOptions(func(k string) string { return env[k] })
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	var ids []string
	start := time.Date(2024, 5, 1, 9, 0, 0, 123456789, time.UTC)
	for i, name := range []string{"github/push", "spiffy/orders-create", "github/push", "github/push"} {
		f, err := fixtures.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		d := &store.Delivery{ID: "01HZZZZZZZZZZZZZZZZZZZZZR" + string(rune('A'+i)),
			ReceivedAt: start.Add(time.Duration(i) * 2 * time.Hour), Method: f.Method, URI: f.Path, Proto: "HTTP/1.1",
			Host: "127.0.0.1:4747", RemoteAddr: "127.0.0.1:40000", Headers: f.Headers.Clone(), Body: f.Body, Size: int64(len(f.Body)),
			DeclaredLength: int64(len(f.Body)), ReplyStatus: 200, ReplyRule: "plain 200"}
		capture.Annotate(o.analyzer, d, nil)
		if err := st.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if n, err := st.Mark(ctx, ids[2:3], true); err != nil || n != 1 {
		t.Fatalf("mark: %d, %v", n, err)
	}
	if err := st.Close(); err != nil { // indexes what is left
		t.Fatal(err)
	}
	return db, ids
}

// jsonLines decodes NDJSON into one map per line.
func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %q", err, l)
		}
		out = append(out, m)
	}
	return out
}

// list, show and export say which deliveries are marked and which are
// retries of which; import keeps the mark (it was lost) and finds the
// retries again by event id (the import's store found none: it ran no
// event-id indexer), so export → import → export stays byte-identical.
func TestMarksAndRetriesInJSONSurviveExportAndImport(t *testing.T) {
	env := tempEnv(t)
	a, ids := retryStore(t, env)
	want := []struct {
		marked  bool
		retryOf string
		retry   float64
	}{{false, "", 0}, {false, "", 0}, {true, ids[0], 2}, {false, ids[0], 3}}
	check := func(what string, lines []map[string]any) {
		t.Helper()
		if len(lines) != len(want) {
			t.Fatalf("%s: %d lines, want %d", what, len(lines), len(want))
		}
		for i, w := range want {
			l := lines[i]
			if l["marked"] != w.marked {
				t.Errorf("%s line %d: marked %v, want %v", what, i+1, l["marked"], w.marked)
			}
			if got, _ := l["retry_of"].(string); got != w.retryOf {
				t.Errorf("%s line %d: retry_of %q, want %q", what, i+1, got, w.retryOf)
			}
			if got, _ := l["retry"].(float64); got != w.retry {
				t.Errorf("%s line %d: retry %v, want %v", what, i+1, got, w.retry)
			}
		}
	}
	check("list --json", jsonLines(t, runCLI(t, env, "list", "--db", a, "--json").stdout))
	var shown []map[string]any
	for _, id := range ids {
		shown = append(shown, jsonLines(t, runCLI(t, env, "show", "--db", a, id, "--json").stdout)...)
	}
	check("show --json", shown)
	first := runCLI(t, env, "export", "--db", a, "--format", "ndjson")
	check("export", jsonLines(t, first.stdout))

	file := filepath.Join(t.TempDir(), "x.ndjson")
	os.WriteFile(file, []byte(first.stdout), 0o600)
	b := filepath.Join(t.TempDir(), "b.db")
	if r := runCLI(t, env, "import", "--db", b, file); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	second := runCLI(t, env, "export", "--db", b, "--format", "ndjson")
	if second.stdout != first.stdout {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first.stdout, second.stdout)
	}
	if got := jsonIDs(t, runCLI(t, env, "list", "--db", b, "--json", "--filter", "is:marked").stdout); !sameIDs(got, ids[2]) {
		t.Errorf("is:marked after import = %v, want %v", got, ids[2:3])
	}
	if got := jsonIDs(t, runCLI(t, env, "list", "--db", b, "--json", "--filter", "is:retry").stdout); !sameIDs(got, ids[2], ids[3]) {
		t.Errorf("is:retry after import = %v, want %v", got, ids[2:])
	}
}
