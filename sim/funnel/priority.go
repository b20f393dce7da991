package funnel

import (
	"math"
)

// interrupt stops rep r's own task for lead p, while the team is at work,
// if finishing the task first would breach p's SLA: the rest of the task goes back to the front of the
// rep's own queue (with its deal, if any), and the rep calls its next lead.
func (s *Sim) interrupt(t float64, r int32, p *prospect) {
	m := s.m
	rp := &s.reps[r]
	done := m.hours.OpenHours(rp.start, t)
	rest := math.Max(rp.curOwn.dur-done, 0)
	if m.hours.OpenHours(p.handedAt, t)+rest <= float64(p.slaH) {
		return // the task ends in time
	}
	s.acc.busy += m.hours.OpenHours(maxf(rp.start, m.warmup), minf(t, m.windowEnd))
	s.q.Cancel(rp.freeH)
	rp.own.pushFront(ownTask{dur: rest, value: rp.curOwn.value})
	rp.busy = false
	if !s.startLead(t, r) {
		s.startOwn(t, r)
	}
}

// leadDue reports whether the lead rep r would take next has an SLA that
// an own task started now would breach: its first attempt is due within
// the mean own-task duration (working hours).
func (s *Sim) leadDue(t float64, r int32) bool {
	for _, l := range [2]*line{&s.reps[r].leads, &s.pooled} {
		for l.size > 0 {
			e := l.peek(s.r.Queue)
			p := &s.ps[e.slot]
			if p.ticket != e.ticket || p.status != psWaiting {
				l.pop(s.r.Queue) // stale: drop it now
				continue
			}
			if p.attempts > 0 || p.slaH == 0 {
				return false
			}
			return s.m.hours.OpenHours(p.handedAt, t)+s.m.ownTask.mean >= float64(p.slaH)
		}
	}
	return false
}
