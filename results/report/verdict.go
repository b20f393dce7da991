package report

import (
	"fmt"
	"math"
	"slices"

	"funnellab/results"
)

// VerdictMetric is the metric the verdict compares policies on by
// default; VerdictMetrics are those it may rank on (the run's
// --verdict-metric, recorded in the manifest).
const VerdictMetric = "revenue"

// VerdictMetrics are the metrics the verdict may rank on.
var VerdictMetrics = []string{"revenue", "profit"}

// Verdict states in a sentence or two what the run says about revenue
// (VerdictMetric), for readers who look at nothing else. With more than
// two policies it also returns a sentence for each of the others compared
// with the baseline. baseline is the policy the others are compared
// with; "" means the first of r.PolicyOrder. docs/report.md describes the
// rules; in short:
//
//   - with one policy, its mean revenue and 95% confidence interval;
//   - otherwise the policy with the highest mean revenue is compared with
//     the baseline (if the baseline itself is highest, the next best is)
//     through their paired difference over the same replications,
//     relative to the baseline's mean: "objective brings 26.5% more
//     revenue than waterfall (95% CI 24.9%–28.1%), over 20 replications.";
//     when the interval includes zero the sentence says there is no
//     significant difference.
//
// It returns an error if r has no policy or baseline is not one of them.
func Verdict(r *results.Report, baseline string) (headline string, details []string, err error) {
	return VerdictOn(r, baseline, VerdictMetric)
}

// VerdictOn is Verdict on metric (one of VerdictMetrics) instead of
// revenue: the same rules and sentences, with the metric's name.
func VerdictOn(r *results.Report, baseline, metric string) (headline string, details []string, err error) {
	base, err := baselineOf(r, baseline)
	if err != nil {
		return "", nil, err
	}
	pols := r.PolicyOrder
	if !slices.Contains(r.MetricOrder, metric) {
		return fmt.Sprintf("The results have no %s metric, so there is no verdict.", metric), nil, nil
	}
	if len(pols) == 1 {
		return singleSentence(r, base, metric), nil, nil
	}
	// The best policy other than the baseline, by mean revenue.
	other := highest(r, pols, base, metric)
	headline = compareSentence(r, other, base, metric)
	if len(pols) > 2 {
		if best := highest(r, pols, "", metric); !math.IsNaN(r.Summary(best, metric).Mean) {
			headline = fmt.Sprintf("Of the %d policies, %s has the highest mean %s. %s", len(pols), best, metric, headline)
		}
		for _, p := range pols {
			if p != base && p != other {
				details = append(details, compareSentence(r, p, base, metric))
			}
		}
	}
	return headline, details, nil
}

// Compared returns the policy the verdict compares with base: the one,
// other than base, with the highest mean revenue; "" with one policy or
// without a revenue metric.
func Compared(r *results.Report, base string) string {
	return ComparedOn(r, base, VerdictMetric)
}

// ComparedOn is Compared on metric instead of revenue.
func ComparedOn(r *results.Report, base, metric string) string {
	if r == nil || len(r.PolicyOrder) < 2 || !slices.Contains(r.MetricOrder, metric) {
		return ""
	}
	return highest(r, r.PolicyOrder, base, metric)
}

// highest returns the policy other than except with the highest mean
// revenue, the first in order among equals; a policy whose mean is
// undefined (NaN) comes last.
func highest(r *results.Report, pols []string, except, metric string) string {
	best, bm := "", math.NaN()
	for _, p := range pols {
		if p == except {
			continue
		}
		m := r.Summary(p, metric).Mean
		if best == "" || m > bm || (math.IsNaN(bm) && !math.IsNaN(m)) {
			best, bm = p, m
		}
	}
	return best
}

// baselineOf returns the baseline policy: name, or the first policy if
// name is empty.
func baselineOf(r *results.Report, name string) (string, error) {
	if r == nil || len(r.PolicyOrder) == 0 {
		return "", fmt.Errorf("report: the results have no policy")
	}
	if name == "" {
		return r.PolicyOrder[0], nil
	}
	if !slices.Contains(r.PolicyOrder, name) {
		return "", fmt.Errorf("report: baseline %q is not a policy of the run (policies: %v)", name, r.PolicyOrder)
	}
	return name, nil
}

