package calibration

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Jacobian estimates the sensitivity matrix J (targets × keys) of the
// targets' means at u by central finite differences in the unit-scaled
// coordinates: column k is (eval(u + h·e_k) − eval(u − h·e_k)) / (2h), the
// two points kept in [0,1] (a one-sided difference at a bound, divided by
// the step actually taken). It makes 2·len(u) evaluations; run on common
// random numbers, their difference has none of the replications' noise
// that is common to both.
func Jacobian(eval Eval, u []float64, h float64) (*mat.Dense, error) {
	if !(h > 0 && h <= 0.5) {
		return nil, fmt.Errorf("calibration: finite-difference step %g: expected (0, 0.5]", h)
	}
	var J *mat.Dense
	for k := range u {
		lo, hi := slices.Clone(u), slices.Clone(u)
		lo[k], hi[k] = math.Max(u[k]-h, 0), math.Min(u[k]+h, 1)
		ylo, err := eval(lo)
		if err != nil {
			return nil, err
		}
		yhi, err := eval(hi)
		if err != nil {
			return nil, err
		}
		if J == nil {
			J = mat.NewDense(len(ylo), len(u), nil)
		}
		for i := range ylo {
			J.Set(i, k, (yhi[i]-ylo[i])/(hi[k]-lo[k]))
		}
	}
	return J, nil
}

// rankTol is the relative singular value below which a direction of the
// keys counts as not pinned down by the targets.
const rankTol = 1e-3

// normalInverse returns the pseudo-inverse of JᵀWJ from the singular
// value decomposition of W^{1/2}J, dropping singular values below
// rankTol·σ_max: V·S⁻²·Vᵀ over the kept ones.
func normalInverse(J *mat.Dense, w []float64) *mat.Dense {
	sv := Identify(J, w)
	k := len(sv.Values)
	inv := mat.NewDense(k, k, nil)
	for j, s := range sv.Values {
		if !(s >= rankTol*sv.Values[0]) || s == 0 {
			continue
		}
		for a := range k {
			for b := range k {
				inv.Set(a, b, inv.At(a, b)+sv.V.At(a, j)*sv.V.At(b, j)/(s*s))
			}
		}
	}
	return inv
}

// Sandwich returns the delta-method covariance of the unit-scaled keys,
// (JᵀWJ)⁺ JᵀW Σ W J (JᵀWJ)⁺ with W = diag(w) and Σ = diag(se²): the
// spread of the least-squares keys when the targets' means carry
// independent errors of standard deviations se. With w = 1/se² it is
// (JᵀWJ)⁻¹. Directions the targets do not pin down (see Identify) are
// dropped from the pseudo-inverse: their variance is not estimated.
func Sandwich(J *mat.Dense, w, se []float64) *mat.Dense {
	n, k := J.Dims()
	inv := normalInverse(J, w)
	// M = JᵀWΣWJ.
	M := mat.NewDense(k, k, nil)
	for a := range k {
		for b := range k {
			s := 0.0
			for i := range n {
				if v := J.At(i, a) * w[i] * se[i] * se[i] * w[i] * J.At(i, b); !math.IsNaN(v) && !math.IsInf(v, 0) {
					s += v
				}
			}
			M.Set(a, b, s)
		}
	}
	var t, cov mat.Dense
	t.Mul(inv, M)
	cov.Mul(&t, inv)
	return &cov
}

// BootstrapSteps returns, for each resample b of the targets' means
// yBoot[b], the keys one Gauss–Newton step away from the optimum u:
//
//	u_b = u − (JᵀWJ)⁺ JᵀW (y_b − y*),
//
// the least-squares keys had the simulation returned y_b instead of y*
// (its means moved by y_b − y*; the keys move to undo it, to first order).
// The result is [b][key], not clamped to the cube.
func BootstrapSteps(J *mat.Dense, w, u, yStar []float64, yBoot [][]float64) [][]float64 {
	n, k := J.Dims()
	inv := normalInverse(J, w)
	out := make([][]float64, len(yBoot))
	g := make([]float64, k)
	for b, y := range yBoot {
		for a := range k {
			s := 0.0
			for i := range n {
				if v := J.At(i, a) * w[i] * (y[i] - yStar[i]); w[i] != 0 && !math.IsNaN(v) && !math.IsInf(v, 0) {
					s += v
				}
			}
			g[a] = s
		}
		ub := slices.Clone(u)
		for a := range k {
			for c := range k {
				ub[a] -= inv.At(a, c) * g[c]
			}
		}
		out[b] = ub
	}
	return out
}

// Percentile returns the p-quantile of xs (NaN dropped) by the rank
// ⌊p·n⌋ of the sorted values, as findings' bootstrap intervals; NaN if
// none.
func Percentile(xs []float64, p float64) float64 {
	v := slices.DeleteFunc(slices.Clone(xs), math.IsNaN)
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	return v[min(len(v)-1, int(p*float64(len(v))))]
}

// StdDev returns the sample standard deviation of xs (NaN dropped; NaN if
// fewer than two).
func StdDev(xs []float64) float64 {
	v := slices.DeleteFunc(slices.Clone(xs), math.IsNaN)
	if len(v) < 2 {
		return math.NaN()
	}
	m := 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	s := 0.0
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(v)-1))
}
