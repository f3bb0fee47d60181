package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// Config is the optional TOML file given with --config. Flags override it.
type Config struct {
	DB      string `toml:"db"`
	Listen  string `toml:"listen"`
	MaxBody int64  `toml:"max_body"`
	Keep    int    `toml:"keep"`
	// PublicURL is the base URL platforms call (a tunnel's), for the
	// schemes that sign the URL; [providers.ID] public_url overrides it.
	PublicURL string `toml:"public_url"`
	// Providers holds per-provider settings: [providers.spiffy] secret = "…".
	Providers map[string]ProviderConfig `toml:"providers"`
	// Routes settle detection for paths: [[routes]] prefix, provider, topic.
	Routes []registry.Route `toml:"routes"`
}

// ProviderConfig is one [providers.ID] table.
type ProviderConfig struct {
	Secret string `toml:"secret"`
	// Secrets are more secrets tried after Secret (rotation, several
	// endpoints); the verdict says which one matched.
	Secrets []string `toml:"secrets"`
}

// secrets gathers each provider's secrets: HOOKSCOPE_<ID>_SECRET in the
// environment, else the config file at path: its secret followed by its
// secrets. Secrets never come from flags, which any user can read in ps.
// sources says where each provider's came from, for the Signature tab and
// show.
func (c Config) secrets(getenv func(string) string, path string) (secrets map[string][][]byte, sources map[string]string) {
	secrets, sources = map[string][][]byte{}, map[string]string{}
	for _, id := range registry.IDs() {
		if v := getenv(decode.SecretEnv(id)); v != "" {
			secrets[id] = [][]byte{[]byte(v)}
			sources[id] = "the environment variable " + decode.SecretEnv(id)
			continue
		}
		pc := c.Providers[id]
		for _, s := range append([]string{pc.Secret}, pc.Secrets...) {
			if s != "" {
				secrets[id] = append(secrets[id], []byte(s))
			}
		}
		if len(secrets[id]) > 0 {
			sources[id] = fmt.Sprintf("the config file %s ([providers.%s] secret)", path, id)
		}
	}
	return secrets, sources
}

func defaultConfig(env func(string) string) Config {
	return Config{
		DB:      defaultDBPath(env),
		Listen:  capture.DefaultAddr,
		MaxBody: capture.DefaultMaxBody,
		Keep:    store.DefaultKeep,
	}
}

// defaultDBPath follows the XDG base directory spec: $XDG_DATA_HOME when it
// is absolute (the spec says to ignore a relative one), else
// ~/.local/share. It is "" when there is no home directory: a store under
// a relative .local/share would land in whatever directory hookscope was
// started from.
func defaultDBPath(env func(string) string) string {
	dir := env("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := userHomeDir(env)
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "hookscope", "hookscope.db")
}

// userHomeDir is os.UserHomeDir read through env, so that tests can give
// the environment: $HOME (%USERPROFILE% on Windows, $home on Plan 9).
func userHomeDir(env func(string) string) (string, error) {
	name := "HOME"
	switch runtime.GOOS {
	case "windows":
		name = "USERPROFILE"
	case "plan9":
		name = "home"
	}
	if home := env(name); home != "" {
		return home, nil
	}
	return "", fmt.Errorf("$%s is not set", name)
}

// errNoHome is why there is no default store.
var errNoHome = errors.New("cannot find a home directory for the default store: set --db or HOME")

// checkMaxBody says what is wrong with a body limit, or "" when it is
// fine: at least a byte, and no more than capture accepts (a limit near
// the top of int64 once overflowed its arithmetic and stored every body
// empty; SQLite refuses blobs of a gigabyte).
func checkMaxBody(n int64) string {
	if n < 1 || capture.ValidateMaxBody(n) != nil {
		return fmt.Sprintf("must be between 1 and %d bytes (%d MiB), got %d", int64(capture.MaxMaxBody), capture.MaxMaxBody>>20, n)
	}
	return ""
}

// keepAllHint is the fix for a keep of 0.
const keepAllHint = "would delete every delivery; use a negative number to keep all"

// loadConfig reads path over the defaults. Unknown keys are an error, so a
// typo does not silently do nothing. No error quotes the file's values:
// a line that fails to parse may hold a secret.
func loadConfig(path string, base Config) (Config, error) {
	cfg := base
	raw, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return cfg, fmt.Errorf("config %s: file does not exist", path)
		}
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	return parseConfig(path, string(raw), cfg)
}

// parseConfig decodes text, the config file at path, over base.
func parseConfig(path, text string, base Config) (Config, error) {
	cfg := base
	md, err := toml.Decode(text, &cfg)
	if err != nil {
		return cfg, tomlError("config "+path, err, keysOf(cfg, registry.IDs()...))
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return cfg, fmt.Errorf("config %s: %s", path, unknownKey(md, undecoded[0], keysOf(cfg, registry.IDs()...)))
	}
	if md.IsDefined("max_body") {
		if problem := checkMaxBody(cfg.MaxBody); problem != "" {
			return cfg, usagef("config %s: line %d: max_body %s", path, keyLine(text, "max_body"), problem)
		}
	}
	if md.IsDefined("keep") && cfg.Keep == 0 {
		return cfg, usagef("config %s: line %d: keep = 0 %s", path, keyLine(text, "keep"), keepAllHint)
	}
	for id := range cfg.Providers {
		if _, ok := registry.Lookup(id); !ok {
			// The table's name is not quoted: the line number finds it.
			return cfg, fmt.Errorf("config %s: line %d: [providers.…]: unknown provider (known: %s)", path,
				tableLine(text, "providers", id), strings.Join(registry.IDs(), ", "))
		}
	}
	return cfg, nil
}

// unknownKey describes a key the schema does not have. Only a top-level
// key that is not a table is quoted: it comes before every table header,
// so it cannot be a piece of a secret, which lives under [providers.ID].
// Elsewhere the message says which table, with the keys it takes.
func unknownKey(md toml.MetaData, k toml.Key, known keySet) string {
	if len(k) == 1 {
		if md.Type(k...) != "Hash" {
			return fmt.Sprintf("unknown key %q", k[0])
		}
		return "unknown table at the top level (known: db, listen, max_body, keep, [providers.ID], [[routes]])"
	}
	return fmt.Sprintf("unknown key under [%s]", known.name(k[:len(k)-1].String()))
}
