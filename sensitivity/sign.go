package sensitivity

import (
	"math"
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
	s := wilson(pos/n, n)
	s.Points = len(values)
	return s
}

// wilson is Wilson's 95% score interval of a share p of n points (n may
// be an effective, non-integer size).
func wilson(p, n float64) Share {
	const z = 1.959963984540054
	den := 1 + z*z/n
	c := (p + z*z/(2*n)) / den
	h := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / den
	return Share{Share: p, CI95: [2]float64{math.Max(0, c-h), math.Min(1, c+h)}}
}

// ClusterSignShare is the share of the values that are positive, for
// points that come in clusters of size consecutive values (Morris
// trajectories), with Wilson's interval at Kish's effective sample size
// n/deff: deff is the ratio of the variance of the share estimated from
// the clusters' totals to its variance for independent points, kept
// within [1, size]; with every value of one sign it is size (the
// clusters count as single points), the conservative bound.
func ClusterSignShare(values []float64, size int) Share {
	s := SignShare(values)
	if size < 1 || len(values)%size != 0 || len(values) == 0 {
		return s
	}
	nc := len(values) / size
	deff := float64(size)
	if s.Share > 0 && s.Share < 1 && nc > 1 {
		// Between-cluster variance of the clusters' shares.
		var ss float64
		for c := range nc {
			pos := 0.0
			for _, v := range values[c*size : (c+1)*size] {
				if v > 0 {
					pos++
				}
			}
			d := pos/float64(size) - s.Share
			ss += d * d
		}
		varClust := ss / float64(nc-1) / float64(nc)
		varIID := s.Share * (1 - s.Share) / float64(len(values))
		deff = math.Min(float64(size), math.Max(1, varClust/varIID))
	}
	w := wilson(s.Share, float64(len(values))/deff)
	w.Points = len(values)
	return w
}
