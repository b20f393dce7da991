package funnel

import (
	"funnellab/policies"
)

// A hand-off takes a lead the gate chose out of nurture (marketing.go): to
// the tele-qualification cell first under qualify: cell (cell.go), else to
// sales. A hand-off to sales gets a new ticket (queue entries of an older
// hand-off are stale), is routed (routing.go), may be judged and refused by
// its rep (veto.go), and otherwise is accepted (an SAL) and queued; a lead
// routed to a rep that has no attempt within sales.accept_window_hours is
// ignored and given back (prospect.go's timer, recycle.go).

// handOff takes a lead out of nurture as the gate decided: to the
// tele-qualification cell if the policy has one, else to sales.
func (s *Sim) handOff(t float64, id int32, p *prospect, sla float64) {
	s.leave(t, id, p, psWaiting)
	p.handedAt = t
	p.touchBin = 0
	p.flags &^= fTried | fFromCell
	if s.r.Qualify == policies.ByCell {
		p.slaH = float32(sla) // the gate's SLA, for the hand-off to sales after the cell
		s.toCell(t, id, p)
		return
	}
	s.toSales(t, id, p, sla)
}

// toSales hands a lead to sales, with an SLA of sla working hours.
func (s *Sim) toSales(t float64, id int32, p *prospect, sla float64) {
	m := s.m
	counted := p.flags&fCounted != 0
	s.become(p, psWaiting)
	p.handoffs++
	s.tickets++
	p.ticket = s.tickets
	p.attempts = 0
	p.callH = 0
	p.handedAt = t // the SLA runs from the hand-off to sales
	p.slaH = float32(sla)
	p.flags = p.flags&^(fReached|fEarly) | fHanded
	if p.flags&fFromCell == 0 {
		p.flags &^= fTried
	}
	p.rep = s.route(t, p)
	if p.flags&fFromCell == 0 {
		s.noteHandOff(p) // a lead from the cell was reviewed when it entered the cell
	}
	if s.hook != nil && s.hook.sales != nil {
		s.hook.sales(t, p)
	}
	if counted {
		s.res.Metrics[Handoffs]++
		s.week.Handoffs++
		if p.kind != kindGenuine || !p.fitHigh {
			s.acc.offTarget++
		}
		s.noteReadiness(p) // readiness.go
	}
	if s.r.Veto && s.vetoes(t, p) {
		s.reject(t, id, p)
		return
	}
	if counted {
		s.res.Metrics[SALs]++
	}
	s.noteKPI(kpiSALs, p, 1)
	if p.rep >= 0 {
		s.setTimer(p, id, tmIgnore, t+m.acceptH)
	}
	s.enqueue(t, id, p)
}

// enqueue puts a lead in its rep's queue (or the pooled one) and wakes a rep.
func (s *Sim) enqueue(t float64, id int32, p *prospect) {
	s.become(p, psWaiting)
	e := entry{slot: id, ticket: p.ticket, never: p.attempts > 0 || p.slaH == 0}
	if p.rep >= 0 {
		rp := &s.reps[p.rep]
		rp.leads.push(e)
		s.touchRep(p.rep) // loadindex.go
		switch {
		case rp.idle:
			s.tryStart(t, p.rep)
		case s.interrupts(t, rp, p):
			s.interrupt(t, p.rep, p)
		}
		return
	}
	s.pooled.push(e)
	for i := len(s.idle) - 1; i >= 0 && s.pooled.size > 0; i-- {
		if !s.tryStart(t, s.idle[i]) {
			break
		}
	}
}
