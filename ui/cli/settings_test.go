package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A config at ~/.config/hookscope/config.toml was silently ignored: only
// --config was read.
func TestConfigIsFoundWherePeopleLook(t *testing.T) {
	home := t.TempDir()
	xdg := filepath.Join(home, ".config", "hookscope", "config.toml")
	os.MkdirAll(filepath.Dir(xdg), 0o700)
	os.WriteFile(xdg, []byte("listen = \"127.0.0.1:1111\"\n"), 0o600)
	other := filepath.Join(t.TempDir(), "config.toml")
	os.MkdirAll(filepath.Dir(other), 0o700)
	os.WriteFile(filepath.Join(filepath.Dir(other), "config.toml"), []byte("listen = \"127.0.0.1:2222\"\n"), 0o600)
	named := writeConfig(t, "listen = \"127.0.0.1:3333\"\n")
	envCfg := writeConfig(t, "listen = \"127.0.0.1:4444\"\n")

	resolve := func(env map[string]string, configFlag string) *options {
		t.Helper()
		o := newOptions(func(k string) string { return env[k] })
		o.configPath = configFlag
		if err := o.resolve(); err != nil {
			t.Fatal(err)
		}
		return o
	}
	for _, c := range []struct {
		name       string
		env        map[string]string
		flag       string
		listen     string
		file, from string
	}{
		{"~/.config", map[string]string{"HOME": home}, "", "127.0.0.1:1111", xdg, "the default location"},
		{"$XDG_CONFIG_HOME", map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Dir(filepath.Dir(other))}, "", "127.0.0.1:4747", "", ""},
		{"$HOOKSCOPE_CONFIG", map[string]string{"HOME": home, "HOOKSCOPE_CONFIG": envCfg}, "", "127.0.0.1:4444", envCfg, "$HOOKSCOPE_CONFIG"},
		{"--config", map[string]string{"HOME": home, "HOOKSCOPE_CONFIG": envCfg}, named, "127.0.0.1:3333", named, "--config"},
		{"none", map[string]string{"HOME": t.TempDir()}, "", "127.0.0.1:4747", "", ""},
		// Ignored, as the XDG spec says and as a relative XDG_DATA_HOME
		// and XDG_STATE_HOME are: the config there was not read at all.
		{"relative XDG_CONFIG_HOME", map[string]string{"HOME": home, "XDG_CONFIG_HOME": "rel"}, "", "127.0.0.1:1111", xdg, "the default location"},
	} {
		o := resolve(c.env, c.flag)
		if o.cfg.Listen != c.listen || o.configFile != c.file || o.configFrom != c.from {
			t.Errorf("%s: listen %s from %q (%s), want %s from %q (%s)", c.name, o.cfg.Listen, o.configFile, o.configFrom, c.listen, c.file, c.from)
		}
	}
	// $XDG_CONFIG_HOME/hookscope/config.toml.
	xdgHome := t.TempDir()
	os.MkdirAll(filepath.Join(xdgHome, "hookscope"), 0o700)
	os.WriteFile(filepath.Join(xdgHome, "hookscope", "config.toml"), []byte("keep = 7\n"), 0o600)
	if o := resolve(map[string]string{"HOME": home, "XDG_CONFIG_HOME": xdgHome}, ""); o.cfg.Keep != 7 {
		t.Errorf("$XDG_CONFIG_HOME/hookscope/config.toml not read: keep %d", o.cfg.Keep)
	}
	// Named explicitly, a missing file is an error; at the default
	// location it is no config.
	r := runCLI(t, map[string]string{"HOME": home, "HOOKSCOPE_CONFIG": filepath.Join(home, "nope.toml")}, "config", "show")
	if r.code != 1 || !strings.Contains(r.stderr, "nope.toml: file does not exist") {
		t.Errorf("missing $HOOKSCOPE_CONFIG: %+v", r)
	}
}

