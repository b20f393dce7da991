package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestVerdictMetricFlag: --verdict-metric profit makes the report's
// verdict rank on profit; the manifest and the reproduce command record
// it, so funnel plot redraws the same verdict. Without the flag the
// manifest has no verdict_metric (every output as before); an unknown
// metric is a usage error before any simulation.
func TestVerdictMetricFlag(t *testing.T) {
	verdictOf := func(dir string) string {
		html, err := os.ReadFile(filepath.Join(dir, "report.html"))
		require.NoError(t, err)
		s := string(html)
		_, after, ok := strings.Cut(s, `<p class="verdict">`)
		require.True(t, ok)
		v, _, ok := strings.Cut(after, "</p>")
		require.True(t, ok)
		return v
	}
	dir := filepath.Join(t.TempDir(), "o")
	code, _, stderr := call(t, context.Background(), append([]string{"run", "--reps", "3", "--out", dir,
		"--verdict-metric", "profit"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	var man Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.Equal(t, "profit", man.VerdictMetric)
	require.Contains(t, man.Command, "--verdict-metric profit")
	v := verdictOf(dir)
	require.Contains(t, v, "profit")
	require.NotContains(t, v, "revenue")
	code, _, stderr = call(t, context.Background(), "plot", "--quiet", dir)
	require.Equal(t, ExitOK, code, stderr)
	require.Equal(t, v, verdictOf(dir), "funnel plot redraws the same verdict")

	plain := filepath.Join(t.TempDir(), "p")
	code, _, stderr = call(t, context.Background(), append([]string{"run", "--reps", "3", "--out", plain}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	raw, err := os.ReadFile(filepath.Join(plain, "manifest.json"))
	require.NoError(t, err)
	require.NotContains(t, string(raw), "verdict_metric")
	require.Contains(t, verdictOf(plain), "revenue")

	bad := filepath.Join(t.TempDir(), "bad")
	code, _, stderr = call(t, context.Background(), append([]string{"run", "--verdict-metric", "mqls", "--out", bad}, small...)...)
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, `--verdict-metric: got "mqls", expected revenue or profit`)
	require.NoDirExists(t, bad)
}
