package funnel

import (
	"math"
	"math/rand/v2"
)

// The exponential draw of a private stream, without the calls through
// rand.Rand and rand.Source. The signal loop draws tens of millions of
// these (one per marketing signal); through *rand.Rand each took about 63
// instructions, most of them two calls and an interface call.
//
// math/rand/v2's ExpFloat64 is Marsaglia and Tsang's ziggurat: it draws
// u = Uint64(), takes layer i = u>>32&255 and j = uint32(u), and returns
// float64(j)·we[i] at once when j < ke[i] (about 98% of draws); otherwise
// it goes on drawing. expDraw takes the first branch itself and hands
// every other case to the library, with u given back to it first (replay),
// so it returns what rand.New(p).ExpFloat64() returns, to the last bit,
// and draws the same numbers from p. TestExpDrawIsExpFloat64 checks it.
//
// The library's tables are not exported. expKe and expWe are read off
// the library itself when the package starts (probeExp): expWe[i] is what
// ExpFloat64 returns for u = i<<32 | 1, and expKe[i] the first j for which
// it asks for a second number. If the library's draw is ever not of that
// form, the probe's check fails, expKe stays zero and every draw takes
// the library's path: slower, never different.

var (
	expKe [256]uint32  // the first j of layer i that the fast branch does not take
	expWe [256]float64 // the width factor of layer i
)

func init() { probeExp() }

// expSlow draws an exponential through the library, first giving it back
// the number the fast branch drew.
type expSlow struct {
	r   *rand.Rand // reads src
	src replay
}

// replay is a rand.Source that returns u once, then the PCG's numbers.
type replay struct {
	u    uint64
	have bool
	p    *rand.PCG
}

func (r *replay) Uint64() uint64 {
	if r.have {
		r.have = false
		return r.u
	}
	return r.p.Uint64()
}

func newExpSlow() *expSlow {
	e := &expSlow{}
	e.r = rand.New(&e.src)
	return e
}

// expDraw returns the next exponential (rate 1) of a private stream: the
// value rand.New(p).ExpFloat64() returns.
func expDraw(p *rand.PCG, slow *expSlow) float64 {
	u := p.Uint64()
	if j, i := uint32(u), uint8(u>>32); j < expKe[i] {
		return float64(j) * expWe[i]
	}
	return slow.draw(p, u)
}

func (e *expSlow) draw(p *rand.PCG, u uint64) float64 {
	e.src = replay{u: u, have: true, p: p}
	x := e.r.ExpFloat64()
	e.src.p = nil
	return x
}

// probe is a rand.Source that returns u first, then zeros, and counts the
// numbers asked for. A zero is u = 0: layer 0, j = 0, which every
// ziggurat returns at once, so a probe's draw always ends.
type probe struct {
	u     uint64
	calls int
}

func (p *probe) Uint64() uint64 {
	p.calls++
	if p.calls == 1 {
		return p.u
	}
	return 0
}

// probeExp reads the library's fast branch off the library, and checks it
// against the library on many draws; on any difference it leaves expKe
// zero, so that expDraw always takes the library's path.
func probeExp() {
	pr := &probe{}
	r := rand.New(pr)
	draw := func(u uint64) (float64, int) {
		pr.u, pr.calls = u, 0
		x := r.ExpFloat64()
		return x, pr.calls
	}
	var ke [256]uint32
	var we [256]float64
	for i := range 256 {
		hi := uint64(i) << 32
		// The fast branch is taken for j < ke: find the first j it is not.
		lo, up := uint64(0), uint64(1)<<32 // fast for j < lo; not fast at up (or up = 2^32)
		for lo < up {
			mid := lo + (up-lo)/2
			if _, n := draw(hi | mid); n == 1 {
				lo = mid + 1
			} else {
				up = mid
			}
		}
		if lo > math.MaxUint32 {
			return // every j fast: not a ziggurat as described
		}
		ke[i] = uint32(lo)
		if lo > 1 {
			we[i], _ = draw(hi | 1)
		}
	}
	// Check: the fast branch must be the library's on every draw it takes.
	a, b := rand.NewPCG(0x9e3779b97f4a7c15, 1), rand.NewPCG(0x9e3779b97f4a7c15, 1)
	lib := rand.New(b)
	for range 1 << 12 {
		u := a.Uint64()
		want := lib.ExpFloat64()
		if j, i := uint32(u), uint8(u>>32); j < ke[i] {
			if float64(j)*we[i] != want {
				return
			}
			continue
		}
		// The library went on drawing: resynchronise a with b.
		*a = *b
	}
	expKe, expWe = ke, we
}
