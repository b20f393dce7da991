package cli

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// The moves of a key: multiplicative, clamped to the range, rounded for
// integers; a key at 0 moves by a share of its range.
func TestPerturbMoved(t *testing.T) {
	p := perturbKey{value: 0.9, lo: 0, hi: 1}
	assert.InDelta(t, 0.72, p.moved(-0.2), 1e-12)
	assert.Equal(t, 1.0, p.moved(0.2), "clamped to the range")
	n := perturbKey{value: 3, integer: true, lo: 1, hi: math.Inf(1)}
	assert.Equal(t, []float64{2, 3, 3, 4}, []float64{n.moved(-0.2), n.moved(-0.05), n.moved(0.05), n.moved(0.2)})
	z := perturbKey{value: 0, lo: 0, hi: 10, additive: true, rangeWidth: 10}
	assert.Equal(t, []float64{0, 0, 0.5, 2}, []float64{z.moved(-0.2), z.moved(-0.05), z.moved(0.05), z.moved(0.2)})
}

// A verdict that flips at ±5% is fragile, one that flips only at ±F
// sensitive; invalid moves flip nothing.
func TestPerturbRowClass(t *testing.T) {
	row := func(base bool, verdicts ...string) perturbRow {
		r := perturbRow{BaseReproduced: base}
		for i, m := range perturbMoves(0.2) {
			r.Moves = append(r.Moves, perturbCell{Move: moveLabel(m), Verdict: verdicts[i]})
		}
		return r
	}
	const y, n, x = "reproduced", "not_reproduced", "invalid"
	assert.Equal(t, "robust", rowClass(row(true, y, y, y, y)))
	assert.Equal(t, "robust", rowClass(row(false, n, x, n, x)))
	assert.Equal(t, "sensitive", rowClass(row(true, n, y, y, y)))
	assert.Equal(t, "sensitive", rowClass(row(false, n, n, n, y)))
	assert.Equal(t, "fragile", rowClass(row(true, n, y, n, n)))
	assert.Equal(t, "fragile", rowClass(row(false, n, y, n, n)))
	assert.Equal(t, []string{"-20%", "-5%", "+5%", "+20%"}, []string{moveLabel(-0.2), moveLabel(-0.05), moveLabel(0.05), moveLabel(0.2)})
}

// TestReproducePerturb: --perturb moves the calibrated keys and the
// numeric keys the finding scenario sets (not its bookkeeping), writes
// perturbation.json and perturbation.md, puts each finding's class in
// findings.json, and gives the same bytes whatever --workers.
func TestReproducePerturb(t *testing.T) {
	tmp := t.TempDir()
	p := writeTinyScenario(t, tmp, "pert", "calibrated: [response.qualify_cold]\nsales: {reps: 20}\nseed: 3\n",
		tinyFinding("always", "fitted", true, ""), tinyFinding("never", "held_out", false, ""))
	var first map[string][]byte
	for _, w := range []string{"1", "3"} {
		out := filepath.Join(t.TempDir(), "out")
		code, stdout, stderr := call(t, context.Background(), "reproduce", p, "--perturb", "0.2", "--workers", w, "--out", out)
		require.Equal(t, ExitChecksFailed, code, stderr)
		assert.Contains(t, stdout, "perturbation ±20% (fragile: flips at ±5%): fragile: none; sensitive: none; robust: 2; unperturbed: 0")
		files := map[string][]byte{}
		for _, f := range []string{"findings.json", "findings.md", "perturbation.json", "perturbation.md"} {
			data, err := os.ReadFile(filepath.Join(out, f))
			require.NoError(t, err)
			files[f] = data
		}
		if first == nil {
			first = files
			continue
		}
		for f, data := range files {
			assert.Equal(t, string(first[f]), string(data), "%s with --workers %s", f, w)
		}
	}
	var pert perturbation
	require.NoError(t, json.Unmarshal(first["perturbation.json"], &pert))
	var keys []string
	for _, r := range pert.Rows {
		if r.Finding == "always" {
			keys = append(keys, r.Key+":"+r.Origin)
			require.Len(t, r.Moves, 4)
		}
	}
	// replications, horizon_days and seed are bookkeeping; calibrated
	// first, then the file's keys.
	assert.Equal(t, []string{"response.qualify_cold:calibrated", "sales.reps:file"}, keys)
	assert.Equal(t, []string{"-20%", "-5%", "+5%", "+20%"}, pert.Moves)
	for _, r := range pert.Rows {
		if r.Key == "sales.reps" {
			assert.Equal(t, []float64{16, 19, 21, 24}, []float64{r.Moves[0].Value, r.Moves[1].Value, r.Moves[2].Value, r.Moves[3].Value})
		}
	}
	var got []reproducedJSON
	require.NoError(t, json.Unmarshal(first["findings.json"], &got))
	for _, f := range got {
		assert.Equal(t, "robust", f.Perturbation, f.ID)
	}
}

// The world's and every finding scenario's calibrated keys are numeric
// keys of it, as funnel reproduce --perturb requires. (A company extending
// the world may replace a list the keys address, such as segments; it is
// not perturbed.)
func TestEmbeddedCalibratedKeys(t *testing.T) {
	for _, name := range append([]string{scenarios.WorldName, scenarios.DefaultName}, scenarios.FindingNames()...) {
		res, err := scenarios.LoadEmbedded(name, nil)
		require.NoError(t, err, name)
		_, err = calibratedKeys(res.Scenario)
		require.NoError(t, err, name)
	}
	sc, err := scenarios.LoadEmbedded("reference", []string{"calibrated=[response.qualify_cold, policies.direct_lifo.queue]"})
	require.NoError(t, err)
	_, err = calibratedKeys(sc.Scenario)
	require.ErrorContains(t, err, "calibrated.1")
	sc, err = scenarios.LoadEmbedded("reference", []string{"calibrated=[response.qualify_cold, policies.direct_lifo.sla_hours]"})
	require.NoError(t, err)
	keys, err := calibratedKeys(sc.Scenario)
	require.NoError(t, err)
	assert.Equal(t, []string{"response.qualify_cold", "policies.1.sla_hours"}, keys, "names resolved to indexes")
}

// A key at 0 moves by a share of its range only when the range is a scale
// (at most 1 wide: a probability, a share); a weight or a count at 0 is a
// part switched off and is listed as not moved.
func TestPerturbKeysAtZero(t *testing.T) {
	data := []byte("extends: default\nname: z\n" +
		"segments: {smb: {share: 0, direct_share: 0}}\n" +
		"sales: {own_pipeline: {tasks_per_week: 0}}\n")
	res, err := scenarios.Parse("z.yaml", data, nil)
	require.NoError(t, err)
	keys, skipped, err := perturbKeys(findingInput{name: "z.yaml", source: "z.yaml", data: data}, res.Scenario)
	require.NoError(t, err)
	moved := map[string]bool{}
	for _, k := range keys {
		moved[k.set] = k.additive
	}
	assert.True(t, moved["segments.smb.direct_share"], "a probability at 0 moves additively")
	var why []string
	for _, s := range skipped {
		why = append(why, s.Key+": "+s.Reason)
	}
	assert.Contains(t, why, "segments.smb.share: 0 with a range of width 1e+06 (a cap, not a scale): no scale to move it by")
	assert.Contains(t, why, "sales.own_pipeline.tasks_per_week: 0 with a range of width 10000 (a cap, not a scale): no scale to move it by")
}
