package results

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// relClose asserts that got is within a relative tolerance tol of want.
func relClose(t *testing.T, want, got, tol float64, msg string, args ...any) {
	t.Helper()
	scaledClose(t, want, got, math.Max(math.Abs(want), math.Abs(got)), tol, msg, args...)
}

// scaledClose asserts that |want - got| ≤ tol·scale. A mean is compared on
// the scale of the data (the larger of |mean| and the standard deviation),
// since a relative error means nothing for a mean near zero.
func scaledClose(t *testing.T, want, got, scale, tol float64, msg string, args ...any) {
	t.Helper()
	if !(math.Abs(want-got) <= tol*scale) {
		assert.Fail(t, "not within tolerance", "%s: want %.17g, got %.17g (error %.3g > %.3g × %.3g)",
			fmt.Sprintf(msg, args...), want, got, math.Abs(want-got), tol, scale)
	}
}

// dataScale returns the larger of |mean| and the standard deviation (0 for
// fewer than two values).
func dataScale(m Moments) float64 {
	if m.N < 2 {
		return math.Abs(m.Mean)
	}
	return math.Max(math.Abs(m.Mean), m.SD())
}

// sameFloat reports whether a and b are both NaN or equal with the same bits.
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

// twoPass returns the mean and sample variance of x from two passes, each
// with Neumaier's compensated summation.
func twoPass(x []float64) (mean, variance float64) {
	sum := func(n int, f func(i int) float64) float64 {
		var s, c float64
		for i := range n {
			v := f(i)
			t := s + v
			if math.Abs(s) >= math.Abs(v) {
				c += (s - t) + v
			} else {
				c += (v - t) + s
			}
			s = t
		}
		return s + c
	}
	n := len(x)
	mean = sum(n, func(i int) float64 { return x[i] }) / float64(n)
	ss := sum(n, func(i int) float64 { d := x[i] - mean; return d * d })
	return mean, ss / float64(n-1)
}

// sample returns n values from a few distributions, seeded by seed.
func sample(dist string, n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	x := make([]float64, n)
	for i := range x {
		switch dist {
		case "normal":
			x[i] = rng.NormFloat64()
		case "shifted":
			// Large mean, small spread: the naive Σx² - n·x̄² loses about
			// mean²/var · ε ≈ 1e-10 here; Welford's update stays near
			// 1e-13 (and near 1e-12 with a mean of 1e4).
			x[i] = 1e3 + rng.NormFloat64()
		case "exponential":
			x[i] = 50 * rng.ExpFloat64()
		case "uniform":
			x[i] = rng.Float64()
		default:
			panic(dist)
		}
	}
	return x
}

var distributions = []string{"normal", "shifted", "exponential", "uniform"}

func TestMomentsAgainstTwoPass(t *testing.T) {
	for _, dist := range distributions {
		for _, n := range []int{2, 3, 10, 1000, 100000} {
			x := sample(dist, n, uint64(n))
			var m Moments
			for _, v := range x {
				m.Add(v)
			}
			mean, variance := twoPass(x)
			assert.Equal(t, int64(n), m.N)
			scaledClose(t, mean, m.Mean, math.Max(math.Abs(mean), math.Sqrt(variance)), 1e-12, "%s n=%d mean", dist, n)
			relClose(t, variance, m.Var(), 1e-12, "%s n=%d variance", dist, n)
			relClose(t, math.Sqrt(variance), m.SD(), 1e-12, "%s n=%d sd", dist, n)
			lo, hi := x[0], x[0]
			for _, v := range x {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			assert.Equal(t, lo, m.Min, "%s n=%d min", dist, n)
			assert.Equal(t, hi, m.Max, "%s n=%d max", dist, n)
		}
	}
}

func TestMomentsSmall(t *testing.T) {
	tests := []struct {
		name           string
		x              []float64
		mean, variance float64
	}{
		{"empty", nil, 0, math.NaN()},
		{"one", []float64{3}, 3, math.NaN()},
		{"two", []float64{1, 3}, 2, 2},
		{"constant", []float64{0.1, 0.1, 0.1, 0.1}, 0.1, 0},
		{"textbook", []float64{2, 4, 4, 4, 5, 5, 7, 9}, 5, 32.0 / 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m Moments
			for _, v := range tc.x {
				m.Add(v)
			}
			assert.Equal(t, int64(len(tc.x)), m.N)
			assert.Equal(t, tc.mean, m.Mean)
			if math.IsNaN(tc.variance) {
				assert.True(t, math.IsNaN(m.Var()))
				assert.True(t, math.IsNaN(m.SD()))
			} else {
				assert.InDelta(t, tc.variance, m.Var(), 1e-15)
			}
		})
	}
}

func TestMomentsNaNPropagates(t *testing.T) {
	var m Moments
	for _, v := range []float64{1, math.NaN(), 2} {
		m.Add(v)
	}
	for name, v := range map[string]float64{"mean": m.Mean, "var": m.Var(), "min": m.Min, "max": m.Max} {
		assert.True(t, math.IsNaN(v), name)
	}
}

