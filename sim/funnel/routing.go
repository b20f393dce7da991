package funnel

import (
	"math"

	"funnellab/policies"
)

// workload is rep r's open work items at t: own tasks waiting, leads
// queued, opportunities open.
func (s *Sim) workload(t float64, r int) int {
	rp := &s.reps[r]
	s.pullOwn(t, rp)
	return rp.own.size + rp.leads.size + int(rp.openOpps)
}

// route picks the rep of a hand-off, or -1 for the pooled queue.
func (s *Sim) route(t float64, p *prospect) int32 {
	switch s.r.Routing {
	case policies.Territory:
		g, reps := int(p.segment), s.m.territory
		if g >= len(reps) {
			g = 0
		}
		r := reps[g][s.terrRR[g]%len(reps[g])]
		s.terrRR[g]++
		return r
	case policies.RoundRobin:
		r := s.rr
		s.rr = (s.rr + 1) % len(s.reps)
		return int32(r)
	case policies.LeastLoaded:
		best, bw := 0, math.MaxInt
		for i := range s.reps {
			w := s.workload(t, i)
			if s.reps[i].busy {
				w++ // the task in progress: an idle rep is less loaded than a busy one
			}
			if w < bw {
				best, bw = i, w
			}
		}
		return int32(best)
	}
	return -1
}

// territories splits reps among segments in proportion to their shares
// (largest remainders, at least one rep each while reps last); without
// segments every rep owns the one territory.
func territories(reps int, segCum []float64) [][]int32 {
	n := max(len(segCum), 1)
	share := make([]float64, n)
	prev := 0.0
	for i := range share {
		if len(segCum) == 0 {
			share[i] = 1
			break
		}
		share[i], prev = segCum[i]-prev, segCum[i]
	}
	counts := make([]int, n)
	left := reps
	for i := range counts {
		counts[i] = int(share[i] * float64(reps))
		left -= counts[i]
	}
	for ; left > 0; left-- { // largest remainder first; empty territories first
		best, bestR := 0, math.Inf(-1)
		for i := range counts {
			r := share[i]*float64(reps) - float64(counts[i])
			if counts[i] == 0 && share[i] > 0 {
				r += 1 // a segment with prospects first gets a rep
			}
			if r > bestR {
				best, bestR = i, r
			}
		}
		counts[best]++
	}
	out := make([][]int32, n)
	next := int32(0)
	for i, c := range counts {
		for range c {
			out[i] = append(out[i], next)
			next++
		}
		if len(out[i]) == 0 { // more segments than reps: share them all
			for r := range reps {
				out[i] = append(out[i], int32(r))
			}
		}
	}
	return out
}
