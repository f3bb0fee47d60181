package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
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
// environment, else the config file's secret followed by its secrets.
// Secrets never come from flags, which any user can read in ps.
func (c Config) secrets(getenv func(string) string) map[string][][]byte {
	out := map[string][][]byte{}
	for _, id := range registry.IDs() {
		if v := getenv(decode.SecretEnv(id)); v != "" {
			out[id] = [][]byte{[]byte(v)}
			continue
		}
		pc := c.Providers[id]
		for _, s := range append([]string{pc.Secret}, pc.Secrets...) {
			if s != "" {
				out[id] = append(out[id], []byte(s))
			}
		}
	}
	return out
}

func defaultConfig(env func(string) string) Config {
	return Config{
		DB:      defaultDBPath(env),
		Listen:  capture.DefaultAddr,
		MaxBody: capture.DefaultMaxBody,
		Keep:    store.DefaultKeep,
	}
}

// defaultDBPath follows the XDG base directory spec: $XDG_DATA_HOME, else
// ~/.local/share.
func defaultDBPath(env func(string) string) string {
	dir := env("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := env("HOME")
		if home == "" {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "hookscope", "hookscope.db")
}

// loadConfig reads path over the defaults. Unknown keys are an error, so a
// typo does not silently do nothing.
func loadConfig(path string, base Config) (Config, error) {
	cfg := base
	md, err := toml.DecodeFile(path, &cfg)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return cfg, fmt.Errorf("config %s: file does not exist", path)
		}
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return cfg, fmt.Errorf("config %s: unknown key %q", path, undecoded[0].String())
	}
	if cfg.MaxBody <= 0 {
		return cfg, fmt.Errorf("config %s: max_body must be positive", path)
	}
	for id := range cfg.Providers {
		if _, ok := registry.Lookup(id); !ok {
			return cfg, fmt.Errorf("config %s: [providers.%s]: unknown provider (known: %s)", path, id, strings.Join(registry.IDs(), ", "))
		}
	}
	return cfg, nil
}
