package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

func newCmdMan(f *factory, runF runFunc) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "man [DIR]",
		Short: "Write hookscope's man pages, one per command, into DIR",
		Long: `Write a man page (section 1) for hookscope and each of its commands into DIR (default: the current
directory), created if need be: hookscope.1, hookscope-list.1, hookscope-replies-set.1, …`,
		Example: `  hookscope man ./man && man -l man/hookscope.1
  sudo hookscope man /usr/local/share/man/man1`,
		Args: maxArgs(1, "man takes at most one directory"),
		RunE: f.plain(orDefault(runF, func(_ context.Context, env Env, _ *options, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return writeManPages(env, cmdRoot(f), dir)
		})),
	}
	return cmd
}

// cmdRoot builds a fresh command tree for documentation, so that the pages
// show flag defaults, not values parsed for this run, and defaults as any
// reader's (~/.local/share/…), not the home of whoever built the release.
func cmdRoot(f *factory) *cobra.Command {
	docEnv := func(k string) string {
		if k == "HOME" || k == "USERPROFILE" || k == "home" {
			return "~"
		}
		return ""
	}
	root := newCmdRoot(&factory{env: f.env, opts: newOptions(docEnv)})
	root.DisableAutoGenTag = true
	return root
}

func writeManPages(env Env, root *cobra.Command, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("man: %w", err)
	}
	header := &doc.GenManHeader{Title: "HOOKSCOPE", Section: "1", Source: "hookscope " + buildVersion(readBuildInfo).Version, Manual: "hookscope manual"}
	if err := doc.GenManTree(root, header, dir); err != nil {
		return fmt.Errorf("man: %w", err)
	}
	fmt.Fprintf(env.Stderr, "wrote the man pages to %s\n", dir)
	return nil
}
