package funnel

import (
	"math"

	"funnellab/policies"
	"funnellab/sim"
)

// Marketing signals. A prospect emits signals (content, webinars, web
// visits, hand-raises, and email opens while nurtured) at its stage's
// rates, in calendar or working time, from its signal stream. Signals that
// cannot change anything beyond the prospect's own engagement are applied
// in a loop without events (quietUntil); one the gate would act on becomes
// an event.

func (s *Sim) signalRate(p *prospect) float64 {
	r := s.m.sigTotal[p.stage]
	if p.status == psNurture {
		if p.flags&fRecycled != 0 {
			r += s.recOpen
		} else {
			r += s.m.openPerHour
		}
	}
	return r
}

func (s *Sim) scheduleSignal(t float64, id int32, p *prospect) {
	if p.status == psDropped || p.status == psFree {
		return
	}
	r := s.signalRate(p)
	if r <= 0 {
		return
	}
	limit, hard := s.signalLimits(t, p)
	m := s.m
	var w float64 // working clock, for business-hours signals
	if m.sigBusiness {
		w = m.hours.WorkBefore(t)
	}
	// What the loop reads and no signal of the loop can change, read once:
	// the prospect's status and stage (only events change them), its
	// recorded profile's score, and whether its score is read whatever its
	// MQL flag (scoreMatters).
	opp := p.status == psOpp
	rates := &m.sigRate[p.stage]
	scoreAlways := s.r.ScoreGate || s.scoreLater
	profile := s.profileScore(p)
	for {
		dt := s.exp(&p.sig) / r
		next := t + dt
		if m.sigBusiness {
			// The clock runs in working time, faster by the ratio of
			// calendar to working hours, so the weekly count is unchanged.
			w += dt / m.sigScale
			next = m.hours.AtWork(w)
		}
		if next < limit {
			// Fast-forward (see quietUntil): draw the signal now, and
			// apply it at once unless it can change anything beyond the
			// prospect's own engagement.
			s.res.Signals++
			sig := pickSignal(rates, uniform(&p.sig)*r)
			if opp {
				// No gate to pass: the signal is private to the prospect.
				s.engage(next, p, sig)
				if sig == policies.HandRaise {
					s.raise(next, p, false)
				}
				t = next
				continue
			}
			matters := scoreAlways || p.flags&fMQL == 0 // scoreMatters(p)
			if sig != policies.HandRaise && !matters {
				t = next // nothing the signal could change is ever read again
				continue
			}
			// Would it hand the lead over? A hand-raise draws its hot
			// window and level from the signal stream: keep the stream's
			// state, to give the draws back to the event if it does.
			level, sig0, hot0 := -1.0, p.sig, p.hotUntil
			if sig == policies.HandRaise {
				level = s.raise(next, p, false)
			}
			eng, score := p.eng, math.NaN()
			if matters {
				// engagementAt(next, p) plus the signal's points
				if p.engT > 0 || eng > 0 {
					eng *= decay(-(next - p.engT) * m.decayRate)
				}
				eng += m.scoreSignal[sig]
				score = profile + eng
			}
			if s.keeps(next, p, sig, score, eng, level) {
				if matters {
					p.eng, p.engT = eng, next
					s.countMQL(p, score)
				}
				t = next
				continue
			}
			p.sig, p.hotUntil = sig0, hot0 // the event draws them again
			p.pendSig = uint8(sig) + 1
		} else if next >= hard && (p.status == psNurture || p.status == psOpp) {
			// The next signal comes after the prospect's next journey or
			// timer event (which redraws the clock: rates change, or the
			// prospect leaves) or after the end of the observation: it
			// would be cancelled before firing, so it is not scheduled at
			// all.
			return
		}
		if s.park(next, p) { // a lead with sales: park.go
			return
		}
		if s.waitReview(next, id, p) { // a nurtured lead under learning: reviewwait.go
			return
		}
		p.sH = s.q.Schedule(next, evSignal, event{kind: evSignal, idx: id})
		return
	}
}

