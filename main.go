// Command hookscope is a terminal webhook inspector: it captures webhook
// deliveries on an embedded HTTP server, stores them, and shows them live in
// a terminal UI. See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/hookscope/hookscope/ui/cli"
)

func main() {
	stopProfile, err := startCPUProfile(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hookscope:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.OSEnv())
	stop()
	if err := stopProfile(); err != nil {
		fmt.Fprintln(os.Stderr, "hookscope:", err)
		code = max(code, 1)
	}
	os.Exit(code)
}
