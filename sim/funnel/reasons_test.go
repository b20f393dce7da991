package funnel

import (
	"math"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// rejectAll is a company of good prospects (genuine decision makers at
// fitting accounts, evaluating, with an allocated budget: the true reason
// for rejecting one is "not interested") whose reps reject every hand-off:
// the bar is above any reading. Each inquiry is a hand-raise (an MQL at
// once under the default score), and a rejected lead is dropped.
func rejectAll(pol scenarios.Policy) scenarios.Scenario {
	pol.Veto, pol.OnReject, pol.Routing = "judgement", "drop", "round_robin"
	s := journeyScenario(pol)
	withStage(&s, scenarios.StageMix{Evaluating: 1})
	s.Marketing.Channels[0].Inquiry = "hand_raise"
	s.Segments[0].BudgetAllocated, s.Segments[0].BudgetAfterSolutions = 1, 0
	s.Sales.Judgement.Bar = 10
	return s
}

// TestReasonAccuracyShares: with reason_accuracy a, the reasons given for
// good prospects that are all rejected once have the analytic shares of
// the reading (kind misread with probability 1 − a, as one of the three
// other kinds, equally likely; fit and budget each flipped with
// probability 1 − a): competitor (1 − a)/3, off-target 2(1 − a)/3 +
// a(1 − a), no budget a²(1 − a), not interested a³. At a = 1 every
// reason is the truth's. Each prospect gives one reason and the reading's
// draws are its sales stream's last, so nothing but the reasons moves.
func TestReasonAccuracyShares(t *testing.T) {
	exact := rejectAll(newPolicy("direct_veto", "direct"))
	_, truth := runAll(t, exact, 2)
	const a = 0.7
	noisy := exact
	noisy.Sales.ReasonAccuracy = a
	_, read := runAll(t, noisy, 2)
	want := map[Metric]float64{
		ReasonsCompetitor:    (1 - a) / 3,
		ReasonsOffTarget:     2*(1-a)/3 + a*(1-a),
		ReasonsNoBudget:      a * a * (1 - a),
		ReasonsNotInterested: a * a * a,
	}
	got := map[Metric]float64{}
	var n float64
	for i, r := range read {
		e := truth[i]
		require.Positive(t, e.Metrics[Rejected])
		require.Equal(t, e.Metrics[Rejected], e.Metrics[ReasonsNotInterested], "exact reasons: the truth")
		require.Equal(t, e.Metrics[Handoffs], e.Metrics[Rejected], "every hand-off rejected")
		require.Equal(t, e.Outcomes, r.Outcomes, "the reading moves nothing but the reasons")
		require.Equal(t, e.Metrics[Revenue], r.Metrics[Revenue])
		require.Equal(t, e.Metrics[Rejected], r.Metrics[Rejected])
		sum := 0.0
		for m := range want {
			got[m] += r.Metrics[m]
			sum += r.Metrics[m]
		}
		require.Equal(t, r.Metrics[Rejected], sum, "one reason per rejection")
		n += sum
	}
	for m, p := range want {
		share := got[m] / n
		se := math.Sqrt(p * (1 - p) / n)
		require.InDelta(t, p, share, 4.5*se, "%s: %.4f, analytic %.4f (n %.0f)", m, share, p, n)
	}
}

// TestNoisyReasonsMisleadLearning: every hand-off of good prospects is
// rejected, so the true off-target share is 0 and learning from the
// truth lowers the MQL threshold each period (the bar that the reasons
// call for is the lowest). Read with accuracy a, a fraction 1 − a² of the
// reasons are off-target (kind or fit misread: competitor or off-target):
// at a = 0.9 (0.19, just under the target 0.2) the threshold falls far
// less; at a = 0.6 (0.64) it rises instead. The share learning reads is
// checked against 1 − a².
func TestNoisyReasonsMisleadLearning(t *testing.T) {
	fb := newPolicy("feedback", "feedback")
	s := rejectAll(fb)
	s.HorizonDays, s.ObserveDays, s.Replications = 365, 365, 3
	require.Equal(t, 50.0, s.Scoring.MQLThreshold)
	ends := map[float64][]float64{}
	for _, a := range []float64{1, 0.9, 0.6} {
		sa := s
		sa.Sales.ReasonAccuracy = a
		_, res := runAll(t, sa, 2)
		var off, all float64
		for _, r := range res {
			ends[a] = append(ends[a], r.Metrics[MQLThresholdEnd])
			off += r.Metrics[ReasonsOffTarget] + r.Metrics[ReasonsCompetitor]
			all += r.Metrics[Rejected]
		}
		p := 1 - a*a
		require.InDelta(t, p, off/all, 4.5*math.Sqrt(p*(1-p)/all)+1e-12, "off-target share read at a=%g", a)
	}
	for r := range s.Replications {
		t.Logf("rep %d: threshold at the end %.2f (exact), %.2f (a=0.9), %.2f (a=0.6)", r, ends[1][r], ends[0.9][r], ends[0.6][r])
		require.Less(t, ends[1][r], 20.0, "exact reasons lower the bar")
		require.Less(t, ends[1][r], ends[0.9][r], "noisy reasons lower it less")
		require.Less(t, ends[0.9][r], 50.0)
		require.Greater(t, ends[0.6][r], 50.0, "very noisy reasons raise it")
	}
}
