package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
)

// runFolder runs funnel run with args into dir and requires success.
func runFolder(t *testing.T, dir string, args ...string) {
	t.Helper()
	code, _, stderr := call(t, context.Background(), append([]string{"run", "--quiet", "--workers", "2", "--out", dir}, args...)...)
	require.Equal(t, ExitOK, code, stderr)
}

// requireSameRun requires that run folders a and b hold the same files
// with the same bytes, but for manifest.json and report.html (which holds
// it), whose manifests may differ only in their times, workers and shard
// list.
func requireSameRun(t *testing.T, a, b string) {
	t.Helper()
	names := func(d string) []string {
		es, err := os.ReadDir(d)
		require.NoError(t, err)
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		return out
	}
	na := names(a)
	require.Equal(t, na, names(b), "the same files")
	require.Contains(t, na, "detail.csv")
	for _, n := range na {
		if n == "manifest.json" || n == "report.html" {
			continue
		}
		x, err := os.ReadFile(filepath.Join(a, n))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, n))
		require.NoError(t, err)
		require.True(t, slices.Equal(x, y), "%s differs between %s and %s", n, a, b)
	}
	ma, mb := readManifestMap(t, a), readManifestMap(t, b)
	for _, m := range []map[string]any{ma, mb} {
		for _, k := range []string{"start", "end", "wall_seconds", "workers", "shards"} {
			delete(m, k)
		}
	}
	require.Equal(t, ma, mb, "the manifests differ only in times, workers and shards")
}

func readManifestMap(t *testing.T, dir string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	return m
}

// editManifest rewrites dir/manifest.json through edit.
func editManifest(t *testing.T, dir string, edit func(map[string]any)) {
	t.Helper()
	m := readManifestMap(t, dir)
	edit(m)
	raw, err := json.MarshalIndent(m, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "manifest.json"), raw, 0o644))
}

// TestMergeByteIdentical shards a run in several ways (shards of one
// replication, uneven --shard ranges (3 and 2), explicit --replications
// ranges given out of order) and requires every merge to be byte-identical to
// the unsharded run.
func TestMergeByteIdentical(t *testing.T) {
	tmp := t.TempDir()
	base := append([]string{"--reps", "5"}, small...)
	full := filepath.Join(tmp, "full")
	runFolder(t, full, base...)
	splits := map[string][]string{
		"ones":     {"--shard 0/5", "--shard 1/5", "--shard 2/5", "--shard 3/5", "--shard 4/5"},
		"two":      {"--shard 1/2", "--shard 0/2"},
		"explicit": {"--replications 4:5", "--replications 0:1", "--replications 1:4"},
	}
	for name, shards := range splits {
		t.Run(name, func(t *testing.T) {
			var dirs []string
			for i, s := range shards {
				var flag, val string
				_, err := fmt.Sscan(s, &flag, &val)
				require.NoError(t, err)
				d := filepath.Join(tmp, name, fmt.Sprint(i))
				runFolder(t, d, append([]string{flag, val}, base...)...)
				dirs = append(dirs, d)
			}
			out := filepath.Join(tmp, name, "merged")
			code, _, stderr := call(t, context.Background(), append([]string{"merge", "--quiet", out}, dirs...)...)
			require.Equal(t, ExitOK, code, stderr)
			requireSameRun(t, full, out)
			m := readManifestMap(t, out)
			require.Len(t, m["shards"], len(shards))
			require.Nil(t, m["shard"])
		})
	}
}

// TestMergeDefaultScenario merges two shards of the default company,
// whose verdict is decomposed (decomposition.json, waterfall figure):
// the merge makes the decomposition of the whole run.
func TestMergeDefaultScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("the default scenario: a few seconds")
	}
	tmp := t.TempDir()
	base := []string{"default", "--reps", "2", "--set", "horizon_days=120"}
	full := filepath.Join(tmp, "full")
	runFolder(t, full, base...)
	a, b := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	runFolder(t, a, append([]string{"--shard", "0/2"}, base...)...)
	runFolder(t, b, append([]string{"--shard", "1/2"}, base...)...)
	_, err := os.Stat(filepath.Join(a, "decomposition.json"))
	require.ErrorIs(t, err, os.ErrNotExist, "a shard does not decompose")
	out := filepath.Join(tmp, "merged")
	code, _, stderr := call(t, context.Background(), "merge", "--quiet", out, a, b)
	require.Equal(t, ExitOK, code, stderr)
	requireSameRun(t, full, out)
	require.FileExists(t, filepath.Join(out, "decomposition.json"))
}

// TestShardFolder checks what a shard writes: its replications numbered
// as in the whole run, and its range in the manifest.
func TestShardFolder(t *testing.T) {
	d := filepath.Join(t.TempDir(), "s")
	runFolder(t, d, append([]string{"--shard", "1/3", "--reps", "7"}, small...)...)
	m := readManifestMap(t, d)
	sh := m["shard"].(map[string]any)
	require.Equal(t, map[string]any{"index": 1.0, "of": 3.0, "from": 2.0, "to": 4.0, "total": 7.0, "build": programBuild()}, sh)
	require.Equal(t, 2.0, m["replications"])
	require.Contains(t, m["command"], "--replications 2:4")
	rows := 0
	require.NoError(t, scanRunFile(filepath.Join(d, "replications.csv"), func(r results.Row) error {
		require.Contains(t, []int{2, 3}, r.Rep)
		rows++
		return nil
	}))
	require.Positive(t, rows)
	code, _, stderr := call(t, context.Background(), "plot", d)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "is a shard (replications 2 to 3 of a run of 7)")
}

