package sensitivity

import (
	"math"
	"math/rand/v2"
)

// Share is the share of points where a value is positive, with a 95%
// interval.
type Share struct {
	Share float64
	CI95  [2]float64
	// Points is the number of points it counts.
	Points int
}

// SignShare is the share of the values that are positive, with Wilson's
// 95% score interval: valid for independent points.
func SignShare(values []float64) Share {
	n := float64(len(values))
	if n == 0 {
		return Share{Share: math.NaN(), CI95: [2]float64{math.NaN(), math.NaN()}}
	}
	pos := 0.0
	for _, v := range values {
		if v > 0 {
			pos++
		}
	}
	p := pos / n
	const z = 1.959963984540054
	den := 1 + z*z/n
	c := (p + z*z/(2*n)) / den
	h := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / den
	return Share{Share: p, CI95: [2]float64{math.Max(0, c-h), math.Min(1, c+h)}, Points: len(values)}
}

// ClusterSignShare is the share of the values that are positive, with a
// percentile bootstrap 95% interval over clusters of size consecutive
// values (Morris trajectories), boot resamples seeded by seed.
func ClusterSignShare(values []float64, size, boot int, seed uint64) Share {
	s := SignShare(values)
	if size < 1 || len(values)%size != 0 || len(values) == 0 {
		return s
	}
	nc := len(values) / size
	pos := make([]float64, nc)
	for c := range pos {
		for _, v := range values[c*size : (c+1)*size] {
			if v > 0 {
				pos[c]++
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x7369676e))
	bs := make([]float64, 0, boot)
	for b := 0; b < boot; b++ {
		t := 0.0
		for range nc {
			t += pos[rng.IntN(nc)]
		}
		bs = append(bs, t/float64(len(values)))
	}
	s.CI95 = percentileCI(bs, s.Share)
	return s
}
