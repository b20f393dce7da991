package funnel

import (
	"math"
)

// Small numeric helpers of the tallies and the event loop.

// median returns the median of xs (NaN if empty), reordering xs. It runs
// in linear expected time (quickselect), since a replication may have
// hundreds of thousands of values.
func median(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	hi := selectKth(xs, n/2)
	if n%2 == 1 {
		return hi
	}
	// The lower middle is the largest value left of position n/2.
	lo := xs[0]
	for _, x := range xs[1 : n/2] {
		lo = math.Max(lo, x)
	}
	return (lo + hi) / 2
}

// quantile returns the q-quantile of xs by nearest rank (the value of
// rank ⌈q·n⌉ in 1..n; NaN if empty), reordering xs. It runs in linear
// expected time, as median.
func quantile(xs []float64, q float64) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	k := int(math.Ceil(q*float64(n)-1e-9)) - 1
	return selectKth(xs, min(max(k, 0), n-1))
}

// selectKth partially orders xs so that xs[k] is the value of rank k, all
// values before it are <= it and all after are >= it, and returns it.
func selectKth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		// Median of three as pivot: deterministic, and good on sorted input.
		mid := lo + (hi-lo)/2
		a, b, c := xs[lo], xs[mid], xs[hi]
		pivot := math.Max(math.Min(a, b), math.Min(math.Max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
}

// minf and maxf are math.Min and math.Max for values known not to be NaN
// or signed zeros, cheap enough for the event loop.
func minf(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// ratio returns a/b, or NaN when b is 0 (a share of nothing is undefined,
// and must not pass for 0 in an average).
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
