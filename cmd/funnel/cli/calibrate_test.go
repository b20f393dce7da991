package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
	"funnellab/scenarios"
)

// TestCalibrateMissed: a target out of reach (a mean response of 48 h
// when leads not attempted within 24 h are ignored) fails with
// ExitCalibrationMissed and a message naming the censoring key; the
// closest fit is written with every policy and the scenario's own
// replications and seed, marked as missed.
func TestCalibrateMissed(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cal.yaml")
	code, stdout, stderr := call(t, context.Background(), "calibrate", "reference", "--policies", "direct",
		"--set", "horizon_days=20", "--set", "sales.accept_window_hours=24",
		"--fit", "sales.reps", "--bounds", "sales.reps=1:40", "--target", "response_mean_h=48",
		"--reps", "2", "--seed", "7", "--evals", "8", "--out", out)
	require.Equal(t, ExitCalibrationMissed, code, stderr)
	require.Contains(t, stdout, "MISSED")
	require.Contains(t, stderr, "funnel: calibrate: missed the target beyond a tolerance of 0.1 (response_mean_h = ")
	require.Contains(t, stderr, "censored by sales.accept_window_hours = 24")

	res, err := scenarios.LoadFile(out, nil)
	require.NoError(t, err)
	orig, err := scenarios.LoadEmbedded("reference", nil)
	require.NoError(t, err)
	require.Equal(t, orig.Scenario.Replications, res.Scenario.Replications, "the scenario's replications, not --reps")
	require.Equal(t, orig.Scenario.Seed, res.Scenario.Seed, "the scenario's seed, not --seed")
	require.Len(t, res.Scenario.Policies, len(orig.Scenario.Policies), "every policy, not --policies")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Contains(t, string(data), "# MISSED its targets")
	require.Contains(t, string(data), "measured with 2 replications, seed 7")

	code, stdout, stderr = call(t, context.Background(), "calibrate", "reference", "--set", "horizon_days=20",
		"--fit", "sales.reps", "--bounds", "sales.reps=1:40", "--target", "deals_won=1e9", "--reps", "1", "--evals", "2",
		"--out", filepath.Join(t.TempDir(), "one.yaml"))
	require.Equal(t, ExitCalibrationMissed, code, stderr)
	require.Contains(t, stdout, "(1 replication each, seed 1)")
}

// TestCalibrateLimits: what limited a fit is named: a key at its bound,
// a flat loss, the evaluation budget.
func TestCalibrateLimits(t *testing.T) {
	value := func(p calibParam, x float64) float64 { return x }
	p := []calibParam{{key: "sales.reps", lo: 1, hi: 20}}
	tg := []calibTarget{{"revenue", 100}}
	ss := []results.Summary{{Mean: 50}}
	why := fitLimits(p, []float64{20}, value, tg, ss, []float64{1, 1, 1}, scenarios.Default(), 60)
	require.Len(t, why, 2, why)
	require.Contains(t, why[0], "sales.reps ended at its upper bound 20")
	require.Contains(t, why[1], "the loss was flat")
	why = fitLimits(p, []float64{10}, value, tg, ss, []float64{3, 2, 1}, scenarios.Default(), 3)
	require.Equal(t, []string{"the optimiser used all 3 evaluations (raise --evals)"}, why)
}

// TestCalibrateUsageFirst: usage errors exit 2 before any simulation
// (no "evaluation" line on stderr).
func TestCalibrateUsageFirst(t *testing.T) {
	exists := filepath.Join(t.TempDir(), "exists.yaml")
	require.NoError(t, os.WriteFile(exists, nil, 0o644))
	base := []string{"calibrate", "reference", "--set", "horizon_days=20", "--fit", "sales.reps", "--target", "revenue=1e6"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--reps", "0"}, "--reps: got 0"},
		{[]string{"--evals", "0"}, "--evals: got 0"},
		{[]string{"--workers", "-1"}, "--workers: got -1"},
		{[]string{"--tolerance", "-0.1"}, "--tolerance: got -0.1"},
		{[]string{"--policies", "nobody"}, `unknown policy "nobody"`},
		{[]string{"--out", exists}, exists + " already exists"},
		{[]string{"--out", filepath.Join(exists+".d", "w.yaml")}, "the folder " + exists + ".d does not exist"},
		{[]string{"--bounds", "sales.win_rate=0:1"}, "--bounds sales.win_rate: sales.win_rate is not a key of --fit"},
		{[]string{"--fit", "sales.reps,sales.reps"}, "sales.reps named twice"},
	} {
		code, _, stderr := call(t, context.Background(), append(append([]string(nil), base...), tc.args...)...)
		require.Equal(t, ExitUsage, code, "%v: %s", tc.args, stderr)
		require.Contains(t, stderr, tc.want, tc.args)
		require.False(t, strings.Contains(stderr, "evaluation "), "no simulation before a usage error: %s", stderr)
	}
}
