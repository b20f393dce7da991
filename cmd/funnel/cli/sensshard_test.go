package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var sensShardBase = []string{"reference", "--set", "horizon_days=30", "--vary", "sales.reps=8..14", "--output", "direct.revenue",
	"--trajectories", "2", "--reps", "2", "--bootstrap", "50"}

// TestMergeSensitivityByteIdentical: a Morris study (2 trajectories × 2
// points × 2 replications = 8 jobs) cut into shards of one job and into
// three, merged, gives the whole study's sensitivity.json, points.csv and
// figures byte for byte (report.html quotes the command line).
func TestMergeSensitivityByteIdentical(t *testing.T) {
	tmp := t.TempDir()
	study := func(dir string, extra ...string) {
		code, _, stderr := call(t, context.Background(), append(append([]string{"sensitivity", "--quiet", "--workers", "2", "--out", dir}, extra...), sensShardBase...)...)
		require.Equal(t, ExitOK, code, stderr)
	}
	full := filepath.Join(tmp, "full")
	study(full)
	for _, n := range []int{8, 3} {
		var dirs []string
		for i := range n {
			d := filepath.Join(tmp, fmt.Sprint(n), fmt.Sprint(i))
			study(d, "--shard", fmt.Sprintf("%d/%d", i, n))
			dirs = append(dirs, d)
		}
		out := filepath.Join(tmp, fmt.Sprint(n), "merged")
		code, _, stderr := call(t, context.Background(), append([]string{"merge", "--quiet", out}, dirs...)...)
		require.Equal(t, ExitOK, code, stderr)
		for _, f := range []string{"sensitivity.json", "points.csv", "tornado.svg", "tornado.png"} {
			require.Equal(t, string(mustRead(t, filepath.Join(full, f))), string(mustRead(t, filepath.Join(out, f))), f)
		}
		require.Len(t, readManifestMap(t, out)["shards"], n)
		if n == 3 {
			code, _, stderr = call(t, context.Background(), "merge", filepath.Join(tmp, "missing"), dirs[0], dirs[2])
			require.Equal(t, ExitUsage, code)
			require.Contains(t, stderr, "jobs (point × replication) 2 to 4 are in no shard given (missing): add their shard (funnel sensitivity ... --shard I/3)")
		}
	}
	code, _, stderr := call(t, context.Background(), append([]string{"sensitivity", "--out", filepath.Join(tmp, "p"), "--shard", "0/2", "--precision", "0.1"}, sensShardBase...)...)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "cannot be sharded")
}
