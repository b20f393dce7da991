package funnel

import (
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// TestServeCost: the cost to serve is the stated share of each won
// customer's deal value by fit. With one share for both fits, gross_margin
// is revenue less that share of the prospects' deals (marketing's and
// direct purchases), exactly; with a cost only on low-fit customers the
// margin falls by less, and profit is gross_margin less marketing, sales
// and cell costs. The share leaves every other metric unchanged.
func TestServeCost(t *testing.T) {
	var prospects float64 // revenue of the counted prospects won: marketing's and direct purchases
	run := func(high, low float64) Result {
		r, won := costRun(t, scenarios.ServeCost{HighFit: high, LowFit: low}, scenarios.Churn{})
		prospects = won
		return r
	}
	none := run(0, 0)
	base := prospects
	both, lowOnly := run(0.5, 0.5), run(0, 2)
	require.Equal(t, base, prospects, "the same deals whatever the cost to serve")
	mx := func(r Result, k Metric) float64 { return r.Metrics[k] }
	require.Equal(t, mx(none, Revenue), mx(none, GrossMargin), "no cost to serve: the margin is the revenue")
	require.Greater(t, prospects, mx(none, MarketingRevenue), "direct purchases too")
	require.InDelta(t, mx(none, Revenue)-0.5*prospects, mx(both, GrossMargin), 1e-6*mx(none, Revenue))
	lowCost := mx(none, Revenue) - mx(lowOnly, GrossMargin)
	require.Greater(t, lowCost, 0.0, "low-fit customers are won")
	require.Less(t, lowCost, 2*prospects, "not every customer is low fit")
	for _, r := range []Result{none, both, lowOnly} {
		require.InDelta(t, mx(r, GrossMargin)-mx(r, MarketingCost)-mx(r, SalesCost)-mx(r, CellCost), mx(r, Profit), 1e-9*mx(none, Revenue))
	}
	for k := range NumMetrics {
		if k != GrossMargin && k != Profit {
			a, b := mx(none, Metric(k)), mx(lowOnly, Metric(k))
			require.True(t, a == b || (a != a && b != b), "metric %s: %g and %g", Names()[k], a, b) // NaN == NaN here
		}
	}
}

// costRun runs one replication of the default company's objective policy
// (120 days, observed to 400) with direct purchases at 0.3 and the given
// cost to serve and churn in every segment, and returns it with the
// revenue of the counted prospects won (marketing's and direct purchases).
func costRun(t *testing.T, serve scenarios.ServeCost, churn scenarios.Churn) (Result, float64) {
	t.Helper()
	s := loadDefault(t, 120, 400, 1)
	s.Policies = []scenarios.Policy{scenarios.Presets["objective"]}
	s.Policies[0].Name = "objective"
	for i := range s.Segments {
		s.Segments[i].DirectShare = 0.3
		s.Segments[i].ServeCost = serve
		s.Segments[i].Churn = churn
	}
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	r, err := sm.Run(t.Context(), 0, 0)
	require.NoError(t, err)
	return r, sm.acc.marketingRevenue + sm.acc.directRevenue
}
