package funnel

import "math"

// decay returns exp(x) for x ≤ 0, the decay factor of engagement points. It
// is the one transcendental function on the signal path (once per signal of
// a scored lead, tens of millions of times in a million-prospect run), and
// its latency is what counts there. It is table-driven:
// x = (256m + j)·ln2/256 + r with |r| ≤ ln2/512, so
// exp(x) = 2^m · 2^(j/256) · exp(r), with exp(r) a degree-4 Taylor
// polynomial (truncation error below 4e-17). The result is within 2 ulp of
// math.Exp (TestDecay), and it is plain Go arithmetic, so the same on every
// platform. Below exp(-700) (1e-304) it returns 0.
func decay(x float64) float64 {
	if !(x > -700) {
		return 0
	}
	k := int64(x*(decayN/math.Ln2) - 0.5) // x ≤ 0: truncation rounds to nearest
	kf := float64(k)
	r := x - kf*ln2HiN - kf*ln2LoN
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24))))
	scale := math.Float64frombits(uint64(k>>decayBits+1023) << 52) // 2^m, m = floor(k/256)
	return exp2Table[k&(decayN-1)] * p * scale
}

const (
	decayBits = 8
	decayN    = 1 << decayBits
)

// ln2/256 split in a high part with trailing zero bits (so kf·ln2HiN is
// exact for |kf| < 2^20) and the rest (fdlibm's split of ln2, over 256).
const (
	ln2HiN = 6.93147180369123816490e-01 / decayN
	ln2LoN = 1.90821492927058770002e-10 / decayN
)

// exp2Table[j] is 2^(j/256).
var exp2Table = func() (t [decayN]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / decayN)
	}
	return t
}()
