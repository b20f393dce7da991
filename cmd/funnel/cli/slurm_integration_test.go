package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestSlurmIntegration submits a 4-shard funnel slurm run --wait to a
// real Slurm cluster and requires the merged folder to be byte-identical
// to a local run of the same replications; then it removes a shard and
// the merged folder, and requires the rerun to resubmit that shard alone
// and merge to the same bytes. It needs a cluster (.ci/slurm.sh test
// brings up a one-node one) and FUNNEL_SLURM=1; it is skipped otherwise.
func TestSlurmIntegration(t *testing.T) {
	if os.Getenv("FUNNEL_SLURM") != "1" {
		t.Skip("needs a Slurm cluster and FUNNEL_SLURM=1: bash .ci/slurm.sh test")
	}
	for _, c := range []string{"sbatch", "squeue", "sinfo"} {
		_, err := exec.LookPath(c)
		require.NoError(t, err, "FUNNEL_SLURM=1 but no %s", c)
	}
	// A shared folder: the tasks run on this node. The tasks run the
	// binary that submitted them, so build funnel.
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "funnel")
	build := exec.Command("go", "build", "-o", bin, "funnellab/cmd/funnel")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	funnel := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = tmp
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		err := cmd.Run()
		t.Logf("funnel %s: %.1f s\n%s%s", strings.Join(args, " "), time.Since(start).Seconds(), stdout.String(), stderr.String())
		require.NoError(t, err)
		return stdout.String()
	}
	merged := filepath.Join(tmp, "slurm")
	got := funnel("slurm", "run", "default", "--reps", "8", "--shards", "4", "--out", merged, "--wait", "--timeout", "10m", "--poll", "1s")
	require.Contains(t, got, "merged 4 shards into "+merged)
	local := filepath.Join(tmp, "local")
	funnel("run", "default", "--reps", "8", "--out", local, "--quiet")
	requireSameRun(t, local, merged)

	// A lost shard: only it is resubmitted.
	require.NoError(t, os.RemoveAll(merged))
	require.NoError(t, os.RemoveAll(filepath.Join(merged+".shards", "shards", "0002")))
	got = funnel("slurm", "run", "default", "--reps", "8", "--shards", "4", "--out", merged, "--wait", "--timeout", "10m", "--poll", "1s")
	require.Contains(t, got, "(1 shard of 4: 2)")
	requireSameRun(t, local, merged)
}
