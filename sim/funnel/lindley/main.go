package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err == nil {
		return
	}
	if !errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "lindley:", err)
	}
	os.Exit(2)
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("lindley", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	sets := fs.StringArray("set", nil, "override a key of the reference scenario, as funnel run --set (repeatable)")
	rep := fs.Int("rep", 0, "replication (its random streams are funnel run's replication of that index)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: the scenario is always the reference funnel", fs.Arg(0))
	}
	if *rep < 0 {
		return fmt.Errorf("--rep %d: want a replication index ≥ 0", *rep)
	}
	r, err := scenarios.LoadEmbedded("reference", *sets)
	if err != nil {
		return err
	}
	m, err := funnel.Compile(r.Scenario)
	if err != nil {
		return err
	}
	out, n := funnel.Lindley(m, *rep)
	_, err = fmt.Fprintf(stdout, "inquiries\t%d\nrevenue\t%.6g\n", n, out[funnel.Revenue])
	return err
}
