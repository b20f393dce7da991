package funnel

import (
	"math"

	"funnellab/policies"
)

// Nurture calls (policy key nurture_calls, issue 13 mechanism 10): sales
// involvement before a lead is sales-ready ([bant-nurture]). Reps call the
// leads still in nurture at a light-touch cadence: every 1/per_month
// months from the lead's entry into nurture (arrival, or its return to
// nurture, recycle.go), up to max_per_lead calls over its life, while it
// stays in nurture. A call
//
//   - costs its rep hours of work (the reps take the calls in turn): the
//     hours join the rep's effort debt (openeffort.go) and are worked, once
//     they reach effortChunkH, before any other task, whatever the policy's
//     priority (a busy rep works them when its task in progress ends; an
//     idle rep at work starts at once). Under a policy with a
//     tele-qualification cell (qualify: cell), the cell's agents make the
//     calls instead, in turn: the hours are worked by the agent, in the
//     cell's hours, before its next lead (cell.go);
//   - reaches the prospect with the cold contact probability
//     (response.contact_cold; never bad contact data);
//   - if it reaches a genuine prospect not yet evaluating, counts (a rep's
//     call, not the cell's, as for the cell's qualification calls) as the
//     buyer's first engagement by sales (prospect.engage, winodds.go: if an
//     opportunity opens later, the win odds read the stage of this call),
//     and, with probability advance, moves its journey on to the next stage
//     at once (the stage's remaining time is skipped: the journey stream
//     draws the same values, one per stage entered, so the decision draws
//     are unchanged).
//
// The call is made, and its effect applied, when it is due; the rep works
// its hours as soon as it is free. The two uniforms of a call (reach,
// advance) come from the prospect's sales stream, always both, so no other
// prospect's draws move, and the marketing gate is not asked (the call is
// not a marketing signal). The cadence uses the prospect's timer, which is
// unused in nurture; a call due after the lead has left nurture does
// nothing. With per_month 0 (every preset) nothing is scheduled and no
// draw is made: the old path.

// tmNurtureCall is the timer of a nurture lead's next call.
const tmNurtureCall = tmCellRetry + 1

// nurtureCalls is the state of the mechanism under the current policy.
type nurtureCalls struct {
	ncOn    bool
	nc      policies.NurtureCalls
	ncEvery float64 // hours between two calls to a lead
	ncNext  int32   // the rep making the next call (reps in turn)

	// Tallies of the measured window (tests and docs/model.md).
	ncCalls, ncReached, ncAdvanced, ncHours float64
	ncCellHours                             float64 // the cell's hours worked on them
}

// resetNurtureCalls sets the mechanism for the policy in force.
func (s *Sim) resetNurtureCalls() {
	n := s.r.NurtureCalls
	s.nurtureCalls = nurtureCalls{nc: n, ncOn: s.m.journeys && n.PerMonth > 0 && n.MaxPerLead > 0}
	if s.ncOn {
		s.ncEvery = monthH / n.PerMonth
	}
}

// nextNurtureCall is the time of nurtured lead p's next nurture call, if
// it may move its journey on (and so change its signal rates), for the
// signal loop to stop at (scheduleSignal): the signals after it are
// events, redrawn if it does. +Inf if no call can. A lead in nurture with
// calls left always has one pending, but at t itself where the loop runs
// just before it is armed, at t + the cadence (arrive, toRecycle, after a
// call).
func (s *Sim) nextNurtureCall(t float64, p *prospect) float64 {
	if s.nc.Advance <= 0 || p.kind != kindGenuine || p.stage >= stEvaluating || int(p.nCalls) >= s.nc.MaxPerLead {
		return math.Inf(1)
	}
	if p.timer == tmNurtureCall {
		return p.tAt
	}
	return t + s.ncEvery
}

// armNurtureCall schedules the next call to lead p, just in nurture at t,
// if the policy calls nurture leads and p has calls left.
func (s *Sim) armNurtureCall(t float64, id int32, p *prospect) {
	if !s.ncOn || int(p.nCalls) >= s.nc.MaxPerLead || p.status != psNurture {
		return
	}
	s.setTimer(p, id, tmNurtureCall, t+s.ncEvery)
}

// nurtureCall makes a call due on lead p, if it is still in nurture.
func (s *Sim) nurtureCall(t float64, id int32, p *prospect) {
	if p.status != psNurture {
		return
	}
	m := s.m
	p.nCalls++
	in := t >= m.warmup && t < m.windowEnd
	byCell := len(s.agents) > 0 // the policy's cell makes the calls
	r := s.ncNext
	if byCell {
		s.ncNext = (s.ncNext + 1) % int32(len(s.agents))
		s.addCellDebt(t, r, s.nc.Hours)
	} else {
		s.ncNext = (s.ncNext + 1) % int32(len(s.reps))
		s.addEffort(t, r, s.nc.Hours)
	}
	rnd := s.use(&s.ps.at(id).sal)
	uReach, uAdvance := rnd.Float64(), rnd.Float64()
	p = s.ps.at(id)
	if in {
		s.ncCalls++
		s.ncHours += s.nc.Hours
	}
	if uReach < s.contactProb(p, false) && p.kind == kindGenuine && p.stage < stEvaluating {
		if !byCell {
			p.engage() // the cell's calls are not sales' (as its qualification calls: calls.go)
		}
		if in {
			s.ncReached++
		}
		if uAdvance < s.nc.Advance {
			if in {
				s.ncAdvanced++
			}
			s.advanceStage(t, id, p)
		}
	}
	s.armNurtureCall(t, id, p)
}

// advanceStage moves genuine prospect p (not yet evaluating) to its next
// stage at once, as its journey event would (journey.go).
func (s *Sim) advanceStage(t float64, id int32, p *prospect) {
	s.cancel(p.jH)
	s.journey(t, id)
}

// addCellDebt books h hours of nurture calls for agent a of the cell at
// t; an idle agent starts on them at once if they make a chunk.
func (s *Sim) addCellDebt(t float64, a int32, h float64) {
	ag := &s.agents[a]
	ag.debt += h
	if !ag.busy {
		s.cellStart(t, a)
	}
}

// cellWorkDebt starts agent a (free, the cell at work) on its nurture-call
// hours, as one task.
func (s *Sim) cellWorkDebt(t float64, a int32) {
	ag := &s.agents[a]
	if ag.idle {
		ag.idle = false
		for i, x := range s.cellIdle {
			if x == a {
				s.cellIdle = append(s.cellIdle[:i], s.cellIdle[i+1:]...)
				break
			}
		}
	}
	m := s.m
	d := ag.debt
	ag.debt = 0
	ag.busy, ag.onDebt, ag.start = true, true, t
	end := s.cellHours.AddWork(t, d)
	if lo, hi := maxf(t, m.warmup), minf(end, m.windowEnd); hi > lo {
		s.ncCellHours += s.cellHours.OpenHours(lo, hi)
	}
	s.q.Schedule(end, evCellFree, event{kind: evCellFree, idx: a})
}

// addEffort books h hours of work for rep r at t, on its effort debt
// (openeffort.go): an idle rep's idle time before t does not absorb them,
// and an idle rep at work starts on them at once if they make a chunk.
func (s *Sim) addEffort(t float64, r int32, h float64) {
	rp := &s.reps[r]
	s.accrueEffort(t, rp)
	if rp.idle {
		rp.effDebt = maxf(rp.effDebt-s.m.hours.OpenHours(rp.idleAt, t), 0)
		rp.idleAt = t
	}
	rp.effDebt += h
	if rp.idle {
		s.tryStart(t, r)
	}
}
