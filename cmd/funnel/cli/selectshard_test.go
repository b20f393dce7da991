package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMergeSelectByteIdentical: a selection whose first stage was cut
// into shards (of one job, and three), merged, writes the unsharded
// selection's selection.json and observations.csv byte for byte: the
// later stages see the same first stage.
func TestMergeSelectByteIdentical(t *testing.T) {
	tmp := t.TempDir()
	base := append(append([]string{}, small...), "--objective", "hot_contact_share", "--delta", "0.005", "--n0", "3", "--workers", "2", "--quiet")
	sel := func(dir string, extra ...string) {
		code, _, stderr := call(t, context.Background(), append(append([]string{"select", "--out", dir}, extra...), base...)...)
		require.Equal(t, ExitOK, code, stderr)
	}
	full := filepath.Join(tmp, "full")
	sel(full)
	// The reference scenario's 2 policies × 3 replications: 6 jobs.
	for _, n := range []int{6, 3} {
		var dirs []string
		for i := range n {
			d := filepath.Join(tmp, fmt.Sprint(n), fmt.Sprint(i))
			sel(d, "--shard", fmt.Sprintf("%d/%d", i, n))
			dirs = append(dirs, d)
		}
		out := filepath.Join(tmp, fmt.Sprint(n), "merged")
		code, _, stderr := call(t, context.Background(), append([]string{"merge", "--quiet", out}, dirs...)...)
		require.Equal(t, ExitOK, code, stderr)
		for _, f := range []string{"selection.json", "observations.csv"} {
			require.Equal(t, string(mustRead(t, filepath.Join(full, f))), string(mustRead(t, filepath.Join(out, f))), f)
		}
		require.Len(t, readManifestMap(t, out)["shards"], n)
		if n == 3 {
			code, _, stderr = call(t, context.Background(), "merge", filepath.Join(tmp, "missing"), dirs[1], dirs[2])
			require.Equal(t, ExitUsage, code)
			require.Contains(t, stderr, "first-stage jobs (point × policy × replication) 0 to 1 are in no shard given (missing)")
		}
	}
	code, _, stderr := call(t, context.Background(), append([]string{"select", "--out", filepath.Join(tmp, "x"), "--shard", "0/7"}, base...)...)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "the first stage has 6 jobs: at most 6 shards")
}
