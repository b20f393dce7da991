package funnel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExpDrawIsExpFloat64: expDraw returns what math/rand/v2's ExpFloat64
// returns from the same PCG, to the last bit, and leaves the PCG where the
// library leaves it, on every branch of the ziggurat (the fast one, the
// tail of layer 0 and the wedges), so that the model may use it.
func TestExpDrawIsExpFloat64(t *testing.T) {
	nonzero := 0
	for _, k := range expKe {
		if k > 0 {
			nonzero++
		}
	}
	require.Greater(t, nonzero, 250, "the probe of the library's ziggurat failed: expDraw always takes the slow path")
	slow := newExpSlow()
	slowDraws := 0
	for seed := uint64(1); seed <= 4; seed++ {
		a, b := rand.NewPCG(seed, 3*seed+1), rand.NewPCG(seed, 3*seed+1)
		r := rand.New(b)
		for i := 0; i < 250000; i++ {
			u := *a
			if x := u.Uint64(); uint32(x) >= expKe[uint8(x>>32)] {
				slowDraws++
			}
			require.Equal(t, math.Float64bits(r.ExpFloat64()), math.Float64bits(expDraw(a, slow)), "seed %d, draw %d", seed, i)
			require.Equal(t, *b, *a, "seed %d, draw %d: the streams parted", seed, i)
		}
	}
	require.Greater(t, slowDraws, 1000, "the slow path was hardly exercised")
	require.Less(t, slowDraws, 50000, "the fast branch is taken too rarely") // about 2.2% take the slow path
}

// TestExpDrawAllocates nothing, on either path.
func TestExpDrawAllocates(t *testing.T) {
	slow := newExpSlow()
	p := rand.NewPCG(1, 2)
	require.Zero(t, testing.AllocsPerRun(1000, func() {
		for range 100 {
			expDraw(p, slow)
		}
	}))
}
