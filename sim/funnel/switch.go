package funnel

import (
	"math"

	"funnellab/scenarios"
)

// The policy switch (policies[].switch_from, switch_at_days; docs/model.md,
// The policy switch). A policy with a switch runs the policy it names from
// the start, and at the switch day an event (evSwitch) puts this policy in
// force: the Sim's policy, its rules and the settings derived from them.
// No random number is drawn, so until the switch the run is the source
// policy's, prospect for prospect (common random numbers). Everything
// already in the funnel carries over:
//
//   - leads waiting in a queue (a rep's or the pooled one) keep their place,
//     with the SLA of their hand-off, and are taken in the new policy's
//     order; accepted leads are not judged again;
//   - leads being called keep their hand-off, under the new number of
//     attempts and spacing from their next attempt on;
//   - open opportunities stay open with their rep, cycle and stall timer
//     (stall_days of the new policy applies to opportunities opened after
//     the switch);
//   - leads in nurture stay there, with their engagement, cooldown and
//     MQL flag, and are judged by the new gate from the switch on (their
//     signals after the switch are events, judged then: see
//     scheduleSignal);
//   - marketing's learning state (the MQL threshold in force and the
//     channel weights) carries over; a new policy that learns reviews a
//     period after the switch (or at the review already due), one that
//     does not stops reviewing;
//   - the round-robin positions carry over; the new lead hours apply at
//     once (idle reps look for work at the switch).
//
// The cell cannot carry over (its agents and queue exist only under
// qualify: cell) and the recycle track's rates are drawn into the journeys
// of the leads on it: scenarios.checkSwitches requires qualify: rep on
// both sides and the same recycle_track.

// policySwitch is a policy's compiled switch: the policy in force before
// it, and when; at 0, none.
type policySwitch struct {
	from int
	atH  float64
}

// compileSwitches resolves the policies' switch_from names.
func (m *Model) compileSwitches(ps []scenarios.Policy) {
	m.switches = make([]policySwitch, len(ps))
	for i, p := range ps {
		if p.SwitchAtDays <= 0 || p.SwitchFrom == "" {
			continue
		}
		for j, q := range ps {
			if q.Name == p.SwitchFrom {
				m.switches[i] = policySwitch{from: j, atH: p.SwitchAtDays * 24}
			}
		}
	}
}

// switching is a Sim's pending switch.
type switching struct {
	switchTo   int     // policy index put in force at switchAt; -1: none pending
	switchAt   float64 // +Inf: none pending
	scoreLater bool    // the policy after the switch reads the lead score (scoreMatters)
}

// resetSwitch prepares replication runs under policy pol and returns the
// policy in force at the start: pol, or the one it switches from.
func (s *Sim) resetSwitch(pol int) int {
	s.switchTo, s.switchAt, s.scoreLater = -1, math.Inf(1), false
	sw := s.m.switches[pol]
	if sw.atH <= 0 {
		return pol
	}
	s.switchTo, s.switchAt = pol, sw.atH
	s.scoreLater = s.m.Policies[pol].Rules().ScoreGate
	return sw.from
}

// scheduleSwitch books the pending switch, if any.
func (s *Sim) scheduleSwitch() {
	if s.switchTo >= 0 {
		s.q.Schedule(s.switchAt, evSwitch, event{kind: evSwitch})
	}
}

// applySwitch puts the pending policy in force at t.
func (s *Sim) applySwitch(t float64) {
	s.catchUpAll(t, true) // signals parked under the old policy (park.go)
	s.flushWaits()        // and signals waiting for a review (reviewwait.go)
	pol := s.switchTo
	s.switchTo, s.switchAt, s.scoreLater = -1, math.Inf(1), false
	s.setPolicy(pol)
	s.resetLoadIndex() // routing by load: keys of the new routing (loadindex.go)
	s.resetRepCalls()  // attempts, spacing, sql_min_bant
	s.resetRecycle()   // the same track on both sides: the same rates
	// Learning: the state carries over; the review clock follows the new
	// policy (a review already booked runs under the new rules).
	l := s.r.Learning
	was := s.learn
	s.learn = l.Rate > 0
	switch {
	case !s.learn:
		s.nextReview = math.Inf(1) // a review still booked does nothing (Run)
	case !was:
		s.nextReview = math.Inf(1)
		if next := t + l.PeriodHours; next < s.reviewEnd() {
			s.nextReview = next
			s.q.Schedule(next, evReview, event{kind: evReview})
		} else {
			s.learn = false
		}
	}
	// Lead hours: the new window applies at once.
	old := s.leadWindow
	s.leadWindow, s.leadOpenSet = s.m.leadHours[pol], false
	if old != s.leadWindow {
		for i := len(s.idle) - 1; i >= 0; i-- {
			s.tryStart(t, s.idle[i])
		}
	}
	s.resetParking() // park.go
}
