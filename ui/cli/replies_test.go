package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `replies set --header` adds to the reply's Content-Type instead of
// replacing every header (the JSON body used to go out with none).
func TestRepliesSetHeaderKeepsTheContentType(t *testing.T) {
	env := tempEnv(t)
	db := filepath.Join(env["HOME"], "h.db")
	if r := runCLI(t, env, "replies", "set", "--db", db, "--provider", "vend", "--header", "X-Broken: yes"); r.code != 0 {
		t.Fatalf("set: %+v", r)
	}
	r := runCLI(t, env, "replies", "show", "1", "--db", db)
	for _, want := range []string{"header   Content-Type: application/json\n", "header   X-Broken: yes\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.stdout)
		}
	}
}

// A template that cannot run is refused with exit 2 and the parser's
// message, once: nothing is saved.
func TestRepliesSetRefusesATemplateThatDoesNotParse(t *testing.T) {
	env := tempEnv(t)
	db := filepath.Join(env["HOME"], "h.db")
	body := filepath.Join(env["HOME"], "bad.tmpl")
	os.WriteFile(body, []byte(`{"ok": {{ if }} }`), 0o600)
	r := runCLI(t, env, "replies", "set", "--db", db, "--provider", "vend", "--body-file", body)
	if r.code != 2 || !strings.Contains(r.stderr, "template line 1: missing value for if") || strings.Contains(r.stderr, "template: template") {
		t.Fatalf("set with {{ if }}: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runCLI(t, env, "replies", "list", "--db", db); !strings.Contains(r.stdout, "no reply rules") {
		t.Fatalf("the refused rule was saved: %s", r.stdout)
	}
}

// import refused a rule without a status ("status 0 is not an HTTP
// status") that set would have given 200, and exited 1 for a template
// that cannot run where set exits 2.
func TestRepliesImportTakesWhatSetTakes(t *testing.T) {
	env := tempEnv(t)
	dir := t.TempDir()
	noStatus := filepath.Join(dir, "nostatus.toml")
	os.WriteFile(noStatus, []byte("[[rule]]\nprovider = \"spiffy\"\ntopic = \"orders/create\"\nbody = \"{}\"\n"), 0o600)
	if r := runCLI(t, env, "replies", "import", noStatus); r.code != 0 || !strings.Contains(r.stderr, "imported 1 reply rule from") {
		t.Fatalf("a rule without a status: %+v", r)
	}
	if r := runCLI(t, env, "replies", "list"); !strings.Contains(r.stdout, "200") {
		t.Errorf("the imported rule's status: %q", r.stdout)
	}
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[[rule]]\nprovider = \"spiffy\"\ntopic = \"orders/create\"\nbody = \"{{ if }}\"\n"), 0o600)
	wantUsage(t, runCLI(t, env, "replies", "import", bad), "rule 1: template line 1: missing value for if")
}
