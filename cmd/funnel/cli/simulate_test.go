package cli

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// TestMetricsTable: job i of the runner is replication i/P under policy
// i%P, its metrics go to that cell in funnel.Names order, and jobs past
// the first reps replications (an interrupted run's incomplete ones) are
// left out.
func TestMetricsTable(t *testing.T) {
	pols := []string{"a", "b"}
	res := make([]funnel.Result, 5) // two complete replications and one job of a third
	for i := range res {
		for m := range res[i].Metrics {
			res[i].Metrics[m] = float64(1000*i + m)
		}
	}
	tab := metricsTable(pols, 2, res)
	require.NoError(t, tab.Validate())
	require.Equal(t, pols, tab.Policies)
	require.Equal(t, funnel.Names(), tab.Metrics)
	require.Equal(t, 2, tab.Replications)
	for rep := range 2 {
		for p := range pols {
			for m := range tab.Metrics {
				require.Equal(t, float64(1000*(2*rep+p)+m), tab.Values[p][m][rep], "rep %d policy %d metric %d", rep, p, m)
			}
		}
	}
}

// TestSimulateMatchesRun: simulate (used by reproduce and calibrate)
// gives the tables funnel run saves (replications.csv and detail.csv), on
// any number of workers.
func TestSimulateMatchesRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := call(t, context.Background(), "run", "reference", "--reps", "2", "--out", dir, "-q", "--plots=false")
	require.Equal(t, ExitOK, code, stderr)
	saved, err := readTable(filepath.Join(dir, "replications.csv"))
	require.NoError(t, err)
	savedDetail, err := readTable(filepath.Join(dir, "detail.csv"))
	require.NoError(t, err)

	res, err := scenarios.LoadEmbedded("reference", nil)
	require.NoError(t, err)
	sc := res.Scenario
	sc.Replications = 2
	for _, workers := range []int{1, 2} {
		got, err := simulate(context.Background(), sc, workers)
		require.NoError(t, err)
		sameTable(t, saved, got.Table)
		sameTable(t, savedDetail, got.Detail)
	}
}

// sameTable requires equal names and values, NaN equal to NaN.
func sameTable(t *testing.T, want, got *results.Table) {
	t.Helper()
	require.Equal(t, want.Policies, got.Policies)
	require.Equal(t, want.Metrics, got.Metrics)
	require.Equal(t, want.Replications, got.Replications)
	for p := range want.Values {
		for m := range want.Values[p] {
			for r, w := range want.Values[p][m] {
				g := got.Values[p][m][r]
				require.True(t, w == g || (math.IsNaN(w) && math.IsNaN(g)),
					"%s %s replication %d: want %v, got %v", want.Policies[p], want.Metrics[m], r, w, g)
			}
		}
	}
}
