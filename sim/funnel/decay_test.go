package funnel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDecay checks decay against math.Exp: within 2 ulp on [-700, 0], exact
// at 0, and 0 below its cut-off.
func TestDecay(t *testing.T) {
	xs := []float64{0, -1e-300, -1e-12, -math.Ln2 / 128, -math.Ln2, -1, -2.5, -36.5, -100, -699.9}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		xs = append(xs, -r.Float64()*math.Pow(10, 3*r.Float64()-1)) // [-700, 0), every scale
	}
	for _, x := range xs {
		got, want := decay(x), math.Exp(x)
		ulp := math.Nextafter(want, math.Inf(1)) - want
		if d := math.Abs(got - want); d > 2*ulp {
			t.Fatalf("decay(%g) = %.17g, math.Exp = %.17g: off by %.1f ulp", x, got, want, d/ulp)
		}
	}
	if decay(0) != 1 {
		t.Errorf("decay(0) = %v, want 1", decay(0))
	}
	for _, x := range []float64{-700, -1e4, math.Inf(-1), math.NaN()} {
		if got := decay(x); got != 0 {
			t.Errorf("decay(%v) = %v, want 0", x, got)
		}
	}
}

var sinkF float64

func BenchmarkDecay(b *testing.B) {
	xs := make([]float64, 1024)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range xs {
		xs[i] = -r.ExpFloat64() * 3
	}
	b.Run("decay", func(b *testing.B) {
		var s float64
		for i := 0; i < b.N; i++ {
			s += decay(xs[i&1023])
		}
		sinkF = s
	})
	b.Run("math.Exp", func(b *testing.B) {
		var s float64
		for i := 0; i < b.N; i++ {
			s += math.Exp(xs[i&1023])
		}
		sinkF = s
	})
}
