package funnel

import (
	"math"

	"funnellab/policies"
	"funnellab/sim"
	"funnellab/sim/rng"
)

// entry is a queued lead: prospect slot and hand-off ticket.
type entry struct {
	slot   int32
	ticket uint32
}

// ring is a growable ring buffer, taken from the front (FIFO) or the back
// (LIFO).
type ring[T any] struct {
	buf        []T
	head, size int
}

func (r *ring[T]) push(x T) {
	if r.size == len(r.buf) {
		n := make([]T, max(16, 2*len(r.buf)))
		for i := 0; i < r.size; i++ {
			n[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = n, 0
	}
	r.buf[(r.head+r.size)%len(r.buf)] = x
	r.size++
}

// pushFront puts x before the current front.
func (r *ring[T]) pushFront(x T) {
	r.push(x) // grows if needed
	r.size--
	r.head = (r.head - 1 + len(r.buf)) % len(r.buf)
	r.buf[r.head] = x
	r.size++
}

func (r *ring[T]) popFront() T {
	x := r.buf[r.head]
	r.head = (r.head + 1) % len(r.buf)
	r.size--
	return x
}

func (r *ring[T]) popBack() T {
	r.size--
	return r.buf[(r.head+r.size)%len(r.buf)]
}

func (r *ring[T]) reset() { r.head, r.size = 0, 0 }

// line is a queue of leads. Entries whose ticket no longer matches are
// skipped when taken (see nextLead).
type line struct{ ring[entry] }

// peek returns the entry pop would return, leaving it in the line.
func (l *line) peek(d policies.Discipline) entry {
	if d == policies.LIFO {
		return l.buf[(l.head+l.size-1)%len(l.buf)]
	}
	return l.buf[l.head]
}

func (l *line) pop(d policies.Discipline) entry {
	if d == policies.LIFO {
		return l.popBack()
	}
	return l.popFront()
}

func (s *Sim) reset(rep, pol int) {
	m := s.m
	r := uint64(rep)
	for i, c := range m.channels {
		s.arrS[i].Reset(m.seed, c.stream, r)
	}
	s.prosS.Reset(m.seed, streamProspect, r)
	s.ownKey[0], s.ownKey[1] = rng.Seeds(m.seed, streamOwn, r)
	s.jKey[0], s.jKey[1] = rng.Seeds(m.seed, streamJourney, r)
	s.sKey[0], s.sKey[1] = rng.Seeds(m.seed, streamSignals, r)
	s.aKey[0], s.aKey[1] = rng.Seeds(m.seed, streamSales, r)
	s.thinKey[0], s.thinKey[1] = rng.Seeds(m.seed, streamThinning, r)
	s.q.Reset()
	s.ps = s.ps[:0]
	s.free = s.free[:0]
	s.pooled.reset()
	s.idle = s.idle[:0]
	for i := range s.reps {
		rp := &s.reps[i]
		rp.own.reset()
		rp.ownRng.Seed(rng.SubSeed(s.ownKey[0], s.ownKey[1], uint64(i)))
		rp.ownNext, rp.wake = math.Inf(1), sim.Handle{}
		if m.ownRate > 0 {
			rp.ownNext = s.use(&rp.ownRng).ExpFloat64() / m.ownRate
		}
		rp.leads.reset()
		rp.openOpps, rp.busy, rp.isLead = 0, false, false
		rp.idle = true
	}
	for i := m.reps - 1; i >= 0; i-- {
		s.idle = append(s.idle, int32(i))
	}
	s.openSet = false
	s.rr = 0
	s.tickets = 0
	s.arrivals = 0
	s.pol = m.Policies[pol]
	s.r = s.pol.Rules()
	s.res = Result{}
	s.acc = accum{}
	s.speeds = s.speeds[:0]
	s.toRevenue = s.toRevenue[:0]
	s.top = [5]topDeal{}
	s.weeks = s.weeks[:0]
	s.week = Week{}
	s.detail = Detail{}

	s.terrRR = append(s.terrRR[:0], make([]int, len(m.territory))...)
	s.recTouch, s.recOpen, s.recSpeed = m.nurturePerHour, m.openPerHour, m.speedup
	if rc := s.r.Recycle; rc.Separate && m.journeys {
		s.recTouch = rc.TouchesPerWeek / hoursPerWeek
		s.recOpen = s.recTouch * m.openRate
		s.recSpeed = rc.Speedup
	}
	s.resetCell(pol)
	s.leadHours, s.leadOpenSet = m.leadHours[pol], false
	s.resetLearning()
}
