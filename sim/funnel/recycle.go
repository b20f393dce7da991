package funnel

import (
	"funnellab/policies"
)

// What becomes of a lead sales or the cell gives back (rejected, ignored,
// unreached, disqualified, stalled) is the policy's on_reject: back to
// nurture, or dropped from marketing's database. Back in nurture it is on
// the recycle track: its engagement starts over, the gate does not look at
// it for cooldown_days, and it is nurtured on the scenario's track unless
// the policy has a separate recycle_track (its own touches per week and
// journey speed-up). Without journeys (the reference funnel) a lead given
// back is dropped.

// recycle is the recycle track's state: touches and email opens per hour,
// and the journey speed-up, of a recycled lead in nurture.
type recycle struct {
	recTouch, recOpen, recSpeed float64
}

// resetRecycle sets the track of policy s.r: the nurture track's values,
// or the policy's separate track.
func (s *Sim) resetRecycle() {
	m := s.m
	s.recTouch, s.recOpen, s.recSpeed = m.nurturePerHour, m.openPerHour, m.speedup
	if rc := s.r.Recycle; rc.Separate && m.journeys {
		s.recTouch = rc.TouchesPerWeek / hoursPerWeek
		s.recOpen = s.recTouch * m.openRate
		s.recSpeed = rc.Speedup
	}
}

// setback gives a lead back to marketing, as the policy says.
func (s *Sim) setback(t float64, id int32, p *prospect) {
	s.clearTimer(p)
	if s.r.OnSetback == policies.Nurture && s.m.journeys && p.flags&fOutbound == 0 { // an outbound prospect is not marketing's (outbound.go)
		s.toRecycle(t, id, p)
		return
	}
	s.drop(t, id, p)
}

// toRecycle puts a lead given back onto the recycle track, in nurture.
func (s *Sim) toRecycle(t float64, id int32, p *prospect) {
	s.spendHazard(t, p)
	s.become(p, psNurture)
	p.flags |= fRecycled // onto the recycle track (the nurture track unless the policy has its own)
	p.nurtSince = t
	p.eng = 0 // engagement starts over, or the lead would bounce straight back
	p.cooldown = t + s.r.CooldownDays*24
	s.rescheduleJourney(t, p)
	s.rescheduleSignal(t, id, p)
	s.armNurtureCall(t, id, p) // nurturecalls.go
}
