package results

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCICoverage checks the defining property of the interval: over many
// samples of n = 10 normal values, the interval at level L covers the true
// mean in about a fraction L of them. The seed is fixed, so the test is
// deterministic; the tolerances are about three binomial standard errors.
func TestCICoverage(t *testing.T) {
	const (
		trials = 2000
		n      = 10
		mu     = 5.0
		sigma  = 2.0
	)
	tests := []struct{ level, tol float64 }{
		{0.95, 0.015},
		{0.99, 0.0075},
		{0.80, 0.03},
	}
	for _, tc := range tests {
		rng := rand.New(rand.NewPCG(2024, 7))
		covered := 0
		x := make([]float64, n)
		for range trials {
			var m Moments
			for i := range x {
				x[i] = mu + sigma*rng.NormFloat64()
				m.Add(x[i])
			}
			lo, hi := CI(m, tc.level)
			if tc.level == 0.95 {
				s := Summarize(x)
				require.Equal(t, lo, s.CI95Low)
				require.Equal(t, hi, s.CI95High)
			}
			if lo <= mu && mu <= hi {
				covered++
			}
		}
		rate := float64(covered) / trials
		assert.InDelta(t, tc.level, rate, tc.tol, "coverage at level %v: %d of %d", tc.level, covered, trials)
	}
}

func TestSummarizePercentiles(t *testing.T) {
	seq := func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i + 1)
		}
		rand.New(rand.NewPCG(1, 1)).Shuffle(n, func(i, j int) { x[i], x[j] = x[j], x[i] })
		return x
	}
	tests := []struct {
		name          string
		x             []float64
		p05, p50, p95 float64
	}{
		// Definition 7: h = (n-1)p, interpolated between order statistics.
		{"1..100", seq(100), 5.95, 50.5, 95.05},
		{"1..10", seq(10), 1.45, 5.5, 9.55},
		{"1..20", seq(20), 1.95, 10.5, 19.05},
		{"1..3", []float64{3, 1, 2}, 1.1, 2, 2.9},
		{"1..5 median is 3", []float64{5, 4, 3, 2, 1}, 1.2, 3, 4.8},
		{"two", []float64{10, 0}, 0.5, 5, 9.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			orig := slices.Clone(tc.x)
			s := Summarize(tc.x)
			assert.InDelta(t, tc.p05, s.P05, 1e-12, "p05")
			assert.InDelta(t, tc.p50, s.P50, 1e-12, "p50")
			assert.InDelta(t, tc.p95, s.P95, 1e-12, "p95")
			assert.Equal(t, orig, tc.x, "Summarize must not reorder its input")
		})
	}
}

func TestSummarizeKnown(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	s := Summarize(x)
	assert.Equal(t, 10, s.N)
	assert.Equal(t, 5.5, s.Mean)
	assert.InDelta(t, math.Sqrt(55.0/6), s.SD, 1e-15)
	h := 2.2621571627982 * math.Sqrt(55.0/6) / math.Sqrt(10)
	assert.InDelta(t, 5.5-h, s.CI95Low, 1e-9)
	assert.InDelta(t, 5.5+h, s.CI95High, 1e-9)

	// Mean and SD agree with Moments exactly (same arithmetic).
	var m Moments
	for _, v := range x {
		m.Add(v)
	}
	assert.Equal(t, m.Mean, s.Mean)
	assert.Equal(t, m.SD(), s.SD)
}

func TestSummarizeEdgeCases(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		x    []float64
		want Summary
	}{
		{"empty", nil, Summary{Mean: nan, SD: nan, CI95Low: nan, CI95High: nan, P05: nan, P50: nan, P95: nan, N: 0}},
		{"one", []float64{3.25}, Summary{Mean: 3.25, SD: nan, CI95Low: nan, CI95High: nan, P05: 3.25, P50: 3.25, P95: 3.25, N: 1}},
		// 0.1 is not representable; the interval must still collapse exactly.
		{"constant", []float64{0.1, 0.1, 0.1, 0.1, 0.1}, Summary{Mean: 0.1, SD: 0, CI95Low: 0.1, CI95High: 0.1, P05: 0.1, P50: 0.1, P95: 0.1, N: 5}},
		{"constant two", []float64{-7, -7}, Summary{Mean: -7, SD: 0, CI95Low: -7, CI95High: -7, P05: -7, P50: -7, P95: -7, N: 2}},
		{"with NaN", []float64{1, nan, 3}, Summary{Mean: nan, SD: nan, CI95Low: nan, CI95High: nan, P05: nan, P50: nan, P95: nan, N: 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertSameSummary(t, tc.want, Summarize(tc.x))
		})
	}
}

func assertSameSummary(t *testing.T, want, got Summary) {
	t.Helper()
	fields := []struct {
		name      string
		want, got float64
	}{
		{"Mean", want.Mean, got.Mean}, {"SD", want.SD, got.SD},
		{"CI95Low", want.CI95Low, got.CI95Low}, {"CI95High", want.CI95High, got.CI95High},
		{"P05", want.P05, got.P05}, {"P50", want.P50, got.P50}, {"P95", want.P95, got.P95},
	}
	for _, f := range fields {
		assert.True(t, sameFloat(f.want, f.got), "%s: want %v, got %v", f.name, f.want, f.got)
	}
	assert.Equal(t, want.N, got.N, "N")
}

func TestSummaryJSON(t *testing.T) {
	s := Summarize([]float64{4})
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"mean":4,"sd":null,"ci95_low":null,"ci95_high":null,"p05":4,"p50":4,"p95":4,"n":1}`, string(b))
	assert.Equal(t, `{"mean":4,"sd":null,"ci95_low":null,"ci95_high":null,"p05":4,"p50":4,"p95":4,"n":1}`, string(b),
		"field order")

	tests := []Summary{
		Summarize([]float64{4}),
		Summarize(nil),
		Summarize([]float64{0.1, 0.2, 0.30000000000000004, 1e-300, 1e300}),
		{Mean: math.Inf(1), SD: math.Inf(-1), N: 2}, // infinities become null, read back as NaN
	}
	for _, s := range tests {
		b, err := json.Marshal(s)
		require.NoError(t, err)
		var back Summary
		require.NoError(t, json.Unmarshal(b, &back))
		want := s
		for _, f := range []*float64{&want.Mean, &want.SD, &want.CI95Low, &want.CI95High, &want.P05, &want.P50, &want.P95} {
			if math.IsInf(*f, 0) {
				*f = math.NaN()
			}
		}
		assertSameSummary(t, want, back)
	}

	var missing Summary
	require.NoError(t, json.Unmarshal([]byte(`{"n":3}`), &missing))
	assert.True(t, math.IsNaN(missing.Mean), "a missing field reads as NaN")
	assert.Error(t, json.Unmarshal([]byte(`{"mean":"x"}`), &missing))
}

var sinkSummary Summary

func BenchmarkSummarize(b *testing.B) {
	x := sample("exponential", 1000, 1)
	b.ReportAllocs()
	for b.Loop() {
		sinkSummary = Summarize(x)
	}
}
