package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"funnellab/palette"
	"funnellab/results"
)

// funnelStages are the metrics of the funnel plot, in stage order, with
// their names on the axis.
var funnelStages = []struct{ metric, label string }{
	{"inquiries", "inquiries"},
	{"handoffs", "hand-offs\n(incl. repeats)"},
	{"sals", "SALs"},
	{"sqls", "SQLs"},
	{"opportunities", "opportunities"},
	{"marketing_deals_won", "deals won"},
}

// Funnel returns the plot "funnel": for each stage (inquiries, hand-offs,
// SALs, SQLs, opportunities, deals won: metrics inquiries, handoffs, sals,
// sqls, opportunities and marketing_deals_won), one bar per policy side by
// side, its height the mean count over the replications. Above each bar
// after the first stage is the ratio of its mean to the mean of the stage
// before, in percent (the stage-to-stage conversion). Hand-offs can exceed
// 100% of inquiries: a prospect can be handed over more than once
// (docs/metrics.md). Deals won are marketing's (the reps' own-pipeline
// deals are not in the funnel).
//
// It returns an error if t is not a valid table, has no policies or no
// replications, or lacks a finite value of one of these metrics.
func Funnel(t *results.Table) (*plot.Plot, error) {
	if err := checkTable(t); err != nil {
		return nil, fmt.Errorf("plots: funnel: %w", err)
	}
	means := make([][]float64, len(t.Policies)) // means[p][stage]
	for p := range means {
		means[p] = make([]float64, len(funnelStages))
	}
	labels := make([]string, len(funnelStages))
	for k, st := range funnelStages {
		s, err := metricSummaries(t, st.metric)
		if err != nil {
			return nil, fmt.Errorf("plots: funnel: %w", err)
		}
		for p := range s {
			means[p][k] = s[p].Mean
		}
		labels[k] = st.label
	}

	p := newPlot(fmt.Sprintf("Funnel by policy (mean of %d replications)", t.Replications),
		"stage (label: conversion from the stage before)", "count (mean per replication)")
	p.Y.Tick.Marker = siTicks{}
	slot := dataWidth / vg.Length(len(funnelStages))
	barW := 0.85 * slot / vg.Length(len(t.Policies))
	for i, m := range means {
		off := (vg.Length(i) - vg.Length(len(means)-1)/2) * barW
		bars, notes, err := groupedBars(m, conversions(m), palette.PolicyColor(t.Policies, i), barW, off)
		if err != nil {
			return nil, fmt.Errorf("plots: funnel: policy %q: %w", t.Policies[i], err)
		}
		p.Add(bars, notes)
		p.Legend.Add(t.Policies[i], bars)
	}
	categoryAxis(p, labels, dataWidth)
	p.Y.Min = 0
	roomForLegend(p, len(t.Policies), true)
	return p, nil
}

// conversions returns the labels of the bars of one policy: none for the
// first stage, then the ratio of each stage to the one before.
func conversions(m []float64) []string {
	out := make([]string, len(m))
	for k := 1; k < len(m); k++ {
		out[k] = formatPercent(m[k] / m[k-1])
	}
	return out
}

// groupedBars returns the bars of a policy, in its colour c, width w and
// offset off, with a note above each bar.
func groupedBars(heights []float64, notes []string, c color.Color, w, off vg.Length) (*plotter.BarChart, *plotter.Labels, error) {
	bars, err := plotter.NewBarChart(plotter.Values(heights), w)
	if err != nil {
		return nil, nil, err
	}
	bars.Color = c
	bars.LineStyle.Width = 0
	bars.Offset = off
	labels, err := barNotes(heights, notes, w, off)
	if err != nil {
		return nil, nil, err
	}
	return bars, labels, nil
}
