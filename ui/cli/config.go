package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/custom"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Config is the optional TOML config file (see settings.go for which file
// is read); the environment and flags override it.
type Config struct {
	DB      string `toml:"db"`
	Listen  string `toml:"listen"`
	MaxBody int64  `toml:"max_body"`
	Keep    int    `toml:"keep"`
	// KeepBytes and KeepFor bound the store by size and by age, in whole
	// segments; zero is no bound.
	KeepBytes byteSize `toml:"keep_bytes"`
	KeepFor   age      `toml:"keep_for"`
	// PublicURL is the base URL platforms call (a tunnel's), for the
	// schemes that sign the URL; [providers.ID] public_url overrides it.
	PublicURL string `toml:"public_url"`
	// Providers holds per-provider settings: [providers.spiffy] secret = "…".
	Providers map[string]ProviderConfig `toml:"providers"`
	// Routes settle detection for paths: [[routes]] prefix, provider, topic.
	Routes []registry.Route `toml:"routes"`
	// Mouse gives the TUI the mouse (wheel, clicks); false leaves it to
	// the terminal, for selecting text without shift.
	Mouse bool `toml:"mouse"`

	// custom are the providers [providers.ID] tables define (name, match,
	// topic, signature), built when the file is read.
	custom []decode.Provider
}

// ProviderConfig is one [providers.ID] table.
type ProviderConfig struct {
	Secret string `toml:"secret"`
	// Secrets are more secrets tried after Secret (rotation, several
	// endpoints); the verdict says which one matched.
	Secrets []string `toml:"secrets"`
	// PublicKey is what platforms that sign with a private key give to
	// check with (Discord's hex Ed25519 key, SendGrid's base64 ECDSA key):
	// not a secret, but it takes a secret's place, first.
	PublicKey string `toml:"public_key"`
	// PublicURL is the URL this provider calls, when not the top-level
	// public_url (a path prefix a tunnel strips, another tunnel).
	PublicURL string `toml:"public_url"`
	// A table with an id that is not built in defines a provider.
	custom.Config
}

// publicURLs are the per-provider public_url settings.
func (c Config) publicURLs() map[string]string {
	out := map[string]string{}
	for id, pc := range c.Providers {
		if pc.PublicURL != "" {
			out[id] = pc.PublicURL
		}
	}
	return out
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
		for _, s := range append([]string{pc.PublicKey, pc.Secret}, pc.Secrets...) {
			if s != "" {
				secrets[id] = append(secrets[id], []byte(s))
			}
		}
		if len(secrets[id]) > 0 {
			key := "secret"
			if pc.PublicKey != "" {
				key = "public_key"
			}
			sources[id] = fmt.Sprintf("the config file %s ([providers.%s] %s)", path, id, key)
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
		Mouse:   true,
	}
}

// defaultDBPath is hookscope.db in hookscope's directory under the user's
// data directory. It is "" when there is no home directory: a store under
// a relative .local/share would land in whatever directory hookscope was
// started from.
func defaultDBPath(env func(string) string) string {
	dir, err := xdgDir(env, "XDG_DATA_HOME", ".local", "share")
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "hookscope", "hookscope.db")
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

// readConfig reads the config file at path.
func readConfig(path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("config %s: file does not exist", path)
		}
		return "", fmt.Errorf("config %s: %w", path, err)
	}
	return string(raw), nil
}

// parseConfig decodes text, the config file at path, over base. Unknown
// keys are an error, so a typo does not silently do nothing. No error
// quotes the file's values: a line that fails to parse may hold a secret.
func parseConfig(path, text string, base Config) (Config, error) {
	cfg, _, err := decodeConfig(path, text, base)
	return cfg, err
}

