package cli

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
	"funnellab/scenarios"
)

// jointArgs is a small joint calibration: two world keys, three findings
// of two scenarios (more targets than keys), short runs.
func jointArgs(dir string, extra ...string) []string {
	return append([]string{"calibrate", "--findings", "hbr_1h_vs_2h,hbr_1h_vs_24h,mit_qual_5m_vs_30m",
		"--fit", "response.hot_window_hours.mean,response.qualify_cold", "--bounds", "response.hot_window_hours.mean=0.05:5",
		"--set", "horizon_days=30", "--set", "observe_days=30", "--reps", "2", "--starts", "3", "--evals", "3",
		"--out", filepath.Join(dir, "w.yaml")}, extra...)
}

// TestCalibrateJointWorkers: the same joint calibration with 1 and 2
// workers writes the same bytes (but for the --workers of the recorded
// command); the report's keys are the written world's values, every target
// is listed with its band, and a two-sided target outside its band exits
// ExitCalibrationMissed.
func TestCalibrateJointWorkers(t *testing.T) {
	var files [2][2]string
	for i, w := range []string{"1", "2"} {
		dir := t.TempDir()
		code, stdout, stderr := call(t, context.Background(), jointArgs(dir, "--workers", w)...)
		require.Equal(t, ExitCalibrationMissed, code, stderr)
		require.Contains(t, stdout, "calibrated 2 keys of embedded:world.yaml to 3 findings of 2 scenarios")
		require.Contains(t, stdout, "identifiability: singular values of W^½J")
		require.Contains(t, stderr, "a two-sided finding is outside its band")
		for j, name := range []string{"w.yaml", "world.calibration.json"} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			require.NoError(t, err)
			files[i][j] = strings.ReplaceAll(strings.ReplaceAll(string(data), "--workers "+w, "--workers N"), dir, "DIR")
		}
		if i > 0 {
			continue
		}
		var js jointJSON
		require.NoError(t, json.Unmarshal([]byte(files[0][1]), &js))
		require.Len(t, js.Keys, 2)
		require.Len(t, js.Targets, 3)
		require.Len(t, js.Jacobian, 3)
		require.Equal(t, "hbr_1h_vs_24h", js.Targets[1].ID)
		require.Equal(t, "at_least", js.Targets[1].Compare)
		require.True(t, math.IsNaN(float64(js.Targets[1].Band[1])), "a lower bound has no upper end (null)")
		require.False(t, math.IsNaN(float64(js.Loss)), "a loss (not null)")
		require.LessOrEqual(t, float64(js.Loss), float64(js.StartLoss))
		res, err := scenarios.LoadFile(filepath.Join(dir, "w.yaml"), nil)
		require.NoError(t, err)
		for _, k := range js.Keys {
			v, _, _, _, err := scenarios.NumberAt(res.Scenario, k.Key)
			require.NoError(t, err)
			require.InDelta(t, k.Estimate, v, 1e-9*max(1, k.Estimate), k.Key)
			lo, hi := float64(k.CI95[0]), float64(k.CI95[1])
			require.True(t, lo <= hi && lo >= k.Bounds[0] && hi <= k.Bounds[1], "%+v", k)
		}
		require.Contains(t, files[0][0], "# Calibrated by: funnel calibrate --findings hbr_1h_vs_2h,hbr_1h_vs_24h,mit_qual_5m_vs_30m")
		require.Contains(t, files[0][0], "#   hbr_1h_vs_24h ")
	}
	require.Equal(t, files[0], files[1], "--workers must not change the outputs")
}

// TestCalibrateJointWorld: --world FILE fits that file's keys: each
// finding scenario is parsed over it (a key only the world sets reaches
// every scenario), the written world is the file's scenario with the
// fitted keys, and its report is named after it.
func TestCalibrateJointWorld(t *testing.T) {
	dir := t.TempDir()
	world := filepath.Join(dir, "myworld.yaml")
	worldData, err := scenarios.Embedded(scenarios.WorldName)
	require.NoError(t, err)
	// The embedded world with a key no finding scenario sets moved.
	mine := strings.Replace(string(worldData), "name: world\n", "name: myworld\n", 1)
	mine = strings.Replace(mine, "  first_call_hours:         # a discovery call\n    dist: lognormal\n    mean: 0.5\n",
		"  first_call_hours:         # a discovery call\n    dist: lognormal\n    mean: 0.9\n", 1)
	require.NotEqual(t, string(worldData), mine)
	require.NoError(t, os.WriteFile(world, []byte(mine), 0o644))
	data, err := scenarios.Embedded("findings/mit_insidesales")
	require.NoError(t, err)
	over, err := scenarios.ParseWith("embedded:findings/mit_insidesales.yaml", data, []string{"response.qualify_hot=0.75"}, scenarios.Parents{scenarios.WorldName: []byte(mine)})
	require.NoError(t, err)
	require.Equal(t, "mit_insidesales", over.Scenario.Name)
	require.Equal(t, 0.75, over.Scenario.Response.QualifyHot, "--set")
	require.Equal(t, 0.9, over.Scenario.Sales.FirstCallHours.Mean, "a key only the world sets reaches the finding scenario")
	plain, err := scenarios.LoadEmbedded("findings/mit_insidesales", nil)
	require.NoError(t, err)
	require.Equal(t, plain.Scenario.Response.ContactHot, over.Scenario.Response.ContactHot, "the finding scenario's own value wins over its parent's")
	require.Equal(t, plain.Scenario.Marketing.Channels, over.Scenario.Marketing.Channels)
	require.NotEqual(t, 0.9, plain.Scenario.Sales.FirstCallHours.Mean)

	code, stdout, stderr := call(t, context.Background(), "calibrate", "--findings", "hbr_1h_vs_2h,hbr_1h_vs_24h",
		"--world", world, "--fit", "response.qualify_cold", "--set", "horizon_days=30", "--set", "observe_days=30",
		"--reps", "2", "--starts", "0", "--evals", "0", "--out", filepath.Join(dir, "fitted.yaml"))
	require.Contains(t, []int{0, ExitCalibrationMissed}, code, stderr)
	require.Contains(t, stdout, "calibrated 1 key of "+world)
	res, err := scenarios.LoadFile(filepath.Join(dir, "fitted.yaml"), nil)
	require.NoError(t, err)
	require.Equal(t, "myworld", res.Scenario.Name)
	require.Equal(t, 0.9, res.Scenario.Sales.FirstCallHours.Mean, "the world's own keys are kept")
	_, err = os.Stat(filepath.Join(dir, "myworld.calibration.json"))
	require.NoError(t, err)
}

