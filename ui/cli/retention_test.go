package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// resolveFlags resolves the settings as a command would, with flags on the
// command line and env as the environment.
func resolveFlags(t *testing.T, env map[string]string, flags ...string) (*options, error) {
	t.Helper()
	getenv := func(k string) string { return env[k] }
	f := &factory{env: Env{Getenv: getenv}, opts: newOptions(getenv)}
	if err := newCmdRoot(f).PersistentFlags().Parse(flags); err != nil {
		return nil, err
	}
	return f.opts, f.opts.resolve()
}

// --keep-bytes and --keep-for: flag > environment > config file > default,
// each source recorded, and what the store is given.
func TestKeepBytesAndKeepForPrecedence(t *testing.T) {
	cfg := writeConfig(t, "keep_bytes = \"1GiB\"\nkeep_for = \"30d\"\n")
	home := t.TempDir()
	file := map[string]string{"HOME": home, "HOOKSCOPE_CONFIG": cfg}
	env := map[string]string{"HOME": home, "HOOKSCOPE_CONFIG": cfg, "HOOKSCOPE_KEEP_BYTES": "500MB", "HOOKSCOPE_KEEP_FOR": "72h"}
	for _, c := range []struct {
		name         string
		env          map[string]string
		flags        []string
		bytes        int64
		keepFor      time.Duration
		bytesFrom    string
		keepForFrom  string
		storeDefault bool
	}{
		{"default", map[string]string{"HOME": home}, nil, 0, 0, "default", "default", true},
		{"file", file, nil, 1 << 30, 30 * 24 * time.Hour, "config file " + cfg, "config file " + cfg, false},
		{"env over file", env, nil, 500_000_000, 72 * time.Hour, "env HOOKSCOPE_KEEP_BYTES", "env HOOKSCOPE_KEEP_FOR", false},
		{"flags over env", env, []string{"--keep-bytes", "2gib", "--keep-for", "1d12h"}, 2 << 30, 36 * time.Hour,
			"flag --keep-bytes", "flag --keep-for", false},
		{"a flag of 0 lifts the file's bound", file, []string{"--keep-bytes", "0", "--keep-for", "0"}, 0, 0,
			"flag --keep-bytes", "flag --keep-for", false},
		{"plain bytes", file, []string{"--keep-bytes=1048576"}, 1 << 20, 30 * 24 * time.Hour, "flag --keep-bytes", "config file " + cfg, false},
	} {
		o, err := resolveFlags(t, c.env, c.flags...)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		so := o.storeOptions()
		if so.KeepBytes != c.bytes || so.KeepFor != c.keepFor || so.Keep != 100000 {
			t.Errorf("%s: the store gets keep %d, keep-bytes %d, keep-for %s; want 100000, %d, %s", c.name, so.Keep, so.KeepBytes, so.KeepFor, c.bytes, c.keepFor)
		}
		if o.sources["keep_bytes"] != c.bytesFrom || o.sources["keep_for"] != c.keepForFrom {
			t.Errorf("%s: from %q and %q, want %q and %q", c.name, o.sources["keep_bytes"], o.sources["keep_for"], c.bytesFrom, c.keepForFrom)
		}
	}
}

// Every way of writing a bound reads as the same number of bytes or the
// same duration.
func TestKeepBytesAndKeepForValues(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "1048576": 1 << 20, "500MB": 500_000_000, "500mb": 500_000_000, "1KB": 1000, "1KiB": 1024, "1kib": 1024,
		"2GiB": 2 << 30, "1TB": 1e12, "1TiB": 1 << 40, "1.5MiB": 3 << 19, "7B": 7,
	} {
		if got, problem := parseByteSize(in); problem != "" || int64(got) != want {
			t.Errorf("--keep-bytes %s: %d %q, want %d", in, got, problem, want)
		}
	}
	day := 24 * time.Hour
	for in, want := range map[string]time.Duration{
		"0": 0, "72h": 72 * time.Hour, "7d": 7 * day, "30d": 30 * day, "1d12h": 36 * time.Hour, "1.5d": 36 * time.Hour,
		"90m": 90 * time.Minute, "2d30m": 2*day + 30*time.Minute, "0s": 0,
	} {
		if got, problem := parseAge(in); problem != "" || time.Duration(got) != want {
			t.Errorf("--keep-for %s: %s %q, want %s", in, time.Duration(got), problem, want)
		}
	}
	// config show writes whole days as d, and what it writes reads back.
	for d, want := range map[age]string{age(7 * day): "7d", age(36 * time.Hour): "1d12h0m0s", age(90 * time.Minute): "1h30m0s"} {
		if got, _ := parseAge(d.String()); d.String() != want || got != d {
			t.Errorf("%s is written %q, which reads back as %s", time.Duration(d), d.String(), time.Duration(got))
		}
	}
}