// decodeConfig is parseConfig, with what TOML says the file defines.
func decodeConfig(path, text string, base Config) (Config, toml.MetaData, error) {
	cfg := base
	md, err := toml.Decode(text, &cfg)
	if err != nil {
		if key, problem := retentionProblem(text); problem != "" {
			return cfg, md, usagef("config %s: line %d: %s %s", path, keyLine(text, key), key, problem)
		}
		return cfg, md, tomlError("config "+path, err, keysOf(cfg, registry.IDs()...))
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		// The ids of tables that define a provider are names the user
		// chose for it, safe to show; other unknown ids are not.
		known := registry.IDs()
		for id, pc := range cfg.Providers {
			if pc.Defines() {
				known = append(known, id)
			}
		}
		msg := unknownKey(md, undecoded[0], keysOf(cfg, known...))
		line := keyPathLine(text, undecoded[0])
		if len(undecoded[0]) == 1 { // a top-level key, which keyPathLine does not look for
			line = keyLine(text, undecoded[0][0])
		}
		if line > 0 {
			msg = fmt.Sprintf("line %d: %s", line, msg)
		}
		return cfg, md, fmt.Errorf("config %s: %s", path, msg)
	}
	if md.IsDefined("max_body") {
		if problem := checkMaxBody(cfg.MaxBody); problem != "" {
			return cfg, md, usagef("config %s: line %d: max_body %s", path, keyLine(text, "max_body"), problem)
		}
	}
	if md.IsDefined("keep") && cfg.Keep == 0 {
		return cfg, md, usagef("config %s: line %d: keep = 0 %s", path, keyLine(text, "keep"), keepAllHint)
	}
	if md.IsDefined("public_url") {
		if problem := checkPublicURL(cfg.PublicURL); problem != "" {
			return cfg, md, usagef("config %s: line %d: public_url %s", path, keyLine(text, "public_url"), problem)
		}
	}
	ids := make([]string, 0, len(cfg.Providers))
	for id := range cfg.Providers {
		ids = append(ids, id)
	}
	sort.Strings(ids) // the first error is the same on every run
	cfg.custom = nil
	for _, id := range ids {
		pc := cfg.Providers[id]
		if pc.PublicURL != "" {
			if problem := checkPublicURL(pc.PublicURL); problem != "" {
				return cfg, md, fmt.Errorf("config %s: line %d: [providers.%s] public_url %s", path,
					customKeyLine(text, id, "public_url", tableLine(text, "providers", id)), id, problem)
			}
		}
		builtin := registry.Builtin(id)
		switch {
		case builtin && pc.Defines():
			return cfg, md, fmt.Errorf("config %s: line %d: [providers.%s]: %s is a built-in provider; name, match, topic and "+
				"signature define a custom provider, which needs an id of its own", path, tableLine(text, "providers", id), id, id)
		case builtin:
			continue
		case !pc.Defines():
			// The table's name is not quoted: the line number finds it.
			// It defines nothing, so it may be a typo of a built-in id,
			// or a secret pasted into a table header.
			return cfg, md, fmt.Errorf("config %s: line %d: [providers.…]: unknown provider (known: %s); "+
				"a custom provider needs match and, to be verified, a [providers.ID.signature] table", path,
				tableLine(text, "providers", id), strings.Join(registry.IDs(), ", "))
		}
		p, err := custom.New(id, pc.Config)
		if err != nil {
			line := tableLine(text, "providers", id)
			var ke *custom.KeyError
			if errors.As(err, &ke) {
				line = customKeyLine(text, id, ke.Key, line)
			}
			return cfg, md, fmt.Errorf("config %s: line %d: [providers.%s] %w", path, line, id, err)
		}
		cfg.custom = append(cfg.custom, p)
	}
	return cfg, md, nil
}

// checkPublicURL says what is wrong with a public_url, "" when nothing is.
// Its value is not quoted: it is the user's own, but it sits in the file
// beside secrets.
func checkPublicURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || (p.Scheme != "http" && p.Scheme != "https") {
		return "must be an http:// or https:// URL with a host, e.g. https://abc.ngrok.app"
	}
	if p.RawQuery != "" || p.Fragment != "" {
		return "must not have a query or fragment: the delivery's own path and query are appended to it"
	}
	return ""
}

// customKeyLine is the line of key (dotted, under [providers.id]) in text,
// or of the nearest enclosing key or table that is written down (an inline
// match = { … }, the [providers.id.signature] header); fallback when none
// is.
func customKeyLine(text, id, key string, fallback int) int {
	path := append([]string{"providers", id}, strings.Split(key, ".")...)
	if key == "id" {
		path = path[:2]
	}
	if n := keyPathLine(text, path); n > 0 {
		return n
	}
	return fallback
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
		return "unknown table at the top level (known: db, listen, max_body, keep, keep_bytes, keep_for, public_url, mouse, [providers.ID], [[routes]])"
	}
	msg := fmt.Sprintf("unknown key under [%s]", known.name(k[:len(k)-1].String()))
	if takes := tableKeys(k[:len(k)-1]); takes != "" {
		msg += " (it takes " + takes + ")"
	}
	return msg
}

// tableKeys lists the keys a [providers.…] table or one of its subtables
// takes, "" for other tables.
func tableKeys(table toml.Key) string {
	if len(table) < 2 || table[0] != "providers" {
		return ""
	}
	var v any
	switch {
	case len(table) == 2:
		v = ProviderConfig{}
	case len(table) == 3 && table[2] == "signature":
		v = scheme.Config{}
	case len(table) == 3 && table[2] == "match":
		v = custom.Match{}
	case len(table) == 3 && table[2] == "topic":
		v = custom.Topic{}
	default:
		return ""
	}
	var names []string
	t := reflect.TypeOf(v)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("toml"), ","); name != "" && name != "-" {
			names = append(names, name)
		} else if f.Anonymous {
			for j := 0; j < f.Type.NumField(); j++ {
				if name, _, _ := strings.Cut(f.Type.Field(j).Tag.Get("toml"), ","); name != "" {
					names = append(names, name)
				}
			}
		}
	}
	return strings.Join(names, ", ")
}
