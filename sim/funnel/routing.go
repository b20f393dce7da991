package funnel

import (
	"math"

	"funnellab/policies"
)

// Routing (policy key routing) says which rep gets a hand-off to sales:
//
//   - pooled: none; the lead joins one shared queue and the next free rep
//     takes it (a retry goes back to that queue, not to the first caller);
//   - round_robin: the reps in turn;
//   - least_loaded: the rep with the fewest open work items (own tasks
//     waiting, leads queued, opportunities open, plus one if busy);
//   - territory: in turn among the reps who own the prospect's segment
//     (reps are split among segments in proportion to their shares:
//     territories);
//   - sticky: a prospect handed to sales again (after a setback and
//     nurture) goes back to the rep who had it last, who knows the account;
//     its first hand-off goes round robin;
//   - skill_weighted: the rep with the fewest open work items (as for
//     least_loaded, plus one) per unit of its skill (sales.skill_cv,
//     skill.go): a rep twice as skilled is given leads until it has about
//     twice the open items. With identical reps (skill 1) it picks the
//     rep least_loaded picks.
//
// A routed lead waits in its rep's own queue; only a rep a lead was
// routed to can judge it (veto judgement).

// routing is the routing mechanism's state.
type routing struct {
	rr     int   // round robin: the next rep
	terrRR []int // territory: per segment, the next of its reps
}

// resetRouting starts the turns from the first rep.
func (s *Sim) resetRouting() {
	s.rr = 0
	s.terrRR = append(s.terrRR[:0], make([]int, len(s.m.territory))...)
}

// rerouteRetry sends a lead due for another attempt back to where it is
// routed: under pooled routing, the shared queue.
func (s *Sim) rerouteRetry(p *prospect) {
	if s.r.Routing == policies.Pooled {
		p.rep = -1
	}
}

// workload is rep r's open work items at t: own tasks waiting, leads
// queued, opportunities open.
func (s *Sim) workload(t float64, r int) int {
	rp := &s.reps[r]
	s.pullOwn(t, rp)
	return rp.ownWaiting() + rp.leads.size + int(rp.openOpps)
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
	case policies.Sticky:
		if p.handoffs > 1 && p.rep >= 0 {
			return p.rep // the rep of its last hand-off (p.rep is kept while it is back in nurture)
		}
		fallthrough // its first hand-off: round robin
	case policies.RoundRobin:
		r := s.rr
		if s.rr++; s.rr == len(s.reps) { // not %: a division at every hand-off
			s.rr = 0
		}
		return int32(r)
	case policies.LeastLoaded:
		if s.load.on {
			return s.leastLoaded(t) // loadindex.go: the rep this scan picks
		}
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
	case policies.SkillWeighted:
		if s.load.on {
			return s.leastLoaded(t)
		}
		best, bw := 0, math.Inf(1)
		for i := range s.reps {
			w := s.workload(t, i) + 1
			if s.reps[i].busy {
				w++
			}
			if x := float64(w) / s.reps[i].skill; x < bw {
				best, bw = i, x
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
