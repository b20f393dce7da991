package funnel

import (
	"context"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// twoChannels is a company with one high-volume, cheap, low-quality
// channel (0: students, 2 an hour at 10 a lead) and one low-volume,
// costly, high-quality channel (1: genuine decision makers at fitting
// accounts who are evaluating, 0.2 an hour at 100 a lead). Every inquiry
// is a hand-raise, so both are MQLs at once (threshold 40), under the
// feedback policy (score gate, the reps' veto, learning) measured on kpi
// with KPI weight k.
func twoChannels(kpi string, k float64) scenarios.Scenario {
	pol := newPolicy("feedback_"+kpi, "feedback")
	pol.MeasuredOn, pol.Learning.KPIWeight = kpi, k
	s := journeyScenario(pol)
	cheap, good := s.Marketing.Channels[0], s.Marketing.Channels[0]
	cheap.Name, cheap.RatePerHour, cheap.CostPerLead = "cheap", 2, 10
	cheap.Kinds, cheap.FitHighShare = scenarios.KindMix{Student: 1}, 0
	good.Name, good.RatePerHour, good.CostPerLead = "good", 0.2, 100
	good.Stages = scenarios.StageMix{Evaluating: 1}
	cheap.Inquiry, good.Inquiry = "hand_raise", "hand_raise"
	s.Marketing.Channels = []scenarios.Channel{cheap, good}
	s.Segments[0].EvaluatingDays = 10
	s.Scoring.MQLThreshold = 40
	s.HorizonDays, s.ObserveDays, s.Replications = 365, 365, 3
	return s
}

// kpiRun is one replication's result and the channel weights at its end.
type kpiRun struct {
	res     Result
	weights []float64
}

func runKPI(t *testing.T, s scenarios.Scenario) []kpiRun {
	t.Helper()
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	var out []kpiRun
	for rep := range s.Replications {
		r, err := sm.Run(context.Background(), rep, 0)
		require.NoError(t, err)
		out = append(out, kpiRun{res: r, weights: append([]float64(nil), sm.weights...)})
	}
	return out
}

// TestKPIMovesChannelWeights: fully KPI-driven (kpi_weight 1), marketing
// measured on inquiries or MQLs keeps the cheap channel (more of them per
// unit of spend) and cuts the good one to its floor; measured on SALs,
// opportunities or revenue it keeps the good one and cuts the cheap one
// (students are rejected and never buy). Measured on MQLs, it also lets
// the threshold fall where the reasons raise it.
func TestKPIMovesChannelWeights(t *testing.T) {
	reasons := runKPI(t, twoChannels("mqls", 0))
	for _, tc := range []struct {
		kpi       string
		cheapWins bool
	}{{"inquiries", true}, {"mqls", true}, {"sals", false}, {"opportunities", false}, {"revenue", false}} {
		for i, r := range runKPI(t, twoChannels(tc.kpi, 1)) {
			w := r.weights
			t.Logf("%s rep %d: weights cheap %.2f good %.2f, threshold %.1f", tc.kpi, i, w[0], w[1], r.res.Metrics[MQLThresholdEnd])
			keep, cut := 0, 1 // the channels the KPI favours and disfavours
			if !tc.cheapWins {
				keep, cut = 1, 0
			}
			require.Equal(t, 1.0, w[keep], "%s: channel %d is kept", tc.kpi, keep)
			require.Less(t, w[cut], 0.8, "%s: channel %d is cut", tc.kpi, cut)
			if tc.kpi == "mqls" || tc.kpi == "revenue" {
				require.InDelta(t, 0.2, w[cut], 1e-9, "%s: channel %d is cut to its floor", tc.kpi, cut)
			}
			if tc.kpi == "mqls" {
				base := reasons[i].res.Metrics[MQLThresholdEnd]
				require.Less(t, r.res.Metrics[MQLThresholdEnd], base, "a volume KPI lowers the bar")
				require.Greater(t, r.res.Metrics[Inquiries], reasons[i].res.Metrics[Inquiries], "and buys the cheap volume")
			}
		}
	}
}

// TestKPIWeightZeroIsReasonsOnly: at kpi_weight 0, what marketing is
// measured on changes nothing, bit for bit (the reasons-only learning,
// whose results the golden files pin down).
func TestKPIWeightZeroIsReasonsOnly(t *testing.T) {
	ref := runKPI(t, twoChannels("mqls", 0))
	for _, kpi := range []string{"inquiries", "sals", "opportunities", "revenue"} {
		for i, r := range runKPI(t, twoChannels(kpi, 0)) {
			requireIdentical(t, ref[i].res, r.res, "measured on %s", kpi)
			require.Equal(t, ref[i].weights, r.weights, "measured on %s", kpi)
		}
	}
	// The reasons cut the cheap channel, whose leads are off-target.
	require.Less(t, ref[0].weights[0], ref[0].weights[1])
}
