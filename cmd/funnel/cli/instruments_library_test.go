package cli

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// TestInstrumentsEveryEmbeddedScenario: funnel sensitivity, select and
// decompose run on every embedded scenario (funnel sweep has its own
// TestSweepEveryEmbeddedScenario), on a ten-day horizon with one or two
// replications: the instruments take any scenario the library ships.
func TestInstrumentsEveryEmbeddedScenario(t *testing.T) {
	for _, name := range scenarios.Names() {
		t.Run(name, func(t *testing.T) {
			res, err := scenarios.LoadEmbedded(name, nil)
			require.NoError(t, err)
			pols := res.Scenario.Policies
			a, b := pols[0].Name, pols[len(pols)-1].Name
			short := []string{"--set", "horizon_days=10", "--set", "warmup_days=0", "--set", "checks=[]"}
			dir := t.TempDir()
			run := func(args ...string) {
				t.Helper()
				code, _, stderr := call(t, context.Background(), append(args, short...)...)
				require.Equal(t, ExitOK, code, "%v: %s", args, stderr)
			}
			run("sensitivity", name, "--vary", "policies."+b+".attempts=1..4", "--output", b+".revenue - "+a+".revenue",
				"--trajectories", "2", "--reps", "1", "--bootstrap", "50", "--out", filepath.Join(dir, "sens"), "-q")
			run("select", name, "--objective", "revenue", "--delta", "1e9", "--n0", "2", "--max-reps", "3", "--out", filepath.Join(dir, "select"), "-q")
			run("decompose", name, a, b, "--metric", "revenue", "--by", "families", "--reps", "2", "--out", filepath.Join(dir, "decompose"), "-q")
		})
	}
}
