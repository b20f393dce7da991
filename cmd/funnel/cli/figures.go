package cli

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"

	"funnellab/findings"
	"funnellab/plots"
	"funnellab/results"
	"funnellab/results/report"
	"funnellab/sim/funnel"
)

// weekPlots say how to draw the weekly series (funnel.WeekSeries).
var weekPlots = []struct{ name, title, ylabel string }{
	{"handoffs", "Hand-offs to sales per week", "hand-offs per week (count)"},
	{"queue", "Marketing leads waiting for a rep (end of each week)", "leads waiting (count)"},
	{"won_revenue", "Revenue won from marketing leads per week", "revenue per week (currency units)"}, // plots.Options.Currency names it
}

// plotOptions turns the detail of a run's replications (detailStats)
// into the engine-fed plots' inputs.
func plotOptions(ds *detailStats) plots.Options {
	o := plots.Options{DelayBuckets: funnel.DelayBuckets[:]}
	tps := make([]plots.TimePlot, len(weekPlots))
	for i, s := range weekPlots {
		tps[i] = plots.TimePlot{Name: "weekly_" + s.name, Title: s.title, XLabel: "week", YLabel: s.ylabel}
	}
	for p, pol := range ds.policies {
		// Speed to lead: the bins' first touches, each drawn at its bin's
		// geometric middle (a tenth of a decade wide: the curve is exact
		// to within a bin).
		d := plots.Delays{Policy: pol}
		for b, n := range ds.delays[p] {
			d.Hours = append(d.Hours, findings.BinMiddle(b))
			d.Counts = append(d.Counts, math.Trunc(n))
		}
		o.SpeedToLead = append(o.SpeedToLead, d)
		// Qualification by delay: the rate in each replication, then its
		// mean and 95% CI over the replications with first touches there.
		q := plots.DelayRates{Policy: pol}
		for _, m := range ds.qual[p] {
			mean, lo, hi := math.NaN(), math.NaN(), math.NaN()
			if m.N > 0 {
				mean = m.Mean
				lo, hi = results.CI(m, 0.95)
			}
			q.Rate = append(q.Rate, mean)
			q.Low = append(q.Low, clamp01(lo))
			q.High = append(q.High, clamp01(hi))
		}
		o.Qualification = append(o.Qualification, q)
		for i, s := range weekPlots {
			ser := plots.Series{Policy: pol}
			si := slices.Index(funnel.WeekSeries, s.name)
			for w := range ds.weeks {
				m := ds.week[p][w*len(funnel.WeekSeries)+si]
				lo, hi := results.CI(m, 0.95)
				if math.IsNaN(lo) { // one replication: no interval
					lo, hi = m.Mean, m.Mean
				}
				ser.X = append(ser.X, float64(w+1))
				ser.Mean = append(ser.Mean, m.Mean)
				ser.Low = append(ser.Low, lo)
				ser.High = append(ser.High, hi)
			}
			tps[i].Series = append(tps[i].Series, ser)
		}
	}
	if ds.weeks > 0 {
		o.OverTime = tps
	}
	return o
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	return math.Min(1, math.Max(0, x))
}

// renderFigures draws every figure of a run in every format: the files
// (name.png, name.svg) and each figure's SVG, for the report. The weekly
// series are never negative, and horizonDays (the scenario's
// horizon_days; 0 for none) marks the end of the inquiry period when the
// weeks go beyond it.
//
// It stops with ctx's error if ctx is done between two figures.
func renderFigures(ctx context.Context, table *results.Table, ds *detailStats, horizonDays float64, currency string) (map[string][]byte, []namedSVG, error) {
	opts := plotOptions(ds)
	opts.Currency = currency
	for i := range opts.OverTime {
		tp := &opts.OverTime[i]
		tp.Floor, tp.Ceil = 0, math.Inf(1)
		if weeks := len(tp.Series[0].X); horizonDays > 0 && horizonDays/7 < float64(weeks) {
			tp.Marks = []plots.Mark{{X: horizonDays / 7, Label: fmt.Sprintf("inquiries end (day %g)", horizonDays)}}
		}
	}
	figs, err := plots.Figures(table, opts)
	if err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{}
	var svgs []namedSVG
	for _, f := range figs {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		for _, format := range plots.Formats {
			var b bytes.Buffer
			if err := plots.Render(&b, format, plots.DefaultWidth, plots.DefaultHeight, f.Panels...); err != nil {
				return nil, nil, fmt.Errorf("plot %s: %w", f.Name, err)
			}
			files[f.Name+"."+format] = b.Bytes()
			if format == "svg" {
				svgs = append(svgs, namedSVG{Name: f.Name, SVG: b.Bytes()})
			}
		}
	}
	return files, svgs, nil
}

// namedSVG is a figure as SVG, for the report.
type namedSVG struct {
	Name string
	SVG  []byte
}

// figureTitles caption the figures in the report.
var figureTitles = map[string]string{
	"revenue":                "Revenue by policy",
	"funnel":                 "The funnel, stage by stage",
	"waste":                  "Waste: hand-offs that led to nothing (rejected or ignored, off-target)",
	"effort":                 "Effort: rep hours on marketing leads, and rep hours and cost per deal won",
	"leakage":                "Revenue leaked to competitors, by cause",
	"speed_to_lead":          "Speed to lead",
	"qualification_by_delay": "Qualification by response delay",
	"weekly_handoffs":        "Hand-offs per week",
	"weekly_queue":           "Leads waiting for a rep",
	"weekly_won_revenue":     "Revenue won per week",
	"waterfall":              "Why the winner wins: the difference decomposed into the gate, the veto and the effort (verdict.decompose)",
}

// buildReport renders report.html from a run's results, manifest (yml is
// scenarios.MarshalYAML of its scenario) and figures.
// why is the sentence after the verdict ("" for none).
func buildReport(rep *results.Report, man *Manifest, yml, manJSON []byte, svgs []namedSVG, why string) ([]byte, error) {
	in := report.Input{
		Report: rep, Metrics: funnel.MetricDefs(), Groups: funnel.MetricGroups(),
		ScenarioName: man.Scenario.Name, Description: man.Scenario.Description,
		ScenarioYAML: string(yml), ManifestJSON: string(manJSON), Command: man.Command,
		Checks: report.ChecksFrom(man.Checks), Baseline: man.Baseline, VerdictMetric: man.VerdictMetric, Currency: man.Scenario.Currency, Complete: man.Complete, Requested: man.RequestedReplications,
		Why: why,
	}
	for _, f := range svgs {
		title := figureTitles[f.Name]
		if title == "" {
			title = f.Name
		}
		in.Figures = append(in.Figures, report.Figure{Name: f.Name, Title: title, SVG: f.SVG})
	}
	var b bytes.Buffer
	if err := report.Write(&b, in); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
