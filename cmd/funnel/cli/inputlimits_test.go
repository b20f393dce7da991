package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

func TestCheckFlagLimits(t *testing.T) {
	args := []string{"run", "reference"}
	for range scenarios.MaxChecks + 1 {
		args = append(args, "--check", "direct.revenue > 0")
	}
	code, _, stderr := call(t, context.Background(), args...)
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "run: --check: given 1001 times, expected at most 1000")

	long := "direct.revenue > " + strings.Repeat("1", scenarios.MaxCheckBytes)
	code, _, stderr = call(t, context.Background(), "run", "reference", "--check", long)
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "run: --check: got a check of 1017 bytes, expected at most 1000")
}

func TestSetFlagLimit(t *testing.T) {
	args := []string{"validate", "reference"}
	for range scenarios.MaxSets + 1 {
		args = append(args, "--set", "seed=2")
	}
	code, _, stderr := call(t, context.Background(), args...)
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "embedded:reference.yaml: got 1001 --set arguments, expected at most 1000")
}

// A scenario name too long for a folder name was refused only when the
// output folder was made, after the whole simulation; it is now a
// validation error.
func TestRunRefusesLongNameBeforeRunning(t *testing.T) {
	long := strings.Repeat("n", 300)
	code, _, stderr := call(t, context.Background(), "run", "reference", "--set", "name="+long)
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "--set name="+long+": name: got a name of 300 bytes")
	require.NotContains(t, stderr, "wrote results")
}

func TestCalibrateFlagCounts(t *testing.T) {
	for _, flag := range []string{"target", "bounds"} {
		args := []string{"calibrate", "reference", "--fit", "sales.reps", "--target", "revenue=1"}
		for range scenarios.MaxSets + 1 {
			args = append(args, "--"+flag, "sales.reps=1")
		}
		code, _, stderr := call(t, context.Background(), args...)
		require.Equal(t, ExitUsage, code, stderr)
		require.Contains(t, stderr, "calibrate: --"+flag+": given 100")
		require.Contains(t, stderr, "times, expected at most 1000")
	}
}
