package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCurrencyInOutputs: a scenario's currency is named after the money
// metrics in the terminal table and in report.html, and on the money axes
// of the figures; without one, they say "currency units".
func TestCurrencyInOutputs(t *testing.T) {
	dir := t.TempDir()
	args := []string{"run", "reference", "--set", "horizon_days=30", "--reps", "2", "--metrics", "revenue,handoffs"}
	code, out, stderr := call(t, context.Background(), append(args, "--out", filepath.Join(dir, "a"))...)
	require.Equal(t, ExitOK, code, stderr)
	require.NotContains(t, out, "(EUR)")
	code, out, stderr = call(t, context.Background(), append(args, "--out", filepath.Join(dir, "b"), "--set", "currency=EUR")...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, out, "revenue (EUR)")
	require.NotContains(t, out, "handoffs (EUR)")
	html, err := os.ReadFile(filepath.Join(dir, "b", "report.html"))
	require.NoError(t, err)
	require.True(t, strings.Contains(string(html), " (EUR)"), "report.html names the currency")
	for run, want := range map[string]string{"a": "currency units", "b": "EUR"} {
		svg, err := os.ReadFile(filepath.Join(dir, run, "revenue.svg"))
		require.NoError(t, err)
		require.Contains(t, string(svg), want, "run %s: the revenue axis", run)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "b", "revenue.svg"))
	require.NoError(t, err)
	require.NotContains(t, string(svg), "currency units")
}

// TestSLABreachesNoSLA: the table's difference of sla_breaches against a
// policy without an SLA is n/a, not a count of breaches of nothing.
func TestSLABreachesNoSLA(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := call(t, context.Background(), "run", "default", "--set", "horizon_days=30", "--set", "observe_days=60",
		"--reps", "2", "--metrics", "sla_breaches", "--out", filepath.Join(dir, "a"))
	require.Equal(t, ExitOK, code, stderr)
	var row string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "sla_breaches") && strings.Contains(l, "n/a") {
			row = l
		}
	}
	require.NotEmpty(t, row, "objective (1-hour SLA) against waterfall (none): n/a\n%s", out)
}
