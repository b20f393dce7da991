package funnel

import (
	"math"
	"math/rand/v2"

	"funnellab/sim"
	"funnellab/sim/rng"
)

// Reps work their own pipeline (pipeline.go) and marketing leads: a lead
// routed to a rep waits in the rep's queue, a pooled one in the shared
// queue; a free rep takes its next task in the order the policy's
// priority says (priority.go), calls leads (calls.go) within the policy's
// lead hours (leadhours.go), and the team works in the calendar's hours.

// rep is one sales rep.
type rep struct {
	own       ring[ownTask] // the rest of an interrupted own task, taken first (pipeline.go)
	ownQueued int           // own tasks arrived and waiting, drawn again from ownHead when taken
	ownNext   float64       // arrival time of its next own task (+Inf: none)
	ownRng    rand.PCG      // its own-pipeline stream, past the last task arrived
	ownHead   rand.PCG      // its own-pipeline stream at the first task waiting
	wake      sim.Handle    // event waking it, while idle, when an own task arrives
	leads     line
	openOpps  int32
	busy      bool
	idle      bool // in the Sim's idle stack
	curLead   entry
	curOwn    ownTask
	isLead    bool
	start     float64
	freeH     sim.Handle // the end of its current task
	skill     float64    // its skill multiplier (skill.go; 1: the team's)
	ownRate   float64    // its own tasks per hour (skill.go)
	effDebt   float64    // effort hours its open opportunities asked for, not yet worked (openeffort.go)
	effT      float64    // time of its last effort accrual
	idleAt    float64    // since when it is idle, for the effort its idle time absorbs
	curEffort bool       // its current task is effort on open opportunities
	trust     float64    // its trust in marketing leads (trust.go)
	worked    int32      // marketing leads it worked to an outcome (trust.go)
	revenue   float64    // value of the deals it won in the replication (cyclestats.go: rep_revenue_cv)
	curOut    bool       // its current lead is an outbound prospect of its own (outbound.go)
}

// resetTeam puts every rep at the start of a replication: idle, nothing
// queued, its own pipeline's stream at its start and its first own task
// drawn.
func (s *Sim) resetTeam() {
	m := s.m
	s.pooled.reset()
	s.idle = s.idle[:0]
	for i := range s.reps {
		rp := &s.reps[i]
		rp.own.reset()
		rp.ownQueued = 0
		rp.ownRng.Seed(rng.SubSeed(s.ownKey[0], s.ownKey[1], uint64(i)))
		rp.ownNext, rp.wake = math.Inf(1), sim.Handle{}
		if rp.ownRate > 0 {
			rp.ownNext = s.exp(&rp.ownRng) / rp.ownRate
		}
		rp.resetEffort()
		rp.trust, rp.worked = m.trust.reference, 0
		rp.leads.reset()
		rp.openOpps, rp.busy, rp.isLead = 0, false, false
		rp.revenue = 0
		rp.idle = true
	}
	for i := m.reps - 1; i >= 0; i-- {
		s.idle = append(s.idle, int32(i))
	}
	s.openSet = false
	s.resetRepCalls()
}

// teamOpen runs when the team starts work: the idle reps look for work.
func (s *Sim) teamOpen(t float64) {
	s.openSet = false
	for i := len(s.idle) - 1; i >= 0; i-- {
		s.tryStart(t, s.idle[i])
	}
}

// tryStart gives idle rep r its next task, if it is at work and has one.
// It reports whether the rep started something.
func (s *Sim) tryStart(t float64, r int32) bool {
	rp := &s.reps[r]
	if rp.busy {
		return false
	}
	if !s.m.hours.IsOpen(t) {
		if !s.openSet {
			s.q.Schedule(s.m.hours.NextOpen(t), evOpen, event{kind: evOpen})
			s.openSet = true
		}
		return false
	}
	started := s.effortOn && s.startEffort(t, r) || s.startNext(t, r)
	if started && rp.idle {
		rp.idle = false
		s.cancel(rp.wake)
		rp.wake = sim.Handle{}
		if n := len(s.idle) - 1; s.idle[n] == r { // the usual case: the top of the stack
			s.idle = s.idle[:n]
		} else {
			for i, x := range s.idle {
				if x == r {
					s.idle = append(s.idle[:i], s.idle[i+1:]...)
					break
				}
			}
		}
	}
	return started
}

// nextLead pops the next valid lead for rep r: its own queue first, then
// the pooled one.
func (s *Sim) nextLead(r int32) (entry, bool) {
	// Two passes with a pointer switched at the end of the first: a range
	// over [2]*line{...} built the array on every call.
	l := &s.reps[r].leads
	for pass := 0; pass < 2; pass, l = pass+1, &s.pooled {
		for l.size > 0 {
			e := l.pop(s.r.Queue)
			s.touchRep(r) // loadindex.go
			if p := s.ps.at(e.slot); p.ticket == e.ticket && p.status == psWaiting {
				return e, true
			}
		}
	}
	return entry{}, false
}

// repFree ends rep r's current task and applies its outcome.
func (s *Sim) repFree(t float64, r int32) {
	m := s.m
	rp := &s.reps[r]
	rp.busy, rp.curEffort = false, false
	s.touchRep(r) // loadindex.go
	// Working hours of the task inside the measured window (work pauses
	// outside working hours, so this is its duration when unclipped).
	d := m.hours.OpenHours(maxf(rp.start, m.warmup), minf(t, m.windowEnd))
	s.acc.busy += d
	if rp.isLead {
		if rp.curOut {
			s.obCallHours += d // outbound.go: not hours on marketing leads
		} else {
			s.acc.marketingHours += d
		}
		s.endCall(t, rp.curLead, d)
	} else if rp.curOwn.value > 0 && t >= m.warmup {
		s.acc.revenue += rp.curOwn.value
		rp.revenue += rp.curOwn.value
		s.res.Metrics[DealsWon]++
		s.addTop(rp.curOwn.value, false)
	}
	if !s.tryStart(t, r) && !rp.idle {
		rp.idle, rp.idleAt = true, t
		s.idle = append(s.idle, r)
		s.armWake(t, r)
	}
}
