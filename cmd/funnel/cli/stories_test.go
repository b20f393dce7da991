package cli

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// TestStoryChecksPass runs every embedded scenario that states checks (the
// contested stories of docs/scenarios.md) at its own replications and seed,
// as `funnel run NAME` would, and requires every check to pass: the claim
// each story's file states holds under the conditions it gives. Under
// -short the runs are skipped (the library test of sim/funnel still runs
// one direction of each story on a shortened run).
func TestStoryChecksPass(t *testing.T) {
	if testing.Short() {
		t.Skip("runs each story at its replications")
	}
	ran := 0
	for _, name := range scenarios.Names() {
		r, err := scenarios.LoadEmbedded(name, nil)
		require.NoError(t, err)
		if len(r.Scenario.Checks) == 0 {
			continue
		}
		ran++
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "run")
			code, stdout, stderr := call(t, context.Background(), "run", name, "--plots=false", "--quiet", "--out", dir)
			require.Equal(t, ExitOK, code, "%s: a check of the story failed:\n%s%s", name, stdout, stderr)
		})
	}
	require.GreaterOrEqual(t, ran, 4, "the four contested stories state checks")
}
