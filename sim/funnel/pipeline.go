package funnel

import (
	"math"
	"math/rand/v2"

	"funnellab/sim"
)

// ownTask is a piece of a rep's own pipeline.
type ownTask struct {
	dur   float64
	value float64 // deal closed on completion, 0 if none
}

// startOwn starts rep r on its next own task, if one has arrived. Callers
// skip it when ownDue is false.
func (s *Sim) startOwn(t float64, r int32) bool {
	rp := &s.reps[r]
	s.pullOwn(t, rp)
	s.touchRep(r) // loadindex.go: its next own task may have moved
	if rp.ownWaiting() == 0 {
		return false
	}
	rp.curOwn = s.takeOwn(rp)
	rp.isLead, rp.busy, rp.start = false, true, t
	rp.freeH = s.q.Schedule(s.m.hours.AddWork(t, rp.curOwn.dur), evRepFree, event{kind: evRepFree, idx: r})
	return true
}

// ownDue reports whether rep r may have an own task to start at t: one
// waits, or the next is due. It is false for every rep of a team without
// own pipeline, and then startOwn would change nothing about the rep: the
// callers skip it (a call of 40 instructions a lead in the reference
// funnel), and this inlines.
func (s *Sim) ownDue(t float64, r int32) bool {
	rp := &s.reps[r]
	return rp.ownNext <= t || rp.ownWaiting() > 0
}

// Own-pipeline tasks arrive at each rep as a Poisson process drawn lazily
// from the rep's own stream: a rep takes in the tasks that have arrived by
// the time it looks at its queue (pullOwn), and only an idle rep needs an
// event to wake it when the next one arrives (armWake). A task's duration
// and outcome are drawn when it arrives.
//
// The tasks waiting are not stored: a rep whose own work arrives faster
// than it can do it would keep a backlog growing for the whole run (100,000
// reps at 10,000 tasks a week held gigabytes of tasks; issue 12). The
// stream is one sequence of draws per task (its duration, its outcome,
// then the gap to the next task), so the rep keeps two positions in it:
// ownRng, past the last task that has arrived, and ownHead, at the first
// task waiting; taking a task draws it again from ownHead (takeOwn), with
// the same values it had when it arrived. Only the rest of an interrupted
// task (priority.go) is stored, in own, ahead of the waiting tasks.

// ownWaiting is the number of own tasks waiting for the rep.
func (rp *rep) ownWaiting() int { return rp.own.size + rp.ownQueued }

// drawOwn draws an own task, and the gap to the next one, from the
// stream p.
func (s *Sim) drawOwn(p *rand.PCG, rate float64) (task ownTask, gap float64) {
	m := s.m
	task = ownTask{dur: s.sample(m.ownTask, p)}
	r := s.use(p)
	won, z := r.Float64() < m.ownWin, r.NormFloat64()
	if won {
		task.value = math.Exp(m.ownMu + m.ownSigma*z)
	}
	return task, s.exp(p) / rate
}

// pullOwn counts in the own tasks that have arrived by t.
func (s *Sim) pullOwn(t float64, rp *rep) {
	m := s.m
	for rp.ownNext <= t {
		if rp.ownQueued == 0 {
			rp.ownHead = rp.ownRng // the first task waiting starts here
		}
		_, gap := s.drawOwn(&rp.ownRng, rp.ownRate)
		rp.ownQueued++
		rp.ownNext += gap
		if rp.ownNext >= m.windowEnd {
			rp.ownNext = math.Inf(1)
		}
	}
}

// takeOwn takes the rep's next own task: the rest of an interrupted one,
// or else the first task waiting, drawn again from its place in the stream.
func (s *Sim) takeOwn(rp *rep) ownTask {
	if rp.own.size > 0 {
		return rp.own.popFront()
	}
	task, _ := s.drawOwn(&rp.ownHead, rp.ownRate)
	rp.ownQueued--
	return task
}

// armWake books an idle rep's wake-up for its next own task (at the next
// working instant from its arrival: an idle rep off work has nothing to do
// before the opening).
func (s *Sim) armWake(t float64, r int32) {
	rp := &s.reps[r]
	s.cancel(rp.wake)
	rp.wake = sim.Handle{}
	if !math.IsInf(rp.ownNext, 1) {
		at := s.m.hours.NextOpen(max(rp.ownNext, t))
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
