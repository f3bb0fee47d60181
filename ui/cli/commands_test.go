package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// commandPaths walks the command tree a user can see.
func commandPaths(t *testing.T) [][]string {
	t.Helper()
	root := newCmdRoot(&factory{env: Env{Getenv: func(string) string { return "" }}, opts: newOptions(func(string) string { return "" })})
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		out = append(out, path)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				walk(sub, append(append([]string(nil), path...), sub.Name()))
			}
		}
	}
	walk(root, nil)
	return out
}

// Help went to stderr with nothing on stdout, and had no examples.
func TestHelpIsOnStdoutWithExamplesForEveryCommand(t *testing.T) {
	env := tempEnv(t)
	paths := commandPaths(t)
	if len(paths) < 25 {
		t.Fatalf("only %d commands in the tree: %v", len(paths), paths)
	}
	for _, path := range paths {
		r := runCLI(t, env, append(path, "--help")...)
		name := strings.Join(append([]string{"hookscope"}, path...), " ")
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%s --help: exit %d, stderr %q", name, r.code, r.stderr)
			continue
		}
		for _, want := range []string{"Usage:\n  " + name, "Examples:\n  "} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s --help lacks %q:\n%s", name, want, r.stdout)
			}
		}
	}
}

// replies set --help listed reset's --all and --sequences: one flag set
// served every replies command.
func TestEachRepliesCommandHelpShowsItsOwnFlags(t *testing.T) {
	set := runCLI(t, tempEnv(t), "replies", "set", "--help").stdout
	for _, want := range []string{"--status", "--header", "--body-file", "--delay", "--provider", "--path", "--db"} {
		if !strings.Contains(set, want) {
			t.Errorf("replies set --help lacks %s", want)
		}
	}
	for _, not := range []string{"--sequences", "--all", "--json"} {
		if strings.Contains(set, not) {
			t.Errorf("replies set --help shows %s, which set does not take", not)
		}
	}
	if r := runCLI(t, tempEnv(t), "replies", "set", "--sequences"); r.code != 2 || !strings.Contains(r.stderr, "unknown flag --sequences") {
		t.Errorf("replies set --sequences: %+v", r)
	}
}

// A typo printed its error twice and a 19-line usage dump, and flags were
// named with one dash (-limt) while help showed two.
func TestAUsageErrorIsOneLineWithWhatWasMeant(t *testing.T) {
	env := tempEnv(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lsit"}, `unknown command "lsit"; did you mean list?`},
		{[]string{"list", "--limt", "3"}, "unknown flag --limt; did you mean --limit?"},
		// Two swapped pairs are two slips, as the filter language counts
		// them; counted as four edits the flag went unsuggested.
		{[]string{"list", "--porvdier", "x"}, "unknown flag --porvdier; did you mean --provider?"},
		{[]string{"list", "-limit", "3"}, "unknown flag -limit: long flags take two dashes, --limit"},
		{[]string{"list", "--limit", "many"}, `invalid argument "many" for "--limit"`},
		{[]string{"replies", "sett"}, `unknown command "sett" for hookscope replies; did you mean set?`},
		{[]string{"replies"}, "replies needs a command: export, import, list, reset, set, show"},
		{[]string{"config", "shwo"}, "did you mean show?"},
		{[]string{"send", "--to"}, "flag needs an argument: --to"},
		{[]string{"fixtures", "extra"}, `hookscope fixtures takes no arguments, got "extra"`},
		{[]string{"--keep", "many", "list"}, "--keep"},
	} {
		r := runCLI(t, env, c.args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2", c.args, r.code)
		}
		if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "hookscope: ") || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: stderr %q, want one line with %q", c.args, r.stderr, c.want)
		}
		if r.stdout != "" || strings.Contains(r.stderr, "Usage:") {
			t.Errorf("%v: a usage dump: stdout %q", c.args, r.stdout)
		}
	}
}

// Every flag is spelled with two dashes in help, and the same flag has
// the same name wherever it appears.
func TestFlagNamesAgreeAcrossCommands(t *testing.T) {
	root := newCmdRoot(&factory{env: Env{Getenv: func(string) string { return "" }}, opts: newOptions(func(string) string { return "" })})
	usage := map[string]string{} // flag name -> first command with it
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Shorthand != "" && f.Name != "help" && f.Name != "version" && f.Name != "output" {
				t.Errorf("%s --%s has a shorthand -%s; only export's -o (--output) does", c.CommandPath(), f.Name, f.Shorthand)
			}
			if strings.Contains(f.Name, "_") || strings.ToLower(f.Name) != f.Name {
				t.Errorf("%s --%s: flags are lower-case with dashes", c.CommandPath(), f.Name)
			}
			usage[f.Name] = c.CommandPath()
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, want := range []string{"limit", "since", "until", "signature", "provider", "topic", "json", "to", "all"} {
		if usage[want] == "" {
			t.Errorf("no command has --%s", want)
		}
	}
}

