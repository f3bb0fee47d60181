package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/fixtures"
)

// writeConfig writes a config file and returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "hookscope.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// wantUsage asserts exit 2 and every part in stderr.
func wantUsage(t *testing.T, r result, parts ...string) {
	t.Helper()
	if r.code != 2 {
		t.Errorf("exit %d, want 2 (usage); stderr %q", r.code, r.stderr)
	}
	for _, p := range parts {
		if !strings.Contains(r.stderr, p) {
			t.Errorf("stderr %q lacks %q", r.stderr, p)
		}
	}
}

// A body limit near the top of int64 overflowed capture's limit+1 and
// stored every body empty: the CLI refuses it before serving.
func TestMaxBodyOutOfRangeIsAUsageError(t *testing.T) {
	env := tempEnv(t)
	for _, v := range []string{"9223372036854775807", "536870913", "0", "-1"} {
		wantUsage(t, runCLI(t, env, "serve", "--listen", "127.0.0.1:0", "--max-body", v), "--max-body", "between 1 and 536870912")
	}
	cfg := writeConfig(t, "listen = \"127.0.0.1:0\"\n\nmax_body = 9223372036854775807\n")
	wantUsage(t, runCLI(t, env, "serve", "--config", cfg), "config "+cfg, "line 3", "max_body", "between 1 and 536870912")
	if r := runCLI(t, env, "--max-body", "536870912", "list"); r.code == 2 {
		t.Errorf("512 MiB is allowed: %+v", r)
	}
}

func TestKeepZeroInConfigNamesTheKeyAndFile(t *testing.T) {
	cfg := writeConfig(t, "# retention\nkeep = 0\n")
	r := runCLI(t, tempEnv(t), "list", "--config", cfg)
	wantUsage(t, r, "config "+cfg, "line 2", "keep = 0")
	if strings.Contains(r.stderr, "--keep") {
		t.Errorf("config value reported as a flag: %q", r.stderr)
	}
	wantUsage(t, runCLI(t, tempEnv(t), "--keep", "0", "list"), "--keep 0")
}

func TestReplayRefusesNegativeTimeout(t *testing.T) {
	wantUsage(t, runCLI(t, tempEnv(t), "replay", "--to", "http://127.0.0.1:1/", "--timeout", "-1s", "X"), "--timeout -1s")
}

func TestReplayRefusesConcurrencyBelowOne(t *testing.T) {
	for _, v := range []string{"0", "-3"} {
		wantUsage(t, runCLI(t, tempEnv(t), "replay", "--to", "http://127.0.0.1:1/", "--concurrency", v, "X"), "--concurrency "+v)
	}
}

func TestReplayRefusesNegativeOrNonFiniteRate(t *testing.T) {
	for _, v := range []string{"-2", "NaN", "+Inf"} {
		wantUsage(t, runCLI(t, tempEnv(t), "replay", "--to", "http://127.0.0.1:1/", "--rate", v, "X"), "--rate")
	}
}

func TestRepliesSetRefusesNegativeDelay(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	r := runCLI(t, tempEnv(t), "replies", "set", "--db", db, "--path", "/x/", "--delay", "-5s")
	wantUsage(t, r, "--delay -5s")
	if l := runCLI(t, tempEnv(t), "replies", "list", "--db", db); !strings.Contains(l.stdout, "no reply rules") {
		t.Errorf("a refused rule was saved: %s", l.stdout)
	}
}

func TestRelayWaitRefusesNegative(t *testing.T) {
	wantUsage(t, runCLI(t, tempEnv(t), "serve", "--listen", "127.0.0.1:0", "--forward-to", "http://127.0.0.1:1/",
		"--relay", "--relay-wait", "-1s", "--db", filepath.Join(t.TempDir(), "h.db")), "--relay-wait")
}

// An unknown --signature or --provider matched nothing and exited 0, as if
// the store had no such deliveries.
func TestReplayUnknownSignatureStatusListsTheValidOnes(t *testing.T) {
	db := oneDeliveryStore(t)
	wantUsage(t, runCLI(t, tempEnv(t), "replay", "--db", db, "--to", "http://127.0.0.1:1/", "--signature", "bogus"),
		`--signature "bogus"`, "valid, invalid, stale, missing, unsigned, no_secret")
	// stale is a status capture records (a signed timestamp too old): it
	// was refused as unknown.
	if r := runCLI(t, tempEnv(t), "list", "--db", db, "--signature", "stale"); r.code != 0 {
		t.Errorf("--signature stale: %+v", r)
	}
}

