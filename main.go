// Command hookscope is a terminal webhook inspector: it captures webhook
// deliveries on an embedded HTTP server, stores them, and shows them live in
// a terminal UI. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hookscope/hookscope/ui/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
