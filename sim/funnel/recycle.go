package funnel

import (
	"funnellab/policies"
)

// setback gives a lead back to marketing, as the policy says.
func (s *Sim) setback(t float64, id int32, p *prospect) {
	s.clearTimer(p)
	if s.r.OnSetback == policies.Nurture && s.m.journeys {
		s.spendHazard(t, p)
		p.status = psNurture
		p.flags |= fRecycled // onto the recycle track (the nurture track unless the policy has its own)
		p.nurtSince = t
		p.eng = 0 // engagement starts over, or the lead would bounce straight back
		p.cooldown = t + s.r.CooldownDays*24
		s.rescheduleJourney(t, p)
		s.rescheduleSignal(t, id, p)
		return
	}
	s.drop(t, id, p)
}
