package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRunSteps: the options and plan funnel run works from. Flags that
// are not given leave the scenario's values; given ones override them,
// --policies selects and orders the policies, and a zero --workers means
// one per CPU.
func TestRunSteps(t *testing.T) {
	o, err := parseRunOptions([]string{"reference", "--seed", "5", "--metrics", "revenue,deals_won",
		"--policies", "direct_lifo,direct", "--check", "direct.revenue > 0"}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "reference", o.scenario)
	require.Equal(t, []string{"revenue", "deals_won"}, o.shown)
	require.False(t, o.setReps)
	require.True(t, o.setSeed)
	require.Equal(t, "table", o.format)
	require.True(t, o.plots)

	plan, err := resolveRun(o)
	require.NoError(t, err)
	require.Equal(t, uint64(5), plan.sc.Seed)
	require.Equal(t, plan.res.Scenario.Replications, plan.sc.Replications, "no --reps: the scenario's")
	require.Equal(t, []string{"direct_lifo", "direct"}, plan.model.PolicyNames())
	require.Len(t, plan.checks, 1)
	require.Equal(t, defaultWorkers(), plan.workers)

	o, err = parseRunOptions([]string{"--reps", "3", "--workers", "2", "--format", "json"}, io.Discard)
	require.NoError(t, err)
	require.Empty(t, o.scenario, "the default scenario")
	require.Nil(t, o.shown, "all metrics")
	plan, err = resolveRun(o)
	require.NoError(t, err)
	require.Equal(t, "default", plan.sc.Name)
	require.Equal(t, 3, plan.sc.Replications)
	require.Equal(t, plan.res.Scenario.Seed, plan.sc.Seed, "no --seed: the scenario's")
	require.Equal(t, min(2, defaultWorkers()), plan.workers)

	dir := t.TempDir()
	log := newLogger(io.Discard, true)
	_, err = openOutDir(dir, "default", log)
	require.ErrorContains(t, err, "already exists")
	got, err := openOutDir(dir+"/new", "default", log)
	require.NoError(t, err)
	require.Equal(t, dir+"/new", got.Name())
	got.Abort()
}

// TestWorkersCapped: --workers far above the CPUs runs one worker per CPU
// (at most one per job), says so, and the manifest records the workers
// used, not the number asked.
func TestWorkersCapped(t *testing.T) {
	w, capped := capWorkers(1000, 1<<20)
	require.True(t, capped)
	require.Equal(t, defaultWorkers(), w)
	w, capped = capWorkers(0, 1)
	require.False(t, capped)
	require.Equal(t, 1, w, "no more workers than jobs")
	w, _ = capWorkers(1, 100)
	require.Equal(t, 1, w)

	dir := filepath.Join(t.TempDir(), "run")
	var stderr bytes.Buffer
	code := Main(context.Background(), []string{"run", "reference", "--set", "horizon_days=30", "--reps", "2",
		"--workers", "1000", "--plots=false", "--out", dir}, io.Discard, &stderr)
	require.Equal(t, ExitOK, code, stderr.String())
	require.Contains(t, stderr.String(), "--workers capped")
	var man Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.Equal(t, min(defaultWorkers(), 2*len(man.Policies)), man.Workers)
}
