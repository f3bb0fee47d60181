package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"

	"github.com/hookscope/hookscope/decode/registry"
)

// This file is the one place that decides where each setting comes from:
// a flag, else its environment variable, else the config file, else the
// default. The config file itself is --config, else $HOOKSCOPE_CONFIG,
// else config.toml under the user's config directory when it is there.

// envConfig names the config file when --config does not.
const envConfig = "HOOKSCOPE_CONFIG"

// configDefaultHint is where the config file is by default, for help.
const configDefaultHint = "$XDG_CONFIG_HOME/hookscope/config.toml"

// settingSpec is a setting a flag, an environment variable and a config
// file key can each give.
type settingSpec struct {
	key  string // in the config file: max_body
	flag string // max-body
	env  string // HOOKSCOPE_MAX_BODY
}

// settingSpecs are the settings, in the order `config show` lists them.
func settingSpecs() []settingSpec {
	return []settingSpec{
		{key: "db", flag: "db", env: "HOOKSCOPE_DB"},
		{key: "listen", flag: "listen", env: "HOOKSCOPE_LISTEN"},
		{key: "max_body", flag: "max-body", env: "HOOKSCOPE_MAX_BODY"},
		{key: "keep", flag: "keep", env: "HOOKSCOPE_KEEP"},
		{key: "keep_bytes", flag: "keep-bytes", env: "HOOKSCOPE_KEEP_BYTES"},
		{key: "keep_for", flag: "keep-for", env: "HOOKSCOPE_KEEP_FOR"},
		{key: "public_url", flag: "public-url", env: "HOOKSCOPE_PUBLIC_URL"},
		{key: "mouse", flag: "mouse", env: "HOOKSCOPE_MOUSE"},
	}
}

func specFor(key string) settingSpec {
	for _, s := range settingSpecs() {
		if s.key == key {
			return s
		}
	}
	panic("cli: no setting " + key) // a programming error: keys are constants here
}

// Sources of a setting, as `config show` prints them.
const sourceDefault = "default"

func sourceFile(path string) string { return "config file " + path }
func sourceEnv(name string) string  { return "env " + name }
func sourceFlag(name string) string { return "flag --" + name }

// resolve fills o.cfg, o.sources and o.analyzer from the defaults, the
// config file, the environment and the flags, in that order, each over
// the one before, and checks what it took from the environment and flags
// (parseConfig checks the file's, naming its lines).
func (o *options) resolve() error {
	path, from, err := o.findConfig()
	if err != nil {
		return err
	}
	o.configFile, o.configFrom = path, from
	cfg := defaultConfig(o.getenv)
	o.sources = map[string]string{}
	for _, s := range settingSpecs() {
		o.sources[s.key] = sourceDefault
	}
	if path != "" {
		text, err := readConfig(path)
		if err != nil {
			return err
		}
		var md toml.MetaData
		if cfg, md, err = decodeConfig(path, text, cfg); err != nil {
			return err
		}
		for k := range o.sources {
			if md.IsDefined(k) {
				o.sources[k] = sourceFile(path)
			}
		}
	}
	if err := firstError(
		layer(o, specFor("db"), &o.db, &cfg.DB),
		layer(o, specFor("listen"), &o.listen, &cfg.Listen),
		layer(o, specFor("max_body"), &o.maxBody, &cfg.MaxBody),
		layer(o, specFor("keep"), &o.keep, &cfg.Keep),
		layer(o, specFor("keep_bytes"), &o.keepBytes, &cfg.KeepBytes),
		layer(o, specFor("keep_for"), &o.keepFor, &cfg.KeepFor),
		layer(o, specFor("public_url"), &o.publicURL, &cfg.PublicURL),
		layer(o, specFor("mouse"), &o.mouse, &cfg.Mouse),
	); err != nil {
		return err
	}
	if name, ok := o.givenAs("max_body"); ok {
		if problem := checkMaxBody(cfg.MaxBody); problem != "" {
			return usagef("%s %s", name, problem)
		}
	}
	if name, ok := o.givenAs("keep"); ok && cfg.Keep == 0 {
		return usagef("%s 0 %s", name, keepAllHint)
	}
	if name, ok := o.givenAs("public_url"); ok {
		if problem := checkPublicURL(cfg.PublicURL); problem != "" {
			return usagef("%s %s", name, problem)
		}
	}
	// Custom providers first: secrets, routes and --provider look them up.
	if err := registry.SetCustom(cfg.custom); err != nil {
		return fmt.Errorf("config %s: %w", path, err)
	}
	o.cfg = cfg
	secrets, sources := cfg.secrets(o.getenv, path)
	a, err := registry.New(cfg.Routes, secrets, registry.WithSecretSources(sources), registry.PublicURLs(cfg.PublicURL, cfg.publicURLs()))
	if err != nil {
		return fmt.Errorf("config %s: %w", path, err)
	}
	o.analyzer = a
	return nil
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// layer puts the environment variable's value, then the flag's, over
// *field, recording the source of the one that won.
func layer[T settingValue](o *options, s settingSpec, flag *setting[T], field *T) error {
	if v := o.getenv(s.env); v != "" {
		var e setting[T]
		if err := e.Set(v); err != nil {
			return usagef("$%s: %v", s.env, err)
		}
		*field = e.value
		o.sources[s.key] = sourceEnv(s.env)
	}
	if flag.set {
		*field = flag.value
		o.sources[s.key] = sourceFlag(s.flag)
	}
	return nil
}

// givenAs names how a flag or the environment gave the setting key, as an
// error starts ("--keep", "$HOOKSCOPE_KEEP"); false when neither did.
func (o *options) givenAs(key string) (string, bool) {
	s := specFor(key)
	switch o.sources[key] {
	case sourceFlag(s.flag):
		return "--" + s.flag, true
	case sourceEnv(s.env):
		return "$" + s.env, true
	}
	return "", false
}

// findConfig says which config file to read, and what chose it: --config,
// else $HOOKSCOPE_CONFIG (both must exist), else the default location when
// there is a file there; "" for none.
func (o *options) findConfig() (path, from string, err error) {
	if o.configPath != "" {
		return o.configPath, "--config", nil
	}
	if p := o.getenv(envConfig); p != "" {
		return p, "$" + envConfig, nil
	}
	p, err := defaultConfigPath(o.getenv)
	if err != nil {
		return "", "", nil // no config directory: no config file
	}
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return "", "", nil
	}
	return p, "the default location", nil
}

// defaultConfigPath is config.toml in hookscope's directory under the
// user's config directory.
func defaultConfigPath(env func(string) string) (string, error) {
	dir, err := userConfigDir(env)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "hookscope", "config.toml"), nil
}
