package selection

import (
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// ocbaIncrement is the number of replications OCBA allocates per round,
// per alternative on average.
const ocbaIncrement = 2

// ocba runs OCBA with an indifference zone: the budget is spent in rounds;
// each round gives the replications of the round to the alternatives whose
// share under the OCBA ratios (Chen et al. 2000), computed from the current
// means and standard deviations, is furthest above their count. A gap to
// the best smaller than δ counts as δ (Teng, Lee and Chew 2010), so near
// ties do not absorb the budget. An alternative whose constraint means
// violate a threshold gets no more replications, and cannot be selected.
func (s *state) ocba(ctx context.Context, sample Sampler) (*Result, error) {
	c, res := s.c, s.res
	k, n0 := c.K, c.N0
	reqs := make([]Request, k)
	for i := range reqs {
		reqs[i] = Request{i, 0, n0}
	}
	if err := s.draw(ctx, sample, reqs); err != nil {
		return nil, err
	}
	total := k * n0
	res.Stages = append(res.Stages, Stage{Reps: n0, Survivors: s.feasibleSet()})
	for total < c.Budget {
		elig := s.feasibleSet()
		if len(elig) <= 1 {
			break
		}
		add := min(ocbaIncrement*k, c.Budget-total)
		n := make([]float64, k)
		for _, i := range elig {
			n[i] = float64(len(s.y[i]))
		}
		target := s.ocbaTargets(elig, float64(total+add))
		// Give the round's replications one at a time to the alternative
		// furthest below its target (the lowest index on ties).
		extra := make([]int, k)
		for range add {
			best, gap := -1, math.Inf(-1)
			for _, i := range elig {
				if g := target[i] - n[i] - float64(extra[i]); g > gap {
					best, gap = i, g
				}
			}
			extra[best]++
		}
		reqs = reqs[:0]
		for _, i := range elig {
			if extra[i] > 0 {
				from := len(s.y[i])
				reqs = append(reqs, Request{i, from, from + extra[i]})
			}
		}
		if err := s.draw(ctx, sample, reqs); err != nil {
			return nil, err
		}
		total += add
		res.Stages = append(res.Stages, Stage{Reps: total, Survivors: s.feasibleSet()})
	}
	for i := range res.Used {
		res.Used[i] = len(s.y[i])
	}
	elig := s.feasibleSet()
	for i := range res.Feasibility {
		if res.Feasibility[i] != "" {
			res.Feasibility[i] = "infeasible"
			if slices.Contains(elig, i) {
				res.Feasibility[i] = "feasible"
			}
		}
	}
	s.finish()
	for _, i := range elig {
		if res.Best < 0 || res.Mean[i] > res.Mean[res.Best] {
			res.Best = i
		}
	}
	for i := range res.Eliminated {
		if !slices.Contains(elig, i) {
			res.Eliminated[i] = &Elimination{AtRep: res.Used[i], By: -1, Reason: "infeasible: " + s.violated(i)}
		}
	}
	res.Stopped = "spent the budget"
	if res.Best < 0 {
		res.Stopped = "no alternative is feasible"
	} else {
		res.APCS = s.apcs(elig, res.Best)
	}
	res.Guarantee = s.guarantee()
	return res, nil
}

// feasibleSet returns the alternatives whose constraint means (over their
// replications so far) are all below 0.
func (s *state) feasibleSet() []int {
	var out []int
	for i := range s.y {
		if s.violated(i) == "" {
			out = append(out, i)
		}
	}
	return out
}

// violated names the first constraint whose mean is not below 0, or "".
func (s *state) violated(i int) string {
	for j, con := range s.c.Constraints {
		if !(mean(s.g[i][j], len(s.g[i][j])) < 0) {
			return con.Name
		}
	}
	return ""
}

// ocbaTargets returns the OCBA allocation of a total among elig: for i
// and j other than the best b, N_i/N_j = (σ_i/d_i)²/(σ_j/d_j)², and
// N_b = σ_b √(Σ_{i≠b} N_i²/σ_i²), with d_i = max(x̄_b − x̄_i, δ).
func (s *state) ocbaTargets(elig []int, total float64) []float64 {
	k := len(s.y)
	m, sd := make([]float64, k), make([]float64, k)
	b := -1
	for _, i := range elig {
		n := len(s.y[i])
		m[i], sd[i] = mean(s.y[i], n), math.Sqrt(variance(s.y[i], n))
		if b < 0 || m[i] > m[b] {
			b = i
		}
	}
	// A zero SD (a constant objective) needs no more replications; keep
	// the ratios finite.
	floor := 1e-12 * s.c.Delta
	w := make([]float64, k)
	var sum, sq float64
	for _, i := range elig {
		if i == b {
			continue
		}
		d := math.Max(m[b]-m[i], s.c.Delta)
		si := math.Max(sd[i], floor)
		w[i] = (si / d) * (si / d)
		sq += w[i] * w[i] / (si * si)
	}
	w[b] = math.Max(sd[b], floor) * math.Sqrt(sq)
	for _, i := range elig {
		sum += w[i]
	}
	out := make([]float64, k)
	for _, i := range elig {
		out[i] = total * w[i] / sum
	}
	return out
}

// apcs is the Bonferroni approximate PCS of selecting b: 1 − Σ_{i≠b}
// P(N(x̄_i − x̄_b, σ_b²/n_b + σ_i²/n_i) > 0), with gaps below δ taken as δ.
func (s *state) apcs(elig []int, b int) float64 {
	res := s.res
	p := 1.0
	for _, i := range elig {
		if i == b {
			continue
		}
		d := math.Max(res.Mean[b]-res.Mean[i], s.c.Delta)
		se := math.Sqrt(res.SD[b]*res.SD[b]/float64(res.Used[b]) + res.SD[i]*res.SD[i]/float64(res.Used[i]))
		if se > 0 {
			p -= distuv.UnitNormal.CDF(-d / se)
		}
	}
	return math.Max(p, 0)
}
