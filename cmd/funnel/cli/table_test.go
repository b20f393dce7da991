package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"funnellab/results"
)

// threePolicies is a small run of the reference scenario with a third
// policy, a copy of direct under another name.
var threePolicies = append(append([]string(nil), small...), "--set", "policies.2.name=direct_copy", "--set", "policies.2.base=direct")

// TestTableFitsWidth: with three policies no line of the table is wider
// than tableWidth; the columns that do not fit are a second block led by
// the metric column, and every metric has its row in each block.
func TestTableFitsWidth(t *testing.T) {
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "--reps", "3",
		"--out", filepath.Join(t.TempDir(), "o"), "--plots=false"}, threePolicies...)...)
	require.Equal(t, ExitOK, code, stderr)
	for _, l := range strings.Split(stdout, "\n") {
		require.LessOrEqual(t, utf8.RuneCountInString(l), tableWidth, "%q", l)
	}
	require.Contains(t, stdout, "direct_copy vs direct")
	require.Equal(t, 2, strings.Count(stdout, "\nmetric "), "two blocks:\n%s", stdout)
	require.Equal(t, 2, strings.Count(stdout, "\nrevenue "), stdout)
}

// TestBaselineFlag: --baseline puts the named policy first and compares
// every other with it, in the table, the Markdown table, the manifest and
// the report; an unknown policy is a usage error before any simulation.
func TestBaselineFlag(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "o")
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "--reps", "3", "--out", dir,
		"--baseline", "direct_lifo", "--metrics", "revenue,leaked_prospects"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "direct vs direct_lifo")
	require.NotContains(t, stdout, "direct_lifo vs direct")
	head := strings.Fields(strings.Split(stdout, "\n")[2])
	require.Equal(t, []string{"metric", "direct_lifo", "direct"}, head[:3])
	// leaked_prospects: direct_lifo − direct was +198 ± 190 at seed 3 with
	// 4 replications (run_table.golden); reversed, the sign flips.
	var sum results.Report
	readJSON(t, filepath.Join(dir, "summary.json"), &sum)
	d, ok := sum.Versus("leaked_prospects", "direct_lifo", "direct")
	require.True(t, ok)
	var row string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "leaked_prospects ") {
			row = l
		}
	}
	if d.Significant() {
		require.Contains(t, row, formatDiff(d), row)
		require.Equal(t, d.MeanDiff < 0, strings.Contains(row, " -"), row)
	}
	var man Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.Equal(t, "direct_lifo", man.Baseline)
	require.Contains(t, man.Command, "--baseline direct_lifo")
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	require.True(t, strings.Contains(string(html), "<span>baseline direct_lifo</span>"), "the report compares with the baseline")

	code, stdout, _ = call(t, context.Background(), append([]string{"run", "--reps", "2", "--format", "markdown",
		"--baseline", "direct_lifo", "--metrics", "revenue", "--out", filepath.Join(t.TempDir(), "md"), "--plots=false"}, small...)...)
	require.Equal(t, ExitOK, code)
	require.Contains(t, stdout, "| policy | revenue | Δ revenue |\n|---|---:|---:|\n| direct_lifo | ")
	require.Contains(t, stdout, "Δ: paired difference with direct_lifo")

	bad := filepath.Join(t.TempDir(), "bad")
	code, _, stderr = call(t, context.Background(), append([]string{"run", "--baseline", "nobody", "--out", bad}, small...)...)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, `--baseline: "nobody" is not a policy of the run (policies: direct, direct_lifo)`)
	require.NoDirExists(t, bad)
}

// TestJSONMetrics: --format json with --metrics prints summary.json with
// those metrics only; the file keeps them all.
func TestJSONMetrics(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "o")
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "--reps", "2", "--format", "json",
		"--metrics", "revenue,deals_won", "--out", dir, "--plots=false"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	var got results.Report
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	require.Equal(t, []string{"revenue", "deals_won"}, got.MetricOrder)
	require.Len(t, got.Policies["direct"], 2)
	require.Len(t, got.Comparisons, 2)
	var file results.Report
	readJSON(t, filepath.Join(dir, "summary.json"), &file)
	require.Greater(t, len(file.MetricOrder), 2, "the file holds every metric")
	require.Equal(t, file.Policies["direct"]["revenue"].Mean, got.Policies["direct"]["revenue"].Mean)
}

// TestQuietJSON: -q prints nothing, --format json included.
func TestQuietJSON(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "o")
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "-q", "--reps", "2", "--format", "json",
		"--out", dir, "--plots=false"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.Empty(t, stdout)
	require.FileExists(t, filepath.Join(dir, "summary.json"))
}

// TestOneReplication: with one replication there is no interval: the
// caption says "1 replication" and single values, and a difference is
// its signed value, not "~".
func TestOneReplication(t *testing.T) {
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "--reps", "1",
		"--out", filepath.Join(t.TempDir(), "o"), "--plots=false", "--metrics", "deals_won,leaked_prospects,inquiries"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "· 1 replication · single values, no confidence interval")
	require.NotContains(t, stdout, "1 replications")
	require.NotContains(t, stdout, "~")
	require.NotContains(t, stdout, "±")
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "inquiries ") {
			require.True(t, strings.HasSuffix(l, "="), "the same inquiries under both: %q", l)
		}
	}
}