// split adds x to k accumulators over random contiguous chunks, some of
// which may be empty.
func split(x []float64, k int, rng *rand.Rand) []Moments {
	cuts := make([]int, k+1)
	cuts[k] = len(x)
	for i := 1; i < k; i++ {
		cuts[i] = rng.IntN(len(x) + 1)
	}
	for i := 1; i < k; i++ { // sort the inner cuts
		for j := i; j > 1 && cuts[j-1] > cuts[j]; j-- {
			cuts[j-1], cuts[j] = cuts[j], cuts[j-1]
		}
	}
	parts := make([]Moments, k)
	for i := range k {
		for _, v := range x[cuts[i]:cuts[i+1]] {
			parts[i].Add(v)
		}
	}
	return parts
}

func TestMomentsMergeEqualsSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, dist := range distributions {
		for trial := range 50 {
			n := 1 + rng.IntN(5000)
			x := sample(dist, n, uint64(trial))
			var seq Moments
			for _, v := range x {
				seq.Add(v)
			}
			var merged Moments
			for _, p := range split(x, 1+rng.IntN(20), rng) {
				merged.Merge(p)
			}
			require.Equal(t, seq.N, merged.N)
			assert.Equal(t, seq.Min, merged.Min)
			assert.Equal(t, seq.Max, merged.Max)
			scaledClose(t, seq.Mean, merged.Mean, dataScale(seq), 1e-12, "%s trial %d mean", dist, trial)
			if n > 1 {
				relClose(t, seq.M2, merged.M2, 1e-12, "%s trial %d M2", dist, trial)
			}
		}
	}
}

func TestMomentsMergeAssociative(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, dist := range distributions {
		for trial := range 50 {
			x := sample(dist, 3+rng.IntN(3000), uint64(100+trial))
			p := split(x, 3, rng)
			left := p[0] // (a ⊕ b) ⊕ c
			left.Merge(p[1])
			left.Merge(p[2])
			bc := p[1] // a ⊕ (b ⊕ c)
			bc.Merge(p[2])
			right := p[0]
			right.Merge(bc)
			require.Equal(t, left.N, right.N)
			assert.Equal(t, left.Min, right.Min)
			assert.Equal(t, left.Max, right.Max)
			scaledClose(t, left.Mean, right.Mean, dataScale(left), 1e-12, "%s trial %d mean", dist, trial)
			relClose(t, left.M2, right.M2, 1e-12, "%s trial %d M2", dist, trial)
		}
	}
}

func TestMomentsMergeEmpty(t *testing.T) {
	var full Moments
	for _, v := range []float64{-2, 5, 11} {
		full.Add(v)
	}

	m := full
	m.Merge(Moments{})
	assert.Equal(t, full, m, "non-empty ⊕ empty")

	var e Moments
	e.Merge(full)
	assert.Equal(t, full, e, "empty ⊕ non-empty")

	var ee Moments
	ee.Merge(Moments{})
	assert.Equal(t, Moments{}, ee, "empty ⊕ empty")

	// Adding more values after merging into an empty accumulator.
	e.Add(-20)
	full.Add(-20)
	assert.Equal(t, full, e)
	assert.Equal(t, -20.0, e.Min)
}

func TestMomentsNoAllocation(t *testing.T) {
	var m, o Moments
	o.Add(1)
	o.Add(2)
	allocs := testing.AllocsPerRun(100, func() {
		m.Add(3)
		m.Merge(o)
		_ = m.SD()
	})
	assert.Zero(t, allocs)
}

func TestTQuantile(t *testing.T) {
	tests := []struct {
		p, nu, want, tol float64
	}{
		{0.975, 9, 2.262157, 1e-6},
		{0.975, 1, 12.7062, 1e-4},
		{0.975, 29, 2.045230, 1e-6},
		{0.995, 9, 3.249836, 1e-6},
		{0.95, 4, 2.131847, 1e-6},
		{0.975, 1e6, 1.959966, 1e-5},
		{0.975, 1e9, 1.959964, 1e-6},
		{0.025, 9, -2.262157, 1e-6},
	}
	for _, tc := range tests {
		assert.InDelta(t, tc.want, tQuantile(tc.p, tc.nu), tc.tol, "t(%v, %v)", tc.p, tc.nu)
	}
}

func TestCI(t *testing.T) {
	var m Moments
	for _, v := range []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} {
		m.Add(v)
	}
	// mean 5.5, sd √(55/6), n 10.
	se := math.Sqrt(55.0/6) / math.Sqrt(10)
	for _, tc := range []struct{ level, t float64 }{
		{0.95, 2.262157},
		{0.99, 3.249836},
		{0.90, 1.833113},
	} {
		lo, hi := CI(m, tc.level)
		assert.InDelta(t, 5.5-tc.t*se, lo, 1e-5, "level %v", tc.level)
		assert.InDelta(t, 5.5+tc.t*se, hi, 1e-5, "level %v", tc.level)
	}

	lo, hi := CI(Moments{N: 1, Mean: 3, Min: 3, Max: 3}, 0.95)
	assert.True(t, math.IsNaN(lo) && math.IsNaN(hi), "n = 1")

	for _, level := range []float64{0, 1, -0.5, 95, math.NaN()} {
		assert.Panics(t, func() { CI(m, level) }, "level %v", level)
	}
}

var sinkMoments Moments

func BenchmarkMomentsAdd(b *testing.B) {
	b.ReportAllocs()
	var m Moments
	x := 0.0
	for b.Loop() {
		m.Add(x)
		x += 0.5
	}
	sinkMoments = m
}
