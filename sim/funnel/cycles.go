package funnel

import (
	"math"

	"funnellab/scenarios"
)

// Outcome-specific sales cycles (docs/model.md, Outcome cycles). Without
// them, an opportunity's earliest decision time is drawn when it opens:
// exponential with mean sales_cycle_days, from the prospect's sales stream.
// With them, each outcome (won, lost to a competitor, no decision) has its
// own lognormal cycle, and the buyer's outcome must be known to draw it:
// when the journey reaches its decision while the opportunity is open,
// the decision is read ahead from a copy of the journey stream (the same
// draws decide will make), the cycle of that outcome is drawn from the
// sales stream, and the decision waits until the opportunity has been open
// that long. An account that cannot buy never decides: its opportunity
// dies at the end of a no-decision cycle, drawn when it opens. An outcome
// without a cycle keeps the exponential draw of sales_cycle_days.

// Outcomes of a decision, as indices of outcomeCycles.cycle.
const (
	outWon uint8 = iota
	outLost
	outNoDecision
	numOutcomes
)

// cycleDist is one outcome's compiled cycle, in hours.
type cycleDist struct {
	lognormal bool
	mu, sigma float64 // of the log of the hours
}

// outcomeCycles are a segment's compiled outcome cycles.
type outcomeCycles struct {
	on    bool // some outcome has its own cycle
	cycle [numOutcomes]cycleDist
}

func compileCycles(c scenarios.Cycles) outcomeCycles {
	var o outcomeCycles
	for i, d := range [numOutcomes]scenarios.Cycle{c.Won, c.Lost, c.NoDecision} {
		if d.MedianDays > 0 {
			o.on = true
			o.cycle[i] = cycleDist{lognormal: true, mu: math.Log(d.MedianDays * 24), sigma: math.Sqrt(math.Log1p(d.CV * d.CV))}
		}
	}
	return o
}

// drawCycle draws the cycle of outcome o of segment g, in hours, from the
// prospect's sales stream.
func (s *Sim) drawCycle(p *prospect, g *segment, o uint8) float64 {
	c := &g.cycles.cycle[o]
	if !c.lognormal {
		return g.cycleH * s.exp(&p.sal)
	}
	return math.Exp(c.mu + c.sigma*s.use(&p.sal).NormFloat64())
}

// startCycle sets the cycle of an opportunity opening at t: without
// outcome cycles, today's exponential draw; with them, a genuine buyer's
// cycle waits for its decision (cycleEnd holds the opening time until
// then) and an account that cannot buy gets a no-decision cycle.
func (s *Sim) startCycle(t float64, p *prospect, g *segment) {
	if !g.cycles.on {
		p.cycleEnd = t + g.cycleH*s.exp(&p.sal)
		return
	}
	if p.kind != kindGenuine {
		p.cycleEnd = t + s.drawCycle(p, g, outNoDecision)
		p.cycleSet = true
		return
	}
	p.cycleEnd, p.cycleSet = t, false
}

// decisionAt is the earliest time at which p, whose journey has reached
// its decision while our opportunity is open, decides. With outcome
// cycles the first call reads the decision ahead and draws its cycle.
func (s *Sim) decisionAt(p *prospect) float64 {
	g := &s.m.segments[p.segment]
	if !g.cycles.on || p.cycleSet {
		return p.cycleEnd
	}
	saved := p.jrn
	d := s.decision(p) // the draws decide will make: the stream is put back
	p.jrn = saved
	o := outLost
	switch {
	case d.uND < g.noDecision:
		o = outNoDecision
	case d.uWin < s.winProb(p, g):
		o = outWon
	}
	h := s.drawCycle(p, g, o)
	if s.hook != nil && s.hook.cycle != nil {
		s.hook.cycle(p, o, h)
	}
	p.cycleEnd += h
	p.cycleSet = true
	return p.cycleEnd
}
