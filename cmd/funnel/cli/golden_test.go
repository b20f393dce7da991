package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// goldenDir holds the bit-exact results of every embedded scenario.
const goldenDir = "../../../testdata/golden"

// goldenSeeds and goldenReps are the runs the harness pins down: two seeds,
// a few replications, every embedded scenario.
var goldenSeeds = []string{"1", "2"}

const goldenReps = "2"

// TestGoldenResults runs every embedded scenario (scenarios/findings/
// included) at two seeds and compares summary.json's policies,
// replications.csv and a digest of detail.csv byte for byte with
// testdata/golden. A change that moves any result must update these files
// (go test ./cmd/funnel/cli -run TestGoldenResults -update) in the same
// commit and say why in its message.
func TestGoldenResults(t *testing.T) {
	names := append(scenarios.Names(), scenarios.FindingNames()...)
	require.NotEmpty(t, names)
	seen, ran := map[string]bool{}, 0
	for _, name := range names {
		for _, seed := range goldenSeeds {
			base := strings.ReplaceAll(name, "/", "_") + ".seed" + seed
			t.Run(base, func(t *testing.T) {
				ran++
				dir := filepath.Join(t.TempDir(), "run")
				code, _, stderr := call(t, context.Background(), "run", name, "--reps", goldenReps, "--seed", seed,
					"--workers", "2", "--plots=false", "--quiet", "--out", dir)
				// A story scenario's checks are decided at its own
				// replications (TestStoryChecksPass), not at the
				// harness's two: a failed check still writes every file.
				require.Contains(t, []int{ExitOK, ExitChecksFailed}, code, stderr)
				var sum struct {
					Policies json.RawMessage `json:"policies"`
				}
				raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
				require.NoError(t, err)
				require.NoError(t, json.Unmarshal(raw, &sum))
				reps, err := os.ReadFile(filepath.Join(dir, "replications.csv"))
				require.NoError(t, err)
				detail, err := os.ReadFile(filepath.Join(dir, "detail.csv"))
				require.NoError(t, err)
				digest := sha256.Sum256(detail)
				files := map[string][]byte{
					base + ".policies.json":     append(bytes.TrimSpace(sum.Policies), '\n'),
					base + ".replications.csv":  reps,
					base + ".detail.csv.sha256": []byte(hex.EncodeToString(digest[:]) + "\n"),
				}
				for f, got := range files {
					seen[f] = true
					path := filepath.Join(goldenDir, f)
					if *update {
						require.NoError(t, os.MkdirAll(goldenDir, 0o755))
						require.NoError(t, os.WriteFile(path, got, 0o644))
						continue
					}
					want, err := os.ReadFile(path)
					require.NoError(t, err, "missing golden file: run go test ./cmd/funnel/cli -run TestGoldenResults -update")
					if !bytes.Equal(want, got) {
						t.Errorf("%s differs from the golden file %s: results moved (rerun with -update only if the change is meant to move them, and say why in the commit message)", f, path)
					}
				}
			})
		}
	}
	if ran != len(names)*len(goldenSeeds) {
		return // a -run filter chose some runs: the stale check needs them all
	}
	// No stale golden files: every file in the folder belongs to a run above.
	entries, err := os.ReadDir(goldenDir)
	require.NoError(t, err)
	for _, e := range entries {
		if !seen[e.Name()] {
			if *update {
				require.NoError(t, os.Remove(filepath.Join(goldenDir, e.Name())))
				continue
			}
			t.Errorf("stale golden file %s: no embedded scenario produces it", e.Name())
		}
	}
}
