package funnel

import (
	"funnellab/policies"
)

// Priority (policy key priority, with sla_hours) says what a free rep
// works on first:
//
//   - own_first: its own pipeline, then marketing leads;
//   - leads_first: marketing leads, then its own pipeline;
//   - sla_first: its own pipeline, unless a lead in its queues (its own
//     first, then the pooled one, each in queue order) is a first attempt
//     whose SLA an own task started now would breach: then the first such
//     lead, wherever it stands in the queue, so retries ahead of it do not
//     delay it (dueLead); and a new lead whose SLA the own task in
//     progress would breach interrupts that task and is called at once
//     (interrupts, interrupt).

// startNext starts rep r's next task in the policy's order of priority,
// and reports whether it started one.
func (s *Sim) startNext(t float64, r int32) bool {
	if s.m.trust.engage && s.ownFirst(r) { // trust.go, credit.go
		return (s.ownDue(t, r) && s.startOwn(t, r)) || s.startLead(t, r)
	}
	switch s.r.Priority {
	case policies.OwnFirst:
		return (s.ownDue(t, r) && s.startOwn(t, r)) || s.startLead(t, r)
	case policies.LeadsFirst:
		return s.startLead(t, r) || (s.ownDue(t, r) && s.startOwn(t, r))
	}
	// SLAFirst
	if l, k, ok := s.dueLead(t, r); ok {
		if s.leadTime(t) {
			return s.callLead(t, r, l.removeAt(l.index(s.r.Queue, k)))
		}
		return s.ownDue(t, r) && s.startOwn(t, r)
	}
	return (s.ownDue(t, r) && s.startOwn(t, r)) || s.startLead(t, r)
}

// interrupts reports whether lead p, just queued for its busy rep rp, may
// interrupt the rep's own task: under sla_first, for a first attempt with
// an SLA, while the team is at work and reps may call leads.
func (s *Sim) interrupts(t float64, rp *rep, p *prospect) bool {
	return s.r.Priority == policies.SLAFirst && rp.busy && !rp.isLead && p.slaH > 0 && p.attempts == 0 && s.m.hours.IsOpen(t) &&
		s.leadHoursOpen(t) && !(s.m.trust.engage && s.ownFirst(p.rep))
}

// interrupt stops rep r's own task for lead p, while the team is at work,
// if finishing the task first would breach p's SLA: the rest of the task
// goes back to the front of the rep's own queue (with its deal, if any),
// and the rep calls p (the entry enqueue just pushed at the back of its
// queue), not the lead at the head of its queue, which may be a retry.
func (s *Sim) interrupt(t float64, r int32, p *prospect) {
	m := s.m
	rp := &s.reps[r]
	done := m.hours.OpenHours(rp.start, t)
	rest := max(rp.curOwn.dur-done, 0)
	if m.hours.OpenHours(p.handedAt, t)+rest <= float64(p.slaH) {
		return // the task ends in time
	}
	s.acc.busy += m.hours.OpenHours(maxf(rp.start, m.warmup), minf(t, m.windowEnd))
	s.cancel(rp.freeH)
	if rp.curEffort {
		rp.effDebt += rest // effort on open opportunities goes back to the debt
	} else {
		rp.own.pushFront(ownTask{dur: rest, value: rp.curOwn.value})
	}
	rp.busy, rp.curEffort = false, false
	s.touchRep(r)
	s.callLead(t, r, rp.leads.popBack())
}

// dueLead finds the first lead, in rep r's queue then the pooled one, each
// in queue order, that waits for the first attempt of its hand-off, has an
// SLA, and whose SLA an own task started now would breach: working hours
// since its hand-off plus the mean own-task duration reach the SLA. It
// returns the lead's line and its rank k in queue order (0: the lead pop
// would return). Retries and leads without SLA are passed over, not
// stopped at; stale entries at the taking end are dropped.
//
// The line is walked in its buffer, without a division or a comparison
// with its ends per entry (the ring's mask wraps the position), and no
// further than its last entry that may be due (line.mayBeDue: a line
// without one is not walked at all); an entry
// found stale is marked as never due, so that no later walk reads its
// record. With the reps saturated, a line holds hundreds of retries and of
// leads given back unanswered, and the walk was half of the run at 4 times
// the default company's inquiries and 82% at 16 times. dueLeadScan is the
// plain scan, the reference of the tests (dueScan).
func (s *Sim) dueLead(t float64, r int32) (*line, int, bool) {
	if s.dueScan {
		return s.dueLeadScan(t, r)
	}
	d := s.r.Queue
	m := s.m
	for _, l := range [2]*line{&s.reps[r].leads, &s.pooled} {
		s.dropStale(l, d, r)
		left := l.mayBeDue // entries that may be due, not yet seen
		if left == 0 {
			continue
		}
		// i: the position of rank k, stepped and wrapped with the ring's
		// mask (its length is a power of two), not compared with its ends
		mask, i, step := len(l.buf)-1, l.index(d, 0), 1
		if d == policies.LIFO {
			step = -1
		}
		for k := 0; k < l.size; k, i = k+1, (i+step)&mask {
			if e := &l.buf[i]; !e.never { // else a retry or a lead without SLA, valid or stale
				p := s.ps.at(e.slot)
				if p.ticket != e.ticket || p.status != psWaiting || p.attempts > 0 || p.slaH == 0 {
					// It can never be due again: its hand-off is over
					// (tickets are not reused), or, within it, its lead
					// is past its first attempt or out of the queue,
					// which it re-enters with the same ticket only for a
					// retry (attempts > 0; callLead, calls.go). Mark it
					// so, and no later walk reads its record.
					e.never = true
					l.mayBeDue--
				} else if m.hours.OpenHours(p.handedAt, t)+m.ownTask.mean >= float64(p.slaH) {
					return l, k, true
				}
				if left--; left == 0 {
					break // the rest can never be due
				}
			}
		}
	}
	return nil, 0, false
}

// dropStale drops the stale entries at the taking end of rep r's line or
// the pooled one, l.
func (s *Sim) dropStale(l *line, d policies.Discipline, r int32) {
	for l.size > 0 {
		e := l.buf[l.index(d, 0)]
		if p := s.ps.at(e.slot); p.ticket == e.ticket && p.status == psWaiting {
			return
		}
		l.pop(d)
		s.touchRep(r)
	}
}

// dueLeadScan is dueLead by a scan of every entry in rank order.
func (s *Sim) dueLeadScan(t float64, r int32) (*line, int, bool) {
	d := s.r.Queue
	for _, l := range [2]*line{&s.reps[r].leads, &s.pooled} {
		s.dropStale(l, d, r)
		if l.mayBeDue == 0 {
			continue
		}
		for k := 0; k < l.size; k++ {
			e := l.buf[l.index(d, k)]
			if e.never {
				continue // a retry or a lead without SLA, valid or stale
			}
			p := s.ps.at(e.slot)
			if p.ticket != e.ticket || p.status != psWaiting || p.attempts > 0 || p.slaH == 0 {
				continue
			}
			if s.m.hours.OpenHours(p.handedAt, t)+s.m.ownTask.mean >= float64(p.slaH) {
				return l, k, true
			}
		}
	}
	return nil, 0, false
}
