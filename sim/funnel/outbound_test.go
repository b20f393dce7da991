package funnel

import (
	"math"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// TestOutboundInquiries: with marketing's leads never handed over, reps
// prospecting 10 h a week each at 0.5 prospects an hour find about
// reps x 10/168 x 0.5 per hour of the horizon (a Poisson count, within 4
// sd); the marketing prospects are the same, bit for bit, and none of the
// outbound ones is counted as marketing's (inquiries, outcomes).
func TestOutboundInquiries(t *testing.T) {
	run := func(hours, rate float64) (*Sim, Result) {
		s := journeyScenario(neverHand())
		s.WarmupDays = 0
		s.Sales.Prospecting.HoursPerWeek, s.Sales.Prospecting.InquiriesPerHour = hours, rate
		return runOne(t, s, nil)
	}
	s0, r0 := run(0, 0)
	s1, r1 := run(10, 0.5)
	want := 50 * 10.0 / 168 * 0.5 * 60 * 24
	require.Zero(t, s0.obFound)
	require.InDelta(t, want, s1.obFound, 4*math.Sqrt(want), "found %g, expected %g", s1.obFound, want)
	require.Equal(t, r0.Metrics[Inquiries], r1.Metrics[Inquiries])
	require.Equal(t, r0.Outcomes, r1.Outcomes, "marketing's prospects are unchanged")
	require.Equal(t, r0.Metrics[Inquiries], float64(r1.Outcomes.Total()))
	require.Equal(t, r0.Arrivals+int64(s1.obFound), r1.Arrivals)
	// The reps call them as their own leads: opportunities and deals, none
	// of them marketing's.
	require.Positive(t, s1.obCallHours)
	require.Zero(t, s1.acc.marketingHours)
	require.Zero(t, r1.Metrics[Handoffs])
	require.Zero(t, r1.Metrics[Opportunities])
	require.Positive(t, s1.obWon)
	require.Equal(t, s1.obWon, r1.Metrics[DealsWon])
	require.InDelta(t, s1.obRevenue, s1.acc.revenue, 1e-6*s1.obRevenue)
	require.Zero(t, s1.acc.marketingRevenue)
}

// TestOutboundHoursFromCapacity: reps swamped by marketing's leads (every
// inquiry to sales, far more than they can call) spend all their time on
// them; prospecting a quarter of each week (42 h of 168, always at work,
// finding nobody) takes a quarter of it: their hours on marketing leads
// fall by the prospecting hours.
func TestOutboundHoursFromCapacity(t *testing.T) {
	run := func(hours float64) (*Sim, Result) {
		s := journeyScenario(newPolicy("direct", "direct"))
		s.Marketing.Channels[0].RatePerHour = 40
		s.Sales.Reps = 5
		s.WarmupDays, s.HorizonDays, s.ObserveDays = 0, 30, 30
		s.Sales.Prospecting.HoursPerWeek = hours
		return runOne(t, s, nil)
	}
	s0, _ := run(0)
	s1, _ := run(42)
	window := 30.0 * 24
	require.InDelta(t, 5*window, s0.acc.marketingHours, 0.01*5*window, "saturated reps")
	require.Zero(t, s1.obFound)
	lost := s0.acc.marketingHours - s1.acc.marketingHours
	require.InDelta(t, 5*window/4, lost, 0.02*5*window/4, "hours on marketing leads fall by the prospecting hours")
	require.InDelta(t, s1.obHours, lost, 0.02*s1.obHours)
}

// TestOutboundConservation: on the default company with prospecting on,
// under every policy, every counted (marketing) prospect still ends in
// exactly one state.
func TestOutboundConservation(t *testing.T) {
	s := loadDefault(t, 90, 200, 2)
	s.Sales.Prospecting = scenarios.Prospecting{HoursPerWeek: 4, InquiriesPerHour: 0.5,
		Kinds: scenarios.KindMix{Genuine: 1}, Stages: scenarios.StageMix{ProblemAware: 1, Objective: 1},
		FitHighShare: 0.5, Authority: scenarios.AuthMix{DecisionMaker: 1, Influencer: 1}}
	_, res := runAll(t, s, 2)
	for i, r := range res {
		require.Equal(t, r.Metrics[Inquiries], float64(r.Outcomes.Total()), "job %d: %+v", i, r.Outcomes)
	}
}
