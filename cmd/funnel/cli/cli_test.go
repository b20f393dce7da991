package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/sim/runner"
)

var update = flag.Bool("update", false, "rewrite golden files")

// call runs the command and returns its exit code, stdout and stderr.
func call(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

// small makes runs of the reference scenario fast: one simulated month.
var small = []string{"reference", "--set", "horizon_days=30"}

func TestRunWritesFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "--reps", "3", "--out", dir}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "direct_lifo vs direct")
	require.Contains(t, stderr, `level=INFO msg="wrote results" dir=`+dir+" ")
	require.NotContains(t, stderr, "\r", "no progress display when stderr is not a terminal")

	var sum struct {
		Scenario     map[string]any                       `json:"scenario"`
		Seed         uint64                               `json:"seed"`
		Replications int                                  `json:"replications"`
		Policies     map[string]map[string]map[string]any `json:"policies"`
		Comparisons  []map[string]any                     `json:"comparisons"`
	}
	readJSON(t, filepath.Join(dir, "summary.json"), &sum)
	require.Equal(t, 3, sum.Replications)
	require.Equal(t, "reference", sum.Scenario["name"])
	require.Len(t, sum.Policies, 2)
	for _, m := range []string{"inquiries", "contacted", "waited_share", "wait_mean_h", "contacted_within_1h_share",
		"hot_contact_share", "qualified_share", "deals_won", "revenue", "rep_utilization"} {
		s := sum.Policies["direct"][m]
		require.NotNil(t, s, m)
		for _, k := range []string{"mean", "sd", "ci95_low", "ci95_high", "p05", "p50", "p95", "n"} {
			require.Contains(t, s, k, "%s.%s", m, k)
		}
	}
	require.Len(t, sum.Comparisons, len(sum.Policies["direct"]), "one pair × every metric")
	for _, k := range []string{"metric", "a", "b", "mean_diff", "ci95_low", "ci95_high"} {
		require.Contains(t, sum.Comparisons[0], k)
	}

	f, err := os.Open(filepath.Join(dir, "replications.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"replication", "policy", "metric", "value"}, rows[0])
	require.Len(t, rows, 1+3*2*len(sum.Policies["direct"]))

	var man Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.True(t, man.Complete)
	require.Equal(t, 3, man.RequestedReplications)
	require.Empty(t, man.Checks)
	var top map[string]any
	readJSON(t, filepath.Join(dir, "summary.json"), &top)
	_, has := top["checks"]
	require.False(t, has, "summary.json has checks only when the run has some")
	require.Equal(t, "embedded:reference.yaml", man.ScenarioSource)
	require.Len(t, man.ScenarioSHA256, 64)
	require.Equal(t, []string{"horizon_days=30"}, man.Sets)
	require.Equal(t, 30.0, man.Scenario.HorizonDays)
	require.Equal(t, 3, man.Replications)
	require.Contains(t, man.Command, "funnel run reference --set horizon_days=30 --seed 1 --reps 3")
	require.False(t, man.End.Before(man.Start))
	entries, err := os.ReadDir(filepath.Dir(dir))
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary directory left behind")
}

// TestRunDefault runs the embedded default scenario (the full model, three
// policies), shortened, and checks the comparison table has every metric.
func TestRunDefault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := call(t, context.Background(), "run", "--reps", "2", "--out", dir,
		"--set", "horizon_days=60", "--set", "observe_days=120")
	require.Equal(t, ExitOK, code, stderr)
	for _, s := range []string{"scenario default", "objective vs waterfall", "direct vs waterfall",
		"handoff_waste_share", "leaked_revenue_rejected", "top5_deals_from_marketing"} {
		require.Contains(t, stdout, s)
	}
}

// TestWorkersDoNotChangeResults: the files are identical bit for bit for
// 1 and 2 workers (the manifest differs only in timing and worker count).
func TestWorkersDoNotChangeResults(t *testing.T) {
	base := t.TempDir()
	for _, w := range []string{"1", "2", "5"} {
		code, _, stderr := call(t, context.Background(), append([]string{"run", "--reps", "5", "--seed", "11", "--workers", w,
			"--out", filepath.Join(base, w), "-q"}, small...)...)
		require.Equal(t, ExitOK, code, stderr)
	}
	for _, f := range []string{"summary.json", "replications.csv"} {
		one, err := os.ReadFile(filepath.Join(base, "1", f))
		require.NoError(t, err)
		for _, w := range []string{"2", "5"} {
			other, err := os.ReadFile(filepath.Join(base, w, f))
			require.NoError(t, err)
			require.Equal(t, string(one), string(other), "%s with %s workers", f, w)
		}
	}
}

// TestRunGolden pins the printed table of a small fixed run.
func TestRunGolden(t *testing.T) {
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "--reps", "4", "--seed", "3",
		"--out", filepath.Join(t.TempDir(), "o")}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	golden := filepath.Join("testdata", "run_table.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(stdout), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), stdout)
}

func TestJSONFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "o")
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "--reps", "2", "--format", "json", "--out", dir}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	file, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	require.Equal(t, string(file), stdout)
	require.True(t, json.Valid([]byte(stdout)))
}

