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
// metrics in the terminal table and in report.html, and nowhere without one.
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
}
