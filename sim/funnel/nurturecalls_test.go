package funnel

import (
	"context"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// nurtureCallPolicy is neverHand with nurture calls.
func nurtureCallPolicy(perMonth, hours, advance float64, max int) scenarios.Policy {
	p := neverHand()
	p.NurtureCalls = scenarios.NurtureCalls{PerMonth: perMonth, Hours: hours, Advance: advance, MaxPerLead: max}
	return p
}

// runOne runs replication 0 of policy 0 and returns the Sim and result.
func runOne(t *testing.T, s scenarios.Scenario, h *hooks) (*Sim, Result) {
	t.Helper()
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	sm.hook = h
	r, err := sm.Run(context.Background(), 0, 0)
	require.NoError(t, err)
	return sm, r
}

// TestNurtureCallHours: leads never handed over, no own pipeline: the
// reps' only work is the nurture calls, so their busy hours are exactly
// calls x hours, each lead gets at most max_per_lead calls, and nearly all
// get them all (a lead at no need for 365 days on average rarely decides
// within the 45 days of its three calls). Off, nothing is worked.
func TestNurtureCallHours(t *testing.T) {
	for _, tc := range []struct {
		perMonth, hours float64
	}{{0, 0.25}, {2, 0.5}, {2, 0.25}, {4, 1}} {
		s := journeyScenario(nurtureCallPolicy(tc.perMonth, tc.hours, 0, 3))
		s.WarmupDays = 0
		sm, r := runOne(t, s, nil)
		n := r.Metrics[Inquiries]
		require.Positive(t, n)
		require.InDelta(t, sm.ncCalls*tc.hours, sm.acc.busy, 1e-6, "per month %g: busy hours = calls x hours", tc.perMonth)
		if tc.perMonth == 0 {
			require.Zero(t, sm.ncCalls)
			require.Zero(t, sm.acc.busy)
			continue
		}
		require.LessOrEqual(t, sm.ncCalls, 3*n)
		require.Greater(t, sm.ncCalls, 0.85*3*n)
		require.InDelta(t, sm.ncHours, sm.acc.busy, 1e-6)
		// Every call reaches (contact_cold 1) a genuine prospect, nearly
		// always still before evaluating.
		require.LessOrEqual(t, sm.ncReached, sm.ncCalls)
		require.Greater(t, sm.ncReached, 0.99*sm.ncCalls)
		require.Zero(t, sm.ncAdvanced)
	}
}

// TestNurtureCallsSpeedJourneys: prospects with a recognised objective
// (mean 20 days to start evaluating, near-instant evaluation) observed
// for 10 days, called every 2 days. With advance 0 the calls leave every
// journey as it was, bit for bit (the same decisions as without calls: the
// calls draw only from the sales stream); the share that reaches
// evaluating (and decides) within the 10 days grows with advance.
func TestNurtureCallsSpeedJourneys(t *testing.T) {
	share := func(perMonth, advance float64) (float64, Result) {
		s := speedScenario(10, nil)
		s.Policies = []scenarios.Policy{nurtureCallPolicy(perMonth, 0.25, advance, 10)}
		s.Replications = 4
		p, _ := decidedShare(t, s)
		_, r := runOne(t, s, nil)
		return p, r
	}
	off, rOff := share(0, 0)
	zero, rZero := share(monthH/48, 0) // every 2 days
	require.Equal(t, off, zero, "calls that never advance change no journey")
	require.Equal(t, rOff.Outcomes, rZero.Outcomes)
	prev := zero
	for _, a := range []float64{0.2, 0.5, 1} {
		p, _ := share(monthH/48, a)
		require.Greater(t, p, prev+0.02, "advance %g", a)
		prev = p
	}
	t.Logf("decided within 10 days: off %.3f, advance 1 %.3f", off, prev)
}

// TestNurtureCallsEngageEarly: under the objective gate, the buyers of the
// opportunities are first engaged at the hand-off call, mostly with an
// objective already; nurture calls engage them earlier (while aware), so
// the share of opportunities engaged before the objective grows, and
// every opportunity's first engagement is at or before its stage at
// opening.
func TestNurtureCallsEngageEarly(t *testing.T) {
	early := func(perMonth float64) float64 {
		p := newPolicy("objective", "objective")
		p.NurtureCalls = scenarios.NurtureCalls{PerMonth: perMonth, Hours: 0.25, Advance: 0, MaxPerLead: 6}
		s := journeyScenario(p)
		withStage(&s, scenarios.StageMix{ProblemAware: 1})
		s.Segments[0].ProblemAwareDays, s.Segments[0].ObjectiveDays = 30, 30
		s.Signals.HandRaise = scenarios.StageRates{Objective: 2, Evaluating: 2} // per week
		var n, e float64
		_, _ = runOne(t, s, &hooks{opp: func(_ float64, p *prospect) {
			require.LessOrEqual(t, p.engagedStage(), p.stage)
			n++
			if p.engagedStage() < stObjective {
				e++
			}
		}})
		require.Positive(t, n)
		return e / n
	}
	off, on := early(0), early(2)
	require.Greater(t, on, off+0.3)
	t.Logf("opportunities engaged before the objective: off %.3f, on %.3f", off, on)
}

// TestNurtureCallsByCell: under a policy with a tele-qualification cell,
// the cell's agents make the nurture calls: with leads never handed over
// (an MQL threshold no score reaches), the agents work exactly calls x
// hours and the reps nothing; the calls engage nobody for sales.
func TestNurtureCallsByCell(t *testing.T) {
	p := newPolicy("cell", "telequal")
	p.NurtureCalls = scenarios.NurtureCalls{PerMonth: 2, Hours: 0.5, Advance: 0.5, MaxPerLead: 3}
	s := journeyScenario(p)
	s.WarmupDays = 0
	s.Scoring.MQLThreshold = 1e6
	var engaged int
	sm, r := runOne(t, s, nil)
	for i := range sm.ps.len() {
		if sm.ps.at(i).engaged != 0 {
			engaged++
		}
	}
	require.Zero(t, r.Metrics[Handoffs])
	require.Positive(t, sm.ncCalls)
	require.InDelta(t, sm.ncCalls*0.5, sm.ncCellHours, 1e-6)
	require.Zero(t, sm.acc.busy, "the reps make no call")
	require.Positive(t, sm.ncAdvanced)
	require.Zero(t, engaged)
	require.Equal(t, sm.ncCalls, r.Metrics[NurtureCalls])
}
