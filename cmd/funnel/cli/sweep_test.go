package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/experiment"
	"funnellab/scenarios"
)

// readDir returns every file of a folder by name.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = b
	}
	return out
}

// TestSweepSameBytesAnyWorkers: a sweep writes the same bytes with 1 and
// 2 workers, for a one-key grid, a two-key grid (heat maps) and a
// three-key Sobol design (scatter rows).
func TestSweepSameBytesAnyWorkers(t *testing.T) {
	for name, args := range map[string][]string{
		"one key":  {"--vary", "sales.reps=19,20,24"},
		"two keys": {"--vary", "sales.reps=19,22", "--vary", "policies.direct_lifo.sla_hours=0,4"},
		"sobol":    {"--vary", "sales.reps=19..24", "--vary", "response.qualify_hot=0.3..0.6", "--vary", "sales.win_rate=0.1..0.3", "--design", "sobol", "--points", "5"},
	} {
		t.Run(name, func(t *testing.T) {
			var outs []map[string][]byte
			var stdouts []string
			for _, w := range []string{"1", "2"} {
				dir := filepath.Join(t.TempDir(), "sweep")
				code, stdout, stderr := call(t, context.Background(), append([]string{"sweep", "reference", "--set", "horizon_days=20", "--reps", "3", "--workers", w, "--out", dir}, args...)...)
				require.Equal(t, ExitOK, code, stderr)
				outs = append(outs, readDir(t, dir))
				stdouts = append(stdouts, strings.ReplaceAll(stdout, dir, "DIR"))
			}
			require.Equal(t, stdouts[0], stdouts[1])
			require.Equal(t, len(outs[0]), len(outs[1]))
			for name, b := range outs[0] {
				if name == "manifest.json" { // times and the command's --workers
					continue
				}
				require.Equal(t, b, outs[1][name], "%s differs between --workers 1 and 2", name)
			}
			for _, f := range []string{"points.csv", "sweep.csv", "summary.json", "report.html"} {
				require.Contains(t, outs[0], f)
			}
		})
	}
}

// TestSweepPolicyByName: a key naming a policy sets that policy; with
// direct_lifo's queue set to fifo it is the direct policy exactly (the
// same prospects, the same rules), and with lifo it differs.
func TestSweepPolicyByName(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sweep")
	code, _, stderr := call(t, context.Background(), "sweep", "reference", "--set", "horizon_days=20", "--reps", "2",
		"--vary", "policies.direct_lifo.queue=fifo,lifo", "--out", dir)
	require.Equal(t, ExitOK, code, stderr)
	var sum experiment.Summary
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &sum))
	require.Equal(t, []string{"policies.1.queue"}, sum.ResolvedKeys)
	f, err := os.Open(filepath.Join(dir, "sweep.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	// value[point][replication/metric][policy]
	vals := map[string]map[string]map[string]string{}
	for _, r := range rows[1:] {
		pt, key := r[0], r[1]+"/"+r[3]
		if vals[pt] == nil {
			vals[pt] = map[string]map[string]string{}
		}
		if vals[pt][key] == nil {
			vals[pt][key] = map[string]string{}
		}
		vals[pt][key][r[2]] = r[4]
	}
	differ := 0
	for key, v := range vals["0"] {
		require.Equal(t, v["direct"], v["direct_lifo"], "fifo point: %s", key)
		if vals["1"][key]["direct"] != vals["1"][key]["direct_lifo"] {
			differ++
		}
		require.Equal(t, v["direct"], vals["1"][key]["direct"], "direct does not depend on direct_lifo's queue: %s", key)
	}
	require.Positive(t, differ, "lifo must change something")
}

// TestSweepNeighbourDiffs: summary.json's paired difference between
// neighbouring points is the difference of their means, with a CI.
func TestSweepNeighbourDiffs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sweep")
	code, _, stderr := call(t, context.Background(), "sweep", "reference", "--set", "horizon_days=20", "--reps", "4",
		"--vary", "sales.reps=19,21,25", "--out", dir)
	require.Equal(t, ExitOK, code, stderr)
	var sum experiment.Summary
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &sum))
	require.Len(t, sum.Points, 3)
	require.Len(t, sum.Neighbours, 2*2) // 2 pairs × 2 policies
	for _, nd := range sum.Neighbours {
		require.Equal(t, nd.From+1, nd.To)
		for _, d := range nd.Diffs {
			if d.Metric != "wait_mean_h" {
				continue
			}
			want := sum.Points[nd.To].Policies[nd.Policy][d.Metric].Mean - sum.Points[nd.From].Policies[nd.Policy][d.Metric].Mean
			require.InDelta(t, want, d.MeanDiff, 1e-9*math.Max(1, math.Abs(want)))
			require.Less(t, d.CI95High, 0.0, "more reps, shorter waits: %+v", d)
		}
	}
}

