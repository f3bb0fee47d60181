package cli

import (
	"context"
	"fmt"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
)

func newCmdConfigShow(f *factory, runF runFunc) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Print every setting in effect and where it came from; secrets only as set or not",
		Long: `Print the settings in effect, each with its source: a flag, an environment variable, the config
file, or the default. Provider secrets are shown only as set or not, with where they come from,
never their value. Flags given to this command count, as they would for any other.`,
		Example: `  hookscope config show
  HOOKSCOPE_LISTEN=127.0.0.1:5000 hookscope config show --keep 500`,
		Args: noArgs,
		RunE: f.resolved(orDefault(runF, runConfigShow)),
	}
}

func runConfigShow(ctx context.Context, env Env, o *options, args []string) error {
	w := env.Stdout
	file := "none (defaults apply; `hookscope config path` says where one would be read)"
	if o.configFile != "" {
		file = fmt.Sprintf("%s (%s)", o.configFile, o.configFrom)
	}
	fmt.Fprintf(w, "%-12s %s\n\n", "config file", sanitize.Line(file))
	values := map[string]string{
		"db":         o.cfg.DB,
		"listen":     o.cfg.Listen,
		"max_body":   fmt.Sprint(o.cfg.MaxBody),
		"keep":       fmt.Sprint(o.cfg.Keep),
		"keep_bytes": o.cfg.KeepBytes.show(),
		"keep_for":   o.cfg.KeepFor.show(),
		"public_url": o.cfg.PublicURL,
		"mouse":      fmt.Sprint(o.cfg.Mouse),
	}
	width := 0
	for k, v := range values {
		if v == "" {
			values[k] = "(none)"
		}
		width = max(width, ansi.StringWidth(sanitize.Line(values[k])))
	}
	for _, s := range settingSpecs() {
		fmt.Fprintf(w, "%-12s %s  (%s)\n", s.key, format.Pad(sanitize.Line(values[s.key]), width), sanitize.Line(o.sources[s.key]))
	}
	fmt.Fprintln(w, "\nsecrets")
	secrets, _ := o.cfg.secrets(o.getenv, o.configFile)
	for _, id := range registry.IDs() {
		name := decode.SecretEnv(id)
		state := fmt.Sprintf("not set (%s, or [providers.%s] secret in the config file)", name, id)
		if n := len(secrets[id]); n > 0 {
			// secrets takes the environment's over the file's, whole.
			if o.getenv(name) != "" {
				state = "set (env " + name + ")"
			} else {
				state = "set (config file " + o.configFile + ")"
				if n > 1 {
					state = fmt.Sprintf("%d set (config file %s)", n, o.configFile)
				}
			}
		}
		fmt.Fprintf(w, "  %-14s %s\n", id, sanitize.Line(state))
	}
	routes := "none"
	if n := len(o.cfg.Routes); n > 0 {
		routes = fmt.Sprintf("%d (config file %s)", n, o.configFile)
	}
	fmt.Fprintf(w, "\n%-12s %s\n", "routes", sanitize.Line(routes))
	fmt.Fprintln(w, "\n(a flag wins over the environment, which wins over the config file, which wins over the default)")
	return nil
}
