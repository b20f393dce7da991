package olist

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// The figures of the first half that the olist scenarios are designed
// from, and the checks of the second half against them that the model
// cannot make (it has no per-channel metric): docs/findings/olist.md.

// Shrunk returns c's conversion by origin shrunk toward its pooled rate
// with a beta prior whose strength n0 (in MQLs) is the method of moments'
// on the origins' spread: (won + n0·p) / (mqls + n0).
func (c Counts) Shrunk() (n0 float64, rates map[string]float64) {
	f := c.Figures()
	p := f.Conversion
	n, k := float64(f.MQLs), float64(len(c.MQLs))
	var between, sumSq float64
	for o, m := range c.MQLs {
		r := float64(c.Won[o]) / float64(m)
		between += float64(m) * (r - p) * (r - p)
		sumSq += float64(m) * float64(m)
	}
	tau2 := (between - (k-1)*p*(1-p)) / (n - sumSq/n) // the origins' variance beyond the binomial
	n0 = p*(1-p)/tau2 - 1
	rates = map[string]float64{}
	for o, m := range c.MQLs {
		rates[o] = (float64(c.Won[o]) + n0*p) / (float64(m) + n0)
	}
	return n0, rates
}

// MixRate is the conversion the first half's raw rates by origin give at
// the second half's volumes: what the change of mix alone predicts.
func MixRate(first, second Counts) float64 {
	var won, n float64
	for o, m := range second.MQLs {
		if first.MQLs[o] > 0 {
			won += float64(m) * float64(first.Won[o]) / float64(first.MQLs[o])
		}
		n += float64(m)
	}
	return won / n
}

// OriginChi2 is Pearson's χ² of the second half's wins by origin against
// the first half's shrunk rates at the second half's volumes (binomial
// variances), with its degrees of freedom (the origins) and p-value.
func OriginChi2(first, second Counts) (chi2 float64, df int, p float64) {
	_, rates := first.Shrunk()
	for o, m := range second.MQLs {
		r, ok := rates[o]
		if !ok {
			continue
		}
		e := float64(m) * r
		d := float64(second.Won[o]) - e
		chi2 += d * d / (e * (1 - r))
		df++
	}
	return chi2, df, distuv.ChiSquared{K: float64(df)}.Survival(chi2)
}

// MedianInterval is the percentile bootstrap 95% interval of the median of
// days (sorted or not), from n resamples drawn with seed.
func MedianInterval(days []float64, n int, seed uint64) (lo, hi float64) {
	r := rand.New(rand.NewPCG(seed, 0))
	meds := make([]float64, n)
	x := make([]float64, len(days))
	for i := range meds {
		for j := range x {
			x[j] = days[r.IntN(len(days))]
		}
		sort.Float64s(x)
		meds[i] = median(x)
	}
	sort.Float64s(meds)
	return meds[int(math.Floor(0.025*float64(n)))], meds[int(math.Ceil(0.975*float64(n)))-1]
}
