package results

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Moments accumulates the first two moments, the minimum and the maximum of
// a stream of values. The zero value is an empty accumulator ready to use.
//
// Moments is a value type: copying it copies the accumulator, and neither
// Add nor Merge allocates. Accumulators of disjoint parts of a sample can be
// merged in any grouping and give the result of adding all values to one
// accumulator, up to rounding.
type Moments struct {
	// N is the number of values added.
	N int64
	// Mean is the arithmetic mean of the values, 0 if N is 0.
	Mean float64
	// M2 is the sum of squared deviations from the mean, Σ(xᵢ - x̄)².
	M2 float64
	// Min and Max are the smallest and the largest value; they are
	// meaningful only if N > 0.
	Min, Max float64
}

// Add adds the value x to the accumulator, with Welford's update. A NaN x
// makes Mean, M2, Min and Max NaN.
func (m *Moments) Add(x float64) {
	m.N++
	if m.N == 1 {
		m.Mean, m.M2, m.Min, m.Max = x, 0, x, x
		return
	}
	d := x - m.Mean
	m.Mean += d / float64(m.N)
	m.M2 += d * (x - m.Mean)
	m.Min = math.Min(m.Min, x)
	m.Max = math.Max(m.Max, x)
}

// Merge adds the values accumulated in o to m, with the parallel formula of
// Chan, Golub and LeVeque. Merging an empty accumulator is a no-op, and
// merging into an empty accumulator copies o.
func (m *Moments) Merge(o Moments) {
	switch {
	case o.N == 0:
		return
	case m.N == 0:
		*m = o
		return
	}
	na, nb := float64(m.N), float64(o.N)
	n := na + nb
	d := o.Mean - m.Mean
	m.N += o.N
	m.Mean += d * (nb / n)
	m.M2 += o.M2 + d*d*(na*nb/n)
	m.Min = math.Min(m.Min, o.Min)
	m.Max = math.Max(m.Max, o.Max)
}

// Var returns the sample variance M2/(N-1), or NaN if N < 2.
func (m Moments) Var() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	return m.M2 / float64(m.N-1)
}

// SD returns the sample standard deviation, the square root of Var, or NaN
// if N < 2.
func (m Moments) SD() float64 {
	return math.Sqrt(m.Var())
}

// CI returns the two-sided confidence interval for the mean at the given
// level, such as 0.95 or 0.99:
//
//	mean ± t_{(1+level)/2, N-1} · SD/√N
//
// with t the Student's t quantile. Both ends are NaN if N < 2 or if the
// accumulator holds a NaN; if all values are equal both ends are the mean.
// CI panics if level is not in the open interval (0, 1).
func CI(m Moments, level float64) (lo, hi float64) {
	if !(level > 0 && level < 1) {
		panic("results: confidence level out of (0, 1)")
	}
	if m.N < 2 {
		return math.NaN(), math.NaN()
	}
	h := tQuantile((1+level)/2, float64(m.N-1)) * m.SD() / math.Sqrt(float64(m.N))
	return m.Mean - h, m.Mean + h
}

// tQuantile returns the p quantile of the standard Student's t distribution
// with nu degrees of freedom.
func tQuantile(p, nu float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile(p)
}