func TestVersionFromBuildInfoAndLdflags(t *testing.T) {
	old := readBuildInfo
	t.Cleanup(func() { readBuildInfo = old })
	readBuildInfo = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/hookscope/hookscope", Version: "v1.4.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
				{Key: "vcs.modified", Value: "true"}}}, true
	}
	want := "hookscope v1.4.0 (commit 0123456789ab, modified, built 2026-01-02T03:04:05Z, go1.26.0)\n"
	for _, args := range [][]string{{"--version"}, {"version"}} {
		if r := runCLI(t, tempEnv(t), args...); r.code != 0 || r.stdout != want {
			t.Errorf("%v: exit %d, stdout %q, want %q", args, r.code, r.stdout, want)
		}
	}
	version, commit, date = "v2.0.0", "feedface", "2026-02-03T00:00:00Z"
	t.Cleanup(func() { version, commit, date = "", "", "" })
	if r := runCLI(t, tempEnv(t), "version"); r.stdout != "hookscope v2.0.0 (commit feedface, modified, built 2026-02-03T00:00:00Z, go1.26.0)\n" {
		t.Errorf("with -ldflags -X: %q", r.stdout)
	}
	readBuildInfo = func() (*debug.BuildInfo, bool) { return nil, false }
	version, commit, date = "", "", ""
	if r := runCLI(t, tempEnv(t), "version"); !strings.HasPrefix(r.stdout, "hookscope (devel) (go") {
		t.Errorf("without build info: %q", r.stdout)
	}
}

func TestCompletionScriptsLoad(t *testing.T) {
	dir := t.TempDir()
	for shell, check := range map[string][]string{
		"bash":       {"bash", "-n"},
		"zsh":        {"zsh", "-n"},
		"fish":       {"fish", "--no-execute"},
		"powershell": nil,
	} {
		r := runCLI(t, tempEnv(t), "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, "hookscope") || len(r.stdout) < 1000 {
			t.Errorf("completion %s: exit %d, %d bytes", shell, r.code, len(r.stdout))
			continue
		}
		if check == nil {
			continue
		}
		if _, err := exec.LookPath(check[0]); err != nil {
			if shell == "bash" {
				t.Errorf("no bash to check the bash script with")
			}
			continue // zsh and fish are checked where they are installed
		}
		script := filepath.Join(dir, "hookscope."+shell)
		os.WriteFile(script, []byte(r.stdout), 0o600)
		if out, err := exec.Command(check[0], append(check[1:], script)...).CombinedOutput(); err != nil {
			t.Errorf("%s does not load the completion script: %v\n%s", shell, err, out)
		}
	}
	// The completions the script asks for: commands, fixture names,
	// flag values.
	for args, want := range map[string]string{
		"__complete\trepl":                       "replies",
		"__complete\tsend\tspiffy/orders-cr":     "spiffy/orders-create",
		"__complete\tlist\t--signature\t":        "no_secret",
		"__complete\treplies\tset\t--provider\t": "spiffy",
	} {
		r := runCLI(t, tempEnv(t), strings.Split(args, "\t")...)
		if !strings.Contains(r.stdout, want) {
			t.Errorf("%q completes to %q, want %s", args, r.stdout, want)
		}
	}
}

func TestManWritesAPagePerCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man")
	env := tempEnv(t)
	if r := runCLI(t, env, "man", dir); r.code != 0 {
		t.Fatalf("man: %+v", r)
	}
	if root, _ := os.ReadFile(filepath.Join(dir, "hookscope.1")); strings.Contains(string(root), env["HOME"]) ||
		!strings.Contains(string(root), "~/.local/share/hookscope/hookscope.db") {
		t.Errorf("the man page's --db default is not the reader's:\n%s", root)
	}
	for _, name := range []string{"hookscope.1", "hookscope-replies-set.1", "hookscope-config-show.1", "hookscope-send.1"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !strings.Contains(string(b), ".TH \"HOOKSCOPE\"") || !strings.Contains(string(b), "EXAMPLE") {
			t.Errorf("%s is not a man page with examples:\n%.300s", name, b)
		}
	}
	set, _ := os.ReadFile(filepath.Join(dir, "hookscope-replies-set.1"))
	if !strings.Contains(string(set), "status") || strings.Contains(string(set), "sequences") {
		t.Errorf("replies set's page has the wrong flags")
	}
	if _, err := exec.LookPath("man"); err == nil {
		cmd := exec.Command("man", "-l", filepath.Join(dir, "hookscope-replies-set.1"))
		cmd.Env = append(os.Environ(), "MANPAGER=cat", "PAGER=cat", "MANWIDTH=80")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "replies set") {
			t.Errorf("man -l: %v\n%s", err, out)
		}
	}
}
