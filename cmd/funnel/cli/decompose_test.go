package cli

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
)

// shortDefault is the default company over a short horizon.
var shortDefault = []string{"default", "--set", "horizon_days=30", "--set", "observe_days=90"}

func readDecomposition(t *testing.T, dir string) (map[string]any, []byte) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "decomposition.json"))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	return doc, b
}

// TestDecomposeIdentity decomposes the default company's headline by
// parts (a full factorial): the parts' effects add up to the total
// exactly, the anchored terms too, and the total is the paired
// difference of funnel run's replications of the two policies.
func TestDecomposeIdentity(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	args := append([]string{"decompose"}, shortDefault...)
	args = append(args, "waterfall", "objective", "--metric", "revenue", "--reps", "3", "--out", dir, "--plots=false")
	code, stdout, stderr := call(t, context.Background(), args...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "full factorial 2^7")
	doc, _ := readDecomposition(t, dir)
	total := doc["total"].(map[string]any)["effect"].(float64)
	sumParts, sumTerms := 0.0, 0.0
	parts := doc["parts"].([]any)
	require.Len(t, parts, 7)
	for _, p := range parts {
		sumParts += p.(map[string]any)["effect"].(float64)
		sumTerms += p.(map[string]any)["alone"].(float64)
	}
	for _, e := range doc["interactions"].([]any) {
		sumTerms += e.(map[string]any)["effect"].(float64)
	}
	sumTerms += doc["higher_order"].(map[string]any)["effect"].(float64)
	require.InEpsilon(t, total, sumParts, 1e-9)
	require.InEpsilon(t, total, sumTerms, 1e-9)
	require.Equal(t, true, doc["identity"].(map[string]any)["exact"])

	// The same difference from funnel run, on the same seeds.
	runDir := filepath.Join(t.TempDir(), "r")
	rargs := append([]string{"run"}, shortDefault...)
	rargs = append(rargs, "--reps", "3", "--policies", "waterfall,objective", "--out", runDir, "--plots=false", "-q")
	require.InDelta(t, runPairedDiff(t, runDir, rargs, "waterfall", "objective"), total, 1e-9*math.Max(1, math.Abs(total)))
}

// runPairedDiff runs funnel run with args (writing to dir) and returns the
// mean paired difference b − a of revenue over its replications.
func runPairedDiff(t *testing.T, dir string, args []string, a, b string) float64 {
	t.Helper()
	code, _, stderr := call(t, context.Background(), args...)
	require.Equal(t, ExitOK, code, stderr)
	f, err := os.Open(filepath.Join(dir, "replications.csv"))
	require.NoError(t, err)
	defer f.Close()
	tab, err := results.ReadCSV(f)
	require.NoError(t, err)
	m := tab.MetricIndex("revenue")
	d, err := results.PairedDiff("revenue", a, b, tab.Values[tab.PolicyIndex(a)][m], tab.Values[tab.PolicyIndex(b)][m])
	require.NoError(t, err)
	return d.MeanDiff
}

// TestDecomposeWorkers checks that the outputs are the same bytes with 1
// and 2 workers.
func TestDecomposeWorkers(t *testing.T) {
	var files []map[string][]byte
	for _, w := range []string{"1", "2"} {
		dir := filepath.Join(t.TempDir(), "d"+w)
		args := append([]string{"decompose"}, shortDefault...)
		args = append(args, "waterfall", "objective", "--metric", "deals_won", "--by", "families", "--reps", "3", "--workers", w, "--out", dir, "-q")
		code, _, stderr := call(t, context.Background(), args...)
		require.Equal(t, ExitOK, code, stderr)
		got := map[string][]byte{}
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			if e.Name() == "manifest.json" { // times and the command's --workers
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
			got[e.Name()] = b
		}
		files = append(files, got)
	}
	require.ElementsMatch(t, []string{"decomposition.json", "report.html", "waterfall.png", "waterfall.svg"}, keys(files[0]))
	require.Equal(t, files[0], files[1])
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestDecomposeBadInput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"decompose", "default", "waterfal", "objective", "--metric", "revenue"}, `A: "waterfal" is not a policy of scenario default (its policies: waterfall, objective, direct)`},
		{[]string{"decompose", "default", "waterfall", "nope", "--metric", "revenue"}, `B: "nope" is not a policy`},
		{[]string{"decompose", "default", "waterfall", "objective"}, "--metric is required"},
		{[]string{"decompose", "default", "waterfall", "objective", "--metric", "revenu"}, `--metric: unknown metric "revenu"`},
		{[]string{"decompose", "default", "waterfall", "--metric", "revenue"}, "expected three arguments SCENARIO A B"},
		{[]string{"decompose", "default", "waterfall", "objective", "--metric", "revenue", "--by", "x"}, "--by: got \"x\", expected parts or families"},
	} {
		code, _, stderr := call(t, context.Background(), append(c.args, "--out", out)...)
		require.Equal(t, ExitUsage, code, c.args)
		require.Contains(t, stderr, c.msg)
	}
	_, err := os.Stat(out)
	require.True(t, os.IsNotExist(err), "a refused decomposition wrote %s", out)
	// An --out that exists is refused before any simulation.
	code, _, stderr := call(t, context.Background(), "decompose", "default", "waterfall", "objective", "--metric", "revenue", "--out", t.TempDir())
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "choose another --out")
}

