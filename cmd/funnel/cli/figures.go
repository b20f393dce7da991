package cli

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"funnellab/plots"
	"funnellab/results"
	"funnellab/results/report"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// The detail of a run (funnel.Detail of every replication) is saved as a
// second table, detail.csv, in the format of replications.csv: one row per
// replication, policy and detail "metric":
//
//	delay_bin_NN           first touches in speed-to-lead bin NN (funnel.DelayBinEdges)
//	touches_bK             first touches in HBR delay bucket K (funnel.DelayBuckets)
//	qualified_bK           of which the hand-off became an SQL
//	week_WWWW_handoffs     hand-offs to sales in week WWWW (from 1)
//	week_WWWW_won_revenue  revenue of marketing deals won in the week
//	week_WWWW_queue        marketing leads waiting for a rep at the week's end
//
// funnel plot rebuilds every figure from replications.csv and detail.csv.

// detailName names the detail metrics of a run with the given weeks.
func detailNames(weeks int) []string {
	var names []string
	for b := range funnel.NumDelayBins {
		names = append(names, fmt.Sprintf("delay_bin_%02d", b))
	}
	for k := range funnel.NumDelayBuckets {
		names = append(names, fmt.Sprintf("touches_b%d", k), fmt.Sprintf("qualified_b%d", k))
	}
	for w := 1; w <= weeks; w++ {
		for _, s := range weekSeries {
			names = append(names, fmt.Sprintf("week_%04d_%s", w, s.name))
		}
	}
	return names
}

// weekSeries are the weekly series, with how to plot them.
var weekSeries = []struct {
	name, title, ylabel string
	value               func(funnel.Week) float64
}{
	{"handoffs", "Hand-offs to sales per week", "hand-offs per week (count)", func(w funnel.Week) float64 { return w.Handoffs }},
	{"queue", "Marketing leads waiting for a rep (end of each week)", "leads waiting (count)", func(w funnel.Week) float64 { return w.Queue }},
	{"won_revenue", "Revenue won from marketing leads per week", "revenue per week (currency units)", func(w funnel.Week) float64 { return w.WonRevenue }},
}

// detailTable gathers the replications' details; res is in job order
// (replication-major), as the runner returns it. Weeks after the end of a
// shorter replication are 0: nothing happens in them.
func detailTable(policies []string, reps int, res []funnel.Result) *results.Table {
	weeks := 0
	for _, r := range res {
		weeks = max(weeks, len(r.Detail.Weeks))
	}
	t := results.NewTable(policies, detailNames(weeks), reps)
	np := len(policies)
	for i, r := range res[:reps*np] {
		rep, p := i/np, i%np
		d := r.Detail
		m := 0
		set := func(v float64) { t.Set(rep, p, m, v); m++ }
		for _, c := range d.Delays {
			set(float64(c))
		}
		for k := range funnel.NumDelayBuckets {
			set(float64(d.Touches[k]))
			set(float64(d.Qualified[k]))
		}
		for w := range weeks {
			for _, s := range weekSeries {
				v := 0.0
				if w < len(d.Weeks) {
					v = s.value(d.Weeks[w])
				}
				set(v)
			}
		}
	}
	return t
}

