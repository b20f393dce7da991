package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/sim/runner"
)

// interruptedRun runs funnel run with args into dir, cancelled once
// `after` replications are complete, and requires the interrupted exit.
func interruptedRun(t *testing.T, dir string, after int, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	testHookProgress = func(p runner.Progress) {
		if p.Replications == after {
			cancel()
		}
	}
	defer func() { testHookProgress = nil }()
	code, _, stderr := call(t, ctx, append([]string{"run", "--quiet", "--workers", "1", "--out", dir}, args...)...)
	require.Equal(t, ExitInterrupted, code, stderr)
	require.Equal(t, false, readManifestMap(t, dir)["complete"])
}

// TestResumeByteIdentical: an interrupted run, resumed, is byte-identical
// to an uninterrupted one (checks included); so is an interrupted shard,
// and a run interrupted while writing detail.csv.
func TestResumeByteIdentical(t *testing.T) {
	tmp := t.TempDir()
	base := append([]string{"--reps", "5", "--check", "direct.deals_won > 0"}, small...)
	full := filepath.Join(tmp, "full")
	runFolder(t, full, base...)

	t.Run("run", func(t *testing.T) {
		dir := filepath.Join(tmp, "run")
		interruptedRun(t, dir, 2, base...)
		code, stdout, stderr := call(t, context.Background(), "run", "--resume", dir, "--workers", "2")
		require.Equal(t, ExitOK, code, stderr)
		require.Contains(t, stdout, "5 replications")
		requireSameRun(t, full, dir)
		require.Len(t, readManifestMap(t, dir)["shards"], 2, "the 2 replications kept, the 3 simulated")
		entries, err := os.ReadDir(tmp)
		require.NoError(t, err)
		for _, e := range entries {
			require.NotContains(t, e.Name(), ".run.", "nothing left beside the folder")
		}
		code, _, stderr = call(t, context.Background(), "run", "--resume", dir)
		require.Equal(t, ExitUsage, code)
		require.Contains(t, stderr, "the run is complete")
	})
	t.Run("shard", func(t *testing.T) {
		fullShard := filepath.Join(tmp, "fullshard")
		runFolder(t, fullShard, append([]string{"--shard", "1/2"}, base...)...)
		dir := filepath.Join(tmp, "shard")
		interruptedRun(t, dir, 1, append([]string{"--shard", "1/2"}, base...)...)
		code, _, stderr := call(t, context.Background(), "run", "--resume", dir, "--quiet")
		require.Equal(t, ExitOK, code, stderr)
		requireSameRun(t, fullShard, dir)
	})
	t.Run("writing", func(t *testing.T) {
		dir := filepath.Join(tmp, "writing")
		ctx, cancel := context.WithCancel(context.Background())
		testHookWriting = func(file string) error {
			if file == "detail.csv" {
				cancel()
			}
			return nil
		}
		code, _, stderr := call(t, ctx, append([]string{"run", "--quiet", "--out", dir}, base...)...)
		testHookWriting = nil
		require.Equal(t, ExitInterrupted, code, stderr)
		code, _, stderr = call(t, context.Background(), "run", "--resume", dir, "--quiet")
		require.Equal(t, ExitOK, code, stderr)
		requireSameRun(t, full, dir)
	})
}

// TestResumeRefusals: --resume takes its options from the folder.
func TestResumeRefusals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	interruptedRun(t, dir, 1, append([]string{"--reps", "3"}, small...)...)
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--resume", dir, "--reps", "9"}, "only --workers, --quiet, --format, --metrics and --max-memory may be given with it, not --reps"},
		{[]string{"--resume", dir, "reference"}, "drop the SCENARIO argument"},
		{[]string{"--resume", filepath.Join(dir, "nope")}, "does not exist"},
	} {
		code, _, stderr := call(t, context.Background(), append([]string{"run"}, c.args...)...)
		require.Equal(t, ExitUsage, code, stderr)
		require.Contains(t, stderr, c.msg)
	}
	require.NoError(t, os.Mkdir(filepath.Join(filepath.Dir(dir), ".r.resume-part"), 0o755))
	code, _, stderr := call(t, context.Background(), "run", "--resume", dir)
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "left by a resume that did not finish")
}