// Every global setting: flag > environment > config file > default, and
// the source of each is recorded.
func TestSettingsPrecedenceFlagEnvFileDefault(t *testing.T) {
	cfg := writeConfig(t, "db = \"/file.db\"\nlisten = \"127.0.0.1:1\"\nmax_body = 1000\nkeep = 10\npublic_url = \"https://file.example\"\n")
	env := map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_CONFIG": cfg,
		"HOOKSCOPE_DB": "/env.db", "HOOKSCOPE_LISTEN": "127.0.0.1:2", "HOOKSCOPE_MAX_BODY": "2000", "HOOKSCOPE_KEEP": "20",
		"HOOKSCOPE_PUBLIC_URL": "https://env.example"}
	type want struct{ db, listen, maxBody, keep, publicURL string }
	check := func(name string, env map[string]string, flags []string, w want, sources map[string]string) {
		t.Helper()
		f := &factory{env: Env{Getenv: func(k string) string { return env[k] }}, opts: newOptions(func(k string) string { return env[k] })}
		root := newCmdRoot(f)
		if err := root.PersistentFlags().Parse(flags); err != nil {
			t.Fatal(err)
		}
		o := f.opts
		if err := o.resolve(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := want{o.cfg.DB, o.cfg.Listen, itoa(o.cfg.MaxBody), itoa(int64(o.cfg.Keep)), o.cfg.PublicURL}
		if got != w {
			t.Errorf("%s: %+v, want %+v", name, got, w)
		}
		for k, s := range sources {
			if o.sources[k] != s {
				t.Errorf("%s: %s from %q, want %q", name, k, o.sources[k], s)
			}
		}
	}
	check("env over file", env, nil, want{"/env.db", "127.0.0.1:2", "2000", "20", "https://env.example"},
		map[string]string{"db": "env HOOKSCOPE_DB", "keep": "env HOOKSCOPE_KEEP", "public_url": "env HOOKSCOPE_PUBLIC_URL"})
	check("flags over env", env, []string{"--db", "/flag.db", "--listen", "127.0.0.1:3", "--max-body", "3000", "--keep", "30", "--public-url", "https://flag.example"},
		want{"/flag.db", "127.0.0.1:3", "3000", "30", "https://flag.example"}, map[string]string{"db": "flag --db", "max_body": "flag --max-body"})
	fileOnly := map[string]string{"HOME": env["HOME"], "HOOKSCOPE_CONFIG": cfg}
	check("file over default", fileOnly, nil, want{"/file.db", "127.0.0.1:1", "1000", "10", "https://file.example"},
		map[string]string{"listen": "config file " + cfg})
	defaults := map[string]string{"HOME": "/home/u"}
	check("defaults", defaults, nil, want{"/home/u/.local/share/hookscope/hookscope.db", "127.0.0.1:4747", "16777216", "100000", ""},
		map[string]string{"db": "default", "keep": "default"})

	// A bad value in the environment is a usage error naming the variable.
	for name, v := range map[string]string{"HOOKSCOPE_KEEP": "many", "HOOKSCOPE_MAX_BODY": "0", "HOOKSCOPE_PUBLIC_URL": "ftp://x"} {
		r := runCLI(t, map[string]string{"HOME": t.TempDir(), name: v}, "config", "show")
		wantUsage(t, r, "$"+name)
	}
	wantUsage(t, runCLI(t, map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_KEEP": "0"}, "list"), "$HOOKSCOPE_KEEP 0 would delete every delivery")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestConfigShowSaysWhereEachSettingCameFromAndNoSecret(t *testing.T) {
	cfg := writeConfig(t, "keep = 10\n[providers.vend]\nsecret = \"vend-file-secret\"\nsecrets = [\"vend-old-secret\"]\n")
	env := map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_CONFIG": cfg, "HOOKSCOPE_LISTEN": "127.0.0.1:5000",
		"HOOKSCOPE_SPIFFY_SECRET": "spiffy-env-secret"}
	r := runCLI(t, env, "config", "show", "--db", "/tmp/flag.db")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`config file +` + regexp.QuoteMeta(cfg) + ` \(\$HOOKSCOPE_CONFIG\)`),
		regexp.MustCompile(`db +/tmp/flag.db +\(flag --db\)`),
		regexp.MustCompile(`listen +127.0.0.1:5000 +\(env HOOKSCOPE_LISTEN\)`),
		regexp.MustCompile(`keep +10 +\(config file ` + regexp.QuoteMeta(cfg) + `\)`),
		regexp.MustCompile(`max_body +16777216 +\(default\)`),
		regexp.MustCompile(`spiffy +set \(env HOOKSCOPE_SPIFFY_SECRET\)`),
		regexp.MustCompile(`vend +2 set \(config file ` + regexp.QuoteMeta(cfg) + `\)`),
		regexp.MustCompile(`stripe +not set \(HOOKSCOPE_STRIPE_SECRET`),
	} {
		if !want.MatchString(r.stdout) {
			t.Errorf("config show lacks %s:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "secret\"") || strings.Contains(r.stdout, "-secret") {
		t.Errorf("a secret in config show:\n%s", r.stdout)
	}
}

func TestConfigPathInitCheck(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"HOME": home}
	want := filepath.Join(home, ".config", "hookscope", "config.toml")
	r := runCLI(t, env, "config", "path")
	if r.code != 0 || r.stdout != want+"\n" || !strings.Contains(r.stderr, "no file there yet") {
		t.Fatalf("config path before init: %+v", r)
	}
	if r := runCLI(t, env, "config", "init"); r.code != 0 || !strings.Contains(r.stderr, "wrote "+want) {
		t.Fatalf("config init: %+v", r)
	}
	if fi, err := os.Stat(want); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("config init wrote %v (%v), want a file only its owner reads", fi, err)
	}
	if r := runCLI(t, env, "config", "init"); r.code != 1 || !strings.Contains(r.stderr, "already exists; not overwriting") {
		t.Errorf("config init over a file: %+v", r)
	}
	if r := runCLI(t, env, "config", "check"); r.code != 0 || r.stdout != want+": ok\n" {
		t.Errorf("config check of the example: %+v", r)
	}
	if r := runCLI(t, env, "config", "path"); r.stdout != want+"\n" || strings.Contains(r.stderr, "no file") {
		t.Errorf("config path after init: %+v", r)
	}

	// A bad file: the line of the problem, never its value, and exit 1.
	for text, wantErr := range map[string]string{
		"listen = \"x\"\n\nkepe = 3\n":                           "line 3: unknown key \"kepe\"",
		"# c\nkeep = 0\n":                                        "line 2: keep = 0",
		"db = \"x\"\n[providers.vend]\nsecret = hunter2secret\n": "line 3",
		"\n\nmax_body = 99999999999\n":                           "line 3: max_body must be between",
	} {
		p := writeConfig(t, text)
		r := runCLI(t, env, "config", "check", p)
		if r.code != 1 || !strings.Contains(r.stderr, wantErr) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("config check of %q: exit %d, stderr %q, want %q", text, r.code, r.stderr, wantErr)
		}
		if strings.Contains(r.stderr, "hunter2") {
			t.Errorf("config check quoted a secret: %q", r.stderr)
		}
	}
}

// The example init writes names every key the config takes: uncommented,
// it parses, and every key of Config is in it.
func TestExampleConfigHasEveryKey(t *testing.T) {
	setting := regexp.MustCompile(`(?m)^# ((\[|[a-z_]+ = ).*)$`)
	text := setting.ReplaceAllString(exampleConfig, "$1")
	text = strings.ReplaceAll(text, "\"/home/me/.local/share/hookscope/hookscope.db\"", "\""+filepath.Join(t.TempDir(), "h.db")+"\"")
	if _, err := parseConfig("example", text, defaultConfig(func(string) string { return "" })); err != nil {
		t.Fatalf("the example, uncommented, does not parse: %v\n%s", err, text)
	}
	for key := range keysOf(Config{}) {
		if !regexp.MustCompile(`(?m)^# (\[\[?[a-z.]*)?`+regexp.QuoteMeta(key)+`\b`).MatchString(exampleConfig) &&
			!strings.Contains(exampleConfig, key+" = ") && !strings.Contains(exampleConfig, "."+key+"]") && !strings.Contains(exampleConfig, key+" = {") {
			t.Errorf("the example config lacks %s", key)
		}
	}
}
