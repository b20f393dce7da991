package funnel

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectMatchesSort checks the quickselect and medianQuantile (which
// selects its second rank among the values the first left on its side)
// against a sort, on values that stress them: ties (the partition sets the
// pivot's equals apart when nothing is below it), zeros, negatives, sorted
// and reversed runs, clusters far apart.
func TestSelectMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	i := 0.0
	gens := map[string]func() float64{
		"lognormal": func() float64 { return math.Exp(r.NormFloat64() * 2) },
		"ties":      func() float64 { return float64(r.IntN(5)) },
		"zeros":     func() float64 { return []float64{0, 1, -1}[r.IntN(3)] },
		"signed":    func() float64 { return r.NormFloat64() * 1e3 },
		"clusters":  func() float64 { return []float64{1e-300, 1, 1e300}[r.IntN(3)] * (1 + r.Float64()) },
		"sorted":    func() float64 { i++; return i },
		"reversed":  func() float64 { i--; return i },
		"equal":     func() float64 { return 2.5 },
	}
	for name, gen := range gens {
		for _, n := range []int{1, 2, 3, 16, 17, 100, 2048, 100_000} {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = gen()
			}
			sorted := slices.Clone(xs)
			slices.Sort(sorted)
			for _, k := range []int{0, n / 10, n / 2, n - n/10 - 1, n - 1} {
				ys := slices.Clone(xs)
				if got := selectKth(ys, k); got != sorted[k] {
					t.Fatalf("%s n=%d: rank %d = %v, want %v", name, n, k, got, sorted[k])
				}
				for j, y := range ys {
					if j < k && y > ys[k] || j > k && y < ys[k] {
						t.Fatalf("%s n=%d rank %d: xs[%d] = %v on the wrong side of %v", name, n, k, j, y, ys[k])
					}
				}
				slices.Sort(ys)
				if !slices.Equal(ys, sorted) {
					t.Fatalf("%s n=%d: the values changed", name, n)
				}
			}
			for _, q := range []float64{0.1, 0.5, 0.9} {
				med, qv := medianQuantile(slices.Clone(xs), q)
				want := sorted[n/2]
				if n%2 == 0 {
					want = (sorted[n/2-1] + sorted[n/2]) / 2
				}
				wantQ := sorted[min(max(int(math.Ceil(q*float64(n)-1e-9))-1, 0), n-1)]
				if med != want || qv != wantQ {
					t.Fatalf("%s n=%d q=%v: median, quantile = %v, %v; want %v, %v", name, n, q, med, qv, want, wantQ)
				}
			}
		}
	}
	// A NaN among the values ends (the rest is sorted).
	xs := []float64{3, math.NaN(), 1, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14, 17, 16, 19, 18}
	selectKth(xs, 5)
}

// BenchmarkMedianQuantile: the median and p90 of 160,000 lognormal values
// in the order they were drawn, about a replication's response times in
// the reference funnel's year.
func BenchmarkMedianQuantile(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]float64, 160_000)
	for i := range src {
		src[i] = math.Exp(r.NormFloat64())
	}
	buf := make([]float64, len(src))
	for b.Loop() {
		copy(buf, src)
		medianQuantile(buf, 0.9)
	}
}