func TestPoliciesFlag(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "o")
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "--reps", "2", "--policies", "direct_lifo", "--out", dir}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "direct_lifo")
	require.NotContains(t, stdout, " vs ")
	var man Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.Equal(t, []string{"direct_lifo"}, man.Policies)
	require.Equal(t, map[string]string{"direct_lifo": "inquiries"}, man.MarketingKPI)
}

// TestInterruptedBeforeAnyReplication: cancelled before a replication
// completes, a run writes nothing and exits 130.
func TestInterruptedBeforeAnyReplication(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "o")
	code, _, stderr := call(t, ctx, "run", "reference", "--reps", "2", "--out", dir)
	require.Equal(t, ExitInterrupted, code)
	require.Contains(t, stderr, "interrupted before any replication completed")
	require.NoDirExists(t, dir)
	entries, err := os.ReadDir(filepath.Dir(dir))
	require.NoError(t, err)
	require.Empty(t, entries, "nothing written")
}

// TestInterruptedWritesCompleteReplications: cancelled (as by Ctrl-C) once
// 3 replications are complete, a run writes those 3, marked incomplete,
// and exits 130; they are the results of a run of 3 replications.
func TestInterruptedWritesCompleteReplications(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	testHookProgress = func(p runner.Progress) {
		if p.Replications == 3 {
			cancel()
		}
	}
	t.Cleanup(func() { testHookProgress = nil })
	base := t.TempDir()
	dir := filepath.Join(base, "partial")
	code, stdout, stderr := call(t, ctx, append([]string{"run", "--reps", "8", "--workers", "1", "--out", dir,
		"--check", "direct.deals_won > 0"}, small...)...)
	require.Equal(t, ExitInterrupted, code, stderr)
	require.Contains(t, stderr, "interrupted after 3 of 8 replications")
	require.Contains(t, stderr, `level=WARN msg="interrupted; wrote the complete replications" dir=`+dir)
	require.Contains(t, stdout, "3 replications", "the table of what is complete")
	require.Contains(t, stdout, "checks: 1 of 1 passed")

	var man Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.False(t, man.Complete)
	require.Equal(t, 3, man.Replications)
	require.Equal(t, 8, man.RequestedReplications)
	require.Len(t, man.Checks, 1)
	require.Contains(t, man.Command, "--reps 3")
	var sum struct {
		Replications int `json:"replications"`
	}
	readJSON(t, filepath.Join(dir, "summary.json"), &sum)
	require.Equal(t, 3, sum.Replications)
	entries, err := os.ReadDir(base)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary directory left behind")

	// The partial results are those of a complete run of 3 replications.
	testHookProgress = nil
	full := filepath.Join(base, "full")
	code, _, stderr = call(t, context.Background(), append([]string{"run", "--reps", "3", "--out", full, "-q"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.Equal(t, string(mustRead(t, filepath.Join(full, "replications.csv"))), string(mustRead(t, filepath.Join(dir, "replications.csv"))))
}

func TestValidateAndVersion(t *testing.T) {
	code, stdout, stderr := call(t, context.Background(), "validate", "reference", "--set", "sales.reps=25")
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "reps: 25")
	require.Contains(t, stdout, "rate_per_hour: 9")

	code, stdout, _ = call(t, context.Background(), "version")
	require.Equal(t, ExitOK, code)
	require.Contains(t, stdout, "funnel "+Version)
	require.Contains(t, stdout, "go1.")

	code, stdout, _ = call(t, context.Background(), "help", "run")
	require.Equal(t, ExitOK, code)
	require.Contains(t, stdout, "--reps")
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	ref, err := os.ReadFile(filepath.Join("..", "..", "..", "scenarios", "reference.yaml"))
	require.NoError(t, err)
	refText := string(ref)
	lineOf := func(text, sub string) int {
		i := strings.Index(text, sub)
		require.GreaterOrEqual(t, i, 0, sub)
		return strings.Count(text[:i], "\n") + 1
	}
	typo := strings.Replace(refText, "  reps:", "  repz:", 1)
	typoFile := write("typo.yaml", typo)
	wrongType := strings.Replace(refText, "rate_per_hour: 9", "rate_per_hour: nine", 1)
	wrongTypeFile := write("type.yaml", wrongType)
	outOfRange := strings.Replace(refText, "qualify_hot: 0.5", "qualify_hot: 1.5", 1)
	rangeFile := write("range.yaml", outOfRange)
	existing := t.TempDir()

	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"unknown command", []string{"fly"}, ExitUsage, []string{`unknown command "fly"`}},
		{"no command", nil, ExitUsage, []string{"no command"}},
		{"unknown flag", []string{"run", "--repz", "3"}, ExitUsage, []string{"unknown flag: --repz"}},
		{"bad flag value", []string{"run", "--reps", "many"}, ExitUsage, []string{"--reps"}},
		{"reps out of range", []string{"run", "reference", "--reps", "0"}, ExitUsage, []string{"--reps: got 0", "[1,100000]"}},
		{"bad format", []string{"run", "reference", "--format", "xml"}, ExitUsage, []string{"table, markdown or json"}},
		{"negative workers", []string{"run", "reference", "--workers", "-1"}, ExitUsage, []string{"--workers"}},
		{"two scenarios", []string{"run", "a.yaml", "b.yaml"}, ExitUsage, []string{"at most one"}},
		{"missing file", []string{"run", filepath.Join(dir, "none.yaml")}, ExitUsage, []string{"does not exist"}},
		{"unknown embedded", []string{"run", "nosuch"}, ExitUsage, []string{`"nosuch"`, "reference"}},
		{"unknown key", []string{"run", typoFile}, ExitUsage,
			[]string{"typo.yaml:" + itoa(lineOf(typo, "repz")), "repz", "reps"}},
		{"wrong type", []string{"run", wrongTypeFile}, ExitUsage,
			[]string{"type.yaml:" + itoa(lineOf(wrongType, "nine")), "marketing.channels.0.rate_per_hour", "nine"}},
		{"out of range", []string{"run", rangeFile}, ExitUsage,
			[]string{"range.yaml:" + itoa(lineOf(outOfRange, "1.5")), "response.qualify_hot", "[0,1]"}},
		{"set out of range", []string{"run", "reference", "--set", "sales.reps=0"}, ExitUsage, []string{"--set sales.reps=0", "sales.reps"}},
		{"set unknown key", []string{"run", "reference", "--set", "sales.repz=3"}, ExitUsage, []string{"sales.repz"}},
		{"set bad index", []string{"run", "reference", "--set", "marketing.channels.5.rate_per_hour=7"}, ExitUsage, []string{"marketing.channels"}},
		{"set without =", []string{"run", "reference", "--set", "sales.reps"}, ExitUsage, []string{"sales.reps"}},
		{"unknown policy", []string{"run", "reference", "--policies", "waterfall"}, ExitUsage, []string{`unknown policy "waterfall"`, "direct, direct_lifo"}},
		{"out exists", []string{"run", "reference", "--out", existing}, ExitUsage, []string{"already exists"}},
		{"validate without file", []string{"validate"}, ExitUsage, []string{"one SCENARIO"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := call(t, context.Background(), tc.args...)
			require.Equal(t, tc.code, code, stderr)
			for _, w := range tc.want {
				require.Contains(t, stderr, w)
			}
			require.NotContains(t, stderr, "panic")
		})
	}
}

