package funnel

import (
	"math"

	"funnellab/sim"
)

// The buying journey. A genuine prospect moves up one stage at a time (no
// need, problem aware, objective recognised, evaluating) at its segment's
// rates, faster while nurtured; from evaluating it decides: nothing, to buy
// from us (if our opportunity is open, with the win probability), or to
// buy from a competitor. Its hazard is kept as remaining unit hazard, so a
// change of rate (entering or leaving nurture) reschedules it exactly; a
// monthly speed factor (journey_speed_by_month) scales every rate
// (journeyspeed.go).

// drawBudget sets the budget when the objective is recognised.
func (s *Sim) drawBudget(p *prospect) {
	g := &s.m.segments[p.segment]
	u := s.use(&p.jrn).Float64()
	switch {
	case u < g.budgetAlloc:
		p.budget = budgetAllocated
	case u < g.budgetAlloc+g.budgetAfter:
		p.budget = budgetAfterSolutions
	default:
		p.budget = budgetNone
	}
}

// journeyRate is the rate of leaving the prospect's current stage.
func (s *Sim) journeyRate(p *prospect) float64 {
	r := s.m.segments[p.segment].stageRate[p.stage]
	if p.status == psNurture && p.stage < stEvaluating {
		if p.flags&fRecycled != 0 {
			r *= 1 + s.recSpeed
		} else {
			r *= 1 + s.m.speedup
		}
	}
	return r
}

// scheduleJourney schedules the end of p's current stage; p.jT must be t.
func (s *Sim) scheduleJourney(t float64, id int32, p *prospect) {
	p.jH = s.q.Schedule(s.journeyAt(p), evJourney, event{kind: evJourney, idx: id})
}

// spendHazard must be called just before a change of status that may change
// the prospect's journey rate (entering or leaving nurture): it consumes the
// hazard spent at the old rate. Call rescheduleJourney after the change.
func (s *Sim) spendHazard(t float64, p *prospect) {
	if p.kind != kindGenuine || !s.m.journeys || p.stage >= stEvaluating || !p.jH.Valid() {
		return
	}
	p.jE -= s.spentHazard(t, p)
	p.jE = max(p.jE, 0)
	p.jT = t
}

func (s *Sim) rescheduleJourney(t float64, p *prospect) {
	if p.kind != kindGenuine || !s.m.journeys || p.stage >= stEvaluating || !p.jH.Valid() {
		return
	}
	s.q.Reschedule(p.jH, s.journeyAt(p)) // p.jT is t (spendHazard)
}

// journey moves a prospect to its next stage, or, from evaluating, makes
// it decide.
func (s *Sim) journey(t float64, id int32) {
	p := s.ps.at(id)
	s.catchUp(t, id, p) // park.go
	if p.stage < stEvaluating {
		p.stage++
		if p.stage == stObjective {
			s.drawBudget(p)
		}
		p.jE = s.exp(&p.jrn)
		p.jT = t
		s.scheduleJourney(t, id, p)
		s.rescheduleSignal(t, id, p)
		return
	}
	if p.status == psOpp && t < s.decisionAt(p) {
		// The prospect waits for the end of our sales cycle.
		p.jH = s.q.Schedule(p.cycleEnd, evJourney, event{kind: evJourney, idx: id})
		return
	}
	p.jH = sim.Handle{}
	s.decide(t, id, p)
}

// decide ends a genuine prospect's journey: it decides nothing, buys from
// us (if our opportunity is open, or directly: findus.go) or buys from a
// competitor.
func (s *Sim) decide(t float64, id int32, p *prospect) {
	m := s.m
	g := &m.segments[p.segment]
	counted := p.flags&fCounted != 0
	oppOpen := p.status == psOpp
	if oppOpen {
		s.oppClosed(t, p.rep)
	}
	d := s.decision(p)
	bought := false
	switch {
	case d.uND < g.noDecision:
		if counted {
			s.res.Outcomes.NoDecision++
		}
		if oppOpen {
			s.closeOpp(t, id, p, outNoDecision)
		}
	case oppOpen && d.uWin < s.winProb(p, g):
		bought = true
		if counted {
			s.res.Outcomes.Won++
			s.win(t, p, math.Exp(g.dealMu+g.dealSigma*d.zDeal))
		} else if p.flags&fOutbound != 0 {
			s.outboundWin(t, p, math.Exp(g.dealMu+g.dealSigma*d.zDeal)) // outbound.go
		}
		s.closeOpp(t, id, p, outWon)
	case !oppOpen && s.findsUs(p, g):
		bought = true
		if counted {
			s.buyDirect(p, g, d.zDeal)
		}
	default:
		bought = true
		if counted {
			s.res.Outcomes.Competitor++
			v := math.Exp(g.dealMu + g.dealSigma*d.zDeal)
			c := s.cause(p, oppOpen)
			s.acc.leaked[c] += v
			s.acc.leakedN++
		}
		if oppOpen {
			s.closeOpp(t, id, p, outLost)
		}
	}
	if counted && bought {
		s.countPurchase(t, p)
	}
	if counted && p.flags&fRejected != 0 && s.rejectWindowComplete(p) {
		s.acc.rejectedN++
		if bought && t-p.rejectedAt <= twoYearsH {
			s.acc.rejectedBought++
		}
	}
	s.leaveNurture(t, p)
	s.release(id, p)
}

// decisionDraws are the latent draws of a prospect's decision.
type decisionDraws struct {
	zDeal float64 // standard normal of its deal value
	uWin  float64 // below the win probability: buys from us, if our opportunity is open
	uND   float64 // below the no-decision share: decides nothing
}

// decision draws the prospect's decision from its journey stream, once,
// when it decides. The journey stream has drawn a fixed number of values
// by then (one per stage, and the budget), whatever the policy, so every
// policy sees the same deal value and the same uniforms.
func (s *Sim) decision(p *prospect) decisionDraws {
	r := s.use(&p.jrn)
	return decisionDraws{zDeal: r.NormFloat64(), uWin: r.Float64(), uND: r.Float64()}
}

func (s *Sim) boost(p *prospect, g *segment) float64 {
	if p.flags&fEarly != 0 {
		return g.earlyBoost
	}
	return 1
}
