package funnel

import (
	"testing"

	"funnellab/policies"

	"github.com/stretchr/testify/require"
)

// TestQualifyInMarket: with no buyer receptive by the hot window
// (qualify_hot = qualify_cold = 0), a segment's qualify_in_market = 1 makes
// reached buyers with a recognised objective receptive, and only them:
// every opportunity opens on a genuine buyer at the objective or
// evaluating stage. At 0 (the default) no opportunity opens at all.
func TestQualifyInMarket(t *testing.T) {
	s := withPolicies(t, policies.Entry("direct", "direct"))
	s.Response.QualifyHot, s.Response.QualifyCold = 0, 0
	count := func(inMarket float64) (opps, wrong int) {
		for i := range s.Segments {
			s.Segments[i].QualifyInMarket = inMarket
		}
		runHooked(t, s, 0, 2, &hooks{opp: func(_ float64, p *prospect) {
			opps++
			if p.kind != kindGenuine || p.stage < stObjective {
				wrong++
			}
		}})
		return opps, wrong
	}
	opps, _ := count(0)
	require.Zero(t, opps, "no buyer is receptive")
	opps, wrong := count(1)
	require.Positive(t, opps)
	require.Zero(t, wrong, "only buyers with a recognised objective are receptive")
}

// TestLeadHoursAtAnOddOpening: lead hours opening at 9.45 h (not a binary
// fraction) run to the end, with leads called. The window's opening used
// to round to an instant the window called closed, and the run woke there
// forever (sim.Hours.opening).
func TestLeadHoursAtAnOddOpening(t *testing.T) {
	p := policies.Entry("batch", "objective")
	p.LeadHours.OpenHour, p.LeadHours.CloseHour = 9.45, 10
	s := withPolicies(t, p)
	calls := 0
	runHooked(t, s, 0, 1, &hooks{call: func(float64, *prospect) { calls++ }})
	require.Positive(t, calls)
}