// TestDecomposeIdentical checks that a policy against itself has a zero
// total and no parts.
func TestDecomposeIdentical(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	args := append([]string{"decompose"}, shortDefault...)
	args = append(args, "objective", "objective", "--metric", "revenue", "--reps", "2", "--out", dir, "-q")
	code, _, stderr := call(t, context.Background(), args...)
	require.Equal(t, ExitOK, code, stderr)
	doc, _ := readDecomposition(t, dir)
	require.Equal(t, 0.0, doc["total"].(map[string]any)["effect"].(float64))
	require.Empty(t, doc["parts"])
	require.Equal(t, true, doc["identity"].(map[string]any)["exact"])
}

// TestRunVerdictDecomposition checks that funnel run of the default
// scenario (verdict.decompose: [waterfall, objective]) writes the
// decomposition and says why in its report, that its total is the run's
// own paired difference on the replications it used, that funnel plot
// redraws the same report, and that a run without one of the policies
// skips it and says so in its log.
func TestRunVerdictDecomposition(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	args := append([]string{"run"}, shortDefault...)
	code, _, stderr := call(t, context.Background(), append(args, "--reps", "3", "--out", dir, "-q")...)
	require.Equal(t, ExitOK, code, stderr)
	doc, _ := readDecomposition(t, dir)
	require.Equal(t, "families", doc["by"])
	require.Equal(t, 3.0, doc["replications"])
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	require.Contains(t, string(html), `<p class="why">Why: objective `)
	require.Contains(t, string(html), "Why the winner wins")
	f, err := os.Open(filepath.Join(dir, "replications.csv"))
	require.NoError(t, err)
	tab, err := results.ReadCSV(f)
	f.Close()
	require.NoError(t, err)
	m := tab.MetricIndex("revenue")
	d, err := results.PairedDiff("revenue", "waterfall", "objective",
		tab.Values[tab.PolicyIndex("waterfall")][m], tab.Values[tab.PolicyIndex("objective")][m])
	require.NoError(t, err)
	total := doc["total"].(map[string]any)["effect"].(float64)
	require.InDelta(t, d.MeanDiff, total, 1e-9*math.Max(1, math.Abs(total)))

	require.NoError(t, os.Remove(filepath.Join(dir, "report.html")))
	code, _, stderr = call(t, context.Background(), "plot", dir, "-q")
	require.Equal(t, ExitOK, code, stderr)
	again, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	require.Equal(t, string(html), string(again))

	dir2 := filepath.Join(t.TempDir(), "r2")
	code, _, stderr = call(t, context.Background(), append(args, "--reps", "2", "--policies", "waterfall,direct", "--out", dir2, "--plots=false")...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stderr, `no decomposition of the verdict: \"objective\" is not a policy of the run`)
	_, err = os.Stat(filepath.Join(dir2, "decomposition.json"))
	require.True(t, os.IsNotExist(err))

	code, _, stderr = call(t, context.Background(), append(args, "--set", "verdict.decompose=[waterfall]", "--dry-run")...)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "verdict.decompose: got 1 names, expected none or two policy names [A, B]")
}

// TestDecomposeFraction decomposes two policies that differ in nine parts
// (a 2^(9-3) fraction of resolution IV): the main effects plus the
// higher-order term add up to the total, which is funnel run's paired
// difference, and the two-part interactions come with their aliases.
func TestDecomposeFraction(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "wide.yaml")
	require.NoError(t, os.WriteFile(file, []byte(`extends: default
name: wide
policies:
  wide:
    base: feedback
    qualify: cell
    cell: {agents: 2}
    routing: least_loaded
    priority: own_first
    attempts: 2
    sla_hours: 1
    on_reject: drop
    stall_days: 0
    lead_hours: {open_hour: 9, close_hour: 12}
`), 0o644))
	set := []string{"--set", "horizon_days=20", "--set", "observe_days=60", "--reps", "2"}
	dir := filepath.Join(tmp, "d")
	code, stdout, stderr := call(t, context.Background(), append([]string{"decompose", file, "objective", "wide", "--metric", "revenue", "--out", dir, "--plots=false"}, set...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "fractional factorial 2^(9-3), resolution 4 (65 runs × 2 replications)")
	doc, _ := readDecomposition(t, dir)
	require.Equal(t, true, doc["identity"].(map[string]any)["exact"])
	require.Len(t, doc["parts"], 9)
	require.Equal(t, []any{"G=ABCD", "H=ACEF", "J=CDEF"}, doc["generators"])
	aliased := 0
	for _, e := range doc["interactions"].([]any) {
		if e.(map[string]any)["aliases"] != nil {
			aliased++
		}
	}
	require.Positive(t, aliased)
	total := doc["total"].(map[string]any)["effect"].(float64)
	sum := doc["higher_order"].(map[string]any)["effect"].(float64)
	for _, p := range doc["parts"].([]any) {
		sum += p.(map[string]any)["effect"].(float64)
	}
	require.InDelta(t, total, sum, 1e-9*math.Max(1, math.Abs(total)))

	runDir := filepath.Join(tmp, "r")
	rargs := append([]string{"run", file, "--policies", "objective,wide", "--out", runDir, "--plots=false", "-q"}, set...)
	require.InDelta(t, runPairedDiff(t, runDir, rargs, "objective", "wide"), total, 1e-9*math.Max(1, math.Abs(total)))
}
