package rng

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func draws(s interface{ Uint64() uint64 }, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = s.Uint64()
	}
	return out
}

func TestStreamsDeterministicAndDistinct(t *testing.T) {
	base := draws(New(42, "arrivals/inbound", 3), 8)
	require.Equal(t, base, draws(New(42, "arrivals/inbound", 3), 8), "same key, same stream")
	for _, tc := range []struct {
		name   string
		master uint64
		stream string
		rep    uint64
	}{
		{"other seed", 43, "arrivals/inbound", 3},
		{"other name", 42, "arrivals/webinar", 3},
		{"other replication", 42, "arrivals/inbound", 4},
		{"swapped seed and replication", 3, "arrivals/inbound", 42},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NotEqual(t, base, draws(New(tc.master, tc.stream, tc.rep), 8))
		})
	}
	s := New(1, "x", 0)
	_ = draws(s, 100)
	s.Reset(42, "arrivals/inbound", 3)
	require.Equal(t, base, draws(s, 8), "Reset restarts the stream")
}

func TestSubStreams(t *testing.T) {
	sub := func(rep, i uint64) []uint64 {
		k1, k2 := Seeds(9, "prospect", rep)
		var src rand.PCG
		src.Seed(SubSeed(k1, k2, i))
		return draws(rand.New(&src), 4)
	}
	a := sub(0, 5)
	require.Equal(t, a, sub(0, 5), "sub-stream i depends on nothing but its key and i")
	require.NotEqual(t, a, sub(0, 6))
	require.NotEqual(t, a, sub(1, 5), "sub-streams differ across replications")
	var src rand.PCG
	require.Zero(t, testing.AllocsPerRun(100, func() { src.Seed(SubSeed(1, 2, 77)); _ = src.Uint64() }))
}

// TestUniformity is a coarse sanity check of the derived streams: the mean
// and the lag-1 correlation across the first draws of many consecutive
// replications (the seeds most likely to be related) are as for
// independent uniforms.
func TestUniformity(t *testing.T) {
	const n = 20000
	var sum, sumProd float64
	prev := 0.0
	for rep := uint64(0); rep < n; rep++ {
		x := New(1, "calls", rep).Float64()
		sum += x
		sumProd += (x - 0.5) * (prev - 0.5)
		prev = x
	}
	mean := sum / n
	// sd of the mean of n uniforms is sqrt(1/12/n) ≈ 0.002; allow 4 sd.
	require.InDelta(t, 0.5, mean, 4*math.Sqrt(1.0/12/n))
	// lag-1 autocovariance has sd 1/12/sqrt(n) ≈ 0.0006.
	require.InDelta(t, 0, sumProd/n, 4.0/12/math.Sqrt(n))
}
