package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Set by release builds (see .goreleaser.yaml):
//
//	-ldflags "-X github.com/hookscope/hookscope/ui/cli.version=v1.2.3 -X …cli.commit=abc123 -X …cli.date=2026-01-02T03:04:05Z"
//
// Otherwise they come from the build info Go records: the module version
// with `go install …@v1.2.3`, the VCS revision and time in a checkout.
var (
	version string
	commit  string
	date    string
)

// readBuildInfo is debug.ReadBuildInfo; tests replace it.
var readBuildInfo = debug.ReadBuildInfo

// versionInfo is what `hookscope version` says.
type versionInfo struct {
	Version, Commit, Date, Go string
	Modified                  bool
}

func buildVersion(read func() (*debug.BuildInfo, bool)) versionInfo {
	v := versionInfo{Version: "(devel)", Go: runtime.Version()}
	if bi, ok := read(); ok {
		if bi.Main.Version != "" {
			v.Version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			v.Go = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Commit = s.Value
			case "vcs.time":
				v.Date = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	for _, o := range []struct {
		to   *string
		from string
	}{{&v.Version, version}, {&v.Commit, commit}, {&v.Date, date}} {
		if o.from != "" {
			*o.to = o.from
		}
	}
	return v
}

// versionLine is the one line --version and version print:
// "hookscope v1.2.3 (commit 0123456789ab, built 2026-01-02T03:04:05Z, go1.26.0)".
func versionLine(read func() (*debug.BuildInfo, bool)) string {
	v := buildVersion(read)
	line := "hookscope " + v.Version
	var parts []string
	if v.Commit != "" {
		c := v.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if v.Modified {
			c += ", modified"
		}
		parts = append(parts, "commit "+c)
	}
	if v.Date != "" {
		parts = append(parts, "built "+v.Date)
	}
	parts = append(parts, v.Go)
	line += " ("
	for i, p := range parts {
		if i > 0 {
			line += ", "
		}
		line += p
	}
	return line + ")"
}

func newCmdVersion(f *factory, runF runFunc) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print hookscope's version, VCS revision and build date",
		Long: `Print hookscope's version (the module version, or (devel) for a build from a checkout), the VCS
revision it was built from, when, and with which Go. The same as ` + "`hookscope --version`" + `.`,
		Example: `  hookscope version
  hookscope --version`,
		Args: noArgs,
		RunE: f.plain(orDefault(runF, func(_ context.Context, env Env, _ *options, _ []string) error {
			fmt.Fprintln(env.Stdout, versionLine(readBuildInfo))
			return nil
		})),
	}
}
