package funnel

import (
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// TestChurn: churn costs the stated share of each won customer's deal
// value by fit. With one share for both fits, gross_margin is revenue
// less that share of the prospects' deals (marketing's and direct
// purchases), exactly, and adds to the cost to serve; churn on low-fit
// customers only costs less than on all; profit follows gross_margin; no
// other metric moves (revenue included: the sale is booked at the win).
func TestChurn(t *testing.T) {
	var prospects float64 // revenue of the counted prospects won
	run := func(serve, high, low float64) Result {
		r, won := costRun(t, scenarios.ServeCost{HighFit: serve, LowFit: serve}, scenarios.Churn{HighFit: high, LowFit: low})
		prospects = won
		return r
	}
	mx := func(r Result, k Metric) float64 { return r.Metrics[k] }
	none := run(0, 0, 0)
	all, lowOnly, both := run(0, 0.25, 0.25), run(0, 0, 0.25), run(0.5, 0.25, 0.25)
	rev := mx(none, Revenue)
	require.InDelta(t, rev-0.25*prospects, mx(all, GrossMargin), 1e-9*rev)
	require.InDelta(t, rev-0.75*prospects, mx(both, GrossMargin), 1e-9*rev, "churn adds to the cost to serve")
	require.Less(t, mx(all, GrossMargin), mx(lowOnly, GrossMargin), "high-fit customers churn too")
	require.Less(t, mx(lowOnly, GrossMargin), rev, "low-fit customers are won")
	for _, r := range []Result{none, all, lowOnly, both} {
		require.InDelta(t, mx(r, GrossMargin)-mx(r, MarketingCost)-mx(r, SalesCost)-mx(r, CellCost), mx(r, Profit), 1e-9*rev)
		for k := range NumMetrics {
			if k != GrossMargin && k != Profit {
				a, b := mx(none, Metric(k)), mx(r, Metric(k))
				require.True(t, a == b || (a != a && b != b), "metric %s: %g and %g", Names()[k], a, b)
			}
		}
	}
}