// TestCalibrateJointUsage: usage errors exit 2 before any simulation and
// name the flag; the single-scenario mode is unchanged without
// --findings.
func TestCalibrateJointUsage(t *testing.T) {
	dir := t.TempDir()
	exists := filepath.Join(dir, "exists.yaml")
	require.NoError(t, os.WriteFile(exists, nil, 0o644))
	base := []string{"calibrate", "--findings", "hbr_1h_vs_2h,mit_qual_5m_vs_30m", "--fit", "response.qualify_cold"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--findings", "nope"}, `no finding "nope"; findings: `},
		{[]string{"--findings", "hbr_1h_vs_2h,hbr_1h_vs_2h"}, "hbr_1h_vs_2h named twice"},
		{[]string{"--weight", "rule45_3m=2"}, "rule45_3m is not a finding of --findings"},
		{[]string{"--weight", "hbr_1h_vs_2h=-1"}, "expected ID=W with W a number ≥ 0"},
		{[]string{"--step", "0"}, "--step: got 0"},
		{[]string{"--starts", "-1"}, "--starts: got -1"},
		{[]string{"--evals", "-1"}, "--evals: got -1"},
		{[]string{"--reps", "0"}, "--reps: got 0"},
		{[]string{"--fit", "response.nope"}, "--fit"},
		{[]string{"--bounds", "sales.reps=1:5"}, "sales.reps is not a key of --fit"},
		{[]string{"--fit", "segments.smb.no_need_days"}, "its range (docs/scenario.md) excludes 0, which would be a bound of the search"},
		{[]string{"--out", exists}, exists + " already exists"},
		{[]string{"--out", filepath.Join(exists+".d", "w.yaml")}, "the folder " + exists + ".d does not exist"},
		{[]string{"--set", "response.qualify_hot=7"}, "qualify_hot"},
		{[]string{"--world", filepath.Join(dir, "none.yaml")}, "does not exist"},
		{[]string{"reference"}, "expected no SCENARIO argument"},
	} {
		args := append(append([]string(nil), base...), tc.args...)
		code, _, stderr := call(t, context.Background(), args...)
		require.Equal(t, ExitUsage, code, "%v: %s", tc.args, stderr)
		require.Contains(t, stderr, tc.want, tc.args)
		require.NotContains(t, stderr, "evaluation ", "no simulation before a usage error")
	}
	code, _, stderr := call(t, context.Background(), "calibrate", "--findings", "all-fitted,hbr_1h_vs_2h", "--fit", "response.qualify_cold")
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "all-fitted stands alone")
}

// TestResampleTable: a resample takes whole replications, repeats
// included, in the order given.
func TestResampleTable(t *testing.T) {
	tb := results.NewTable([]string{"a", "b"}, []string{"x"}, 3)
	for r := range 3 {
		tb.Set(r, 0, 0, float64(r))
		tb.Set(r, 1, 0, float64(10+r))
	}
	rs := resampleTable(tb, []int{2, 2, 0, 1})
	require.Equal(t, 4, rs.Replications)
	require.Equal(t, []float64{2, 2, 0, 1}, rs.Values[0][0])
	require.Equal(t, []float64{12, 12, 10, 11}, rs.Values[1][0])
	require.NoError(t, rs.Validate())
	require.Nil(t, resampleTable(nil, []int{0}))
}

// TestCalibrateJointUndefined: a target undefined at every point tried
// (one day of inquiries) is an error naming it, not a fit, and writes
// nothing.
func TestCalibrateJointUndefined(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := call(t, context.Background(), "calibrate", "--findings", "mit_qual_5m_vs_30m", "--fit", "response.qualify_cold",
		"--set", "horizon_days=1", "--set", "observe_days=1", "--reps", "1", "--starts", "1", "--evals", "2", "--out", filepath.Join(dir, "w.yaml"))
	require.Equal(t, 1, code, stderr)
	require.Contains(t, stderr, "mit_qual_5m_vs_30m undefined at every point tried")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries)
}
