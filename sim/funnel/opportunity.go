package funnel

import (
	"math"
)

// Opportunities. A qualified call opens one: without journeys the
// reference funnel decides it at once; with journeys it is early if the
// prospect is not yet evaluating (its win probability gets the segment's
// early boost, and the win odds of winodds.go), our sales cycle starts
// (cycles.go: drawn now, or at the decision for outcome cycles), and a stall timer
// (stall_days) may return it to nurture. A prospect that cannot buy never
// decides: its opportunity dies at the end of the cycle.

// openOpportunity opens an opportunity on p, with its rep.
func (s *Sim) openOpportunity(t float64, id int32, p *prospect) {
	m := s.m
	if s.hook != nil {
		if s.hook.opp != nil {
			s.hook.opp(t, p)
		}
		if s.hook.open != nil {
			s.hook.open(t, id, p)
		}
	}
	s.become(p, psOpp)
	p.oppAt = t
	s.oppOpened(t, p.rep)
	if !m.journeys {
		// The reference funnel: decided at once.
		s.oppClosed(t, p.rep)
		g := &m.segments[0]
		counted := p.flags&fCounted != 0
		d := s.decision(p) // the journey stream is otherwise unused here
		if d.uWin < s.repWin(p, g.winRate) {
			if counted {
				s.res.Outcomes.Won++
				s.win(t, p, math.Exp(g.dealMu+g.dealSigma*d.zDeal))
				s.closeOpp(t, id, p, outWon)
			} else if p.flags&fOutbound != 0 {
				s.outboundWin(t, p, math.Exp(g.dealMu+g.dealSigma*d.zDeal)) // outbound.go
			}
		} else if counted {
			s.closeOpp(t, id, p, outLost)
			s.res.Outcomes.Competitor++
			s.acc.leaked[causeLostInCompetition] += math.Exp(g.dealMu + g.dealSigma*d.zDeal)
			s.acc.leakedN++
		}
		s.release(id, p)
		return
	}
	g := &m.segments[p.segment]
	if p.stage < stEvaluating {
		p.flags |= fEarly
	}
	if g.odds.on {
		p.oppBANT = s.trueBANT(p)
	}
	s.startCycle(t, p, g)
	if p.kind != kindGenuine {
		// Nobody there will ever buy: the opportunity dies at the end of
		// the cycle, as a stall.
		s.setTimer(p, id, tmStall, p.cycleEnd)
		return
	}
	if s.r.StallDays > 0 && p.stage < stEvaluating {
		s.setTimer(p, id, tmStall, t+s.r.StallDays*24)
	}
}
