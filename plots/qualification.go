package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"funnellab/palette"
	"funnellab/results"
)

// DelayRates is one policy's qualification rate by response-delay bucket:
// Rate[k], a share between 0 and 1, of the first attempts made with a delay
// from the hand-off (not from the inquiry) in bucket k (of the DelayBuckets given with them) that led to a qualified lead (an SQL), with an
// optional confidence interval from Low[k] to High[k] (nil Low and High: no
// interval). A NaN rate or bound marks a bucket without data.
type DelayRates struct {
	Policy          string
	Rate, Low, High []float64
}

// QualificationByDelay returns the plot "qualification_by_delay": for each
// response-delay bucket of b one bar per policy side by side, the qualification
// rate in percent, with its confidence interval when given. It is the curve
// of the HBR lead-response study (2011) as the model produces it. Colours
// follow the position of each policy in order (the table's policy order);
// with an empty order, the position in q. A bucket without data has no bar
// and is marked "n/a".
//
// It returns an error if q is empty, b has no valid edges (see Labels), a
// policy is not in a non-empty order or appears twice, Rate does not have a
// value per bucket, Low and High are
// not both nil or both of that length, or a value is infinite or outside
// [0, 1].
func QualificationByDelay(q []DelayRates, b DelayBuckets, order []string) (*plot.Plot, error) {
	if len(q) == 0 {
		return nil, fmt.Errorf("plots: qualification by delay: no policies")
	}
	labels, err := b.Labels()
	if err != nil {
		return nil, fmt.Errorf("plots: qualification by delay: %w", err)
	}
	p := newPlot("Qualification rate by delay from hand-off to first attempt",
		"delay from hand-off (not inquiry) to first attempt", "qualified (% of first attempts)")
	p.Y.Tick.Marker = siTicks{}
	slot := dataWidth / vg.Length(len(labels))
	barW := 0.85 * slot / vg.Length(len(q))
	names := order
	if len(names) == 0 {
		for _, qj := range q {
			names = append(names, qj.Policy)
		}
	}
	seen := map[string]bool{}
	for j, qj := range q {
		if seen[qj.Policy] {
			return nil, fmt.Errorf("plots: qualification by delay: policy %q appears twice", qj.Policy)
		}
		seen[qj.Policy] = true
		off := (vg.Length(j) - vg.Length(len(q)-1)/2) * barW
		if err := addRateBars(p, qj, labels, order, names, j, barW, off); err != nil {
			return nil, fmt.Errorf("plots: qualification by delay: policy %q: %w", qj.Policy, err)
		}
	}
	categoryAxis(p, labels, dataWidth)
	p.Y.Min = 0
	roomForLegend(p, len(q), true)
	return p, nil
}

// addRateBars adds the bars of one policy, the j-th of the plot, in the
// delay buckets named by buckets, in its colour among the plot's policies
// names.
func addRateBars(p *plot.Plot, q DelayRates, buckets, order, names []string, j int, w, off vg.Length) error {
	i, err := policyIndex(order, q.Policy, j)
	if err != nil {
		return err
	}
	s, err := rateSummaries(q, buckets)
	if err != nil {
		return err
	}
	heights := make([]float64, len(buckets))
	notes := make([]string, len(buckets))
	for k, sk := range s {
		if math.IsNaN(sk.Mean) {
			notes[k] = "n/a"
			continue
		}
		heights[k] = sk.Mean
	}
	bars, labels, err := groupedBars(heights, notes, palette.PolicyColor(names, i), w, off)
	if err != nil {
		return err
	}
	p.Add(bars, labels)
	ci, err := ciBars(s, off)
	if err != nil {
		return err
	}
	if ci != nil {
		p.Add(ci)
	}
	p.Legend.Add(q.Policy, bars)
	return nil
}

// rateSummaries checks q against the buckets named by labels and returns
// its rates in percent as summaries (mean and interval), NaN where missing.
func rateSummaries(q DelayRates, labels []string) ([]results.Summary, error) {
	n := len(labels)
	if len(q.Rate) != n {
		return nil, fmt.Errorf("%d rates, want %d (one per delay bucket)", len(q.Rate), n)
	}
	if (q.Low == nil) != (q.High == nil) || (q.Low != nil && (len(q.Low) != n || len(q.High) != n)) {
		return nil, fmt.Errorf("interval bounds: %d low and %d high, want none or %d of each", len(q.Low), len(q.High), n)
	}
	nan := math.NaN()
	s := make([]results.Summary, n)
	for k := range s {
		s[k] = results.Summary{Mean: q.Rate[k], CI95Low: nan, CI95High: nan}
		if q.Low != nil {
			s[k].CI95Low, s[k].CI95High = q.Low[k], q.High[k]
		}
		for _, v := range []float64{s[k].Mean, s[k].CI95Low, s[k].CI95High} {
			if math.IsInf(v, 0) || v < 0 || v > 1 {
				return nil, fmt.Errorf("bucket %q: value %v is not a share in [0, 1]", labels[k], v)
			}
		}
		if !math.IsNaN(s[k].Mean+s[k].CI95Low+s[k].CI95High) && !(s[k].CI95Low <= s[k].Mean && s[k].Mean <= s[k].CI95High) {
			return nil, fmt.Errorf("bucket %q: rate %v is not within its interval [%v, %v]", labels[k], s[k].Mean, s[k].CI95Low, s[k].CI95High)
		}
		s[k].Mean, s[k].CI95Low, s[k].CI95High = 100*s[k].Mean, 100*s[k].CI95Low, 100*s[k].CI95High
		if math.IsNaN(s[k].Mean) {
			s[k].CI95Low, s[k].CI95High = nan, nan
		}
	}
	return s, nil
}
