package funnel

import "math"

// decay returns exp(x) for x ≤ 0, the decay factor of engagement points. It
// is the one transcendental function on the signal path (once per signal of
// a scored lead), and math.Exp costs about 25 ns there; this version is
// table-driven: x = (64m + j)·ln2/64 + r with |r| ≤ ln2/128, so
// exp(x) = 2^m · 2^(j/64) · exp(r), with exp(r) a degree-5 Taylor
// polynomial (truncation error below 4e-17). The result is within 2 ulp of
// math.Exp (TestDecay), and it is pure Go arithmetic, so the same on every
// platform. Below exp(-700) (1e-304) it returns 0.
func decay(x float64) float64 {
	if !(x > -700) {
		return 0
	}
	kf := math.Floor(x*(64/math.Ln2) + 0.5)
	r := x - kf*ln2Hi64 - kf*ln2Lo64
	k := int64(kf)
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120)))))
	scale := math.Float64frombits(uint64(k>>6+1023) << 52) // 2^m, m = floor(k/64)
	return exp2Table[k&63] * p * scale
}

// ln2/64 split in a high part with trailing zero bits (so kf·ln2Hi64 is
// exact for |kf| < 2^20) and the rest (fdlibm's split of ln2, over 64).
const (
	ln2Hi64 = 6.93147180369123816490e-01 / 64
	ln2Lo64 = 1.90821492927058770002e-10 / 64
)

// exp2Table[j] is 2^(j/64).
var exp2Table = func() (t [64]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 64)
	}
	return t
}()
