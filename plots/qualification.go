package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"funnellab/results"
	"funnellab/sim/funnel"
)

// NumDelayBuckets is the number of response-delay buckets.
const NumDelayBuckets = funnel.NumDelayBuckets

// DelayBuckets name the response-delay buckets, shortest first.
var DelayBuckets = [NumDelayBuckets]string{"< 5 min", "5–30 min", "30–60 min", "1–2 h", "2–24 h", "> 24 h"}

// DelayBucket returns the bucket of a delay in hours, the engine's
// (funnel.DelayBucket), so that the labels match its counts.
func DelayBucket(hours float64) int { return funnel.DelayBucket(hours) }

// DelayRates is one policy's qualification rate by response-delay bucket:
// Rate[k], a share between 0 and 1, of the first contacts made with a delay
// in DelayBuckets[k] that led to a qualified lead (an SQL), with an
// optional confidence interval from Low[k] to High[k] (nil Low and High: no
// interval). A NaN rate or bound marks a bucket without data.
type DelayRates struct {
	Policy          string
	Rate, Low, High []float64
}

// QualificationByDelay returns the plot "qualification_by_delay": for each
// response-delay bucket one bar per policy side by side, the qualification
// rate in percent, with its confidence interval when given. It is the curve
// of the HBR lead-response study (2011) as the model produces it. Colours
// follow the position of each policy in order (the table's policy order);
// with an empty order, the position in q. A bucket without data has no bar
// and is marked "n/a".
//
// It returns an error if q is empty, a policy is not in a non-empty order or
// appears twice, Rate does not have NumDelayBuckets values, Low and High are
// not both nil or both of that length, or a value is infinite or outside
// [0, 1].
func QualificationByDelay(q []DelayRates, order []string) (*plot.Plot, error) {
	if len(q) == 0 {
		return nil, fmt.Errorf("plots: qualification by delay: no policies")
	}
	p := newPlot("Qualification rate by delay to first contact",
		"delay from hand-raise to first contact", "qualified (% of first contacts)")
	p.Y.Tick.Marker = siTicks{}
	slot := dataWidth / NumDelayBuckets
	barW := 0.85 * slot / vg.Length(len(q))
	seen := map[string]bool{}
	for j, qj := range q {
		if seen[qj.Policy] {
			return nil, fmt.Errorf("plots: qualification by delay: policy %q appears twice", qj.Policy)
		}
		seen[qj.Policy] = true
		off := (vg.Length(j) - vg.Length(len(q)-1)/2) * barW
		if err := addRateBars(p, qj, order, j, barW, off); err != nil {
			return nil, fmt.Errorf("plots: qualification by delay: policy %q: %w", qj.Policy, err)
		}
	}
	categoryAxis(p, DelayBuckets[:], dataWidth)
	p.Y.Min = 0
	roomForLegend(p, len(q), true)
	return p, nil
}

// addRateBars adds the bars of one policy, the j-th of the plot.
func addRateBars(p *plot.Plot, q DelayRates, order []string, j int, w, off vg.Length) error {
	i, err := policyIndex(order, q.Policy, j)
	if err != nil {
		return err
	}
	s, err := rateSummaries(q)
	if err != nil {
		return err
	}
	heights := make([]float64, NumDelayBuckets)
	notes := make([]string, NumDelayBuckets)
	for k, sk := range s {
		if math.IsNaN(sk.Mean) {
			notes[k] = "n/a"
			continue
		}
		heights[k] = sk.Mean
	}
	bars, labels, err := groupedBars(heights, notes, i, w, off)
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

// rateSummaries checks q and returns its rates in percent as summaries
// (mean and interval), NaN where missing.
func rateSummaries(q DelayRates) ([]results.Summary, error) {
	if len(q.Rate) != NumDelayBuckets {
		return nil, fmt.Errorf("%d rates, want %d (one per delay bucket)", len(q.Rate), NumDelayBuckets)
	}
	if (q.Low == nil) != (q.High == nil) || (q.Low != nil && (len(q.Low) != NumDelayBuckets || len(q.High) != NumDelayBuckets)) {
		return nil, fmt.Errorf("interval bounds: %d low and %d high, want none or %d of each", len(q.Low), len(q.High), NumDelayBuckets)
	}
	nan := math.NaN()
	s := make([]results.Summary, NumDelayBuckets)
	for k := range s {
		s[k] = results.Summary{Mean: q.Rate[k], CI95Low: nan, CI95High: nan}
		if q.Low != nil {
			s[k].CI95Low, s[k].CI95High = q.Low[k], q.High[k]
		}
		for _, v := range []float64{s[k].Mean, s[k].CI95Low, s[k].CI95High} {
			if math.IsInf(v, 0) || v < 0 || v > 1 {
				return nil, fmt.Errorf("bucket %q: value %v is not a share in [0, 1]", DelayBuckets[k], v)
			}
		}
		if !math.IsNaN(s[k].Mean+s[k].CI95Low+s[k].CI95High) && !(s[k].CI95Low <= s[k].Mean && s[k].Mean <= s[k].CI95High) {
			return nil, fmt.Errorf("bucket %q: rate %v is not within its interval [%v, %v]", DelayBuckets[k], s[k].Mean, s[k].CI95Low, s[k].CI95High)
		}
		s[k].Mean, s[k].CI95Low, s[k].CI95High = 100*s[k].Mean, 100*s[k].CI95Low, 100*s[k].CI95High
		if math.IsNaN(s[k].Mean) {
			s[k].CI95Low, s[k].CI95High = nan, nan
		}
	}
	return s, nil
}
