package funnel

import (
	"math"

	"funnellab/policies"
)

// Marketing: what it observes of a signal, scoring (recorded profile plus
// decayed engagement, the MQL count) and nurture (its cost), and the gate
// of package policies, asked on every signal of a lead in nurture past its
// cooldown.

// observe updates the lead's engagement and, if the lead is in marketing's
// hands, asks the policy what to do with it. It reports whether marketing
// acted (handed it over or dropped it: its signal clock is then redrawn or
// stopped).
func (s *Sim) observe(t float64, id int32, sig policies.Signal, inquiry bool) (acted bool) {
	p := s.ps.at(id)
	score := s.engage(t, p, sig)
	level := -1.0
	if sig == policies.HandRaise {
		level = s.raise(t, p, inquiry)
	}
	d := s.gate(t, p, sig, score, p.eng, level, inquiry)
	switch d.Act {
	case policies.Hand:
		s.handOff(t, id, p, d.SLAHours)
		return true
	case policies.Drop:
		if p.flags&fCounted != 0 {
			s.res.Metrics[MarketingDropped]++
		}
		if s.hook != nil && s.hook.drop != nil {
			s.hook.drop(t, p)
		}
		s.drop(t, id, p)
		return true
	}
	return false
}

// raise handles a hand-raise: it restarts the prospect's hot window (an
// inquiry's was set at arrival) and returns the objective level marketing
// reads from it.
func (s *Sim) raise(t float64, p *prospect, inquiry bool) float64 {
	m := s.m
	if !inquiry {
		p.hotUntil = t + s.sample(m.hot, &p.sig)
	}
	level := 0.0
	if p.kind == kindGenuine {
		level = float64(p.stage)
	}
	if m.levelNoise > 0 {
		level += m.levelNoise * s.use(&p.sig).NormFloat64()
	}
	return level
}

// gate says what marketing does with the lead on this signal: nothing
// unless it is in nurture and past its cooldown; otherwise what the
// policy's gate says.
func (s *Sim) gate(t float64, p *prospect, sig policies.Signal, score, interest, level float64, inquiry bool) policies.Decision {
	if p.status != psNurture || t < p.cooldown {
		return policies.Decision{}
	}
	return s.pol.HandOff(policies.Lead{Score: score, Interest: interest, Threshold: s.threshold, Level: level,
		Fit: p.recFit, HandOffs: int(p.handoffs), Inquiry: inquiry}, sig)
}

// setPolicy puts policy pol in force, and says how the signal loop may
// apply its gate without asking it (inlineGate, keeps).
func (s *Sim) setPolicy(pol int) {
	s.pol = s.m.Policies[pol]
	s.r = s.pol.Rules()
	s.inlineGate = inlineNone
	if policies.Builtin(s.pol) && !s.noInline {
		switch s.r.Gate {
		case policies.GateScore:
			s.inlineGate = inlineScore
		case policies.GateInquiry, policies.GateObjective:
			s.inlineGate = inlineHandRaise
		}
	}
}

// How the signal loop applies a gate without asking the policy (setPolicy).
const (
	inlineNone      = iota // ask the policy (its HandOff)
	inlineScore            // GateScore: hand over iff the score reaches the threshold
	inlineHandRaise        // GateObjective, GateInquiry: ask only on a hand-raise; keep on any other signal
)

// keeps reports whether the gate keeps the lead in nurture on this signal
// applied ahead of time (not an inquiry; see gate): what
// s.gate(...).Act == policies.Keep says, without building the Lead or the
// call where the policy's own gate is known (setPolicy).
func (s *Sim) keeps(t float64, p *prospect, sig policies.Signal, score, interest, level float64) bool {
	if p.status == psNurture && t >= p.cooldown { // else gate keeps it
		switch s.inlineGate {
		case inlineScore:
			return !(score >= s.threshold)
		case inlineHandRaise:
			if sig != policies.HandRaise {
				return true
			}
		}
	}
	return s.gate(t, p, sig, score, interest, level, false).Act == policies.Keep
}

// engage adds a signal to the prospect's engagement (decayed to t), counts
// the lead as an MQL the first time its score reaches the threshold, and
// returns the score.
func (s *Sim) engage(t float64, p *prospect, sig policies.Signal) float64 {
	if !s.scoreMatters(p) {
		return math.NaN() // never read: see scoreMatters
	}
	p.eng = s.engagementAt(t, p) + s.m.scoreSignal[sig]
	p.engT = t
	score := s.profileScore(p) + p.eng
	s.countMQL(p, score)
	return score
}

// scoreMatters reports whether the lead's score can still be read: by a
// policy whose gate uses it, or to count the lead as an MQL. Once neither
// holds, engagement is not kept up to date (its value is never read again),
// which saves an exponential per signal.
func (s *Sim) scoreMatters(p *prospect) bool {
	return s.r.ScoreGate || s.scoreLater || p.flags&fMQL == 0
}

// countMQL counts the lead as an MQL the first time its score reaches the
// threshold.
func (s *Sim) countMQL(p *prospect, score float64) {
	if score >= s.threshold && p.flags&fMQL == 0 {
		p.flags |= fMQL
		s.noteKPI(kpiMQLs, p, 1)
		if p.flags&fCounted != 0 {
			s.res.Metrics[MQLs]++
		}
	}
}

func (s *Sim) engagementAt(t float64, p *prospect) float64 {
	if p.engT > 0 || p.eng > 0 {
		return p.eng * decay(-(t-p.engT)*s.m.decayRate)
	}
	return p.eng
}

func (s *Sim) profileScore(p *prospect) float64 {
	var score float64
	if p.recFit {
		score += s.m.scoreFit
	}
	if p.recAuth < 3 {
		score += s.m.scoreAuth[p.recAuth]
	}
	return score
}

// leaveNurture ends a nurture spell (for the nurture cost) and must be
// called before p.status leaves psNurture.
func (s *Sim) leaveNurture(t float64, p *prospect) {
	if p.status == psNurture && p.flags&fCounted != 0 {
		h := min(t, s.m.windowEnd) - p.nurtSince
		if p.flags&fRecycled != 0 {
			s.acc.recycleHours += h
		} else {
			s.acc.nurtureHours += h
		}
	}
}