func TestUnknownProviderListsTheKnownOnes(t *testing.T) {
	db := oneDeliveryStore(t)
	wantUsage(t, runCLI(t, tempEnv(t), "replay", "--db", db, "--to", "http://127.0.0.1:1/", "--provider", "nope"),
		`--provider "nope"`, "spiffy", "vend")
	wantUsage(t, runCLI(t, tempEnv(t), "list", "--db", db, "--provider", "nope"), `--provider "nope"`, "spiffy")
	if r := runCLI(t, tempEnv(t), "list", "--db", db, "--provider", "unknown"); r.code != 0 {
		t.Errorf("--provider unknown is a real filter: %+v", r)
	}
}

func TestRepliesResetOfNoSuchRuleSaysSo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	r := runCLI(t, tempEnv(t), "replies", "reset", "99999", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "no reply rule 99999") || !strings.Contains(r.stderr, "replies list") ||
		strings.Contains(r.stderr, "delivery") {
		t.Errorf("%+v", r)
	}
}

// oneDeliveryStore is a store with one captured delivery.
func oneDeliveryStore(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "h.db")
	ts := captureServer(t, db)
	if r := runCLI(t, tempEnv(t), "send", "spiffy/orders-create", "--to", ts.URL); r.code != 0 {
		t.Fatalf("send: %+v", r)
	}
	return db
}

// With HOME unset the default store went to a relative .local/share under
// whatever directory hookscope was started in.
func TestNoHomeDirectoryIsAClearErrorNotARelativeStore(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, args := range [][]string{{"replies", "list"}, {"list"}} {
		r := runCLI(t, map[string]string{}, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "cannot find a home directory for the default store: set --db or HOME") {
			t.Errorf("%v without HOME: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".local")); err == nil {
		t.Errorf("a store was created under %s/.local", dir)
	}
	// A relative XDG_DATA_HOME is ignored (the spec says so), so it does
	// not rescue a missing HOME either.
	r := runCLI(t, map[string]string{"XDG_DATA_HOME": "rel"}, "replies", "list")
	if r.code != 1 || !strings.Contains(r.stderr, "set --db or HOME") {
		t.Errorf("relative XDG_DATA_HOME without HOME: exit %d, stderr %q", r.code, r.stderr)
	}
	// --db and an absolute XDG_DATA_HOME need no home.
	if r := runCLI(t, map[string]string{}, "--db", filepath.Join(dir, "x.db"), "replies", "list"); r.code != 0 {
		t.Errorf("--db without HOME: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runCLI(t, map[string]string{"XDG_DATA_HOME": filepath.Join(dir, "data")}, "replies", "list"); r.code != 0 {
		t.Errorf("absolute XDG_DATA_HOME without HOME: exit %d, stderr %q", r.code, r.stderr)
	}
}

// Discord and SendGrid sign with a private key; the issue names the key to
// check with public_key, which secret stood in for.
func TestPublicKeyChecksDiscordsSignature(t *testing.T) {
	// The discord fixtures are signed with RFC 8032's TEST 1 key.
	const pub = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	cfg := writeConfig(t, "[providers.discord]\npublic_key = \""+pub+"\"\n")
	o := newOptions(func(k string) string { return map[string]string{"HOME": t.TempDir()}[k] })
	o.configPath = cfg
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	f, err := fixtures.Get("discord/application_command")
	if err != nil {
		t.Fatal(err)
	}
	in := o.analyzer.Inspect(decode.NewRequest(f.Method, f.Path, f.Headers, f.Body))
	if in.Signature.Status != decode.SigValid {
		t.Fatalf("with public_key: %s (%s)", in.Signature.Status, in.Signature.Reason)
	}
	if !strings.Contains(in.SecretFrom, "[providers.discord] public_key") {
		t.Errorf("secret source %q", in.SecretFrom)
	}
}
