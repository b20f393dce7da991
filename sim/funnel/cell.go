package funnel

import (
	"fmt"

	"funnellab/policies"
	"funnellab/scenarios"
	"funnellab/sim"
)

// The tele-qualification cell ([bant-nurture] in docs/sources.md) sits
// between marketing and sales under policies with qualify: cell. The leads the gate passes join
// one queue, first come first served; each of the cell's agents, in the
// cell's own working hours (cell.open_hour to close_hour on the
// calendar's working days), calls the next one. An attempt reaches the
// prospect with the hot or cold contact probability (never a bad-data
// contact); a reached call reads the four BANT criteria with the cell's
// accuracy. A lead read as meeting at least the cell's bar (min_bant,
// one less when the cell is paid on volume) is handed to sales at the end
// of the call; a reached lead below the bar is given back as
// disqualified; an unreached one is called again after spacing_hours, up
// to the cell's attempts, then given back as unreached. The cell's first
// attempt is the lead's first touch (speed-to-lead metrics); the rep's
// SLA runs from the cell's hand-off. The agents' attempts are the calls of
// calls.go, with the cell's settings (agentCalls).

// cell is the tele-qualification cell's state.
type cell struct {
	agents      []agent
	cellIdle    []int32 // idle agents, a stack
	cellQ       line
	cellHours   sim.Hours
	cellOpenSet bool   // the cell's next opening is booked
	agentCalls  caller // how the cell's agents call
}

// agent is one member of the tele-qualification cell.
type agent struct {
	busy   bool
	idle   bool
	cur    entry
	start  float64
	debt   float64 // hours of nurture calls booked for it, not yet worked (nurturecalls.go)
	onDebt bool    // its current task is that work
}

// compileCell returns the duration of a policy's reached cell calls and
// the cell's hours (on the calendar's working days; always open with the
// calendar).
func compileCell(p scenarios.Policy, alwaysOpen bool, workDays []int) (duration, sim.Hours, error) {
	call, err := compileDuration(p.Cell.CallHours)
	if err != nil {
		return duration{}, sim.Hours{}, fmt.Errorf("policy %q: cell.call_hours: %w", p.Name, err)
	}
	h := sim.AlwaysOpen()
	if !alwaysOpen {
		if h, err = sim.NewHours(p.Cell.OpenHour, p.Cell.CloseHour, workDays...); err != nil {
			return duration{}, sim.Hours{}, fmt.Errorf("policy %q: cell hours: %w", p.Name, err)
		}
	}
	return call, h, nil
}

// resetCell sizes the cell for policy pol.
func (s *Sim) resetCell(pol int) {
	n := 0
	if s.r.Qualify == policies.ByCell {
		c := s.r.Cell
		n = c.Agents
		s.cellHours = s.m.cellHours[pol]
		s.agentCalls = caller{call: s.m.cellCall[pol], attemptH: c.AttemptHours, bantAcc: c.BANTAccuracy, minBANT: c.MinBANT,
			attempts: c.Attempts, spacingH: c.SpacingHours, retry: psCellRetry, retryTm: tmCellRetry}
	}
	s.cellOpenSet = false
	s.agents = append(s.agents[:0], make([]agent, n)...)
	s.cellIdle = s.cellIdle[:0]
	for i := n - 1; i >= 0; i-- {
		s.agents[i].idle = true
		s.cellIdle = append(s.cellIdle, int32(i))
	}
	s.cellQ.reset()
}

// toCell passes a lead the gate chose to the cell.
func (s *Sim) toCell(t float64, id int32, p *prospect) {
	p.attempts = 0
	p.flags = p.flags&^(fReached|fEarly) | fHanded
	if p.flags&fCounted != 0 {
		s.res.Metrics[CellLeads]++
	}
	s.noteHandOff(p) // the cell reviews it (learning)
	s.cellQueue(t, id, p)
}

// cellQueue puts a lead in the cell's queue and wakes an idle agent.
func (s *Sim) cellQueue(t float64, id int32, p *prospect) {
	s.become(p, psCellWait)
	s.tickets++
	p.ticket = s.tickets
	s.cellQ.push(entry{slot: id, ticket: p.ticket})
	if n := len(s.cellIdle); n > 0 {
		s.cellStart(t, s.cellIdle[n-1])
	}
}

// cellOpen runs when the cell starts work: the idle agents look for leads.
func (s *Sim) cellOpen(t float64) {
	s.cellOpenSet = false
	for i := len(s.cellIdle) - 1; i >= 0; i-- {
		s.cellStart(t, s.cellIdle[i])
	}
}

// cellStart gives idle agent a its next call, if the cell is at work and
// has a lead waiting.
func (s *Sim) cellStart(t float64, a int32) {
	ag := &s.agents[a]
	if ag.busy {
		return
	}
	if !s.cellHours.IsOpen(t) {
		if !s.cellOpenSet {
			s.q.Schedule(s.cellHours.NextOpen(t), evCellOpen, event{kind: evCellOpen})
			s.cellOpenSet = true
		}
		return
	}
	if ag.debt >= effortChunkH {
		s.cellWorkDebt(t, a) // nurturecalls.go
		return
	}
	var e entry
	found := false
	for s.cellQ.size > 0 {
		e = s.cellQ.popFront()
		if p := s.ps.at(e.slot); p.ticket == e.ticket && p.status == psCellWait {
			found = true
			break
		}
	}
	if !found {
		return
	}
	if ag.idle {
		ag.idle = false
		for i, x := range s.cellIdle {
			if x == a {
				s.cellIdle = append(s.cellIdle[:i], s.cellIdle[i+1:]...)
				break
			}
		}
	}
	p := s.ps.at(e.slot)
	s.unpark(t, e.slot, p) // park.go
	s.become(p, psCellCall)
	dur := s.attempt(t, p, &s.agentCalls)
	ag.cur, ag.busy, ag.start = e, true, t
	s.q.Schedule(s.cellHours.AddWork(t, dur), evCellFree, event{kind: evCellFree, idx: a})
}

// cellFree ends agent a's call, applies its outcome and starts the next.
func (s *Sim) cellFree(t float64, a int32) {
	ag := &s.agents[a]
	ag.busy = false
	e := ag.cur
	if ag.onDebt {
		ag.onDebt = false // nurture calls worked (nurturecalls.go)
	} else if p := s.ps.at(e.slot); p.ticket == e.ticket && p.status == psCellCall {
		s.endAttempt(t, e.slot, p, &s.agentCalls)
	}
	s.cellStart(t, a)
	if !ag.busy && !ag.idle {
		ag.idle = true
		s.cellIdle = append(s.cellIdle, a)
	}
}
