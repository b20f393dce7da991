package funnel

import (
	"math"

	"funnellab/sim"
)

// ownTask is a piece of a rep's own pipeline.
type ownTask struct {
	dur   float64
	value float64 // deal closed on completion, 0 if none
}

// startOwn starts rep r on its next own task, if one has arrived.
func (s *Sim) startOwn(t float64, r int32) bool {
	rp := &s.reps[r]
	s.pullOwn(t, rp)
	if rp.own.size == 0 {
		return false
	}
	rp.curOwn = rp.own.popFront()
	rp.isLead, rp.busy, rp.start = false, true, t
	rp.freeH = s.q.Schedule(s.m.hours.AddWork(t, rp.curOwn.dur), evRepFree, event{kind: evRepFree, idx: r})
	return true
}

// Own-pipeline tasks arrive at each rep as a Poisson process drawn lazily
// from the rep's own stream: a rep takes in the tasks that have arrived by
// the time it looks at its queue (pullOwn), and only an idle rep needs an
// event to wake it when the next one arrives (armWake). A task's duration
// and outcome are drawn when it arrives.

// pullOwn moves the own tasks that have arrived by t into the rep's queue.
func (s *Sim) pullOwn(t float64, rp *rep) {
	m := s.m
	for rp.ownNext <= t {
		r := s.use(&rp.ownRng)
		task := ownTask{dur: sample(m.ownTask, r)}
		won, z := r.Float64() < m.ownWin, r.NormFloat64()
		if won {
			task.value = math.Exp(m.ownMu + m.ownSigma*z)
		}
		rp.own.push(task)
		rp.ownNext += r.ExpFloat64() / m.ownRate
		if rp.ownNext >= m.windowEnd {
			rp.ownNext = math.Inf(1)
		}
	}
}

// armWake books an idle rep's wake-up for its next own task (at the next
// working instant from its arrival: an idle rep off work has nothing to do
// before the opening).
func (s *Sim) armWake(t float64, r int32) {
	rp := &s.reps[r]
	s.q.Cancel(rp.wake)
	rp.wake = sim.Handle{}
	if !math.IsInf(rp.ownNext, 1) {
		at := s.m.hours.NextOpen(math.Max(rp.ownNext, t))
		rp.wake = s.q.Schedule(at, evOwnTask, event{kind: evOwnTask, idx: r})
	}
}

// wakeUp runs when an idle rep's own task has arrived.
func (s *Sim) wakeUp(t float64, r int32) {
	rp := &s.reps[r]
	rp.wake = sim.Handle{}
	if !s.tryStart(t, r) && rp.idle {
		s.armWake(t, r)
	}
}
