// Command funnel runs Funnel Lab scenarios: discrete-event Monte Carlo
// simulations of B2B prospects flowing from marketing to sales under
// competing hand-off policies. See README.md and `funnel help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"funnellab/cmd/funnel/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal cancels ctx: the run stops and writes what it
	// has. A second one kills the process, which leaves at most a
	// temporary folder that the next run in that folder removes.
	context.AfterFunc(ctx, stop)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
