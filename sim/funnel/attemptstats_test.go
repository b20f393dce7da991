package funnel

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// TestAttemptMetricsRecount: on the default company, called_once_share
// and converted_reached_by_6th_share equal the same counts made from the
// call and opportunity hooks; with one attempt per hand-off every
// attempted hand-off is called once; with at most 6 attempts every
// opportunity is reached by the 6th, and with 12 some are not.
func TestAttemptMetricsRecount(t *testing.T) {
	for _, tc := range []struct {
		name     string
		attempts int
	}{{"one attempt", 1}, {"six attempts", 6}, {"twelve attempts", 12}} {
		t.Run(tc.name, func(t *testing.T) {
			s := loadDefault(t, 120, 300, 1)
			s.Policies = s.Policies[:1]
			s.Policies[0].Attempts, s.Policies[0].SpacingHours = tc.attempts, 4
			var first, second, opps, by6 float64
			h := &hooks{
				call: func(_ float64, p *prospect) {
					if p.flags&(fCounted|fOutbound) != fCounted {
						return
					}
					switch p.attempts {
					case 1:
						first++
					case 2:
						second++
					}
				},
				opp: func(_ float64, p *prospect) {
					if p.flags&fCounted != 0 && p.flags&fOutbound == 0 {
						opps++
						if p.attempts <= 6 {
							by6++
						}
					}
				},
			}
			_, r := runOne(t, s, h)
			require.Positive(t, first)
			require.Positive(t, r.Metrics[Opportunities])
			require.Equal(t, r.Metrics[Opportunities], opps)
			require.Equal(t, (first-second)/first, r.Metrics[CalledOnceShare])
			require.Equal(t, by6/opps, r.Metrics[ConvertedReachedBy6thShare])
			switch tc.attempts {
			case 1:
				require.Equal(t, 1.0, r.Metrics[CalledOnceShare])
				require.Equal(t, 1.0, r.Metrics[ConvertedReachedBy6thShare])
			case 6:
				require.Equal(t, 1.0, r.Metrics[ConvertedReachedBy6thShare])
				require.Less(t, r.Metrics[CalledOnceShare], 1.0)
			case 12:
				require.Less(t, r.Metrics[ConvertedReachedBy6thShare], 1.0)
			}
		})
	}
}

// TestReadinessPartition: the five readiness shares partition the
// hand-offs (they sum to 1), and each equals the count of the hand-offs
// classified from the prospect's truth, independently, in the hand-off
// hook.
func TestReadinessPartition(t *testing.T) {
	s := loadDefault(t, 120, 300, 1)
	for pol := range s.Policies {
		var n [numReady]float64
		var all float64
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		sm.hook = &hooks{sales: func(_ float64, p *prospect) {
			if p.flags&fCounted == 0 {
				return
			}
			all++
			g := p.kind == kindGenuine
			budget := p.budget == budgetAllocated || (p.budget == budgetAfterSolutions && !sm.r.StrictBudget)
			bant := g && budget && p.auth == authDecisionMaker && p.stage >= stObjective
			switch {
			case !g || !p.fitHigh || p.auth == authNone:
				n[readyUnqualified]++
			case bant:
				n[readyBANT]++
			case p.stage >= stObjective:
				n[readyRequirements]++
			case p.stage == stAware:
				n[readyNeed]++
			default:
				n[readyRightContact]++
			}
		}}
		r, err := sm.Run(context.Background(), 0, pol)
		require.NoError(t, err)
		require.Equal(t, r.Metrics[Handoffs], all)
		var sum float64
		for c, mt := range readinessMetric {
			sum += r.Metrics[mt]
			require.InDelta(t, n[c]/all, r.Metrics[mt], 1e-12, "%s, %s", s.Policies[pol].Name, mt)
		}
		require.InDelta(t, 1, sum, 1e-12)
	}
}

// TestSalesReadyAtCaptureAnalytic: one channel of 60% genuine prospects
// (40% students), stages 30/30/20/20%, contacts 30% decision makers, 20%
// without a role, one segment whose recognised objectives come with a
// budget allocated (40%) or to be set after seeing solutions (40%). Only a
// prospect with a recognised objective meets need and timeline, and it is
// sales-ready (3 of 4) if it also has a budget or a decision maker:
// 0.6 x 0.4 x (1 - 0.7 x 0.2) = 0.2064, within 4 standard errors.
func TestSalesReadyAtCaptureAnalytic(t *testing.T) {
	s := journeyScenario(newPolicy("objective", "objective"))
	c := &s.Marketing.Channels[0]
	c.Kinds = scenarios.KindMix{Genuine: 0.6, Student: 0.4}
	c.Stages = scenarios.StageMix{NoNeed: 0.3, ProblemAware: 0.3, Objective: 0.2, Evaluating: 0.2}
	c.Authority = scenarios.AuthMix{DecisionMaker: 0.3, Influencer: 0.5, None: 0.2}
	s.Segments[0].BudgetAllocated, s.Segments[0].BudgetAfterSolutions = 0.4, 0.4
	s.HorizonDays, s.ObserveDays = 60, 60
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	var ready, n float64
	for rep := range 4 {
		r, err := sm.Run(context.Background(), rep, 0)
		require.NoError(t, err)
		ready += r.Metrics[SalesReadyAtCaptureShare] * r.Metrics[Inquiries]
		n += r.Metrics[Inquiries]
	}
	const want = 0.6 * 0.4 * (1 - 0.7*0.2)
	se := math.Sqrt(want * (1 - want) / n)
	require.InDelta(t, want, ready/n, 4*se, "n = %v", n)
}
