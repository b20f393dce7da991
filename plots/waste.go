package plots

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"funnellab/palette"
	"funnellab/results"
)

// WastePanels is the number of panels Waste returns (one fewer for a
// table without rep_hours_wasted, written by an older version).
const WastePanels = 4

// wastePanelWidth is about the width of the data area of one waste panel.
const wastePanelWidth = DefaultWidth/WastePanels - 2*vg.Centimeter

// Waste returns the panels of the plot "waste", to be drawn side by side
// (Render, WriteAll): the hand-offs that led to nothing. Each shows, per
// policy, the mean over replications as a bar with its 95% confidence
// interval:
//
//  1. hand-offs rejected or ignored: handoff_waste_share × handoffs, that
//     is rejected + ignored, the hand-offs a rep refused or accepted and
//     then left unattempted past the acceptance window; 0 in a
//     replication without hand-offs;
//  2. the same as a share of the hand-offs: handoff_waste_share, in
//     percent, over the replications with hand-offs;
//  3. off-target hand-offs: off_target_handoff_share × handoffs, the
//     hand-offs whose prospect cannot buy or whose account truly does not
//     fit (they may also be counted in panel 1, when a rep rejected them);
//  4. rep hours that led to nothing: rep_hours_wasted, the rep hours on
//     calls of hand-offs given back unreached or disqualified, or whose
//     opportunity stalled (their spend is wasted_sales_cost, these hours
//     times costs.rep_hour).
//
// All rep time and spend, productive or not, are in Effort.
//
// It returns an error if t is not a valid table, has no policies or no
// replications, or lacks a finite value of handoffs (the shares may be NaN
// only where handoffs is 0).
func Waste(t *results.Table) ([]*plot.Plot, error) {
	ps, err := wastePanels(t)
	if err != nil {
		return nil, fmt.Errorf("plots: waste: %w", err)
	}
	return drawPanels("waste", t.Policies, ps)
}

// barPanel is one panel of bars, one mean with its CI per policy.
type barPanel struct {
	title, yLabel string
	s             []results.Summary
}

// drawPanels draws the panels of the figure name.
func drawPanels(name string, policies []string, ps []barPanel) ([]*plot.Plot, error) {
	out := make([]*plot.Plot, len(ps))
	for i, pn := range ps {
		var err error
		if out[i], err = policyBars(pn.title, pn.yLabel, policies, pn.s, wastePanelWidth); err != nil {
			return nil, fmt.Errorf("plots: %s: %w", name, err)
		}
	}
	return out, nil
}

// wastePanels returns the data of the panels of Waste.
func wastePanels(t *results.Table) ([]barPanel, error) {
	if err := checkTable(t); err != nil {
		return nil, err
	}
	wasted, err := timesHandoffs(t, "handoff_waste_share")
	if err != nil {
		return nil, err
	}
	offTarget, err := timesHandoffs(t, "off_target_handoff_share")
	if err != nil {
		return nil, err
	}
	share, err := metricValues(t, "handoff_waste_share", true)
	if err != nil {
		return nil, err
	}
	ps := []barPanel{
		{joinLines("Hand-offs rejected", "or ignored"), "hand-offs (count)", summarizeAll(wasted)},
		{joinLines("Share of hand-offs", "rejected or ignored"), "handoff_waste_share (%)", summarizeDefined(share, 100)},
		{joinLines("Off-target", "hand-offs"), "hand-offs (count)", summarizeAll(offTarget)},
	}
	if slices.Contains(t.Metrics, "rep_hours_wasted") {
		hours, err := metricSummaries(t, "rep_hours_wasted")
		if err != nil {
			return nil, err
		}
		ps = append(ps, barPanel{joinLines("Rep hours that", "led to nothing"), "rep_hours_wasted (h)", hours})
	}
	return ps, nil
}

// timesHandoffs returns share × handoffs per policy and replication for
// the share metric named, 0 where there are no hand-offs.
func timesHandoffs(t *results.Table, shareMetric string) ([][]float64, error) {
	share, err := metricValues(t, shareMetric, true)
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
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("metric %q of policy %q is %v in replication %d, with %v hand-offs",
					shareMetric, t.Policies[p], share[p][r], r, h)
			}
			out[p][r] = v
		}
	}
	return out, nil
}

// summarizeDefined summarizes each policy's values times scale, leaving
// out NaN (undefined) values; a policy without any has a NaN mean.
func summarizeDefined(vs [][]float64, scale float64) []results.Summary {
	s := make([]results.Summary, len(vs))
	for p, v := range vs {
		var def []float64
		for _, x := range v {
			if !math.IsNaN(x) {
				def = append(def, scale*x)
			}
		}
		s[p] = results.Summarize(def)
	}
	return s
}

// policyBars returns a bar chart of one mean per policy, coloured by
// policy, with 95% confidence intervals, over a data area w wide. A NaN
// mean (nothing defined) has no bar.
func policyBars(title, yLabel string, policies []string, s []results.Summary, w vg.Length) (*plot.Plot, error) {
	p := newPlot(title, "policy", yLabel)
	p.Y.Tick.Marker = siTicks{}
	barW := min(1.5*vg.Centimeter, 0.6*w/vg.Length(len(policies)))
	for i := range policies {
		if math.IsNaN(s[i].Mean) {
			continue
		}
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
