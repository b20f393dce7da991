package results

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func viewReport(t *testing.T) *Report {
	t.Helper()
	tb := NewTable([]string{"a", "b"}, []string{"x", "y"}, 3)
	for r, v := range []float64{10, 12, 14} {
		tb.Set(r, 0, 0, v)
		tb.Set(r, 1, 0, v+3+float64(r))
		tb.Set(r, 0, 1, 1)
		tb.Set(r, 1, 1, 2)
	}
	rep, err := tb.Report(nil, 1)
	require.NoError(t, err)
	return rep
}

// TestVersus: against a later baseline the difference is the held one
// negated, its interval mirrored and its relative difference taken on
// the baseline's mean.
func TestVersus(t *testing.T) {
	rep := viewReport(t)
	fwd, ok := rep.Versus("x", "a", "b")
	require.True(t, ok)
	back, ok := rep.Versus("x", "b", "a")
	require.True(t, ok)
	require.Equal(t, "b", back.A)
	require.Equal(t, "a", back.B)
	require.InDelta(t, -fwd.MeanDiff, back.MeanDiff, 1e-12)
	require.InDelta(t, -fwd.CI95High, back.CI95Low, 1e-12)
	require.InDelta(t, -fwd.CI95Low, back.CI95High, 1e-12)
	require.InDelta(t, -4/16.0, back.RelDiff, 1e-12, "−4 on b's mean of 16")
	_, ok = rep.Versus("x", "a", "nobody")
	require.False(t, ok)
	require.False(t, math.IsNaN(back.MeanDiff))
}

// TestOnly: a report restricted to some metrics holds those only, in the
// order asked, and leaves the original alone.
func TestOnly(t *testing.T) {
	rep := viewReport(t)
	sub := rep.Only([]string{"y", "nosuch"})
	require.Equal(t, []string{"y"}, sub.MetricOrder)
	require.Len(t, sub.Policies["a"], 1)
	require.Contains(t, sub.Policies["a"], "y")
	require.Len(t, sub.Comparisons, 1)
	require.Equal(t, "y", sub.Comparisons[0].Metric)
	require.Equal(t, []string{"x", "y"}, rep.MetricOrder, "the original is unchanged")
	require.Len(t, rep.Comparisons, 2)
}
