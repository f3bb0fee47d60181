package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/fixtures"
)

func TestSendGlobsAndAllWithALinePerDelivery(t *testing.T) {
	env := tempEnv(t)
	db := filepath.Join(t.TempDir(), "h.db")
	ts := captureServer(t, db)
	all, _ := fixtures.All()
	var spiffy []string
	for _, f := range all {
		if strings.HasPrefix(f.Name, "spiffy/") {
			spiffy = append(spiffy, f.Name)
		}
	}
	if len(spiffy) < 3 {
		t.Fatalf("%d spiffy fixtures", len(spiffy))
	}
	// A glob, and a name it also matches: each fixture is sent once.
	r := runCLI(t, env, "send", "spiffy/*", spiffy[0], "--to", ts.URL)
	if r.code != 0 {
		t.Fatalf("send 'spiffy/*': %+v", r)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != len(spiffy) {
		t.Fatalf("%d lines for %d fixtures:\n%s", len(lines), len(spiffy), r.stderr)
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, "sent "+spiffy[i]+" (spiffy ") || !strings.HasSuffix(l, ": 200 OK") {
			t.Errorf("line %d: %q", i, l)
		}
	}
	if r.stdout != "" {
		t.Errorf("several sends printed reply bodies: %q", r.stdout)
	}
	if got := listIDs(t, env, db); len(got) != len(spiffy) {
		t.Errorf("%d deliveries stored for %d sent", len(got), len(spiffy))
	}

	r = runCLI(t, env, "send", "--all", "--to", ts.URL)
	if r.code != 0 || strings.Count(r.stderr, "\n") != len(all) {
		t.Errorf("send --all: exit %d, %d lines for %d fixtures", r.code, strings.Count(r.stderr, "\n"), len(all))
	}

	for args, want := range map[string]string{
		"nosuch/*":           `"nosuch/*" matches no fixture`,
		"--all\tspiffy/*":    "not both",
		"spiffy/[":           "syntax error in pattern",
		"spiffy/nope-nope-1": "spiffy/nope-nope-1",
	} {
		wantUsage(t, runCLI(t, env, append(append([]string{"send"}, strings.Split(args, "\t")...), "--to", ts.URL)...), want)
	}
}

func TestListSelectsBySinceUntilAndSignature(t *testing.T) {
	env := map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_SPIFFY_SECRET": "s3cret"}
	db := filepath.Join(t.TempDir(), "h.db")
	ts := annotatedCaptureServer(t, db, env)
	if r := runCLI(t, env, "send", "spiffy/orders-create", "--to", ts.URL); r.code != 0 {
		t.Fatalf("send: %+v", r)
	}
	count := func(args ...string) int {
		t.Helper()
		r := runCLI(t, env, append([]string{"list", "--db", db, "--json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("list %v: %+v", args, r)
		}
		return strings.Count(r.stdout, "\n")
	}
	if n := count("--since", "1h"); n != 1 {
		t.Errorf("--since 1h: %d", n)
	}
	if n := count("--until", "1h"); n != 0 {
		t.Errorf("--until 1h: %d", n)
	}
	if n := count("--since", "2000-01-01T00:00:00Z", "--until", "2999-01-01T00:00:00Z", "--signature", "valid"); n != 1 {
		t.Errorf("--signature valid: %d", n)
	}
	if n := count("--signature", "invalid"); n != 0 {
		t.Errorf("--signature invalid: %d", n)
	}
	wantUsage(t, runCLI(t, env, "list", "--db", db, "--signature", "bogus"), `--signature "bogus"`)
	wantUsage(t, runCLI(t, env, "list", "--db", db, "--since", "yesterday"), `--since "yesterday"`)
}