// signalLimits returns the time until which p's signals from t can be
// drawn ahead and applied without events (limit), and hard, the time of
// the prospect's own next event, which redraws its signal clock: a signal
// at or after hard is never scheduled. Between the two, a signal is an
// event (or waits for the review, reviewwait.go).
func (s *Sim) signalLimits(t float64, p *prospect) (limit, hard float64) {
	limit = s.quietUntil(p)
	hard = limit
	if p.status == psNurture {
		if s.learn {
			// The gate may change at the next review: signals after it
			// are judged by the gate then in force.
			limit = min(limit, s.nextReview)
		}
		limit = min(limit, s.switchAt) // the gate changes at the policy switch (switch.go)
		if s.ncOn {
			limit = min(limit, s.nextNurtureCall(t, p))
		}
	}
	if s.noForward {
		limit = math.Inf(-1) // tests only: every signal an event
	}
	return limit, hard
}

// quietUntil is the time until which a prospect's signals can be applied
// without events. While it is in nurture, nothing but its own signals, its
// own journey and its nurture calls can touch it, so its signals up to its
// next journey event (and the end of the observation) can be drawn and
// applied in a loop, and scheduleSignal stops them at a nurture call that
// may move the journey on (nextNurtureCall); a
// signal that would hand it over still becomes an event at its time (the
// policy's gate is a pure function of the lead and the signal). While an opportunity is
// open, no signal can hand it over and nothing but its journey and its
// stall timer can change it, so every signal until the first of those that
// will act is applied in the loop. The results are the same as with one
// event per signal: the prospect's streams are drawn in the same order, and
// what is applied early is private to the prospect (its engagement, its MQL
// flag, an order-free count, its hot window, read only by a call attempt
// after a later hand-off).
func (s *Sim) quietUntil(p *prospect) float64 {
	if p.status != psNurture && p.status != psOpp {
		return math.Inf(-1)
	}
	end := s.m.observe
	if end == 0 {
		end = math.Inf(1)
	}
	if p.kind == kindGenuine && s.m.journeys && p.jH.Valid() {
		next := s.journeyAt(p) // as scheduleJourney computed it
		if p.status == psOpp && p.stage >= stEvaluating {
			// The decision waits for the end of our sales cycle (journey).
			next = max(next, p.cycleEnd)
		}
		end = min(end, next)
	}
	if p.status == psOpp && p.timer == tmStall && (p.kind != kindGenuine || p.stage < stEvaluating) {
		end = min(end, p.tAt) // a stall timer that will act (see timer)
	}
	return end
}

// drawSignal draws which signal fires, given the total rate r.
func (s *Sim) drawSignal(p *prospect, r float64) policies.Signal {
	s.res.Signals++
	return pickSignal(&s.m.sigRate[p.stage], uniform(&p.sig)*r)
}

// pickSignal returns the signal whose share of the total rate holds u,
// a uniform draw times the total rate of the row.
func pickSignal(rates *[policies.NumSignals]float64, u float64) policies.Signal {
	for k, x := range rates {
		if u < x {
			return policies.Signal(k)
		}
		u -= x
	}
	return policies.EmailOpen
}

// rescheduleSignal redraws the signal clock after a change of rate (the
// clocks are exponential, so redrawing is exact).
func (s *Sim) rescheduleSignal(t float64, id int32, p *prospect) {
	s.cancel(p.sH)
	p.sH, p.pendSig = sim.Handle{}, 0
	unparkSignal(p)
	s.scheduleSignal(t, id, p)
}

// signal draws which signal fires and lets marketing observe it.
func (s *Sim) signal(t float64, id int32) {
	p := s.ps.at(id)
	p.sH = sim.Handle{}
	var sig policies.Signal
	if p.pendSig > 0 {
		sig, p.pendSig = policies.Signal(p.pendSig-1), 0
	} else {
		sig = s.drawSignal(p, s.signalRate(p))
	}
	if !s.observe(t, id, sig, false) {
		s.scheduleSignal(t, id, s.ps.at(id))
	}
}
