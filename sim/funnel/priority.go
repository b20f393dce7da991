package funnel

import (
	"math"

	"funnellab/policies"
)

// Priority (policy key priority, with sla_hours) says what a free rep
// works on first:
//
//   - own_first: its own pipeline, then marketing leads;
//   - leads_first: marketing leads, then its own pipeline;
//   - sla_first: its own pipeline, unless the lead it would take next is a
//     first attempt whose SLA an own task started now would breach
//     (leadDue); and a new lead whose SLA the own task in progress would
//     breach interrupts that task (interrupts, interrupt).

// startNext starts rep r's next task in the policy's order of priority,
// and reports whether it started one.
func (s *Sim) startNext(t float64, r int32) bool {
	switch s.r.Priority {
	case policies.OwnFirst:
		return s.startOwn(t, r) || s.startLead(t, r)
	case policies.LeadsFirst:
		return s.startLead(t, r) || s.startOwn(t, r)
	}
	// SLAFirst
	if s.leadDue(t, r) {
		return s.startLead(t, r) || s.startOwn(t, r)
	}
	return s.startOwn(t, r) || s.startLead(t, r)
}

// interrupts reports whether lead p, just queued for its busy rep rp, may
// interrupt the rep's own task: under sla_first, for a first attempt with
// an SLA, while the team is at work and reps may call leads.
func (s *Sim) interrupts(t float64, rp *rep, p *prospect) bool {
	return s.r.Priority == policies.SLAFirst && rp.busy && !rp.isLead && p.slaH > 0 && p.attempts == 0 && s.m.hours.IsOpen(t) &&
		s.leadHoursOpen(t)
}

// interrupt stops rep r's own task for lead p, while the team is at work,
// if finishing the task first would breach p's SLA: the rest of the task
// goes back to the front of the rep's own queue (with its deal, if any),
// and the rep calls its next lead.
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
