package funnel

import (
	"math"
	"slices"
)

// Small numeric helpers of the tallies and the event loop.

// median returns the median of xs (NaN if empty), reordering xs so that
// xs[n/2] is the value of rank n/2, with the values before it at or below
// it and those after at or above. It runs in linear expected time
// (quickselect), since a replication may have hundreds of thousands of
// values.
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

// medianQuantile returns the median of xs and its q-quantile by nearest
// rank (the value of rank ⌈q·n⌉ in 1..n), both NaN if xs is empty,
// reordering xs. The quantile's rank is selected among the values the
// median left on its side, half of them.
func medianQuantile(xs []float64, q float64) (med, qv float64) {
	n := len(xs)
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	med = median(xs)
	switch k := min(max(int(math.Ceil(q*float64(n)-1e-9))-1, 0), n-1); {
	case k > n/2:
		qv = selectKth(xs[n/2:], k-n/2)
	case k < n/2:
		qv = selectKth(xs[:n/2], k)
	default:
		qv = xs[n/2]
	}
	return med, qv
}

// selectKth partially orders xs so that xs[k] is the value of rank k, all
// values before it are <= it and all after are >= it, and returns it. Its
// partitions are branch-free (partitionLess): which side a value goes to
// is as good as random, and a quickselect that branches on it (Hoare's)
// took 2.4 times as long on a replication's 160,000 response times
// (BenchmarkMedianQuantile), for fewer instructions.
func selectKth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for hi-lo >= 16 {
		// Median of three as pivot: deterministic, and good on sorted input.
		mid := lo + (hi-lo)/2
		a, b, c := xs[lo], xs[mid], xs[hi]
		p := math.Max(math.Min(a, b), math.Min(math.Max(a, b), c))
		if p != p {
			break // a NaN: sort what is left (below)
		}
		// xs[lo:j] < p, xs[j:hi+1] >= p.
		j := lo + partitionLess(xs[lo:hi+1], p)
		switch {
		case k < j:
			hi = j - 1
		case j > lo:
			lo = j
		default:
			// p is the least value left: set its equals apart (there is
			// at least one, p itself), or ties would never shrink the
			// range.
			e := j + partitionLessEq(xs[j:hi+1], p)
			if k < e {
				return xs[k]
			}
			lo = e
		}
	}
	slices.Sort(xs[lo : hi+1])
	return xs[k]
}

// partitionLess moves the values of xs below p to its front and returns
// their number (Lomuto's partition, with the comparison's outcome added
// rather than branched on).
func partitionLess(xs []float64, p float64) int {
	j := 0
	for i, x := range xs {
		xs[i] = xs[j]
		xs[j] = x
		j += b2i(x < p)
	}
	return j
}

// partitionLessEq is partitionLess for the values at or below p.
func partitionLessEq(xs []float64, p float64) int {
	j := 0
	for i, x := range xs {
		xs[i] = xs[j]
		xs[j] = x
		j += b2i(x <= p)
	}
	return j
}

// b2i is 1 for true and 0 for false (a SETcc, not a branch).
func b2i(b bool) int {
	var i int
	if b {
		i = 1
	}
	return i
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
