package funnel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestZeroValues checks that values added with their +0s counted give
// medianQuantile's median and quantile of all of them, to the bit: from
// no zero to only zeros, at counts odd and even, with the quantile's rank
// among the zeros, at the median's place and beyond it; and with negative
// values, which send the zeros back among the values.
func TestZeroValues(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var v zeroValues
	for _, share := range []float64{0, 0.3, 0.5, 0.9, 1} {
		for _, n := range []int{0, 1, 2, 3, 4, 10, 511, 1000, 100_000} {
			for _, neg := range []bool{false, true} {
				for _, q := range []float64{0, 0.1, 0.5, 0.9, 1} {
					v.reset()
					var all []float64
					for range n {
						x := 0.0
						if r.Float64() >= share {
							x = r.ExpFloat64()
							if neg && r.IntN(10) == 0 {
								x = -x
							}
						}
						v.add(x)
						all = append(all, x)
					}
					if v.len() != n {
						t.Fatalf("len %d after %d values", v.len(), n)
					}
					med, qv := v.medianQuantile(q)
					wantM, wantQ := medianQuantile(all, q)
					same := func(a, b float64) bool {
						return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b
					}
					if !same(med, wantM) || !same(qv, wantQ) {
						t.Fatalf("zeros %.0f%% n=%d negatives %v q=%v: %v, %v; want %v, %v", 100*share, n, neg, q, med, qv, wantM, wantQ)
					}
				}
			}
		}
	}
}

// TestZeroValuesOdd checks that −0 and NaNs are kept among the values, not
// counted as zeros, and that the zeros go back among them at the end.
func TestZeroValuesOdd(t *testing.T) {
	for _, odd := range []float64{math.Copysign(0, -1), math.NaN(), -math.NaN(), -1} {
		var v zeroValues
		v.add(0)
		v.add(odd)
		v.add(0)
		v.add(2)
		if v.zeros != 2 || v.n != 2 || abovePlusZero(v.buf[:v.n]) {
			t.Fatalf("%v: zeros %d, kept %v", odd, v.zeros, v.buf[:v.n])
		}
		v.medianQuantile(0.9)
		if v.zeros != 0 || v.n != 4 || v.len() != 4 {
			t.Fatalf("%v: the zeros did not go back among the values: %v", odd, v.buf[:v.n])
		}
	}
}
