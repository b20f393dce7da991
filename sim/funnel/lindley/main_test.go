package main

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// TestSameInquiriesAsTheModel: with either loop (and with the default,
// lindley), the program's count of inquiries and its revenue are those of
// the model's replication of the same index on the reference scenario, the
// revenue to rounding (the loops and the engine agree: lindley.go,
// heaploop.go).
func TestSameInquiriesAsTheModel(t *testing.T) {
	sets := []string{"horizon_days=30"}
	r, err := scenarios.LoadEmbedded("reference", sets)
	require.NoError(t, err)
	m, err := funnel.Compile(r.Scenario)
	require.NoError(t, err)
	res, err := m.NewSim().Run(context.Background(), 2, 0)
	require.NoError(t, err)
	for _, loop := range [][]string{nil, {"--loop", "lindley"}, {"--loop", "heap"}, {"--loop", "heap-apart"}} {
		var out bytes.Buffer
		require.NoError(t, run(append([]string{"--set", sets[0], "--rep", "2"}, loop...), &out, &out))
		var n int64
		var revenue float64
		_, err := fmt.Sscanf(out.String(), "inquiries\t%d\nrevenue\t%g\n", &n, &revenue)
		require.NoError(t, err, "%v: %q", loop, out.String())
		require.Equal(t, res.Arrivals, n, "%v", loop)
		// A sum accumulated in another order: equal to rounding.
		require.InEpsilon(t, res.Metrics[funnel.Revenue], revenue, 1e-9, "%v", loop)
	}
}

func TestBadArguments(t *testing.T) {
	var out bytes.Buffer
	require.ErrorContains(t, run([]string{"default"}, &out, &out), `unexpected argument "default"`)
	require.ErrorContains(t, run([]string{"--rep", "-1"}, &out, &out), "--rep -1")
	require.ErrorContains(t, run([]string{"--set", "horizon_days=-3"}, &out, &out), "horizon_days")
	require.ErrorContains(t, run([]string{"--loop", "queue"}, &out, &out), `--loop "queue": want lindley, heap or heap-apart`)
	require.ErrorContains(t, run([]string{"--loop", ""}, &out, &out), `--loop "": want lindley, heap or heap-apart`)
}