// TestShardFlagsRefused: bad --shard and --replications values are
// usage errors naming the flag.
func TestShardFlagsRefused(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--shard", "3/3"}, "--shard \"3/3\": expected I/N"},
		{[]string{"--shard", "x"}, "expected I/N"},
		{[]string{"--shard", "0/9", "--reps", "4"}, "at most 4 shards"},
		{[]string{"--replications", "2:2"}, "expected A:B"},
		{[]string{"--replications", "0:9", "--reps", "4"}, "the run has 4 replications"},
		{[]string{"--replications", "0:1", "--shard", "0/2"}, "both given"},
		{[]string{"--shard", "0/2", "--precision", "0.1"}, "cannot be sharded"},
		{[]string{"--shard", "0/2", "--export", "crm"}, "--export writes one replication of a whole run"},
	} {
		code, _, stderr := call(t, context.Background(), append(append([]string{"run", "--out", filepath.Join(t.TempDir(), "x")}, c.args...), small...)...)
		require.Equal(t, ExitUsage, code, "%v: %s", c.args, stderr)
		require.Contains(t, stderr, c.msg, c.args)
	}
}

// TestMergeRefusals: every kind of shards that do not make one run is
// refused with a usage error saying why.
func TestMergeRefusals(t *testing.T) {
	tmp := t.TempDir()
	base := append([]string{"--reps", "4"}, small...)
	shard := func(name string, args ...string) string {
		d := filepath.Join(tmp, name)
		runFolder(t, d, append(args, base...)...)
		return d
	}
	s0, s1 := shard("s0", "--shard", "0/2"), shard("s1", "--shard", "1/2")
	whole := filepath.Join(tmp, "whole")
	runFolder(t, whole, base...)
	copyDir := func(src, name string) string {
		dst := filepath.Join(tmp, name)
		require.NoError(t, os.CopyFS(dst, os.DirFS(src)))
		return dst
	}
	incomplete := copyDir(s1, "incomplete")
	editManifest(t, incomplete, func(m map[string]any) { m["complete"] = false; m["replications"] = 1.0 })
	build := copyDir(s1, "build")
	editManifest(t, build, func(m map[string]any) { m["shard"].(map[string]any)["build"] = "9.9.9" })
	scen := copyDir(s1, "scen")
	editManifest(t, scen, func(m map[string]any) { m["scenario_sha256"] = "0123" })
	changed0, changed1 := copyDir(s0, "changed0"), copyDir(s1, "changed1")
	for _, d := range []string{changed0, changed1} {
		editManifest(t, d, func(m map[string]any) { m["scenario_sha256"] = "0123" })
	}
	seed := shard("seed", "--shard", "1/2", "--seed", "7")
	pols := shard("pols", "--shard", "1/2", "--policies", "direct")
	d := filepath.Join(tmp, "total")
	runFolder(t, d, append([]string{"--shard", "1/2", "--reps", "6"}, small...)...)
	opts := shard("opts", "--shard", "1/2", "--baseline", "direct_lifo")
	over := shard("over", "--replications", "1:4")
	gap := shard("gap", "--replications", "3:4")
	head := shard("head", "--replications", "1:2")
	trunc := copyDir(s1, "trunc")
	raw, err := os.ReadFile(filepath.Join(trunc, "detail.csv"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(trunc, "detail.csv"), raw[:len(raw)/2], 0o644))
	badRow := copyDir(s1, "badrow")
	raw, err = os.ReadFile(filepath.Join(badRow, "replications.csv"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(badRow, "replications.csv"), append(raw, "3,direct,inquiries,1\n"...), 0o644))

	for _, c := range []struct {
		name string
		dirs []string
		msg  string
	}{
		{"no manifest", []string{s0, tmp}, "manifest.json does not exist"},
		{"not a shard", []string{s0, whole}, "is not a shard"},
		{"incomplete", []string{s0, incomplete}, "is incomplete: it holds 1 of replications 2 to 3"},
		{"program version", []string{s0, build}, "shards of different program versions are not merged"},
		{"scenario", []string{s0, scen}, "ran different scenarios"},
		{"scenario changed", []string{changed0, changed1}, "has changed since the shards ran"},
		{"seed", []string{s0, seed}, "seed 1, " + seed + " seed 7"},
		{"policies", []string{s0, pols}, "ran the policies"},
		{"total", []string{s0, d}, "of a run of 4 replications"},
		{"options", []string{s0, opts}, "ran with different options"},
		{"overlap", []string{s0, over}, "replications 1 to 1 are in both"},
		{"twice", []string{s0, s0, s1}, "are in both " + s0 + " and " + s0},
		{"gap", []string{s0, gap}, "replications 2 to 2 are in no shard given (missing)"},
		{"tail", []string{s0}, "replications 2 to 3 are in no shard given (missing)"},
		{"head", []string{head, s1}, "replications 0 to 0 are in no shard given (missing)"},
		{"truncated detail", []string{s0, trunc}, "detail.csv"},
		{"extra row", []string{s0, badRow}, "replications.csv: line"},
		{"one argument", nil, "expected OUT and at least one shard folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(tmp, "out-"+c.name)
			code, _, stderr := call(t, context.Background(), append([]string{"merge", out}, c.dirs...)...)
			require.Equal(t, ExitUsage, code, stderr)
			require.Contains(t, stderr, c.msg)
			_, err := os.Stat(out)
			require.ErrorIs(t, err, os.ErrNotExist, "nothing written")
		})
	}
}
