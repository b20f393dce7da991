package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// MorrisIndex is the screening measure of one input.
type MorrisIndex struct {
	// Mu is the mean elementary effect, MuStar the mean of their absolute
	// values and Sigma their standard deviation (n − 1 denominator), in
	// output units per unit of the input's range.
	Mu, MuStar, Sigma float64
	// MuStarCI95 is the percentile bootstrap 95% interval of MuStar over
	// the trajectories.
	MuStarCI95 [2]float64
}

// MorrisDesign returns r trajectories of k+1 points in [0,1]^k on a grid
// of p levels, trajectory after trajectory: point t*(k+1)+s is step s of
// trajectory t. It returns an error unless k ≥ 1, r ≥ 2 and p is an even
// number ≥ 2 (an even p gives every level the same probability).
func MorrisDesign(k, r, p int, rng *rand.Rand) ([][]float64, error) {
	switch {
	case k < 1:
		return nil, fmt.Errorf("sensitivity: Morris: got %d inputs, expected 1 or more", k)
	case r < 2:
		return nil, fmt.Errorf("sensitivity: Morris: got %d trajectories, expected 2 or more", r)
	case p < 2 || p%2 != 0:
		return nil, fmt.Errorf("sensitivity: Morris: got %d levels, expected an even number of 2 or more", p)
	}
	delta := MorrisDelta(p)
	// Base levels a trajectory may start from: those ℓ/(p-1) with
	// ℓ/(p-1) + Δ ≤ 1, that is ℓ < p/2.
	nbase := p / 2
	out := make([][]float64, 0, r*(k+1))
	for t := 0; t < r; t++ {
		x := make([]float64, k)
		dir := make([]float64, k)
		for i := range x {
			x[i] = float64(rng.IntN(nbase)) / float64(p-1)
			if rng.IntN(2) == 0 {
				dir[i] = 1
			} else {
				// Start Δ higher and step down.
				x[i] += delta
				dir[i] = -1
			}
		}
		out = append(out, slices.Clone(x))
		for _, i := range rng.Perm(k) {
			x[i] += dir[i] * delta
			x[i] = clamp01(x[i])
			out = append(out, slices.Clone(x))
		}
	}
	return out, nil
}

// MorrisDelta is the step Δ = p/(2(p-1)) of a grid of p levels.
func MorrisDelta(p int) float64 { return float64(p) / (2 * float64(p-1)) }

func clamp01(v float64) float64 { return math.Min(1, math.Max(0, v)) }

// Morris returns the screening measures of the k inputs from a design of
// MorrisDesign (r trajectories of k+1 points) and the function's values y
// at its points, in design order. The bootstrap intervals of μ* draw
// boot resamples of the trajectories with a generator seeded by seed.
func Morris(design [][]float64, y []float64, k, boot int, seed uint64) ([]MorrisIndex, error) {
	if k < 1 || len(design)%(k+1) != 0 || len(design) == 0 {
		return nil, fmt.Errorf("sensitivity: Morris: %d points are not whole trajectories of %d points", len(design), k+1)
	}
	if len(y) != len(design) {
		return nil, fmt.Errorf("sensitivity: Morris: %d values for %d points", len(y), len(design))
	}
	r := len(design) / (k + 1)
	// ee[i][t] is input i's elementary effect in trajectory t.
	ee := make([][]float64, k)
	for i := range ee {
		ee[i] = make([]float64, r)
	}
	for t := 0; t < r; t++ {
		base := t * (k + 1)
		for s := 0; s < k; s++ {
			a, b := design[base+s], design[base+s+1]
			moved := -1
			for i := range a {
				if a[i] != b[i] {
					if moved >= 0 {
						return nil, errors.New("sensitivity: Morris: a step of a trajectory moves more than one input")
					}
					moved = i
				}
			}
			if moved < 0 {
				return nil, errors.New("sensitivity: Morris: a step of a trajectory moves no input")
			}
			ee[moved][t] = (y[base+s+1] - y[base+s]) / (b[moved] - a[moved])
		}
	}
	out := make([]MorrisIndex, k)
	rng := rand.New(rand.NewPCG(seed, 0x6d6f72726973))
	idx := make([]int, r)
	bs := make([][]float64, k)
	for b := 0; b < boot; b++ {
		for j := range idx {
			idx[j] = rng.IntN(r)
		}
		for i := range ee {
			s := 0.0
			for _, j := range idx {
				s += math.Abs(ee[i][j])
			}
			bs[i] = append(bs[i], s/float64(r))
		}
	}
	for i, e := range ee {
		var m, ma float64
		for _, v := range e {
			m += v
			ma += math.Abs(v)
		}
		m /= float64(r)
		ma /= float64(r)
		var ss float64
		for _, v := range e {
			ss += (v - m) * (v - m)
		}
		out[i] = MorrisIndex{Mu: m, MuStar: ma, Sigma: math.Sqrt(ss / float64(r-1))}
		out[i].MuStarCI95 = percentileCI(bs[i], ma)
	}
	return out, nil
}

// percentileCI returns the 2.5% and 97.5% quantiles of a bootstrap
// sample, or [est, est] without one.
func percentileCI(sample []float64, est float64) [2]float64 {
	if len(sample) == 0 {
		return [2]float64{est, est}
	}
	s := slices.Clone(sample)
	slices.Sort(s)
	return [2]float64{quantile(s, 0.025), quantile(s, 0.975)}
}

// quantile is the linearly interpolated quantile of sorted values
// (Hyndman and Fan's type 7).
func quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 1 {
		return sorted[0]
	}
	h := q * float64(n-1)
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
