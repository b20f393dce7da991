package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// TestDryRunPrintsTheEstimate: --dry-run prints prospects, events,
// memory, the budget, output size and time, and runs and writes nothing.
func TestDryRunPrintsTheEstimate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := call(t, context.Background(), "run", "reference", "--reps", "7", "--dry-run", "--out", dir, "--max-memory", "4GiB")
	require.Equal(t, ExitOK, code, stderr)
	for _, want := range []string{"7 replications × 2 policies = 14 jobs", "prospects", "events", "memory", "budget", "4 GiB (--max-memory): fits",
		"output", "replications.csv", "detail.csv", "time", "size drivers", "marketing.channels.0.rate_per_hour"} {
		require.Contains(t, stdout, want)
	}
	require.NoDirExists(t, dir)
	entries, _ := os.ReadDir(filepath.Dir(dir))
	require.Empty(t, entries, "nothing written")
}

// TestOversizedScenarioRefused: a valid scenario whose run would need far
// more memory than allowed is refused at once with exit 2, naming the key
// that drives the size, instead of crashing out of memory; the same run
// fits a budget large enough, and --max-memory 0 checks nothing.
func TestOversizedScenarioRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := call(t, context.Background(), "run", "../../../testdata/issue12/rate_1e6.yaml", "--reps", "1", "--out", dir)
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "the run needs about")
	require.Contains(t, stderr, "marketing.channels.0.rate_per_hour = 1e+06")
	require.Contains(t, stderr, "nothing was run")
	require.NoDirExists(t, dir)

	code, _, stderr = call(t, context.Background(), "run", "reference", "--reps", "2", "--max-memory", "1MiB", "--out", dir)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "more than the 1 MiB it may use (--max-memory)")
	code, stdout, _ := call(t, context.Background(), "run", "reference", "--reps", "2", "--max-memory", "0", "--dry-run")
	require.Equal(t, ExitOK, code)
	require.Contains(t, stdout, "budget        none")
	code, _, stderr = call(t, context.Background(), "run", "reference", "--max-memory", "lots")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "--max-memory")

	// With a budget too small for 2 workers but enough for 1, it says so.
	e := estimateRun(mustModel(t, "reference"), 10, 2, false)
	budget := baseBytes + gcFactor*(e.tableBytes+e.job.SimBytes+4*2*e.job.ResultBytes) + 1
	require.Contains(t, checkBudget(e, budget, "test").Error(), "--workers 1")
}

// TestValidatePrintsTheEstimate: funnel validate prints the estimate of a
// run of the scenario after its resolved form, as YAML comments.
func TestValidatePrintsTheEstimate(t *testing.T) {
	code, stdout, stderr := call(t, context.Background(), "validate", "reference")
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "# memory ")
	require.Contains(t, stdout, "# output ")
	require.Contains(t, stdout, "# time ")
}

// TestMemoryWatchdog: a run that grows past its memory limit (here a
// limit below what any run holds) stops with exit 1 (not 2: the input
// was valid), keeps the replications complete by then, and says how to
// size it down.
func TestMemoryWatchdog(t *testing.T) {
	ctx, stop := watchMemory(context.Background(), 1)
	defer stop()
	select {
	case <-ctx.Done():
		require.ErrorIs(t, context.Cause(ctx), errMemoryBudget)
	case <-time.After(10 * time.Second):
		t.Fatal("the watchdog did not trip")
	}

	testHookWatchLimit = func(int64) int64 { return 1 }
	t.Cleanup(func() { testHookWatchLimit = nil })
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := call(t, context.Background(), "run", "reference", "--reps", "100000", "--workers", "1", "--plots=false", "--out", dir)
	require.Equal(t, ExitFailure, code, stderr)
	require.Contains(t, stderr, "more than its memory budget")
	require.Contains(t, stderr, "size it down")
	if _, err := os.Stat(dir); err == nil {
		var man Manifest
		readJSON(t, filepath.Join(dir, "manifest.json"), &man)
		require.False(t, man.Complete)
	}
}

// mustModel compiles an embedded scenario.
func mustModel(t *testing.T, name string) *funnel.Model {
	t.Helper()
	res, err := scenarios.LoadEmbedded(name, nil)
	require.NoError(t, err)
	m, err := funnel.Compile(res.Scenario)
	require.NoError(t, err)
	return m
}

// TestDetailSizeWithoutNames: the estimate counts detail.csv's weekly
// names without building them, exactly.
func TestDetailSizeWithoutNames(t *testing.T) {
	for _, weeks := range []int{0, 1, 57, 9999, 10000, 10001, 123456} {
		var want int64
		for _, s := range funnel.WeekSeries {
			for w := 1; w <= weeks; w++ {
				want += int64(len(funnel.WeekMetric(w, s)))
			}
		}
		var got int64
		for _, s := range funnel.WeekSeries {
			got += int64(weeks)*int64(len(funnel.WeekMetric(1, s))-4) + weekDigits(weeks)
		}
		require.Equal(t, want, got, "%d weeks", weeks)
	}
}

// TestDryRunCountsVerdictDecomposition: the verdict's decomposition
// (verdict.decompose of the default company) adds its jobs to the
// estimate; a run without its pair adds none.
func TestDryRunCountsVerdictDecomposition(t *testing.T) {
	code, stdout, stderr := call(t, context.Background(), "run", "--dry-run", "--reps", "8")
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "30 jobs more, at most: the verdict's decomposition")
	code, stdout, stderr = call(t, context.Background(), "run", "--dry-run", "--reps", "3", "--policies", "waterfall,direct")
	require.Equal(t, ExitOK, code, stderr)
	require.NotContains(t, stdout, "decomposition")
}
