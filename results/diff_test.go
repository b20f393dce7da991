package results

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPairedDiffCRN checks why the comparison is paired: when both policies
// share a large replication effect (as with common random numbers), the
// paired interval is far narrower than the interval for the difference of
// two independent means computed from the same values.
func TestPairedDiffCRN(t *testing.T) {
	const (
		n     = 50
		delta = 2.0 // true effect of B over A
	)
	rng := rand.New(rand.NewPCG(11, 12))
	va, vb := make([]float64, n), make([]float64, n)
	for r := range n {
		shared := 10 * rng.NormFloat64() // what both policies see in replication r
		va[r] = 100 + shared + rng.NormFloat64()
		vb[r] = 100 + delta + shared + rng.NormFloat64()
	}
	d, err := PairedDiff("revenue", "fifo", "lifo", va, vb)
	require.NoError(t, err)
	assert.Equal(t, Diff{Metric: "revenue", A: "fifo", B: "lifo", MeanDiff: d.MeanDiff,
		CI95Low: d.CI95Low, CI95High: d.CI95High, RelDiff: d.RelDiff, N: n}, d)

	sa, sb := Summarize(va), Summarize(vb)
	assert.InDelta(t, sb.Mean-sa.Mean, d.MeanDiff, 1e-12)
	assert.InDelta(t, d.MeanDiff/sa.Mean, d.RelDiff, 1e-15)
	assert.True(t, d.CI95Low < delta && delta < d.CI95High, "paired CI [%v, %v] covers %v", d.CI95Low, d.CI95High, delta)
	assert.True(t, d.Significant())

	// Unpaired (Welch-style) half-width for comparison, with the smaller
	// of the two degrees of freedom one would use for independent samples.
	unpaired := tQuantile(0.975, 2*n-2) * math.Sqrt(sa.SD*sa.SD/n+sb.SD*sb.SD/n)
	paired := (d.CI95High - d.CI95Low) / 2
	assert.Less(t, paired, unpaired/4, "paired half-width %v, unpaired %v", paired, unpaired)
}

func TestPairedDiff(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name        string
		va, vb      []float64
		want        Diff
		significant bool
	}{
		{
			name: "constant shift", va: []float64{1, 2, 3, 4}, vb: []float64{2, 3, 4, 5},
			want:        Diff{MeanDiff: 1, CI95Low: 1, CI95High: 1, RelDiff: 0.4, N: 4},
			significant: true,
		},
		{
			name: "no difference", va: []float64{1, 2, 3}, vb: []float64{1, 2, 3},
			want: Diff{MeanDiff: 0, CI95Low: 0, CI95High: 0, RelDiff: 0, N: 3},
		},
		{
			name: "zero baseline", va: []float64{-1, 1}, vb: []float64{0, 2},
			want:        Diff{MeanDiff: 1, CI95Low: 1, CI95High: 1, RelDiff: nan, N: 2},
			significant: true,
		},
		{
			name: "one replication", va: []float64{2}, vb: []float64{3},
			want: Diff{MeanDiff: 1, CI95Low: nan, CI95High: nan, RelDiff: 0.5, N: 1},
		},
		{
			name: "empty",
			want: Diff{MeanDiff: nan, CI95Low: nan, CI95High: nan, RelDiff: nan, N: 0},
		},
		{
			name: "negative", va: []float64{10, 12, 11, 13}, vb: []float64{8, 9, 9, 10},
			// differences -2, -3, -2, -3: sd √(1/3), t_{0.975,3} = 3.182446
			want:        Diff{MeanDiff: -2.5, CI95Low: -2.5 - 3.182446*math.Sqrt(1.0/3)/2, CI95High: -2.5 + 3.182446*math.Sqrt(1.0/3)/2, RelDiff: -2.5 / 11.5, N: 4},
			significant: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := PairedDiff("m", "a", "b", tc.va, tc.vb)
			require.NoError(t, err)
			assert.Equal(t, "m", d.Metric)
			assert.Equal(t, "a", d.A)
			assert.Equal(t, "b", d.B)
			assert.Equal(t, tc.want.N, d.N)
			for _, f := range []struct {
				name      string
				want, got float64
			}{
				{"MeanDiff", tc.want.MeanDiff, d.MeanDiff},
				{"CI95Low", tc.want.CI95Low, d.CI95Low},
				{"CI95High", tc.want.CI95High, d.CI95High},
				{"RelDiff", tc.want.RelDiff, d.RelDiff},
			} {
				if math.IsNaN(f.want) {
					assert.True(t, math.IsNaN(f.got), "%s: want NaN, got %v", f.name, f.got)
				} else {
					assert.InDelta(t, f.want, f.got, 1e-6, f.name)
				}
			}
			assert.Equal(t, tc.significant, d.Significant())
		})
	}
}

func TestPairedDiffLengthMismatch(t *testing.T) {
	_, err := PairedDiff("won", "a", "b", []float64{1, 2}, []float64{1})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `policy "a" has 2 values, policy "b" has 1`)
}

func TestSignificant(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		lo, hi float64
		want   bool
	}{
		{0.1, 2, true},
		{-2, -0.1, true},
		{-1, 1, false},
		{0, 1, false}, // touching zero is not excluding it
		{-1, 0, false},
		{nan, nan, false},
		{nan, -1, false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Diff{CI95Low: tc.lo, CI95High: tc.hi}.Significant(), "[%v, %v]", tc.lo, tc.hi)
	}
}

func TestDiffJSON(t *testing.T) {
	// A zero baseline makes rel_diff null; a constant difference makes the
	// interval exact, so the whole encoding can be compared.
	d, err := PairedDiff("won", "fifo", "lifo", []float64{0, 0, 0}, []float64{2, 2, 2})
	require.NoError(t, err)
	b, err := json.Marshal(d)
	require.NoError(t, err)
	assert.Equal(t, `{"metric":"won","a":"fifo","b":"lifo","mean_diff":2,"ci95_low":2,"ci95_high":2,"rel_diff":null,"n":3}`, string(b))

	tests := []Diff{
		d,
		{Metric: "m", A: "a", B: "b", MeanDiff: 2, CI95Low: -0.48413771175033027, CI95High: 4.48413771175033, RelDiff: -0.125, N: 3},
		{Metric: "m", A: "a", B: "b", MeanDiff: math.NaN(), CI95Low: math.Inf(-1), CI95High: math.NaN(), RelDiff: math.Inf(1)},
	}
	for _, d := range tests {
		b, err := json.Marshal(d)
		require.NoError(t, err)
		var back Diff
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, d.Metric, back.Metric)
		assert.Equal(t, d.A, back.A)
		assert.Equal(t, d.B, back.B)
		assert.Equal(t, d.N, back.N)
		for _, f := range [][2]float64{
			{d.MeanDiff, back.MeanDiff}, {d.CI95Low, back.CI95Low},
			{d.CI95High, back.CI95High}, {d.RelDiff, back.RelDiff},
		} {
			want := f[0]
			if math.IsInf(want, 0) {
				want = math.NaN() // written as null
			}
			assert.True(t, sameFloat(want, f[1]), "want %v, got %v", want, f[1])
		}
	}
}
