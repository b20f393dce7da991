package calibration

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestResidual: a two-sided target's residual is in half-widths of its
// band; a bound's is 0 inside and the distance to the bound over its
// tolerance scale outside, or over 0.1·|published| with no tolerance.
func TestResidual(t *testing.T) {
	w, err := NewTarget("w", 7, Within, 0.15)
	require.NoError(t, err)
	require.InDelta(t, 1.05, w.Scale, 1e-12)
	require.InDelta(t, 1, w.Residual(8.05), 1e-12)
	require.InDelta(t, -2, w.Residual(7-2.1), 1e-12)
	lb, err := NewTarget("lb", 60, AtLeast, 0)
	require.NoError(t, err)
	require.Equal(t, 0.0, lb.Residual(61))
	require.InDelta(t, -1, lb.Residual(54), 1e-12) // 6 below 60, scale 6
	ub, err := NewTarget("ub", 0.1, AtMost, 0.5)
	require.NoError(t, err)
	require.Equal(t, 0.0, ub.Residual(0.15))
	require.InDelta(t, 0.05/0.05, ub.Residual(0.2), 1e-12) // bound 0.15, scale 0.05
	require.False(t, ub.Active(0.1))
	require.True(t, ub.Active(0.2))
	require.InDelta(t, 1+4, Loss([]Target{w, lb}, []float64{8.05, 48}), 1e-12)
	ww := w
	ww.Weight = 3
	require.InDelta(t, 3, Loss([]Target{ww}, []float64{8.05}), 1e-12)
	require.True(t, math.IsInf(Loss([]Target{w}, []float64{math.NaN()}), 1))
	_, err = NewTarget("x", 1, "about", 0.1)
	require.ErrorContains(t, err, `compare "about"`)
}

// TestStartPoints: the scrambled design is inside the open cube, the same
// for the same seed, another for another seed, and stratifies each axis.
func TestStartPoints(t *testing.T) {
	a, err := StartPoints(16, 3, 1)
	require.NoError(t, err)
	b, _ := StartPoints(16, 3, 1)
	c, _ := StartPoints(16, 3, 2)
	require.Equal(t, a, b)
	require.NotEqual(t, a, c)
	for _, p := range a {
		for _, u := range p {
			require.True(t, u >= 0 && u < 1, u)
		}
	}
	for k := range 3 {
		slices := map[int]int{}
		for _, p := range a {
			slices[int(p[k]*16)]++
		}
		require.Len(t, slices, 16, "16 points of a (digitally shifted) Sobol design: one in each sixteenth of every axis")
	}
}

// linear is y = A·u + e, the same e at every u (common random numbers).
func linear(A *mat.Dense, e []float64) Eval {
	return func(u []float64) ([]float64, error) {
		n, _ := A.Dims()
		y := make([]float64, n)
		for i := range n {
			y[i] = e[i]
			for k, v := range u {
				y[i] += A.At(i, k) * v
			}
		}
		return y, nil
	}
}

// leastSquares solves min |W^½(A·u + e − p)|².
func leastSquares(A *mat.Dense, w, e, p []float64) []float64 {
	n, k := A.Dims()
	var N mat.Dense
	Wm := mat.NewDiagDense(n, w)
	var AW mat.Dense
	AW.Mul(A.T(), Wm)
	N.Mul(&AW, A)
	r := make([]float64, n)
	for i := range r {
		r[i] = p[i] - e[i]
	}
	var rhs, u mat.VecDense
	rhs.MulVec(&AW, mat.NewVecDense(n, r))
	if err := u.SolveVec(&N, &rhs); err != nil {
		panic(err)
	}
	out := make([]float64, k)
	for i := range out {
		out[i] = u.AtVec(i)
	}
	return out
}

// TestLinearModel: on y = A·θ + noise with more targets than keys, Fit
// finds the weighted least-squares keys, the Jacobian is A, and the
// sandwich covariance with W = Σ⁻¹ is (AᵀWA)⁻¹; the model is of full
// rank and every key is identified.
func TestLinearModel(t *testing.T) {
	A := mat.NewDense(5, 3, []float64{
		2, 0.5, 0,
		0, 1, 1,
		1, -1, 0.5,
		0.3, 0, 2,
		1, 1, 1,
	})
	truth := []float64{0.3, 0.55, 0.7}
	se := []float64{0.02, 0.05, 0.03, 0.04, 0.01}
	e := []float64{0.01, -0.04, 0.02, 0.03, -0.005} // this simulation's noise
	p, _ := linear(A, make([]float64, 5))(truth)
	var ts []Target
	w := make([]float64, 5)
	for i := range p {
		tg, err := NewTarget("t", p[i], Within, se[i]/math.Abs(p[i])) // Scale = se: W = Σ⁻¹
		require.NoError(t, err)
		ts = append(ts, tg)
		w[i] = 1 / (se[i] * se[i])
	}
	eval := linear(A, e)
	res, err := Fit(ts, 3, eval, Settings{Starts: 16, Seed: 1, Evals: 600})
	require.NoError(t, err)
	want := leastSquares(A, w, e, p)
	require.InDeltaSlice(t, want, res.Best.U, 2e-3)
	require.Greater(t, len(res.Trace), 16)

	J, err := Jacobian(eval, res.Best.U, 0.05)
	require.NoError(t, err)
	require.InDeltaSlice(t, A.RawMatrix().Data, J.RawMatrix().Data, 1e-9)
	gotW := Weights(ts, res.Best.Means)
	require.InDeltaSlice(t, w, gotW, 1e-6*w[4])

	cov := Sandwich(J, gotW, se)
	var N, inv mat.Dense
	var AW mat.Dense
	AW.Mul(A.T(), mat.NewDiagDense(5, w))
	N.Mul(&AW, A)
	require.NoError(t, inv.Inverse(&N))
	for a := range 3 {
		for b := range 3 {
			require.InDelta(t, inv.At(a, b), cov.At(a, b), 1e-6*math.Abs(inv.At(a, a)), "Cov[%d,%d]", a, b)
		}
	}
	sv := Identify(J, gotW)
	require.Equal(t, 3, sv.Rank)
	require.Less(t, sv.Condition, 100.0)
	for _, why := range sv.NotIdentified([]float64{0.1, 0.1, 0.1}) {
		require.Empty(t, why)
	}
	// A wide interval alone makes a key not identified.
	why := sv.NotIdentified([]float64{0.6, 0.1, math.NaN()})
	require.Contains(t, why[0], "spans 60% of its bounds")
	require.Empty(t, why[1])
	require.Contains(t, why[2], "spans 100% of its bounds")
}