// replications is "20 replications" or "1 replication".
func replications(n int) string {
	if n == 1 {
		return "1 replication"
	}
	return fmt.Sprintf("%d replications", n)
}

// singleSentence describes the revenue of the only policy.
func singleSentence(r *results.Report, p, metric string) string {
	s := r.Summary(p, metric)
	switch {
	case math.IsNaN(s.Mean):
		return fmt.Sprintf("The %s of %s is undefined.", metric, p)
	case !finite(s.CI95Low) || !finite(s.CI95High):
		a := amounts(false, false, s.Mean)
		return fmt.Sprintf("%s brings %s of %s on average over %s, too few for a confidence interval.",
			p, a[0], metric, replications(s.N))
	}
	a := amounts(false, false, s.Mean, s.CI95Low, s.CI95High)
	return fmt.Sprintf("%s brings %s of %s on average (95%% CI %s–%s), over %s.",
		p, a[0], metric, a[1], a[2], replications(s.N))
}

// diffVs returns the paired difference p − base on metric, with RelDiff
// relative to the mean of base. The report holds each pair once, in policy
// order, so the difference is turned round when p comes first.
func diffVs(r *results.Report, metric, p, base string) results.Diff {
	nan := math.NaN()
	if d, ok := r.Comparison(metric, base, p); ok {
		return d
	}
	if d, ok := r.Comparison(metric, p, base); ok {
		out := results.Diff{Metric: metric, A: base, B: p,
			MeanDiff: -d.MeanDiff, CI95Low: -d.CI95High, CI95High: -d.CI95Low, RelDiff: nan, N: d.N}
		if m := r.Summary(base, metric).Mean; m != 0 && !math.IsNaN(out.MeanDiff) {
			out.RelDiff = out.MeanDiff / m
		}
		return out
	}
	return results.Diff{Metric: metric, A: base, B: p, MeanDiff: nan, CI95Low: nan, CI95High: nan, RelDiff: nan}
}

// compareSentence compares the revenue of p with that of base.
func compareSentence(r *results.Report, p, base, metric string) string {
	d := diffVs(r, metric, p, base)
	baseMean := r.Summary(base, metric).Mean
	switch diffKind(d) {
	case diffNA:
		return fmt.Sprintf("The difference in %s between %s and %s is undefined.", metric, p, base)
	case diffIdentical:
		return fmt.Sprintf("%s and %s bring the same %s in every replication, over %s.", p, base, metric, replications(d.N))
	}
	more := "more"
	if d.MeanDiff < 0 {
		more = "less"
	}
	// Relative to the baseline's mean when that is positive, else in
	// currency units.
	relative := finite(baseMean) && baseMean > 0
	mag := func(x float64) string { // unsigned
		if relative {
			return pct(x / baseMean)
		}
		return amounts(false, true, d.MeanDiff, x)[1]
	}
	signed := func(x float64) string {
		if relative {
			return signedPct(x / baseMean)
		}
		return amounts(true, false, d.MeanDiff, x)[1]
	}
	if !finite(d.CI95Low) || !finite(d.CI95High) {
		return fmt.Sprintf("%s brings %s %s %s than %s on average over %s, too few for a confidence interval.",
			p, mag(d.MeanDiff), more, metric, base, replications(d.N))
	}
	if !d.Significant() {
		return fmt.Sprintf("No significant difference in %s between %s and %s over %s: %s brings %s %s on average, but the 95%% CI (%s to %s) includes zero.",
			metric, p, base, replications(d.N), p, mag(d.MeanDiff), more, signed(d.CI95Low), signed(d.CI95High))
	}
	near, far := d.CI95Low, d.CI95High // the interval's ends by magnitude
	if d.MeanDiff < 0 {
		near, far = d.CI95High, d.CI95Low
	}
	return fmt.Sprintf("%s brings %s %s %s than %s (95%% CI %s–%s), over %s.",
		p, mag(d.MeanDiff), more, metric, base, mag(near), mag(far), replications(d.N))
}
