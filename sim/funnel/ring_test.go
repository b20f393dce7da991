package funnel

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRingMatchesSlice drives a ring and a plain slice with the same random
// pushes, pushes to the front, pops from either end and removals at a
// position, across growth and wrap-around (the masked positions): the two
// must hold the same elements in the same order after every step.
func TestRingMatchesSlice(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var g ring[int]
	var want []int
	next := 0
	for step := 0; step < 20000; step++ {
		switch op := r.IntN(6); {
		case op <= 1 || len(want) == 0:
			g.push(next)
			want = append(want, next)
			next++
		case op == 2:
			g.pushFront(next)
			want = append([]int{next}, want...)
			next++
		case op == 3:
			require.Equal(t, want[0], g.popFront())
			want = want[1:]
		case op == 4:
			require.Equal(t, want[len(want)-1], g.popBack())
			want = want[:len(want)-1]
		default:
			k := r.IntN(len(want))
			require.Equal(t, want[k], g.removeAt(g.wrap(g.head+k)))
			want = append(want[:k:k], want[k+1:]...)
		}
		require.Equal(t, len(want), g.size)
		require.Zero(t, len(g.buf)&(len(g.buf)-1), "length %d is not a power of two", len(g.buf))
		for k, x := range want {
			require.Equal(t, x, g.buf[g.wrap(g.head+k)], "step %d rank %d", step, k)
		}
	}
	require.Greater(t, len(g.buf), 16, "the ring grew")
}
