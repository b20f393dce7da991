package calibration

import (
	"math"
	"slices"
	"sort"
)

// Distances between a target distribution, given by its quantiles, and a
// simulated sample: the loss of funnel calibrate --targets on durations
// (funnel import's targets.json), so that a fit matches a distribution's
// shape, not only its mean.

// Quantiles is a distribution given by quantiles Q at increasing
// probabilities P (0 < P[0] < ... < P[n-1] < 1); between two, the
// quantile function is read linearly.
type Quantiles struct {
	P []float64 `json:"probabilities"`
	Q []float64 `json:"quantiles"`
}

// at is the quantile function at p in [P[0], P[n-1]].
func (t Quantiles) at(p float64) float64 {
	i := sort.SearchFloat64s(t.P, p)
	switch {
	case i == 0:
		return t.Q[0]
	case i >= len(t.P):
		return t.Q[len(t.Q)-1]
	}
	f := (p - t.P[i-1]) / (t.P[i] - t.P[i-1])
	return t.Q[i-1] + f*(t.Q[i]-t.Q[i-1])
}

// valid says whether t has at least two probabilities in (0,1), increasing,
// with non-decreasing quantiles.
func (t Quantiles) valid() bool {
	if len(t.P) < 2 || len(t.P) != len(t.Q) {
		return false
	}
	for i := range t.P {
		if !(t.P[i] > 0 && t.P[i] < 1) || math.IsNaN(t.Q[i]) || i > 0 && (t.P[i] <= t.P[i-1] || t.Q[i] < t.Q[i-1]) {
			return false
		}
	}
	return true
}

// sampleQuantile is the p quantile of sorted s (linear between order
// statistics).
func sampleQuantile(s []float64, p float64) float64 {
	h := p * float64(len(s)-1)
	i := int(h)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}

// distanceGrid is the number of probabilities Wasserstein1 integrates on.
const distanceGrid = 400

// Wasserstein1 is the first Wasserstein distance between t and the
// sample, over t's range of probabilities: the mean over p in [P[0],
// P[n-1]] of |Q_t(p) − Q_sample(p)|, in the unit of the values (for two
// distributions that differ by a shift, the shift). NaN for an empty
// sample or invalid quantiles.
func Wasserstein1(t Quantiles, sample []float64) float64 {
	if len(sample) == 0 || !t.valid() {
		return math.NaN()
	}
	s := slices.Clone(sample)
	sort.Float64s(s)
	lo, hi := t.P[0], t.P[len(t.P)-1]
	var sum float64
	for i := 0; i < distanceGrid; i++ {
		p := lo + (hi-lo)*(float64(i)+0.5)/distanceGrid
		sum += math.Abs(t.at(p) - sampleQuantile(s, p))
	}
	return sum / distanceGrid
}

// KS is the Kolmogorov–Smirnov distance between t and the sample at t's
// quantiles: the largest |F_sample(Q[i]) − P[i]|. NaN for an empty sample
// or invalid quantiles.
func KS(t Quantiles, sample []float64) float64 {
	if len(sample) == 0 || !t.valid() {
		return math.NaN()
	}
	s := slices.Clone(sample)
	sort.Float64s(s)
	var d float64
	n := float64(len(s))
	for i, q := range t.Q {
		below := float64(sort.SearchFloat64s(s, q)) / n                                // F(q−)
		upto := float64(sort.Search(len(s), func(j int) bool { return s[j] > q })) / n // F(q)
		d = math.Max(d, math.Min(math.Abs(below-t.P[i]), math.Abs(upto-t.P[i])))
	}
	return d
}
