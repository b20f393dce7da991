package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"funnellab/results"
)

// tradeOffReport is a run of waterfall (no SLA) and objective (a 1-hour
// SLA) close to the default scenario's: objective brings more revenue,
// costs less per won deal, needs 3.2 times the rep hours, raises
// utilisation from 73% to 89%, leaks less, and breaches its SLA on 45% of
// its hand-offs.
func tradeOffReport(t *testing.T) *results.Report {
	t.Helper()
	metrics := []string{"revenue", "handoffs", "sla_breaches", "rep_utilization", "rep_hours_marketing_leads", "cost_per_won_deal", "leaked_revenue"}
	tab := results.NewTable([]string{"waterfall", "objective"}, metrics, testReps)
	for r := range testReps {
		n := noise(r, 0)
		vals := map[string][2]float64{
			"revenue":                   {58e6 * (1 + 0.02*n), 73.4e6 * (1 + 0.02*n + 0.01*noise(r, 1))},
			"handoffs":                  {30144 + 100*n, 12096 + 50*n},
			"sla_breaches":              {0, 5424 + 40*noise(r, 2)},
			"rep_utilization":           {0.726 + 0.003*n, 0.890 + 0.003*n + 0.002*noise(r, 3)},
			"rep_hours_marketing_leads": {5714 + 50*n, 18089 + 50*n + 30*noise(r, 4)},
			"cost_per_won_deal":         {9588 + 100*n, 4547 + 100*n + 50*noise(r, 5)},
			"leaked_revenue":            {237.7e6 + 2e6*n, 221.4e6 + 2e6*n + 1e6*noise(r, 6)},
		}
		for m, name := range metrics {
			tab.Set(r, 0, m, vals[name][0])
			tab.Set(r, 1, m, vals[name][1])
		}
	}
	sc := map[string]any{"policies": []map[string]any{
		{"name": "waterfall", "gate": "score", "sla_hours": 0},
		{"name": "objective", "gate": "objective", "sla_hours": 1},
	}}
	rep, err := tab.Report(sc, 1)
	require.NoError(t, err)
	return rep
}

// TestTradeOffs: the verdict states the costs beside revenue, each with
// its interval, the SLA kept as a share of hand-offs, and does not compare
// sla_breaches with a policy that has no SLA (issue 11: "the verdict
// speaks of revenue only").
func TestTradeOffs(t *testing.T) {
	rep := tradeOffReport(t)
	assert.Equal(t, "objective", Compared(rep, "waterfall"))
	got := TradeOffs(rep, "objective", "waterfall")
	for _, want := range []string{
		"Against waterfall, objective costs 52.6% less per won deal (95% CI ",
		"needs 3.2 times the rep hours on marketing leads (95% CI 3.2–3.2 times)",
		"raises rep utilisation from 73% to 89% (+16.4 points, 95% CI +16.3 to +16.5)",
		"and leaks 6.9% less revenue to competitors (95% CI ",
		"Speed to lead: objective keeps its 1-hour SLA on 55.1% of its hand-offs (95% CI 55.0%–55.3%)",
		"waterfall has no SLA.",
	} {
		assert.Contains(t, got, want)
	}
	assert.NotContains(t, got, "5424", "the SLA as a share, not a count")
	assert.Equal(t, map[string]float64{"waterfall": 0, "objective": 1}, SLAPolicies(rep))

	page := render(t, Input{Report: rep, Complete: true})
	assert.Contains(t, page, `<p class="tradeoffs">`+esc(got)+`</p>`)
	assert.Contains(t, page, `title="not compared: waterfall has no SLA, so its breaches are not a difference">n/a</td>`)

	// Reversed, the baseline is the one with the SLA.
	back := TradeOffs(rep, "waterfall", "objective")
	assert.Contains(t, back, "lowers rep utilisation from 89% to 73%")
	assert.Contains(t, back, "Speed to lead: waterfall has no SLA; objective keeps its 1-hour SLA")

	// Nothing to say of a policy against itself, nor without the metrics;
	// without a scenario, the SLA is not mentioned.
	assert.Empty(t, TradeOffs(rep, "waterfall", "waterfall"))
	assert.Empty(t, TradeOffs(report2(t, []float64{1, 2}, []float64{2, 3}), "objective", "waterfall"))
	rep.Scenario = nil
	assert.Nil(t, SLAPolicies(rep))
	assert.NotContains(t, TradeOffs(rep, "objective", "waterfall"), "SLA")
}

// TestTradeOffNotSignificant: a difference whose interval includes zero
// is said to be no significant change, with its interval.
func TestTradeOffNotSignificant(t *testing.T) {
	tab := results.NewTable([]string{"a", "b"}, []string{"revenue", "cost_per_won_deal", "rep_utilization"}, testReps)
	for r := range testReps {
		tab.Set(r, 0, 0, 100)
		tab.Set(r, 1, 0, 120)
		tab.Set(r, 0, 1, 1000+10*noise(r, 1))
		tab.Set(r, 1, 1, 1000+10*noise(r, 2))
		tab.Set(r, 0, 2, 0.5)
		tab.Set(r, 1, 2, 0.5)
	}
	rep, err := tab.Report(nil, 1)
	require.NoError(t, err)
	got := TradeOffs(rep, "b", "a")
	assert.Contains(t, got, "Against a, b shows no significant change in cost per won deal (95% CI −")
	assert.Contains(t, got, "and keeps rep utilisation at 50%.")
}