// A bad bound is a usage error (exit 2) naming the flag, the variable or
// the config key and its line; the file's value is never quoted.
func TestBadKeepBytesOrKeepForIsAUsageError(t *testing.T) {
	for _, c := range []struct{ v, want string }{
		{"-1", "must not be negative"}, {"lots", "want a size such as 500MB"}, {"5XB", "want a size"},
		{"99999999999999999999", "too large"}, {"9000TiB", "too large"}, {"1 MB", "want a size"}, {"", "want a size"},
	} {
		if c.v != "" {
			wantUsage(t, runCLI(t, tempEnv(t), "list", "--keep-bytes", c.v), "--keep-bytes", c.want)
		}
		if c.v != "" { // an empty variable is an unset one
			env := tempEnv(t)
			env["HOOKSCOPE_KEEP_BYTES"] = c.v
			wantUsage(t, runCLI(t, env, "list"), "$HOOKSCOPE_KEEP_BYTES", c.want)
		}
	}
	for _, c := range []struct{ v, want string }{
		{"-1h", "must not be negative"}, {"soon", "want a duration such as 72h, 7d"}, {"7w", "want a duration"},
		{"3 days", "want a duration"}, {"999999999d", "too long"}, {"2562048h", "too long"}, {"1d-2h", "want a duration"},
	} {
		wantUsage(t, runCLI(t, tempEnv(t), "serve", "--listen", "127.0.0.1:0", "--keep-for", c.v), "--keep-for", c.want)
		env := tempEnv(t)
		env["HOOKSCOPE_KEEP_FOR"] = c.v
		wantUsage(t, runCLI(t, env, "serve", "--listen", "127.0.0.1:0"), "$HOOKSCOPE_KEEP_FOR", c.want)
	}
	for text, want := range map[string]string{
		"keep_bytes = \"lots\"\n":               "line 1: keep_bytes want a size such as 500MB",
		"# c\n\nkeep_bytes = -5\n":              "line 3: keep_bytes must not be negative",
		"keep_bytes = \"-5GB\"\n":               "line 1: keep_bytes must not be negative",
		"keep_bytes = 1.5\n":                    "line 1: keep_bytes want a size",
		"keep_bytes = \"99999999TiB\"\n":        "line 1: keep_bytes is too large",
		"listen = \"x\"\nkeep_for = \"soon\"\n": "line 2: keep_for want a duration such as 72h",
		"keep_for = 7\n":                        "line 1: keep_for want a duration in quotes",
		"keep_for = \"-7d\"\n":                  "line 1: keep_for must not be negative",
	} {
		cfg := writeConfig(t, text)
		r := runCLI(t, tempEnv(t), "list", "--config", cfg)
		wantUsage(t, r, "config "+cfg, want)
		if strings.Contains(r.stderr, "lots") || strings.Contains(r.stderr, "soon") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%q: the error quotes the value or is not one line: %q", text, r.stderr)
		}
		if r := runCLI(t, tempEnv(t), "config", "check", cfg); r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("config check of %q: %+v", text, r)
		}
	}
	// A value the file gives as a number of bytes, or a 0, is fine.
	cfg := writeConfig(t, "keep_bytes = 1048576\nkeep_for = 0\n")
	if r := runCLI(t, tempEnv(t), "config", "check", cfg); r.code != 0 {
		t.Errorf("keep_bytes = 1048576, keep_for = 0: %+v", r)
	}
}

func TestConfigShowListsKeepBytesAndKeepFor(t *testing.T) {
	cfg := writeConfig(t, "keep_bytes = \"2GiB\"\n")
	env := map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_CONFIG": cfg, "HOOKSCOPE_KEEP_FOR": "7d"}
	r := runCLI(t, env, "config", "show")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`keep_bytes +2147483648 \(2\.0 GiB\) +\(config file ` + regexp.QuoteMeta(cfg) + `\)`),
		regexp.MustCompile(`keep_for +7d +\(env HOOKSCOPE_KEEP_FOR\)`),
	} {
		if r.code != 0 || !want.MatchString(r.stdout) {
			t.Errorf("config show lacks %s:\n%s%s", want, r.stdout, r.stderr)
		}
	}
	r = runCLI(t, tempEnv(t), "config", "show")
	if !regexp.MustCompile(`keep_bytes +0 \(no bound\) +\(default\)`).MatchString(r.stdout) ||
		!regexp.MustCompile(`keep_for +0 \(no bound\) +\(default\)`).MatchString(r.stdout) {
		t.Errorf("config show without bounds:\n%s", r.stdout)
	}
}

// The TUI's mouse is a setting like the others: flag > environment >
// config file > default, its source recorded for `config show`, and a
// bare --mouse turns it on.
func TestMousePrecedence(t *testing.T) {
	cfg := writeConfig(t, "mouse = false\n")
	home := t.TempDir()
	for _, c := range []struct {
		name  string
		env   map[string]string
		flags []string
		want  bool
		from  string
	}{
		{"default", map[string]string{"HOME": home}, nil, true, "default"},
		{"file", map[string]string{"HOME": home, "HOOKSCOPE_CONFIG": cfg}, nil, false, "config file " + cfg},
		{"env over file", map[string]string{"HOME": home, "HOOKSCOPE_CONFIG": cfg, "HOOKSCOPE_MOUSE": "true"}, nil, true, "env HOOKSCOPE_MOUSE"},
		{"flag over env", map[string]string{"HOME": home, "HOOKSCOPE_MOUSE": "true"}, []string{"--mouse=false"}, false, "flag --mouse"},
		{"bare flag", map[string]string{"HOME": home, "HOOKSCOPE_CONFIG": cfg}, []string{"--mouse"}, true, "flag --mouse"},
	} {
		getenv := func(k string) string { return c.env[k] }
		f := &factory{env: Env{Getenv: getenv}, opts: newOptions(getenv)}
		if err := newCmdRoot(f).Flags().Parse(c.flags); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := f.opts.resolve(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if f.opts.cfg.Mouse != c.want || f.opts.sources["mouse"] != c.from {
			t.Errorf("%s: mouse %v from %q, want %v from %q", c.name, f.opts.cfg.Mouse, f.opts.sources["mouse"], c.want, c.from)
		}
	}
	getenv := func(k string) string { return map[string]string{"HOME": home, "HOOKSCOPE_MOUSE": "nah"}[k] }
	f := &factory{env: Env{Getenv: getenv}, opts: newOptions(getenv)}
	if err := f.opts.resolve(); err == nil || !strings.Contains(err.Error(), `$HOOKSCOPE_MOUSE: want true or false, got "nah"`) {
		t.Errorf("HOOKSCOPE_MOUSE=nah: %v", err)
	}
}
