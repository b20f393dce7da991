package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
)

// TestPrecisionRule: the rule holds exactly when every target's 95%
// half-width is at most gamma/(1+gamma) of its absolute mean, from the
// first stage on.
func TestPrecisionRule(t *testing.T) {
	tab := results.NewTable([]string{"a"}, []string{"x"}, 4)
	for i, v := range []float64{10, 12, 11, 13} {
		tab.Set(i, 0, 0, v)
	}
	var m results.Moments
	for _, v := range []float64{10, 12, 11, 13} {
		m.Add(v)
	}
	lo, hi := results.CI(m, 0.95)
	rel := (hi - lo) / 2 / m.Mean // about 0.17
	for _, tc := range []struct {
		gamma float64
		want  bool
	}{{rel * 1.01 / (1 - rel*1.01), true}, {rel * 0.99 / (1 - rel*0.99), false}} {
		r, err := newPrecisionRule(tc.gamma, 3, 10, "", "x", []string{"a"}, []string{"x"})
		require.NoError(t, err)
		require.False(t, r.add(tab, 2), "before the first stage")
		require.Equal(t, tc.want, r.add(tab, 4), "gamma %g, relative half-width %g", tc.gamma, rel)
	}
	_, err := newPrecisionRule(0.01, 5, 10, "a.y", "x", []string{"a"}, []string{"x"})
	require.ErrorContains(t, err, `unknown metric "y"`)
	_, err = newPrecisionRule(0.01, 5, 10, "b.x - a.x", "x", []string{"a"}, []string{"x"})
	require.ErrorContains(t, err, `unknown policy "b"; the run's policies: a`)
}

// TestPrecisionRun: a run to a precision stops at the first replication
// count where the rule holds, writes the same bytes as a run of that many
// replications (whatever the workers), and records what it asked and
// reached; a precision it cannot reach stops at --max-reps with met false.
func TestPrecisionRun(t *testing.T) {
	dir := t.TempDir()
	run := func(name string, args ...string) (string, Manifest) {
		t.Helper()
		out := filepath.Join(dir, name)
		code, _, stderr := call(t, context.Background(), append([]string{"run", "reference", "--plots=false", "--quiet", "--out", out}, args...)...)
		require.Equal(t, ExitOK, code, stderr)
		var man Manifest
		raw, err := os.ReadFile(filepath.Join(out, "manifest.json"))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(raw, &man))
		return out, man
	}
	p1, man := run("p1", "--reps", "4", "--precision", "0.01", "--workers", "1")
	require.NotNil(t, man.Precision)
	require.True(t, man.Precision.Met)
	n := man.Replications
	require.Greater(t, n, 4, "the first stage does not meet 1%%")
	require.Equal(t, n, man.RequestedReplications)
	require.True(t, man.Complete)
	require.Contains(t, man.Command, "--reps "+strconv.Itoa(n))
	for _, q := range man.Precision.On {
		require.LessOrEqual(t, man.Precision.Reached[q], 0.01/1.01)
	}
	// One replication fewer would not have met it: the rule on the
	// written table.
	var tab *results.Table
	{
		f, err := os.Open(filepath.Join(p1, "replications.csv"))
		require.NoError(t, err)
		tab, err = results.ReadCSV(f)
		f.Close()
		require.NoError(t, err)
	}
	r, err := newPrecisionRule(0.01, 4, 1000, "", "revenue", tab.Policies, tab.Metrics)
	require.NoError(t, err)
	require.False(t, r.add(tab, n-1))
	require.True(t, r.add(tab, n))

	p2, _ := run("p2", "--reps", strconv.Itoa(n), "--workers", "1")
	p3, _ := run("p3", "--reps", "4", "--precision", "0.01", "--workers", "2")
	for _, f := range []string{"replications.csv", "summary.json", "detail.csv", "scenario.yaml"} {
		a, err := os.ReadFile(filepath.Join(p1, f))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(p2, f))
		require.NoError(t, err)
		c, err := os.ReadFile(filepath.Join(p3, f))
		require.NoError(t, err)
		require.Equal(t, a, b, "%s: a precision run differs from --reps %d", f, n)
		require.Equal(t, a, c, "%s: a precision run depends on the workers", f)
	}

	// A paired difference as the target, and a precision out of reach.
	_, man = run("p4", "--reps", "3", "--precision", "1e-6", "--max-reps", "6", "--precision-on", "direct.revenue - direct_lifo.revenue")
	require.False(t, man.Precision.Met)
	require.Equal(t, 6, man.Replications)
	require.Equal(t, []string{"direct.revenue - direct_lifo.revenue"}, man.Precision.On)

	code, _, stderr := call(t, context.Background(), "run", "reference", "--precision", "2", "--out", filepath.Join(dir, "bad"))
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "--precision: got 2, expected a relative half-width in (0,1)")
	code, _, stderr = call(t, context.Background(), "run", "reference", "--max-reps", "10", "--out", filepath.Join(dir, "bad"))
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "go with --precision")
	code, _, stderr = call(t, context.Background(), "run", "reference", "--precision", "0.01", "--precision-on", "direct.revnue", "--out", filepath.Join(dir, "bad"))
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, `unknown metric "revnue"`)
	require.False(t, strings.Contains(stderr, "panic"))
}
