package funnel

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// TestClosedOpportunities: every opportunity of a counted prospect is won,
// lost, closed with no decision or still open at the end, so the closes
// and the open ones add up to opportunities exactly; the won closes are
// the marketing deals; win_rate_closed is won over closed. With outcome
// cycles of a fixed length (cv 0) and no stalls, no won or lost
// opportunity closes before its cycle's end, and the accounts that cannot
// buy close with no decision at exactly theirs. Without segments every
// opportunity is decided at the qualifying call: cycles of 0.
func TestClosedOpportunities(t *testing.T) {
	// run runs sm and returns the cycles of its counted prospects' closes,
	// by outcome, as the closes happen (the buffers the medians were
	// selected from keep no cycle of 0, and are reordered).
	run := func(t *testing.T, sm *Sim, pol int) (r Result, cycles [numOutcomes][]float64) {
		sm.hook = &hooks{close: func(at float64, _ int32, p *prospect, o uint8) {
			if p.flags&fCounted != 0 {
				cycles[o] = append(cycles[o], (at-p.oppAt)/24)
			}
		}}
		defer func() { sm.hook = nil }()
		r, err := sm.Run(t.Context(), 0, pol)
		require.NoError(t, err)
		c := &sm.cycleDays
		for o := range cycles {
			require.Equal(t, len(cycles[o]), c[o].len(), "one cycle per close of outcome %d", o)
		}
		return r, cycles
	}
	check := func(t *testing.T, sm *Sim, pol int) (r Result, won, lost, nd []float64) {
		r, c := run(t, sm, pol)
		won, lost, nd = c[outWon], c[outLost], c[outNoDecision]
		closed := float64(len(won) + len(lost) + len(nd))
		open := r.Metrics[OpenOpportunitiesEndShare] * r.Metrics[Opportunities]
		require.Positive(t, closed)
		require.InDelta(t, r.Metrics[Opportunities], closed+open, 1e-9, "opportunities = closed + open at the end")
		require.Equal(t, r.Metrics[MarketingDealsWon], float64(len(won)), "a won close per marketing deal")
		require.Equal(t, float64(len(won))/closed, r.Metrics[WinRateClosed])
		for o, k := range [numOutcomes][2]Metric{
			outWon:        {CycleDaysWonMedian, CycleDaysWonP90},
			outLost:       {CycleDaysLostMedian, CycleDaysLostP90},
			outNoDecision: {CycleDaysNoDecisionMedian, CycleDaysNoDecisionP90},
		} {
			med, p90 := medianQuantile(slices.Clone(c[o]), 0.9)
			require.Equal(t, math.Float64bits(med), math.Float64bits(r.Metrics[k[0]]), "%s", k[0])
			require.Equal(t, math.Float64bits(p90), math.Float64bits(r.Metrics[k[1]]), "%s", k[1])
		}
		return r, won, lost, nd
	}
	t.Run("default company", func(t *testing.T) {
		s := loadDefault(t, 120, 400, 1)
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		for pol := range s.Policies {
			r, _, _, nd := check(t, sm, pol)
			require.NotEmpty(t, nd)
			require.Positive(t, r.Metrics[OpenOpportunitiesEndShare])
			require.LessOrEqual(t, r.Metrics[CycleDaysWonMedian], r.Metrics[CycleDaysWonP90])
		}
	})
	t.Run("fixed outcome cycles", func(t *testing.T) {
		const days = 30.0
		s := loadDefault(t, 120, 400, 1)
		s.Policies = []scenarios.Policy{scenarios.Presets["objective"]}
		s.Policies[0].Name, s.Policies[0].StallDays = "objective", 0
		for i := range s.Segments {
			c := scenarios.Cycle{MedianDays: days}
			s.Segments[i].Cycles = scenarios.Cycles{Won: c, Lost: c, NoDecision: c}
		}
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		r, won, lost, nd := check(t, sm, 0)
		for _, xs := range [][]float64{won, lost, nd} {
			require.NotEmpty(t, xs)
			for _, x := range xs {
				require.GreaterOrEqual(t, x, days*(1-1e-12))
			}
		}
		exact := 0
		for _, x := range nd {
			if math.Abs(x-days) < 1e-9 {
				exact++
			}
		}
		require.Positive(t, exact, "accounts that cannot buy die at the end of their cycle")
		require.GreaterOrEqual(t, r.Metrics[CycleDaysWonMedian], days)
		require.GreaterOrEqual(t, r.Metrics[CycleDaysLostP90], r.Metrics[CycleDaysLostMedian])
	})
	t.Run("reference funnel", func(t *testing.T) {
		r, err := scenarios.LoadEmbedded("reference", nil)
		require.NoError(t, err)
		s := r.Scenario
		s.HorizonDays = 20
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		res, won, lost, nd := check(t, sm, 0)
		require.Empty(t, nd)
		for _, x := range append(won, lost...) {
			require.Zero(t, x)
		}
		require.Zero(t, res.Metrics[OpenOpportunitiesEndShare])
	})
}

// TestRepRevenueCV: the population coefficient of variation of the reps'
// revenue, by hand; one rep, or equal revenues, give 0, and no revenue NaN.
func TestRepRevenueCV(t *testing.T) {
	reps := func(v ...float64) []rep {
		rs := make([]rep, len(v))
		for i, x := range v {
			rs[i].revenue = x
		}
		return rs
	}
	require.InDelta(t, 0.5, repRevenueCV(reps(1, 3)), 1e-15) // mean 2, sd 1
	require.InDelta(t, math.Sqrt(2), repRevenueCV(reps(0, 0, 3)), 1e-15)
	require.Zero(t, repRevenueCV(reps(5)))
	require.Zero(t, repRevenueCV(reps(4, 4)))
	require.True(t, math.IsNaN(repRevenueCV(reps(0, 0))))
	// In a run, the reps' revenues add up to the revenue but for direct
	// purchases.
	s := loadDefault(t, 120, 400, 1)
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	r, err := sm.Run(t.Context(), 0, 0)
	require.NoError(t, err)
	var sum float64
	for i := range sm.reps {
		sum += sm.reps[i].revenue
	}
	require.InDelta(t, r.Metrics[Revenue]-sm.acc.directRevenue, sum, 1e-6*r.Metrics[Revenue])
	require.Positive(t, r.Metrics[RepRevenueCV])
}
