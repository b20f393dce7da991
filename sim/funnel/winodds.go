package funnel

import (
	"math"

	"funnellab/scenarios"
)

// Win odds that depend on engagement (docs/model.md, Win odds). The win
// probability of an opportunity whose buyer decides while it is open is
//
//	logit(p) = logit(min(1, win_rate × boost)) + β_stage[stage when our rep
//	           first engaged the buyer] + β_budget·[budget allocated then]
//	           + β_fit·[fit high] + β_auth[contact role] + β_bant·(BANT
//	           criteria truly met when the opportunity opened)
//
// where boost is the segment's early boost if the opportunity opened before
// the buyer was evaluating, else 1. With every β zero the segment takes the
// old path, p = min(1, win_rate × boost): the same arithmetic, and the same
// draws (the coefficients add no draw in any case).

// winOdds are a segment's compiled coefficients.
type winOdds struct {
	on      bool // some coefficient is not zero
	stage   [numStages]float64
	budget  float64
	fit     float64
	auth    [3]float64 // by contact role; none is the reference (0)
	perBANT float64
}

func compileWinOdds(w scenarios.WinOdds) winOdds {
	o := winOdds{
		stage:   [numStages]float64{w.StageNoNeed, w.StageAware, w.StageObjective, w.StageEvaluating},
		budget:  w.BudgetSet,
		fit:     w.FitHigh,
		auth:    [3]float64{w.DecisionMaker, w.Influencer, 0},
		perBANT: w.PerBANT,
	}
	o.on = o != winOdds{}
	return o
}

// Engagement record (prospect.engaged): the stage plus 1 when our rep
// first reached the buyer on a call (0: never), and whether its budget
// was allocated then.
const (
	engStageMask uint8 = 0x07
	engBudgetSet uint8 = 0x08
)

// engage records the buyer's first engagement by our rep: its stage and
// budget state the first time a rep's call reaches it.
func (p *prospect) engage() {
	if p.engaged != 0 {
		return
	}
	p.engaged = p.stage + 1
	if p.budget == budgetAllocated {
		p.engaged |= engBudgetSet
	}
}

// engagedStage is the stage at the first engagement; the current stage if
// none was recorded.
func (p *prospect) engagedStage() uint8 {
	if e := p.engaged & engStageMask; e != 0 {
		return e - 1
	}
	return p.stage
}

// trueBANT is the number of BANT criteria the prospect truly meets now,
// by the definitions of bantMet (calls.go): an allocated budget, or, unless
// the policy is strict, one to be set after seeing solutions; a decision
// maker; a need (problem aware); a timing (objective recognised).
func (s *Sim) trueBANT(p *prospect) uint8 {
	if p.kind != kindGenuine {
		if p.auth == authDecisionMaker {
			return 1
		}
		return 0
	}
	var n uint8
	if p.budget == budgetAllocated || (p.budget == budgetAfterSolutions && !s.r.StrictBudget) {
		n++
	}
	if p.auth == authDecisionMaker {
		n++
	}
	if p.stage >= stAware {
		n++
	}
	if p.stage >= stObjective {
		n++
	}
	return n
}

// winProb is the probability that p buys from us if it decides while our
// opportunity is open: the engagement logit (engagementProb), then the
// owning rep's skill (repWin, skill.go).
func (s *Sim) winProb(p *prospect, g *segment) float64 {
	return s.repWin(p, s.engagementProb(p, g))
}

// engagementProb is the win probability on the segment's win rate, early
// boost and engagement coefficients, before the rep's skill.
func (s *Sim) engagementProb(p *prospect, g *segment) float64 {
	base := min(1, g.winRate*s.boost(p, g))
	o := &g.odds
	if !o.on {
		return base // the old path
	}
	if base <= 0 || base >= 1 {
		return base // logit ±∞: no finite coefficient moves it
	}
	x := math.Log(base/(1-base)) + o.stage[p.engagedStage()] + o.auth[p.auth] + o.perBANT*float64(p.oppBANT)
	if p.engaged&engBudgetSet != 0 {
		x += o.budget
	}
	if p.fitHigh {
		x += o.fit
	}
	return 1 / (1 + math.Exp(-x))
}
