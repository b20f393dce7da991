package cli

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/sim/funnel"
)

// TestRunFolderScenario: the run folder holds scenario.yaml, the scenario
// as run (--set, --reps, --seed and --policies applied), and running it
// gives the same replications; a scenario file's source in the manifest is
// its absolute path.
func TestRunFolderScenario(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "run")
	code, _, stderr := call(t, context.Background(), append([]string{"run", "--reps", "2", "--seed", "9", "--policies", "direct_lifo",
		"--plots=false", "-q", "--out", dir}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	yml := filepath.Join(dir, "scenario.yaml")
	require.FileExists(t, yml)

	again := filepath.Join(tmp, "again")
	code, _, stderr = call(t, context.Background(), "run", yml, "--plots=false", "-q", "--out", again)
	require.Equal(t, ExitOK, code, stderr)
	want, err := os.ReadFile(filepath.Join(dir, "replications.csv"))
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(again, "replications.csv"))
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "scenario.yaml reruns the same run")

	var man Manifest
	readJSON(t, filepath.Join(again, "manifest.json"), &man)
	require.True(t, filepath.IsAbs(man.ScenarioSource), man.ScenarioSource)
	require.Equal(t, yml, man.ScenarioSource)
	require.Equal(t, 2, man.Replications)
	require.Equal(t, uint64(9), man.Seed)
	require.Equal(t, []string{"direct_lifo"}, man.Policies)
}

// TestDetailBins: detail_bins.csv gives the edges of every bin whose
// counts detail.csv holds: each delay_bin_NN and bucket metric once, the
// low edge below the high one, consecutive bins sharing their edge, the
// last open.
func TestDetailBins(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := call(t, context.Background(), append([]string{"run", "--reps", "1", "--plots=false", "-q", "--out", dir}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	f, err := os.Open(filepath.Join(dir, "detail_bins.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"metric", "low_hours", "high_hours"}, rows[0])
	edges := map[string][2]string{}
	for _, r := range rows[1:] {
		_, dup := edges[r[0]]
		require.False(t, dup, r[0])
		edges[r[0]] = [2]string{r[1], r[2]}
	}
	require.Len(t, edges, funnel.NumDelayBins+3*funnel.NumDelayBuckets)
	for k := range funnel.NumDelayBins {
		e, ok := edges[funnel.DelayBinMetric(k)]
		require.True(t, ok, funnel.DelayBinMetric(k))
		lo, err := strconv.ParseFloat(e[0], 64)
		require.NoError(t, err)
		require.Equal(t, funnel.DelayBinEdges[k], lo)
		if k == funnel.NumDelayBins-1 {
			require.Empty(t, e[1], "the last bin is open")
			continue
		}
		hi, err := strconv.ParseFloat(e[1], 64)
		require.NoError(t, err)
		require.Less(t, lo, hi)
		require.Equal(t, e[1], edges[funnel.DelayBinMetric(k+1)][0], "bin %d ends where the next begins", k)
	}
	require.Equal(t, [2]string{"0.5", "1"}, edges[funnel.TouchesMetric(2)], "30–60 min")
	require.Equal(t, [2]string{"24", ""}, edges[funnel.QualifiedMetric(funnel.NumDelayBuckets-1)], "> 24 h")
}

// TestUsageSlips: "--plots false" is --plots=false, not a scenario named
// "false"; "help bogus" is a usage error.
func TestUsageSlips(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := call(t, context.Background(), append([]string{"run", "--plots", "false", "--reps", "1", "-q", "--out", dir}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.NoFileExists(t, filepath.Join(dir, "revenue.png"), "no figures")
	require.FileExists(t, filepath.Join(dir, "summary.json"))

	o, err := parseRunOptions([]string{"-q", "false", "--plots", "true", "reference"}, nil)
	require.NoError(t, err)
	require.False(t, o.quiet)
	require.True(t, o.plots)
	require.Equal(t, "reference", o.scenario)

	code, stdout, stderr := call(t, context.Background(), "help", "bogus")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, `help: unknown command "bogus"`)
	require.Empty(t, stdout)
	code, stdout, _ = call(t, context.Background(), "help", "run")
	require.Equal(t, ExitOK, code)
	require.Contains(t, stdout, "--baseline")
}
