package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// SobolIndex is the variance-based sensitivity of one input.
type SobolIndex struct {
	// S1 is the first-order index, ST the total index, each with its
	// percentile bootstrap 95% interval.
	S1, ST         float64
	S1CI95, STCI95 [2]float64
}

// SaltelliDesign returns the N(k+2) points of a Saltelli design in
// [0,1]^k from two base samples of n seeded uniform points: A (points
// 0..n-1), B (n..2n-1), then A_B^(i) for i = 0..k-1 (points (2+i)n ..
// (3+i)n-1), where row j of A_B^(i) is row j of A with column i from
// row j of B.
func SaltelliDesign(k, n int, rng *rand.Rand) ([][]float64, error) {
	if k < 1 {
		return nil, fmt.Errorf("sensitivity: Sobol: got %d inputs, expected 1 or more", k)
	}
	if n < 2 {
		return nil, fmt.Errorf("sensitivity: Sobol: got %d base points, expected 2 or more", n)
	}
	a := make([][]float64, n)
	b := make([][]float64, n)
	for j := 0; j < n; j++ {
		a[j] = make([]float64, k)
		b[j] = make([]float64, k)
		for i := 0; i < k; i++ {
			a[j][i] = rng.Float64()
		}
		for i := 0; i < k; i++ {
			b[j][i] = rng.Float64()
		}
	}
	out := make([][]float64, 0, n*(k+2))
	out = append(out, a...)
	out = append(out, b...)
	for i := 0; i < k; i++ {
		for j := 0; j < n; j++ {
			x := slices.Clone(a[j])
			x[i] = b[j][i]
			out = append(out, x)
		}
	}
	return out, nil
}

// Sobol returns the first-order and total indices of k inputs from the
// function's values y at the points of SaltelliDesign(k, n), in design
// order, with Jansen's estimators, and their percentile bootstrap 95%
// intervals from boot resamples of the n base rows (seeded by seed). It
// also returns the output's variance V. The indices are NaN when V is 0
// (a constant output).
func Sobol(y []float64, k, n, boot int, seed uint64) ([]SobolIndex, float64, error) {
	if k < 1 || n < 2 || len(y) != n*(k+2) {
		return nil, 0, fmt.Errorf("sensitivity: Sobol: %d values, expected N(k+2) = %d·%d", len(y), n, k+2)
	}
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	s1, st, v := jansen(y, k, n, all)
	out := make([]SobolIndex, k)
	bs1 := make([][]float64, k)
	bst := make([][]float64, k)
	rng := rand.New(rand.NewPCG(seed, 0x736f626f6c))
	idx := make([]int, n)
	for b := 0; b < boot; b++ {
		for j := range idx {
			idx[j] = rng.IntN(n)
		}
		r1, rt, _ := jansen(y, k, n, idx)
		for i := 0; i < k; i++ {
			bs1[i] = append(bs1[i], r1[i])
			bst[i] = append(bst[i], rt[i])
		}
	}
	for i := range out {
		out[i] = SobolIndex{S1: s1[i], ST: st[i], S1CI95: percentileCI(finite(bs1[i]), s1[i]), STCI95: percentileCI(finite(bst[i]), st[i])}
	}
	return out, v, nil
}

func finite(v []float64) []float64 {
	return slices.DeleteFunc(v, func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) })
}

// jansen computes the indices over the base rows rows (with repeats for
// a bootstrap resample).
func jansen(y []float64, k, n int, rows []int) (s1, st []float64, v float64) {
	fa := y[:n]
	fb := y[n : 2*n]
	m := float64(len(rows))
	var mean float64
	for _, j := range rows {
		mean += fa[j] + fb[j]
	}
	mean /= 2 * m
	for _, j := range rows {
		v += (fa[j]-mean)*(fa[j]-mean) + (fb[j]-mean)*(fb[j]-mean)
	}
	v /= 2*m - 1
	s1 = make([]float64, k)
	st = make([]float64, k)
	for i := 0; i < k; i++ {
		fab := y[(2+i)*n : (3+i)*n]
		var d1, dt float64
		for _, j := range rows {
			d1 += (fb[j] - fab[j]) * (fb[j] - fab[j])
			dt += (fa[j] - fab[j]) * (fa[j] - fab[j])
		}
		s1[i] = (v - d1/(2*m)) / v
		st[i] = dt / (2 * m) / v
		if v == 0 {
			s1[i], st[i] = math.NaN(), math.NaN()
		}
	}
	return s1, st, v
}