// TestRankDeficient: targets that depend only on θ1+θ2 pin down their
// sum, not each: numerical rank 1, infinite condition number, both keys
// not identified by the weak direction (1,−1)/√2; a third key with its
// own target stays identified.
func TestRankDeficient(t *testing.T) {
	A := mat.NewDense(4, 3, []float64{
		1, 1, 0,
		2, 2, 0,
		-1, -1, 0,
		0, 0, 3,
	})
	J, err := Jacobian(linear(A, make([]float64, 4)), []float64{0.5, 0.5, 0.5}, 0.05)
	require.NoError(t, err)
	w := []float64{1, 1, 1, 1}
	sv := Identify(J, w)
	require.Equal(t, 2, sv.Rank)
	require.True(t, math.IsInf(sv.Condition, 1) || sv.Condition > 1e8, sv.Condition)
	why := sv.NotIdentified([]float64{0.1, 0.1, 0.1})
	require.Contains(t, why[0], "below 1e-3·σ_max")
	require.Contains(t, why[1], "below 1e-3·σ_max")
	require.Empty(t, why[2])
	// The weak direction is the difference of the two keys.
	weak := -1
	for j := range 3 {
		if sv.Weak(j) {
			weak = j
		}
	}
	require.InDelta(t, 1/math.Sqrt2, math.Abs(sv.V.At(0, weak)), 1e-9)
	require.InDelta(t, -sv.V.At(0, weak), sv.V.At(1, weak), 1e-9)
	// The pseudo-inverse leaves the weak direction out: the sum's
	// variance is finite, the third key's is 1/(w·9).
	cov := Sandwich(J, w, []float64{1, 1, 1, 1})
	require.InDelta(t, 1.0/9, cov.At(2, 2), 1e-9)
	require.False(t, math.IsNaN(cov.At(0, 0)))
}

// TestBootstrapCoverage: over repeated synthetic problems (a linear model
// with noisy replications), the percentile 95% interval of the
// Gauss–Newton bootstrap over replications covers the true keys at about
// the nominal rate.
func TestBootstrapCoverage(t *testing.T) {
	problems, reps, B := 300, 40, 200
	if testing.Short() {
		problems = 120
	}
	A := mat.NewDense(4, 2, []float64{1, 0.2, 0.5, 1, -0.3, 0.8, 1, 1})
	truth := []float64{0.4, 0.6}
	sd := []float64{0.3, 0.2, 0.4, 0.25}
	rnd := rand.New(rand.NewPCG(11, 12))
	p, _ := linear(A, make([]float64, 4))(truth)
	w := make([]float64, 4)
	for i := range w {
		se := sd[i] / math.Sqrt(float64(reps))
		w[i] = 1 / (se * se)
	}
	covered := []int{0, 0}
	noise := make([][]float64, reps)
	mean := func(idx func(int) int) []float64 {
		m := make([]float64, 4)
		for r := range reps {
			for i := range m {
				m[i] += noise[idx(r)][i] / float64(reps)
			}
		}
		return m
	}
	for range problems {
		for r := range noise {
			noise[r] = make([]float64, 4)
			for i := range 4 {
				noise[r][i] = sd[i] * rnd.NormFloat64()
			}
		}
		e := mean(func(r int) int { return r })
		uHat := leastSquares(A, w, e, p)
		yStar, _ := linear(A, e)(uHat)
		yBoot := make([][]float64, B)
		for b := range yBoot {
			eb := mean(func(int) int { return rnd.IntN(reps) })
			yBoot[b], _ = linear(A, eb)(uHat)
		}
		steps := BootstrapSteps(A, w, uHat, yStar, yBoot)
		for k := range 2 {
			col := make([]float64, B)
			for b := range col {
				col[b] = steps[b][k]
			}
			if lo, hi := Percentile(col, 0.025), Percentile(col, 0.975); lo <= truth[k] && truth[k] <= hi {
				covered[k]++
			}
		}
	}
	for k, c := range covered {
		rate := float64(c) / float64(problems)
		require.True(t, rate >= 0.88 && rate <= 0.99, "key %d: coverage %.3f, expected about 0.95", k, rate)
	}
}

// TestJacobianStep: a bad step is refused; at a bound the difference is
// one-sided and still exact on a linear model.
func TestJacobianStep(t *testing.T) {
	A := mat.NewDense(1, 1, []float64{4})
	_, err := Jacobian(linear(A, []float64{0}), []float64{0.5}, 0)
	require.ErrorContains(t, err, "step 0")
	J, err := Jacobian(linear(A, []float64{0}), []float64{0.99}, 0.05)
	require.NoError(t, err)
	require.InDelta(t, 4, J.At(0, 0), 1e-9)
}
