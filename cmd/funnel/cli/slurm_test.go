package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeSlurm puts fake sbatch, squeue and scancel first on PATH: sbatch
// prints job ids 100, 101, ... and logs its arguments, squeue prints the
// file queue, scancel logs its arguments. It returns the folder with the
// log ("calls") and the queue file ("queue").
func fakeSlurm(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body), 0o755))
	}
	write("sbatch", `n=$(cat "$FAKE_SLURM/next" 2>/dev/null || echo 100)
echo "sbatch $*" >> "$FAKE_SLURM/calls"
echo $((n + 1)) > "$FAKE_SLURM/next"
echo "$n;cluster"
`)
	write("squeue", `cat "$FAKE_SLURM/queue" 2>/dev/null; exit 0
`)
	write("scancel", `echo "scancel $*" >> "$FAKE_SLURM/calls"
`)
	t.Setenv("FAKE_SLURM", dir)
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	testHookExecutable = func() (string, error) { return "/opt/funnel/bin/funnel", nil }
	t.Cleanup(func() { testHookExecutable = nil })
	return dir
}

func TestSlurmDryRun(t *testing.T) {
	fakeSlurm(t)
	out := filepath.Join(t.TempDir(), "merged")
	code, stdout, stderr := call(t, context.Background(), append([]string{"slurm", "run", "--reps", "7", "--shards", "3", "--out", out,
		"--partition", "short", "--time", "10:00", "--sbatch-arg=--mem=2G", "--cpus-per-task", "2", "--dry-run"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	for _, want := range []string{
		"#SBATCH --array=0-2\n",
		"#SBATCH --partition=short\n", "#SBATCH --time=10:00\n", "#SBATCH --mem=2G\n", "#SBATCH --cpus-per-task=2\n",
		"exec /opt/funnel/bin/funnel run --reps 7 reference --set horizon_days=30 --shard \"$i/3\" --workers 2 --out \"$dir\" --quiet\n",
		"exec /opt/funnel/bin/funnel merge --quiet --workers 2 " + out + " \\\n  " + out + ".shards/shards/0000 \\\n",
		out + ".shards/shards/0002\n",
		"sbatch --parsable --dependency=afterok:ARRAY_JOB_ID " + out + ".shards/merge.sbatch\n",
		"each task (at most 3 replications on 2 CPU)",
	} {
		require.Contains(t, stdout, want)
	}
	require.NoDirExists(t, out+".shards", "a dry run writes nothing")
}

// TestSlurmFailedTasksAndResubmit: tasks that left no complete shard are
// reported by array index with their logs; rerun, only the missing
// shards are submitted, then only the merge job once all are there.
func TestSlurmFailedTasksAndResubmit(t *testing.T) {
	fake := fakeSlurm(t)
	out := filepath.Join(t.TempDir(), "merged")
	args := append([]string{"slurm", "run", "--reps", "3", "--shards", "3", "--out", out}, small...)
	code, stdout, stderr := call(t, context.Background(), append(args, "--wait", "--poll", "10ms")...)
	require.Equal(t, ExitFailure, code, stderr)
	require.Contains(t, stdout, "submitted job array 100 (3 shards of 3: 0-2) and merge job 101 (after it)")
	for _, i := range []string{"0", "1", "2"} {
		require.Contains(t, stderr, "task "+i+" of job array 100 failed (shard "+i+"/3): see "+out+".shards/logs/shard-"+i+".log")
	}
	require.Contains(t, stderr, "run the same command again to resubmit only the missing shards")
	calls := string(mustRead(t, filepath.Join(fake, "calls")))
	require.Contains(t, calls, "sbatch --parsable "+out+".shards/array.sbatch\n")
	require.Contains(t, calls, "sbatch --parsable --dependency=afterok:100 "+out+".shards/merge.sbatch\n")

	// Shards 0 and 2 ran; a task's log is quoted.
	for _, i := range []string{"0", "2"} {
		runFolder(t, filepath.Join(out+".shards", "shards", "000"+i), append([]string{"--shard", i + "/3", "--reps", "3"}, small...)...)
	}
	require.NoError(t, os.WriteFile(filepath.Join(out+".shards", "logs", "shard-1.log"), []byte("funnel: out of memory\n"), 0o644))
	code, _, stderr = call(t, context.Background(), append(args, "--wait", "--poll", "10ms")...)
	require.Equal(t, ExitFailure, code)
	require.Contains(t, stderr, "task 1 of job array 102 failed (shard 1/3): see "+out+".shards/logs/shard-1.log\n    funnel: out of memory")
	require.NotContains(t, stderr, "task 0 ")
	require.Contains(t, string(mustRead(t, filepath.Join(out+".shards", "array.sbatch"))), "#SBATCH --array=1\n")

	// Still queued: refused.
	require.NoError(t, os.WriteFile(filepath.Join(fake, "queue"), []byte("103|N/A|PENDING|Dependency\n"), 0o644))
	code, _, stderr = call(t, context.Background(), args...)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "are still queued or running")
	require.NoError(t, os.Remove(filepath.Join(fake, "queue")))

	// Every shard there: the merge job alone.
	runFolder(t, filepath.Join(out+".shards", "shards", "0001"), append([]string{"--shard", "1/3", "--reps", "3"}, small...)...)
	code, stdout, stderr = call(t, context.Background(), args...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "every shard is complete; submitted merge job 104")
	require.True(t, strings.HasSuffix(string(mustRead(t, filepath.Join(fake, "calls"))), "sbatch --parsable "+out+".shards/merge.sbatch\n"))

	// The merge script merges them.
	require.NoError(t, os.MkdirAll(out, 0o755))
	code, stdout, _ = call(t, context.Background(), args...)
	require.Equal(t, ExitOK, code)
	require.Contains(t, stdout, "the run is merged; nothing to submit")
}

// TestSlurmStuckMerge: a merge job waiting on a dependency that can never
// be met (a task failed) is cancelled, and the failed tasks reported.
func TestSlurmStuckMerge(t *testing.T) {
	fake := fakeSlurm(t)
	require.NoError(t, os.WriteFile(filepath.Join(fake, "queue"), []byte("101|N/A|PENDING|DependencyNeverSatisfied\n"), 0o644))
	out := filepath.Join(t.TempDir(), "merged")
	code, _, stderr := call(t, context.Background(), append([]string{"slurm", "run", "--reps", "2", "--shards", "2", "--out", out, "--wait", "--poll", "10ms"}, small...)...)
	require.Equal(t, ExitFailure, code)
	require.Contains(t, stderr, "task 1 of job array 100 failed")
	require.Contains(t, string(mustRead(t, filepath.Join(fake, "calls"))), "scancel 101\n")
}

func TestSlurmArgsRefused(t *testing.T) {
	fakeSlurm(t)
	out := filepath.Join(t.TempDir(), "m")
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"decompose", "x"}, "expected run, sweep or sensitivity"},
		{[]string{"run", "--out", out}, "--shards N is required"},
		{[]string{"run", "--shards", "2"}, "--out DIR is required"},
		{[]string{"run", "--shards", "0", "--out", out}, "--shards \"0\""},
		{[]string{"run", "--shards", "2", "--out", out, "--shard", "0/2"}, "funnel slurm makes the shards itself"},
		{[]string{"run", "--shards", "9", "--out", out, "--reps", "3"}, "at most 3 shards"},
		{[]string{"run", "--shards", "2", "--out", out, "--reps", "x"}, "--reps"},
		{[]string{"run", "--shards", "2", "--out", out, "--timeout", "soon"}, "expected a duration"},
	} {
		code, _, stderr := call(t, context.Background(), append([]string{"slurm"}, c.args...)...)
		require.Equal(t, ExitUsage, code, "%v: %s", c.args, stderr)
		require.Contains(t, stderr, c.msg, c.args)
	}
}
