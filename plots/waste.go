package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"funnellab/palette"
	"funnellab/results"
)

// WastePanels is the number of panels Waste returns.
const WastePanels = 3

// wastePanelWidth is about the width of the data area of one waste panel.
const wastePanelWidth = DefaultWidth/WastePanels - 2*vg.Centimeter

// Waste returns the panels of the plot "waste", to be drawn side by side
// (Render, WriteAll). Each shows, per policy, the mean over replications
// as a bar with its 95% confidence interval:
//
//  1. hand-offs that led nowhere: handoff_waste_share × handoffs, that is
//     the hand-offs a rep rejected or accepted and then left unattempted
//     (rejected + ignored), counted per hand-off; 0 in a replication
//     without hand-offs;
//  2. rep hours on marketing leads: rep_hours_marketing_leads, the working
//     hours reps spent on attempts, calls and opportunity work for
//     marketing leads (productive or not: the model does not yet split
//     them by outcome);
//  3. marketing spend: marketing_cost, the cost of the inquiries and of
//     nurturing them, in currency units.
//
// It returns an error if t is not a valid table, has no policies or no
// replications, or lacks a finite value of handoffs,
// rep_hours_marketing_leads or marketing_cost (handoff_waste_share may be
// NaN only where handoffs is 0).
func Waste(t *results.Table) ([]*plot.Plot, error) {
	if err := checkTable(t); err != nil {
		return nil, fmt.Errorf("plots: waste: %w", err)
	}
	wasted, err := wastedHandoffs(t)
	if err != nil {
		return nil, fmt.Errorf("plots: waste: %w", err)
	}
	hours, err := metricSummaries(t, "rep_hours_marketing_leads")
	if err != nil {
		return nil, fmt.Errorf("plots: waste: %w", err)
	}
	cost, err := metricSummaries(t, "marketing_cost")
	if err != nil {
		return nil, fmt.Errorf("plots: waste: %w", err)
	}
	panels := []struct {
		title, yLabel string
		s             []results.Summary
	}{
		{joinLines("Waste: hand-offs", "rejected or ignored"), "hand-offs (count)", summarizeAll(wasted)},
		{joinLines("Rep hours on", "marketing leads"), unitLabel("working hours", hoursLabel), hours},
		{joinLines("Marketing spend", "(inquiries and nurture)"), unitLabel("marketing cost", currencyLabel), cost},
	}
	out := make([]*plot.Plot, len(panels))
	for i, pn := range panels {
		if out[i], err = policyBars(pn.title, pn.yLabel, t.Policies, pn.s, wastePanelWidth); err != nil {
			return nil, fmt.Errorf("plots: waste: %w", err)
		}
	}
	return out, nil
}

// wastedHandoffs returns handoff_waste_share × handoffs per policy and
// replication, 0 where there are no hand-offs.
func wastedHandoffs(t *results.Table) ([][]float64, error) {
	share, err := metricValues(t, "handoff_waste_share", true)
	if err != nil {
		return nil, err
	}
	handoffs, err := metricValues(t, "handoffs", false)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(share))
	for p := range share {
		out[p] = make([]float64, len(share[p]))
		for r, h := range handoffs[p] {
			if h == 0 {
				continue
			}
			v := share[p][r] * h
			if v != v {
				return nil, fmt.Errorf("metric %q of policy %q is NaN in replication %d, with %v hand-offs",
					"handoff_waste_share", t.Policies[p], r, h)
			}
			out[p][r] = v
		}
	}
	return out, nil
}

// policyBars returns a bar chart of one mean per policy, coloured by
// policy, with 95% confidence intervals, over a data area w wide.
func policyBars(title, yLabel string, policies []string, s []results.Summary, w vg.Length) (*plot.Plot, error) {
	p := newPlot(title, "policy", yLabel)
	p.Y.Tick.Marker = siTicks{}
	barW := min(1.5*vg.Centimeter, 0.6*w/vg.Length(len(policies)))
	for i := range policies {
		bars, err := plotter.NewBarChart(plotter.Values{s[i].Mean}, barW)
		if err != nil {
			return nil, fmt.Errorf("policy %q: %w", policies[i], err)
		}
		bars.XMin = float64(i)
		bars.Color = palette.PolicyColor(policies, i)
		bars.LineStyle.Width = 0
		p.Add(bars)
	}
	ci, err := ciBars(s, 0)
	if err != nil {
		return nil, err
	}
	if ci != nil {
		p.Add(ci)
	}
	categoryAxis(p, policies, w)
	p.Y.Min = min(p.Y.Min, 0)
	return p, nil
}