// plotOptions turns a detail table into the engine-fed plots' inputs.
func plotOptions(d *results.Table) (plots.Options, error) {
	var o plots.Options
	col := func(p int, name string) ([]float64, error) {
		m := d.MetricIndex(name)
		if m < 0 {
			return nil, fmt.Errorf("detail.csv: no metric %s", name)
		}
		return d.Values[p][m], nil
	}
	weeks := 0
	for _, name := range d.Metrics {
		if strings.HasPrefix(name, "week_") && strings.HasSuffix(name, "_handoffs") {
			weeks++
		}
	}
	tps := make([]plots.TimePlot, len(weekSeries))
	for i, s := range weekSeries {
		tps[i] = plots.TimePlot{Name: "weekly_" + s.name, Title: s.title, XLabel: "week", YLabel: s.ylabel}
	}
	for p, pol := range d.Policies {
		// Speed to lead: the bins' first touches, each drawn at its bin's
		// geometric middle (a tenth of a decade wide: the curve is exact
		// to within a bin).
		var hours []float64
		for b := range funnel.NumDelayBins {
			v, err := col(p, fmt.Sprintf("delay_bin_%02d", b))
			if err != nil {
				return o, err
			}
			n := 0.0
			for _, x := range v {
				n += x
			}
			mid := binMiddle(b)
			for range int(n) {
				hours = append(hours, mid)
			}
		}
		o.SpeedToLead = append(o.SpeedToLead, plots.Delays{Policy: pol, Hours: hours})
		// Qualification by delay: the rate in each replication, then its
		// mean and 95% CI over the replications with first touches there.
		q := plots.DelayRates{Policy: pol}
		for k := range funnel.NumDelayBuckets {
			touches, err := col(p, fmt.Sprintf("touches_b%d", k))
			if err != nil {
				return o, err
			}
			qual, err := col(p, fmt.Sprintf("qualified_b%d", k))
			if err != nil {
				return o, err
			}
			var rates []float64
			for r := range touches {
				if touches[r] > 0 {
					rates = append(rates, qual[r]/touches[r])
				}
			}
			s := results.Summarize(rates)
			q.Rate = append(q.Rate, s.Mean)
			q.Low = append(q.Low, clamp01(s.CI95Low))
			q.High = append(q.High, clamp01(s.CI95High))
		}
		o.Qualification = append(o.Qualification, q)
		for i, s := range weekSeries {
			ser := plots.Series{Policy: pol}
			for w := 1; w <= weeks; w++ {
				v, err := col(p, fmt.Sprintf("week_%04d_%s", w, s.name))
				if err != nil {
					return o, err
				}
				sum := results.Summarize(v)
				lo, hi := sum.CI95Low, sum.CI95High
				if math.IsNaN(lo) { // one replication: no interval
					lo, hi = sum.Mean, sum.Mean
				}
				ser.X = append(ser.X, float64(w))
				ser.Mean = append(ser.Mean, sum.Mean)
				ser.Low = append(ser.Low, lo)
				ser.High = append(ser.High, hi)
			}
			tps[i].Series = append(tps[i].Series, ser)
		}
	}
	if weeks > 0 {
		o.OverTime = tps
	}
	return o, nil
}

// binMiddle is the geometric middle of speed-to-lead bin b, in hours.
func binMiddle(b int) float64 {
	e := funnel.DelayBinEdges
	switch {
	case b == 0:
		return e[1] / 2
	case b == len(e)-1:
		return e[b] * math.Pow(10, 1.0/16)
	}
	return math.Sqrt(e[b] * e[b+1])
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	return math.Min(1, math.Max(0, x))
}

// renderFigures draws every figure of a run in every format: the files
// (name.png, name.svg) and each figure's SVG, for the report.
func renderFigures(table, detail *results.Table) (map[string][]byte, []namedSVG, error) {
	opts, err := plotOptions(detail)
	if err != nil {
		return nil, nil, err
	}
	figs, err := plots.Figures(table, opts)
	if err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{}
	var svgs []namedSVG
	for _, f := range figs {
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
	"waste":                  "Waste: hand-offs rejected or ignored, rep hours and marketing spend",
	"leakage":                "Revenue leaked to competitors, by cause",
	"speed_to_lead":          "Speed to lead",
	"qualification_by_delay": "Qualification by response delay",
	"weekly_handoffs":        "Hand-offs per week",
	"weekly_queue":           "Leads waiting for a rep",
	"weekly_won_revenue":     "Revenue won per week",
}

// buildReport renders report.html from a run's results, manifest and
// figures.
func buildReport(rep *results.Report, man *Manifest, manJSON []byte, svgs []namedSVG) ([]byte, error) {
	yml, err := scenarios.MarshalYAML(man.Scenario)
	if err != nil {
		return nil, err
	}
	in := report.Input{
		Report: rep, ScenarioName: man.Scenario.Name, Description: man.Scenario.Description,
		ScenarioYAML: string(yml), ManifestJSON: string(manJSON), Command: man.Command,
		Checks: report.ChecksFrom(man.Checks), Complete: man.Complete, Requested: man.RequestedReplications,
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
