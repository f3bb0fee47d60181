package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
)

func newCmdRepliesImport(f *factory, runF runFunc) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Replace every reply rule with those in FILE (TOML or JSON, as export writes)",
		Example: `  hookscope replies import rules.toml
  hookscope --db other.db replies import rules.toml`,
		RunE: f.resolved(orDefault(runF, withRules(repliesImport))),
	}
}

func repliesImport(ctx context.Context, env Env, o *options, st *store.Store, args []string) error {
	if len(args) != 1 {
		return usagef("replies import takes one file (TOML or JSON, as export writes)")
	}
	raw, err := os.ReadFile(args[0])
	if err != nil {
		return fmt.Errorf("import replies: %w", err)
	}
	var f ruleFile
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		err = dec.Decode(&f)
	} else {
		// Rule headers and bodies may hold credentials: errors name the
		// line and key, never the text.
		md, err := toml.Decode(string(raw), &f)
		if err != nil {
			return tomlError("import replies from "+args[0], err, keysOf(f))
		}
		if u := md.Undecoded(); len(u) > 0 {
			return fmt.Errorf("import replies from %s: unknown key %s", args[0], keysOf(f).name(u[0].String()))
		}
	}
	if err != nil {
		return fmt.Errorf("import replies from %s: %w", args[0], err)
	}
	data := make([]string, 0, len(f.Rule))
	for i, u := range f.Rule {
		// A status left out is 200, as `replies set` gives it.
		if u.Status == 0 {
			u.Status = http.StatusOK
		}
		for j := range u.Sequence {
			if u.Sequence[j].Status == 0 {
				u.Sequence[j].Status = http.StatusOK
			}
		}
		if err := u.Check(); err != nil {
			// What cannot run is refused, as `replies set` refuses it.
			return usagef("import replies from %s: rule %d: %v", args[0], i+1, err)
		}
		d, err := u.Encode()
		if err != nil {
			return err
		}
		data = append(data, d)
	}
	if err := st.ReplaceRules(ctx, data); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "imported %s from %s\n", decode.Plural(len(data), "reply rule", "reply rules"), args[0])
	return nil
}
