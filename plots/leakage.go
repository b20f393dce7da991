package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"funnellab/results"
)

// leakageCauses are the metrics of the leakage plot, stacked from the
// bottom in this order, with their names in the legend (see "Leakage
// causes" in docs/metrics.md).
var leakageCauses = []struct{ metric, label string }{
	{"leaked_revenue_never_handed", "never handed over"},
	{"leaked_revenue_rejected", "rejected by a rep"},
	{"leaked_revenue_ignored", "ignored (never attempted)"},
	{"leaked_revenue_too_late", "reached too late"},
	{"leaked_revenue_lost_in_competition", "lost in competition"},
	{"leaked_revenue_recycled", "recycled by sales"},
}

// Leakage returns the plot "leakage": for each policy a bar of the revenue
// leaked to competitors (the value of the deals counted prospects made with
// a competitor), the mean over replications, split by the cause on our
// side: never handed over, rejected by a rep, ignored, reached too late,
// lost in competition, recycled by sales (metrics leaked_revenue_<cause>,
// which add up to leaked_revenue). The total is printed above each bar. The
// y axis is in currency units.
//
// It returns an error if t is not a valid table, has no policies or no
// replications, or lacks a finite value of one of the six metrics.
func Leakage(t *results.Table) (*plot.Plot, error) {
	if err := checkTable(t); err != nil {
		return nil, fmt.Errorf("plots: leakage: %w", err)
	}
	means := make([][]float64, len(leakageCauses)) // means[cause][policy]
	for c, lc := range leakageCauses {
		s, err := metricSummaries(t, lc.metric)
		if err != nil {
			return nil, fmt.Errorf("plots: leakage: %w", err)
		}
		means[c] = make([]float64, len(s))
		for i := range s {
			means[c][i] = s[i].Mean
		}
	}
	p := newPlot(fmt.Sprintf("Revenue leaked to competitors, by cause (mean of %d replications)", t.Replications),
		"policy", unitLabel("leaked revenue", currencyLabel))
	p.Y.Tick.Marker = siTicks{}
	barW := min(2*vg.Centimeter, 0.5*dataWidth/vg.Length(len(t.Policies)))
	stack, err := stackedBars(means, barW)
	if err != nil {
		return nil, fmt.Errorf("plots: leakage: %w", err)
	}
	for c := range stack {
		p.Add(stack[c])
	}
	for c := len(stack) - 1; c >= 0; c-- { // legend top-down, as stacked
		p.Legend.Add(leakageCauses[c].label, stack[c])
	}
	totals := make([]float64, len(t.Policies))
	notes := make([]string, len(t.Policies))
	for i := range totals {
		totals[i] = stack[len(stack)-1].BarHeight(i)
		notes[i] = formatSI(totals[i])
	}
	labels, err := barNotes(totals, notes, barW, 0)
	if err != nil {
		return nil, fmt.Errorf("plots: leakage: %w", err)
	}
	p.Add(labels)
	categoryAxis(p, t.Policies, dataWidth)
	p.Y.Min = 0
	roomForLegend(p, len(leakageCauses), true)
	return p, nil
}

// stackedBars returns one bar chart per row of heights (heights[c][i] for
// the bar at x = i), each stacked on the one before.
func stackedBars(heights [][]float64, w vg.Length) ([]*plotter.BarChart, error) {
	out := make([]*plotter.BarChart, len(heights))
	for c, h := range heights {
		bars, err := plotter.NewBarChart(plotter.Values(h), w)
		if err != nil {
			return nil, err
		}
		bars.Color = causeColors[c%len(causeColors)]
		bars.LineStyle.Width = vg.Points(0.5)
		if c > 0 {
			bars.StackOn(out[c-1])
		}
		out[c] = bars
	}
	return out, nil
}
