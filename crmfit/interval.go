package crmfit

import "math"

// Interval is an estimate with its 95% interval.
type Interval struct {
	Est  float64 `json:"estimate"`
	Low  float64 `json:"ci95_low"`
	High float64 `json:"ci95_high"`
}

// Contains says whether x is in the interval.
func (i Interval) Contains(x float64) bool { return x >= i.Low && x <= i.High }

const z95 = 1.959963984540054

// wilson is the Wilson score interval of k successes in n trials.
func wilson(k, n int) Interval {
	if n == 0 {
		return Interval{math.NaN(), math.NaN(), math.NaN()}
	}
	p := float64(k) / float64(n)
	nf := float64(n)
	d := 1 + z95*z95/nf
	c := (p + z95*z95/(2*nf)) / d
	h := z95 * math.Sqrt(p*(1-p)/nf+z95*z95/(4*nf*nf)) / d
	return Interval{p, math.Max(0, c-h), math.Min(1, c+h)}
}

// poissonRate is the rate of n events over exposure, with the interval of
// a Poisson count (normal approximation on the square root).
func poissonRate(n int, exposure float64) Interval {
	nf := float64(n)
	lo := math.Max(0, math.Sqrt(nf)-z95/2)
	hi := math.Sqrt(nf) + z95/2
	return Interval{nf / exposure, lo * lo / exposure, hi * hi / exposure}
}
