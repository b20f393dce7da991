package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

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
	loop := fs.String("loop", "lindley", "the hand-written loop: lindley (the recursion, no event queue), heap (an event loop on a binary heap) or heap-apart (the same, its next arrival apart from the heap)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: the scenario is always the reference funnel", fs.Arg(0))
	}
	if *rep < 0 {
		return fmt.Errorf("--rep %d: want a replication index ≥ 0", *rep)
	}
	simulate, ok := loops[*loop]
	if !ok {
		return fmt.Errorf("--loop %q: want lindley, heap or heap-apart", *loop)
	}
	r, err := scenarios.LoadEmbedded("reference", *sets)
	if err != nil {
		return err
	}
	m, err := funnel.Compile(r.Scenario)
	if err != nil {
		return err
	}
	out, n := simulate(m, *rep)
	// The revenue in full (as funnel run's replications.csv), so that it
	// can be compared to rounding (vsbaseline).
	_, err = fmt.Fprintf(stdout, "inquiries\t%d\nrevenue\t%s\n", n, strconv.FormatFloat(out[funnel.Revenue], 'g', -1, 64))
	return err
}

// loops are the values of --loop.
var loops = map[string]func(*funnel.Model, int) (funnel.Metrics, int64){
	"lindley":    funnel.Lindley,       // the Lindley recursion: no event queue
	"heap":       funnel.HeapLoop,      // a discrete-event loop on a binary heap
	"heap-apart": funnel.HeapLoopApart, // the same, its next arrival apart from the heap
}