func TestFormatCI(t *testing.T) {
	for _, tc := range []struct {
		mean, half float64
		want       string
	}{
		{0.30123, 0.00213, "0.3012 ± 0.0021"},
		{2.5, 0.5, "2.50 ± 0.50"},
		{78836, 120, "78.84k ± 0.12k"},
		{36_123_456, 234_567, "36.12M ± 0.23M"},
		{5, 0, "5 ± 0"},
		{0.5, nan(), "0.5"},
		{nan(), 1, "n/a"},
		{-0.0123, 0.004, "-0.0123 ± 0.0040"},
	} {
		require.Equal(t, tc.want, formatCI(tc.mean, tc.half), "%g ± %g", tc.mean, tc.half)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, v), path)
}

// TestMarkdownFormat: --format markdown prints one row per policy, the
// baseline first, and for each chosen metric its values (shares in
// percent) and the paired difference with the baseline, with the values
// of summary.json.
func TestMarkdownFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "md")
	code, stdout, stderr := call(t, context.Background(), append([]string{"run", "--reps", "3", "--out", dir,
		"--format", "markdown", "--metrics", "revenue,hot_contact_share"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Contains(t, lines[0], "Δ: paired difference with direct")
	require.Equal(t, "| policy | revenue | Δ revenue | hot_contact_share | Δ hot_contact_share |", lines[2])
	require.Equal(t, "|---|---:|---:|---:|---:|", lines[3])
	require.Len(t, lines, 6, "a header, a rule and two policies:\n%s", stdout)
	require.True(t, strings.HasPrefix(lines[4], "| direct | "), lines[4])
	require.Equal(t, 2, strings.Count(lines[4], " | — "), "no difference on the baseline's row: %s", lines[4])
	require.True(t, strings.HasPrefix(lines[5], "| direct_lifo | "), lines[5])
	cells := strings.Split(strings.Trim(lines[5], "| "), " | ")
	require.Len(t, cells, 5)
	require.NotEqual(t, "—", cells[2], "a difference on direct_lifo's row")

	var sum struct {
		Policies map[string]map[string]struct{ Mean float64 } `json:"policies"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &sum))
	hot := sum.Policies["direct_lifo"]["hot_contact_share"].Mean
	require.True(t, strings.HasPrefix(cells[3], formatCI(100*hot, 0)[:2]), "the table shows summary.json's mean in percent: %s vs %g", cells[3], hot)
	require.Contains(t, cells[3], "%")

	code, _, stderr = call(t, context.Background(), append([]string{"run", "--metrics", "revenue,revnue"}, small...)...)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, `--metrics: unknown metric "revnue"`)
}
