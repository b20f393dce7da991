package funnel

import (
	"math"
	"slices"
)

// zeroValues are a run's values of one kind, kept for their median and
// 90th percentile at the end, with the values that are exactly +0 counted
// rather than kept. A lead that finds a rep free waits 0 hours, and an
// opportunity decided at its qualifying call has a cycle of 0 days: in the
// reference funnel's ten years about half the waits and every cycle are
// 0, and keeping them took 8 MB of memory the system had to hand over page
// by page, about a tenth of the whole process's time beyond the
// simulation (docs/speed.md, "eighth part"). The median and the quantile
// are the same values, to the bit, as those of all the values kept.
type zeroValues struct {
	buf   []float64 // buf[:n] are the values but the +0s; len(buf) == cap(buf)
	n     int
	zeros int // the values that are +0
}

// reserve makes room for n values (see push), without touching the memory.
func (v *zeroValues) reserve(n int) {
	v.buf = make([]float64, 0, n)[:n]
}

// add keeps x, or counts it if it is +0. It does not branch on that: half
// the waits are 0, as good as random to the processor. It inlines (grow
// is a call of its own).
func (v *zeroValues) add(x float64) {
	if v.n == len(v.buf) {
		v.grow()
	}
	v.buf[v.n] = x
	zero := b2i(math.Float64bits(x) == 0)
	v.n += 1 - zero
	v.zeros += zero
}

// grow doubles v's buffer, as push does. It is kept out of add, so that
// add inlines.
//
//go:noinline
func (v *zeroValues) grow() {
	v.buf = slices.Grow(v.buf, max(len(v.buf), 256))
	v.buf = v.buf[:cap(v.buf)]
}

// copyFrom makes v's values those of u, reusing v's buffer if it is as
// large as u's (which holds u's reservation: see Model.NewSim).
func (v *zeroValues) copyFrom(u *zeroValues) {
	if len(v.buf) < len(u.buf) {
		v.buf = make([]float64, len(u.buf))
	}
	copy(v.buf, u.buf[:u.n])
	v.n, v.zeros = u.n, u.zeros
}

// len returns the number of values added.
func (v *zeroValues) len() int { return v.n + v.zeros }

// reset empties v, keeping its buffer.
func (v *zeroValues) reset() {
	v.n, v.zeros = 0, 0
}

// medianQuantile returns medianQuantile of all the values added, leaving
// v's kept values reordered. When every kept value lies above +0, the
// value of rank r is 0 for r below the count of +0s and otherwise the kept
// value of rank r less that count.
func (v *zeroValues) medianQuantile(q float64) (med, qv float64) {
	z := v.zeros
	xs := v.buf[:v.n]
	if z == 0 {
		return medianQuantile(xs, q)
	}
	if !abovePlusZero(xs) {
		// A negative value, −0 or a NaN, which the model does not make:
		// the +0s go back among the values.
		for ; z > 0; z-- {
			if v.n == len(v.buf) {
				v.grow()
			}
			v.buf[v.n] = 0
			v.n++
		}
		v.zeros = 0
		return medianQuantile(v.buf[:v.n], q)
	}
	n := len(xs) + z
	hiRank, loRank := n/2, n/2
	if n%2 == 0 {
		loRank = n/2 - 1
	}
	k := min(max(int(math.Ceil(q*float64(n)-1e-9))-1, 0), n-1)
	if hiRank < z {
		// The median is 0; so is the quantile, or it lies among the kept.
		if k < z {
			return 0, 0
		}
		return 0, selectKth(xs, k-z)
	}
	// As medianQuantile: the value of rank n/2, and the largest value
	// left of its place for an even count; the quantile among the values
	// on its side.
	at := hiRank - z // the median's place among the kept values
	hi := selectKth(xs, at)
	med = hi
	if loRank < hiRank {
		lo := 0.0 // rank n/2−1 is a +0 when at is 0
		if at > 0 {
			lo = xs[0]
			for _, x := range xs[1:at] {
				lo = math.Max(lo, x)
			}
		}
		med = (lo + hi) / 2
	}
	switch {
	case k < z:
		qv = 0
	case k-z > at:
		qv = selectKth(xs[at:], k-z-at)
	case k-z < at:
		qv = selectKth(xs[:at], k-z)
	default:
		qv = hi
	}
	return med, qv
}

// abovePlusZero reports whether every value of xs is above +0 in the order
// of floats: no sign bit (so no −0) and no NaN.
func abovePlusZero(xs []float64) bool {
	odd := 0
	for _, x := range xs {
		b := math.Float64bits(x)
		odd += b2i(b >= 1<<63) | b2i(b&^(1<<63) > 0x7FF0_0000_0000_0000)
	}
	return odd == 0
}
