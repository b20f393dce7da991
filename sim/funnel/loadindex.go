package funnel

import "funnellab/policies"

// The load index finds least_loaded's and skill_weighted's rep (routing.go)
// without scanning the team. A scan costs one look at every rep per
// hand-off, so with the reps scaled alike with the inquiries its cost grew
// with their product (BenchmarkMillion's 631 reps under the sla preset
// spent 29% of the run in it). The index keeps two tournament trees over
// the reps:
//
//   - by load: each rep's key is what the scan compares (its open work
//     items, plus one if busy; under skill_weighted, plus one more, per
//     unit of skill), and a node holds the winner of its two children, the
//     smaller key and, at equal keys, the lower index: the rep the scan,
//     which keeps the first smallest, picks;
//   - by the arrival of each rep's next own task (rep.ownNext): own tasks
//     arrive without events (pipeline.go), and the scan took in every
//     rep's arrivals up to the hand-off (pullOwn); the index takes in
//     those of the reps whose next task is due, the only ones whose state
//     the scan changed, so both leave every rep in the same state.
//
// A rep whose work items, busy flag or own tasks change is marked
// (touched) where the change is made; its keys are recomputed at the next
// hand-off that routes by load. TestFastPathsSameResults runs every
// embedded scenario, and the default company under both routings with many
// reps, with the index and with the scan: the results must be the same to
// the last bit.
type loadIndex struct {
	on      bool      // routing by load, with the index, in this replication
	size    int       // leaves: the reps, padded to a power of two
	byLoad  []int32   // tournament by load: node k's winner; leaves at size+i
	byOwn   []int32   // tournament by next own task
	key     []float64 // each rep's load key
	own     []float64 // each rep's next own task, as the tree last saw it
	dirty   []int32   // reps touched since their keys were computed
	touched []bool
	noIndex bool // tests only: scan the reps (the reference of the indexed runs)
}

// resetLoadIndex builds the index at the start of a replication, when the
// policy routes by load.
func (s *Sim) resetLoadIndex() {
	ix := &s.load
	ix.on = !ix.noIndex && len(s.reps) > 0 &&
		(s.r.Routing == policies.LeastLoaded || s.r.Routing == policies.SkillWeighted)
	if !ix.on {
		return
	}
	n := len(s.reps)
	ix.size = 1
	for ix.size < n {
		ix.size <<= 1
	}
	ix.byLoad = grow(ix.byLoad, 2*ix.size)
	ix.byOwn = grow(ix.byOwn, 2*ix.size)
	ix.key = grow(ix.key, n)
	ix.own = grow(ix.own, n)
	ix.touched = grow(ix.touched, n)
	ix.dirty = ix.dirty[:0]
	for i := range ix.size {
		ix.byLoad[ix.size+i], ix.byOwn[ix.size+i] = int32(i), int32(i)
		if i < n {
			ix.key[i], ix.own[i], ix.touched[i] = s.loadKey(i), s.reps[i].ownNext, false
		}
	}
	for k := ix.size - 1; k >= 1; k-- {
		ix.byLoad[k] = s.loadWinner(ix.byLoad[2*k], ix.byLoad[2*k+1])
		ix.byOwn[k] = s.ownWinner(ix.byOwn[2*k], ix.byOwn[2*k+1])
	}
}

// grow returns b with length n, reusing its array when it can.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// loadKey is rep i's key in the load order, as route's scan computes it
// (its own tasks taken in as far as they were last).
func (s *Sim) loadKey(i int) float64 {
	rp := &s.reps[i]
	w := rp.ownWaiting() + rp.leads.size + int(rp.openOpps)
	if s.r.Routing == policies.SkillWeighted {
		w++
		if rp.busy {
			w++
		}
		return float64(w) / rp.skill
	}
	if rp.busy {
		w++
	}
	return float64(w)
}

// loadWinner is the one of reps a and b the scan would pick (padding
// leaves, past the last rep, never win).
func (s *Sim) loadWinner(a, b int32) int32 {
	if w, ok := s.padding(a, b); ok {
		return w
	}
	ka, kb := s.load.key[a], s.load.key[b]
	if kb < ka || kb == ka && b < a {
		return b
	}
	return a
}

// padding returns the other leaf when a or b is a padding leaf, past the
// last rep: a padding leaf never wins.
func (s *Sim) padding(a, b int32) (int32, bool) {
	n := int32(len(s.reps))
	if b >= n {
		return a, true
	}
	if a >= n {
		return b, true
	}
	return 0, false
}

// ownWinner is the one of reps a and b whose next own task comes first.
func (s *Sim) ownWinner(a, b int32) int32 {
	if w, ok := s.padding(a, b); ok {
		return w
	}
	if s.reps[b].ownNext < s.reps[a].ownNext {
		return b
	}
	return a
}

// touchRep marks rep r for its keys to be recomputed before the next
// routing by load.
func (s *Sim) touchRep(r int32) {
	ix := &s.load
	if ix.on && r >= 0 && !ix.touched[r] {
		ix.touched[r] = true
		ix.dirty = append(ix.dirty, r)
	}
}

// updateRep recomputes rep r's keys and replays its matches up each tree
// whose key changed, as far as a match can change: once a node's winner is
// the same other rep as before, nothing above it changes.
func (s *Sim) updateRep(r int32) {
	ix := &s.load
	if k := s.loadKey(int(r)); k != ix.key[r] {
		ix.key[r] = k
		s.replay(ix.byLoad, r, false)
	}
	if o := s.reps[r].ownNext; o != ix.own[r] {
		ix.own[r] = o
		s.replay(ix.byOwn, r, true)
	}
}

// replay replays the matches of rep r's ancestors in tree t (by next own
// task if own, else by load), up to the first whose winner stays the
// same other rep.
func (s *Sim) replay(t []int32, r int32, own bool) {
	for k := (s.load.size + int(r)) >> 1; k >= 1; k >>= 1 {
		var w int32
		if own {
			w = s.ownWinner(t[2*k], t[2*k+1])
		} else {
			w = s.loadWinner(t[2*k], t[2*k+1])
		}
		if w == t[k] && w != r {
			return
		}
		t[k] = w
	}
}

// leastLoaded returns the rep route's scan would pick at t: every rep's
// own tasks due by t taken in, the touched reps' keys recomputed.
func (s *Sim) leastLoaded(t float64) int32 {
	ix := &s.load
	for _, r := range ix.dirty {
		ix.touched[r] = false
		s.updateRep(r)
	}
	ix.dirty = ix.dirty[:0]
	for {
		r := ix.byOwn[1]
		if !(s.reps[r].ownNext <= t) {
			break
		}
		s.pullOwn(t, &s.reps[r])
		s.updateRep(r)
	}
	return ix.byLoad[1]
}
