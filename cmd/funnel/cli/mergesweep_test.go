package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// sweepFolder runs funnel sweep with args into dir and requires success.
func sweepFolder(t *testing.T, dir string, args ...string) {
	t.Helper()
	code, _, stderr := call(t, context.Background(), append([]string{"sweep", "--quiet", "--workers", "2", "--out", dir}, args...)...)
	require.Equal(t, ExitOK, code, stderr)
}

// requireSameFiles requires folders a and b to hold the same files with
// the same bytes, but manifest.json.
func requireSameFiles(t *testing.T, a, b string) {
	t.Helper()
	ea, err := os.ReadDir(a)
	require.NoError(t, err)
	eb, err := os.ReadDir(b)
	require.NoError(t, err)
	require.Equal(t, len(ea), len(eb))
	for i, e := range ea {
		require.Equal(t, e.Name(), eb[i].Name())
		if e.Name() == "manifest.json" {
			continue
		}
		require.Equal(t, string(mustRead(t, filepath.Join(a, e.Name()))), string(mustRead(t, filepath.Join(b, e.Name()))), e.Name())
	}
}

var sweepBase = []string{"reference", "--vary", "sales.reps=10,12", "--reps", "3", "--set", "horizon_days=30"}

// TestMergeSweepByteIdentical: a sweep cut into shards of one job, into
// uneven shards and into one shard, merged, is byte-identical to the
// whole sweep: sweep.csv, summary.json, the figures and the report.
func TestMergeSweepByteIdentical(t *testing.T) {
	tmp := t.TempDir()
	full := filepath.Join(tmp, "full")
	sweepFolder(t, full, sweepBase...)
	for _, n := range []int{6, 4, 1} { // 2 points × 3 replications = 6 jobs
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var dirs []string
			for i := n - 1; i >= 0; i-- {
				d := filepath.Join(tmp, fmt.Sprint(n), fmt.Sprint(i))
				sweepFolder(t, d, append([]string{"--shard", fmt.Sprintf("%d/%d", i, n)}, sweepBase...)...)
				dirs = append(dirs, d)
			}
			out := filepath.Join(tmp, fmt.Sprint(n), "merged")
			code, _, stderr := call(t, context.Background(), append([]string{"merge", "--quiet", out}, dirs...)...)
			require.Equal(t, ExitOK, code, stderr)
			requireSameFiles(t, full, out)
			require.Len(t, readManifestMap(t, out)["shards"], n)
		})
	}
}

// TestMergeSweepRefusals: shards of different sweeps, overlapping or
// leaving jobs out, of other builds or scenarios, or mixed with a run's.
func TestMergeSweepRefusals(t *testing.T) {
	tmp := t.TempDir()
	shard := func(name string, extra ...string) string {
		d := filepath.Join(tmp, name)
		sweepFolder(t, d, append(extra, sweepBase...)...)
		return d
	}
	s0, s1 := shard("s0", "--shard", "0/2"), shard("s1", "--shard", "1/2")
	three := shard("three", "--shard", "1/3")
	seed := shard("seed", "--shard", "1/2", "--seed", "5")
	copyDir := func(src, name string) string {
		dst := filepath.Join(tmp, name)
		require.NoError(t, os.CopyFS(dst, os.DirFS(src)))
		return dst
	}
	build := copyDir(s1, "build")
	editManifest(t, build, func(m map[string]any) { m["sweep_shard"].(map[string]any)["build"] = "9.9.9" })
	scen := copyDir(s1, "scen")
	editManifest(t, scen, func(m map[string]any) { m["scenario_sha256"] = "0123" })
	more := filepath.Join(tmp, "more")
	sweepFolder(t, more, "reference", "--vary", "sales.reps=10,12", "--reps", "4", "--set", "horizon_days=30", "--shard", "1/2")
	run := filepath.Join(tmp, "run")
	runFolder(t, run, append([]string{"--shard", "1/2", "--reps", "3"}, small...)...)
	for _, c := range []struct {
		name string
		dirs []string
		msg  string
	}{
		{"overlap", []string{s0, s1, three}, "jobs (point × replication) 2 to 2 are in both"},
		{"missing", []string{s0}, "jobs (point × replication) 3 to 5 are in no shard given (missing)"},
		{"options", []string{s0, seed}, "are shards of different sweep studies"},
		{"program version", []string{s0, build}, "shards of different program versions are not merged"},
		{"scenario", []string{s0, scen}, "ran different scenarios"},
		{"size", []string{s0, more}, "a sweep of 2 points × 3 replications"},
		{"run and sweep", []string{s0, run}, run + " are shards of a run, " + s0 + " are shards of a sweep"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(tmp, "out-"+c.name)
			code, _, stderr := call(t, context.Background(), append([]string{"merge", out}, c.dirs...)...)
			require.Equal(t, ExitUsage, code, stderr)
			require.Contains(t, stderr, c.msg)
			require.NoDirExists(t, out)
		})
	}
	code, _, stderr := call(t, context.Background(), append([]string{"sweep", "--out", filepath.Join(tmp, "x"), "--shard", "0/7"}, sweepBase...)...)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "at most 6 shards")
}
