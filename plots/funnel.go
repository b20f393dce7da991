package plots

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"funnellab/palette"
	"funnellab/results"
)

// funnelStages are the metrics of the funnel plot, in stage order; the
// axis names each stage by its metric, as the results table does.
var funnelStages = []string{"inquiries", "handoffs", "sals", "sqls", "opportunities", "marketing_deals_won"}

// Funnel returns the plot "funnel": for each stage (metrics inquiries,
// handoffs, sals, sqls, opportunities and marketing_deals_won, named on
// the axis by those names), one bar per policy side by side, its height
// the mean count over the replications, on a log axis so that a stage of
// tens reads as well as one of thousands. Above each bar after the first
// is its mean over the mean of the stage before: for hand-offs the number
// per inquiry ("1.59×": a prospect can be handed over more than once,
// docs/metrics.md), for the later stages the stage-to-stage conversion in
// percent. marketing_deals_won are marketing's deals (the reps'
// own-pipeline deals are not in the funnel). A stage whose mean is 0 has
// no bar.
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
	for k, metric := range funnelStages {
		s, err := metricSummaries(t, metric)
		if err != nil {
			return nil, fmt.Errorf("plots: funnel: %w", err)
		}
		for p := range s {
			means[p][k] = s[p].Mean
		}
	}
	p := newPlot(fmt.Sprintf("Funnel by policy (mean of %d replications, log scale)", t.Replications),
		"stage (metric); above a bar: hand-offs per inquiry, then % of the stage before",
		"count (mean per replication, log scale)")
	// The axis is linear in log10 of the counts: gonum's plot.LogScale
	// centres the axis label on the arithmetic middle of the range, which
	// on a log axis pushes it off the top and squeezes the data area.
	p.Y.Tick.Marker = log10Ticks{}
	slot := dataWidth / vg.Length(len(funnelStages))
	barW := 0.85 * slot / vg.Length(len(t.Policies))
	lo, hi, hiRight := math.Inf(1), 0.0, 0.0
	for i, m := range means {
		off := (vg.Length(i) - vg.Length(len(means)-1)/2) * barW
		logm := make([]float64, len(m))
		for k, v := range m {
			logm[k] = math.Log10(v) // -Inf for 0: no bar, no note
		}
		bars := &floorBars{values: logm, width: barW, off: off, fill: palette.PolicyColor(t.Policies, i)}
		notes, err := barNotes(logm, conversions(m), barW, off)
		if err != nil {
			return nil, fmt.Errorf("plots: funnel: policy %q: %w", t.Policies[i], err)
		}
		p.Add(bars, finiteNotes(notes))
		p.Legend.Add(t.Policies[i], bars)
		for k, v := range m {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
				if k >= len(m)-legendStages {
					hiRight = math.Max(hiRight, v)
				}
			}
		}
	}
	categoryAxis(p, funnelStages, dataWidth)
	if hi == 0 { // nothing to draw: an empty axis from 1 to 10
		lo, hi = 1, 10
	}
	// Room above every bar for its note, and above the last stages (the
	// narrow end of the funnel) for the legend at the top right.
	bottom, top := logAxisRange(lo, hi, legendFraction(p, 0, true))
	if hiRight > 0 {
		_, t := logAxisRange(lo, hiRight, legendFraction(p, len(t.Policies), true))
		top = math.Max(top, t)
	}
	p.Y.Min, p.Y.Max = math.Log10(bottom), math.Log10(top)
	return p, nil
}

// legendStages is the number of stages, counted from the last, under the
// legend of the funnel plot.
const legendStages = 2

// conversions returns the notes above the bars of one policy: none for
// the first stage, the number per inquiry for the second (hand-offs, which
// can exceed the inquiries), then each stage's share of the one before.
func conversions(m []float64) []string {
	out := make([]string, len(m))
	for k := 1; k < len(m); k++ {
		r := m[k] / m[k-1]
		switch {
		case k > 1:
			out[k] = formatPercent(r)
		case math.IsNaN(r) || math.IsInf(r, 0):
			out[k] = "–"
		default:
			out[k] = strconv.FormatFloat(r, 'f', 2, 64) + "×"
		}
	}
	return out
}

// logAxisRange returns the ends of a log axis that shows values from lo to
// hi (both > 0): from the power of ten at or below lo/2 to a top that
// leaves the fraction top of the axis free for the legend.
func logAxisRange(lo, hi, top float64) (float64, float64) {
	min := math.Pow(10, math.Floor(math.Log10(lo/2)))
	span := math.Log10(hi) - math.Log10(min)
	return min, math.Pow(10, math.Log10(min)+span/(1-top))
}

// legendFraction is the fraction of the data area's height that a legend
// of rows rows at the top takes (with room for notes above bars), as
// roomForLegend reserves it.
func legendFraction(p *plot.Plot, rows int, notes bool) float64 {
	sty := p.Legend.TextStyle
	need := vg.Length(rows)*(sty.Height("Xg")+p.Legend.Padding) + vg.Points(6)
	if notes {
		need += 1.5 * sty.Height("Xg")
	}
	return math.Min(0.6, float64(need/dataHeight))
}
