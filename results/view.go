package results

import (
	"math"
	"slices"
)

// Versus returns the paired difference of policy other with policy base
// on a metric (other − base, relative to the mean of base), whichever of
// the two comes first in PolicyOrder, and whether the report holds it.
// The report keeps only pairs (a, b) with a before b; the reverse pair is
// that difference negated, its interval mirrored.
func (r *Report) Versus(metric, base, other string) (Diff, bool) {
	if d, ok := r.Comparison(metric, base, other); ok {
		return d, true
	}
	d, ok := r.Comparison(metric, other, base)
	if !ok {
		return Diff{}, false
	}
	rel := math.NaN()
	if m := r.Summary(base, metric).Mean; m != 0 && !math.IsNaN(d.MeanDiff) {
		rel = -d.MeanDiff / m
	}
	return Diff{Metric: metric, A: base, B: other, MeanDiff: -d.MeanDiff,
		CI95Low: -d.CI95High, CI95High: -d.CI95Low, RelDiff: rel, N: d.N}, true
}

// Only returns a copy of the report restricted to the named metrics, in
// the order given: MetricOrder, the policies' summaries and the
// comparisons hold those metrics only. Names the report does not hold
// are left out.
func (r *Report) Only(metrics []string) *Report {
	var keep []string
	for _, m := range metrics {
		if slices.Contains(r.MetricOrder, m) && !slices.Contains(keep, m) {
			keep = append(keep, m)
		}
	}
	out := *r
	out.MetricOrder = keep
	out.Policies = make(map[string]map[string]Summary, len(r.Policies))
	for p, ms := range r.Policies {
		sub := make(map[string]Summary, len(keep))
		for _, m := range keep {
			if s, ok := ms[m]; ok {
				sub[m] = s
			}
		}
		out.Policies[p] = sub
	}
	out.Comparisons = nil
	for _, d := range r.Comparisons {
		if slices.Contains(keep, d.Metric) {
			out.Comparisons = append(out.Comparisons, d)
		}
	}
	if out.Comparisons == nil {
		out.Comparisons = []Diff{}
	}
	return &out
}
