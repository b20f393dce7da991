package funnel

import (
	"context"
	"math"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// directRun is one (replication, policy) run with its direct-purchase
// tallies.
type directRun struct {
	res           Result
	direct        int64
	directRevenue float64
}

// runDirect runs every (replication, policy) pair of s on one Sim and
// keeps the direct-purchase tallies, which no metric shows yet.
func runDirect(t *testing.T, s scenarios.Scenario) []directRun {
	t.Helper()
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	var out []directRun
	for rep := 0; rep < s.Replications; rep++ {
		for pol := range m.Policies {
			r, err := sm.Run(context.Background(), rep, pol)
			require.NoError(t, err)
			out = append(out, directRun{res: r, direct: sm.acc.direct, directRevenue: sm.acc.directRevenue})
		}
	}
	return out
}

// TestDirectShareAll: with direct_share 1, every buyer that decides with
// no opportunity of ours buys from us. Never handed over, the prospects of
// TestJourneyUnengaged buy from us exactly where they bought from a
// competitor at direct_share 0, at the same deal values (common random
// numbers: the share's draw comes after the decision's), as our revenue but
// not as marketing's.
func TestDirectShareAll(t *testing.T) {
	base := journeyScenario(neverHand())
	withStage(&base, scenarios.StageMix{Evaluating: 1})
	base.Segments[0].EvaluatingDays, base.Segments[0].NoDecision = 10, 0.3
	all := base
	all.Segments = []scenarios.Segment{base.Segments[0]}
	all.Segments[0].DirectShare = 1
	zero, one := runDirect(t, base), runDirect(t, all)
	var n int64
	for i := range zero {
		z, o := zero[i], one[i]
		n += o.direct
		require.Zero(t, z.direct)
		require.Zero(t, o.res.Outcomes.Competitor)
		require.Equal(t, z.res.Outcomes.NoDecision, o.res.Outcomes.NoDecision, "the same prospects decide nothing")
		require.Equal(t, z.res.Outcomes.Competitor, o.res.Outcomes.Won, "every competitor purchase becomes ours")
		require.Equal(t, o.res.Outcomes.Won, o.direct)
		require.Equal(t, float64(o.direct), o.res.Metrics[DealsWon])
		require.Zero(t, o.res.Metrics[MarketingDealsWon])
		require.Zero(t, o.res.Metrics[MarketingRevenue])
		require.Zero(t, o.res.Metrics[LeakedRevenue])
		require.Equal(t, o.res.Metrics[Revenue], o.directRevenue)
		require.InEpsilon(t, z.res.Metrics[LeakedRevenue], o.res.Metrics[Revenue], 1e-12, "at the deal values they would have had")
		require.Equal(t, z.res.Metrics[BoughtWithin3mShare], o.res.Metrics[BoughtWithin3mShare])
	}
	require.Positive(t, n)
}

// TestDirectShareHalf: with direct_share 0.5, half of the buyers without
// an opportunity of ours buy from us, the other half from a competitor.
func TestDirectShareHalf(t *testing.T) {
	s := journeyScenario(neverHand())
	withStage(&s, scenarios.StageMix{Evaluating: 1})
	s.Segments[0].EvaluatingDays, s.Segments[0].DirectShare = 10, 0.5
	var direct, comp int64
	for _, r := range runDirect(t, s) {
		direct += r.direct
		comp += r.res.Outcomes.Competitor
	}
	n := float64(direct + comp)
	p := float64(direct) / n
	require.InDelta(t, 0.5, p, 4*math.Sqrt(0.25/n), "%d direct of %g purchases", direct, n)
}

// TestDirectShareNotWithOpenOpportunity: a buyer whose opportunity with us
// is open is won or lost in competition, never a direct purchase: with
// direct_share 1 and every lead handed over, every purchase from a
// competitor is one lost in competition.
func TestDirectShareNotWithOpenOpportunity(t *testing.T) {
	s := journeyScenario(newPolicy("direct", "direct"))
	withStage(&s, scenarios.StageMix{Objective: 1, Evaluating: 1})
	s.Segments[0].EvaluatingDays, s.Segments[0].DirectShare = 10, 1
	var comp int64
	for _, r := range runDirect(t, s) {
		comp += r.res.Outcomes.Competitor
		require.Equal(t, r.res.Metrics[LeakedRevenue], r.res.Metrics[LeakedRevenueLostInCompetition])
		require.Equal(t, r.res.Outcomes.Won, int64(r.res.Metrics[MarketingDealsWon])+r.direct)
	}
	require.Positive(t, comp)
}