// TestSweepUsageErrors: bad input is refused with exit code 2 and a
// message naming the flag, before any simulation and without an output
// folder.
func TestSweepUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{nil, "at least one --vary"},
		{[]string{"--vary", "sales.reps"}, "--vary \"sales.reps\": expected KEY=V1,V2"},
		{[]string{"--vary", "sales.reps=5..2", "--design", "lhs", "--points", "4"}, "expected LO < HI"},
		{[]string{"--vary", "sales.reps=5..20"}, "needs a space-filling --design"},
		{[]string{"--vary", "sales.reps=5,6", "--design", "sobol", "--points", "4"}, "needs a range"},
		{[]string{"--vary", "sales.reps=5..20", "--design", "lhs"}, "--points"},
		{[]string{"--vary", "sales.reps=5..20", "--design", "latin", "--points", "4"}, `--design "latin": expected one of grid, lhs, sobol, halton`},
		{[]string{"--vary", "policies.objective.sla_hours=1,2"}, `no entry named "objective"; its entries are 0 direct, 1 direct_lifo`},
		{[]string{"--vary", "sales.repz=1,2"}, `no key "repz"`},
		{[]string{"--vary", "sales.reps=-1,2"}, "design point 0 (sales.reps=-1)"},
		{[]string{"--vary", "sales.reps=0..1000", "--design", "lhs", "--points", "3"}, "allowed range"},
		{[]string{"--vary", "sales.reps=2,3", "--metrics", "revenue,nope"}, `--metrics: unknown metric "nope"`},
		{[]string{"--vary", "sales.reps=2,3", "--diff", "direct,nope"}, `--diff: no policy "nope"`},
		{[]string{"--vary", "sales.reps=2,3", "--reps", "0"}, "--reps: got 0"},
		{[]string{"--vary", "sales.reps=2,3", "--precision", "-1"}, "--precision: got -1"},
		{[]string{"--vary", "sales.reps=2,3", "--precision", "0.1", "--precision-on", "objective.revenue"}, `--precision-on: "objective.revenue": no policy "objective"`},
		{[]string{"--vary", "sales.reps=2,3", "--precision", "0.1", "--reps", "1"}, "at least 2 initial replications"},
		{[]string{"--vary", "sales.reps=2,3", "--precision", "0.1", "--reps", "5", "--max-reps", "3"}, "--max-reps 3 is below"},
	} {
		dir := filepath.Join(t.TempDir(), "sweep")
		code, _, stderr := call(t, context.Background(), append([]string{"sweep", "reference", "--out", dir}, tc.args...)...)
		require.Equal(t, ExitUsage, code, "%v: %s", tc.args, stderr)
		require.Contains(t, stderr, tc.msg, "%v", tc.args)
		require.NotContains(t, stderr, "panic")
		_, err := os.Stat(dir)
		require.True(t, os.IsNotExist(err), "%v: no output folder", tc.args)
	}
}

// TestSweepEveryEmbeddedScenario: a small sweep of a policy's key, the
// policy named, runs on every embedded scenario.
func TestSweepEveryEmbeddedScenario(t *testing.T) {
	for _, name := range scenarios.Names() {
		t.Run(name, func(t *testing.T) {
			res, err := scenarios.LoadEmbedded(name, nil)
			require.NoError(t, err)
			pol := res.Scenario.Policies[len(res.Scenario.Policies)-1].Name
			dir := filepath.Join(t.TempDir(), "sweep")
			code, _, stderr := call(t, context.Background(), "sweep", name, "--set", "horizon_days=10", "--set", "warmup_days=0", "--reps", "1",
				"--vary", "policies."+pol+".attempts=1,2", "--metrics", "revenue", "--out", dir, "-q")
			require.Equal(t, ExitOK, code, stderr)
			for _, f := range []string{"points.csv", "sweep.csv", "summary.json", "report.html", "sweep_revenue.png"} {
				_, err := os.Stat(filepath.Join(dir, f))
				require.NoError(t, err, f)
			}
		})
	}
}
