package calibration

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Singular is the singular value decomposition of W^{1/2}J, the targets'
// sensitivities to the unit-scaled keys in units of the targets' scales.
type Singular struct {
	// Values are the singular values, largest first (one per key; zeros
	// beyond the number of targets).
	Values []float64
	// V holds the right singular vectors as columns: column j is the
	// combination of keys whose change by 1 (in bound ranges) moves the
	// weighted targets by Values[j].
	V *mat.Dense
	// Condition is σ_max/σ_min (+Inf if σ_min is 0).
	Condition float64
	// Rank is the number of singular values ≥ 10⁻³·σ_max (0 if σ_max is 0).
	Rank int
}

// Identify decomposes W^{1/2}J, W = diag(w). An entry of J that is NaN or
// infinite (a target undefined at a finite-difference point) counts as 0.
func Identify(J *mat.Dense, w []float64) Singular {
	n, k := J.Dims()
	rows := max(n, k) // pad with zero rows: gonum's SVD wants a tall matrix for a full V
	A := mat.NewDense(rows, k, nil)
	for i := range n {
		for j := range k {
			if v := math.Sqrt(w[i]) * J.At(i, j); !math.IsNaN(v) && !math.IsInf(v, 0) {
				A.Set(i, j, v) // a sensitivity that could not be estimated counts as 0
			}
		}
	}
	var svd mat.SVD
	out := Singular{Values: make([]float64, k), V: mat.NewDense(k, k, nil), Condition: math.Inf(1)}
	if !svd.Factorize(A, mat.SVDFull) {
		return out // no decomposition: nothing is pinned
	}
	vals := svd.Values(nil)
	copy(out.Values, vals)
	svd.VTo(out.V)
	if out.Values[0] > 0 {
		for _, s := range out.Values {
			if s >= rankTol*out.Values[0] {
				out.Rank++
			}
		}
		if last := out.Values[k-1]; last > 0 {
			out.Condition = out.Values[0] / last
		}
	}
	return out
}

// Weak reports whether direction j is not pinned down: its singular value
// is below 10⁻³·σ_max (or σ_max is 0).
func (s Singular) Weak(j int) bool {
	return !(s.Values[j] >= rankTol*s.Values[0]) || s.Values[0] == 0
}

// NotIdentified says, for each key, why the targets do not pin it down
// ("" if they do): its 95% interval spans more than half its bounds
// (widths in unit-scaled coordinates, NaN counted as the whole range), or
// it loads by more than 0.5 in absolute value on a right singular vector
// that is Weak.
func (s Singular) NotIdentified(widths []float64) []string {
	k := len(s.Values)
	out := make([]string, k)
	for a := range k {
		for j := range k {
			if s.Weak(j) && math.Abs(s.V.At(a, j)) > 0.5 {
				out[a] = fmt.Sprintf("loads %.2f on direction %d, whose singular value %.3g is below 1e-3·σ_max", s.V.At(a, j), j+1, s.Values[j])
				break
			}
		}
		if out[a] == "" && !(widths[a] <= 0.5) {
			out[a] = fmt.Sprintf("its 95%% interval spans %.0f%% of its bounds (more than half)", 100*math.Min(nanTo(widths[a], 1), 1))
		}
	}
	return out
}

func nanTo(x, v float64) float64 {
	if math.IsNaN(x) {
		return v
	}
	return x
}
