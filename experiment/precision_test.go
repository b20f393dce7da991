package experiment

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
)

// TestRunToPrecision: every point stops with its relative half-width
// within the adjusted target γ/(1+γ) (recomputed here from the table) or
// at the most replications; its first replications are those of a plain
// run (the streams continue); and the outcome does not depend on the
// workers.
func TestRunToPrecision(t *testing.T) {
	_, b := embedded(t, "reference")
	d := Design{Kind: DesignGrid, Keys: []string{"sales.reps"}, Points: [][]string{{"19"}, {"21"}, {"30"}}}
	spec := Spec{Source: "embedded:reference", Bytes: b, Sets: []string{"horizon_days=20"}, Design: d, Reps: 3, Workers: 1}
	q, err := ParseQuantity("revenue", []string{"direct", "direct_lifo"})
	require.NoError(t, err)
	const gamma, maxReps = 0.03, 60
	var runs [][]PointResult
	var reports [][]PrecisionPoint
	for _, w := range []int{1, 2} {
		spec.Workers = w
		p, err := Prepare(spec)
		require.NoError(t, err)
		res, rep, err := p.RunToPrecision(context.Background(), Precision{Relative: gamma, On: q, MaxReps: maxReps})
		require.NoError(t, err)
		runs, reports = append(runs, res), append(reports, rep)
	}
	require.Equal(t, reports[0], reports[1])
	plain, err := Run(context.Background(), spec)
	require.NoError(t, err)
	grew := false
	for i, pr := range runs[0] {
		require.Equal(t, csvOf(t, pr.Table), csvOf(t, runs[1][i].Table))
		require.Equal(t, csvOf(t, plain[i].Table), csvOf(t, pr.Table.Head(3)), "point %d: the first replications are a plain run's", i)
		n := pr.Table.Replications
		grew = grew || n > 3
		worst := 0.0
		for p := range pr.Table.Policies {
			var m results.Moments
			for _, v := range pr.Table.Values[p][pr.Table.MetricIndex("revenue")] {
				m.Add(v)
			}
			lo, hi := results.CI(m, 0.95)
			worst = math.Max(worst, (hi-lo)/2/math.Abs(m.Mean))
		}
		require.InDelta(t, worst, float64(reports[0][i].RelHalfWidth), 1e-9)
		if reports[0][i].Met {
			require.LessOrEqual(t, worst, gamma/(1+gamma))
		} else {
			require.Equal(t, maxReps, n)
		}
	}
	require.True(t, grew, "a 3% target needs more than 3 replications somewhere")

	_, err = ParseQuantity("objective.revenue", []string{"direct"})
	require.ErrorContains(t, err, `no policy "objective"`)
	_, err = ParseQuantity("direct.revenu", []string{"direct"})
	require.ErrorContains(t, err, `unknown metric "revenu"`)
	_, err = ParseQuantity("revenue - direct.revenue", []string{"direct"})
	require.ErrorContains(t, err, "POLICY.METRIC on each side")
	q, err = ParseQuantity("direct.revenue - lifo.profit", []string{"direct", "lifo"})
	require.NoError(t, err)
	require.Equal(t, Quantity{Policy: "direct", Metric: "revenue", Minus: "lifo", MinusMetric: "profit"}, q)
}
