package funnel

import (
	"math"

	"funnellab/policies"
)

// Signals that wait for the review. While marketing learns (learn.go), the
// gate may change at each review, so a nurtured lead's signals are drawn
// ahead and applied without events only up to the next review
// (scheduleSignal). Its first signal after the review used to be an event:
// one event per nurtured lead per review period, more than half of the
// events of a learning run (feedback's default company: 10.3 signal events
// per prospect, against 1.5 for waterfall).
//
// That signal now waits for the review instead (waitReview): its time is
// kept in the record, the lead on the review's list. The review, once it
// has set the new gate, resumes each lead on its list (resumeWaits): the
// lead's drawn signal is applied as the loop applies every signal it draws
// ahead, to the next review again, and one that would hand the lead over
// is still an event at its own time. The draws come from the lead's own
// stream in the same order, and what the loop applies is private to the
// lead (quietUntil), so the results are the same to the last bit as with
// an event per lead and period; TestFastPathsSameResults runs every
// learning preset and finding both ways (noWait).
//
// Only the lead's own events could act on it between the review and that
// signal: its journey, and a nurture call that may move the journey on
// (nurturecalls.go). resume stops at them as the loop does (signalLimits):
// past them, the signal stays an event.
//
// The waiting signal's time is kept in handedAt, which is read only while
// the lead is with sales, and which every hand-off sets (handOff, toSales,
// outbound): a lead waits only in nurture, so the record does not grow.
// Anything that redraws or stops the lead's signal clock clears the wait
// (unparkSignal); the list may then hold the lead more than once, or a
// record reused by another prospect, and resumeWaits skips what is no
// longer waiting.
type reviewWaits struct {
	waits  []int32 // leads whose next signal waits for the review, with stale entries
	spare  []int32 // the list being resumed, reused
	noWait bool    // tests only: signals after the review are events
}

// resetWaits empties the review's list at the start of a run.
func (s *Sim) resetWaits() {
	s.waits = s.waits[:0]
}

// waitReview keeps p's next signal, at next, for the review: it reports
// whether it did (else the caller schedules the event). Only a nurtured
// lead's signal that comes after the next review, but before a policy
// switch, waits; and only in a run with an end of observation (without
// one, the time of the last event ends the run, and a signal event may be
// it).
func (s *Sim) waitReview(next float64, id int32, p *prospect) bool {
	if s.noWait || !s.learn || s.m.observe == 0 || p.status != psNurture || p.pendSig != 0 || !(next >= s.nextReview) || next >= s.switchAt {
		return false
	}
	p.waiting = true
	p.handedAt = next
	s.waits = append(s.waits, id)
	return true
}

// resumeWaits applies, at a review that has set the new gate, the signals
// that waited for it, each as the signal loop would (resume).
func (s *Sim) resumeWaits() {
	list := s.waits
	s.waits = s.spare[:0] // a resumed lead may wait for the next review
	for _, id := range list {
		if p := s.ps.at(id); p.waiting {
			p.waiting = false
			s.resume(p.handedAt, id, p)
		}
	}
	s.spare = list[:0]
}

// resume applies nurtured lead p's signal at t, drawn already, as
// scheduleSignal's loop applies the signals it draws ahead, and draws on
// from there as the loop does after a signal event. A signal the gate
// would act on becomes an event at t. (The loop's own body, for one
// signal: a first pass through it, entered past the draw, cost the loop
// 3% more instructions on Default/waterfall, which has no review.)
func (s *Sim) resume(t float64, id int32, p *prospect) {
	m := s.m
	limit, hard := s.signalLimits(t, p)
	if !(t < limit) {
		// Past its journey event (which redraws the clock), or past the
		// next review, a switch or a nurture call that may move the
		// journey on: as the loop's end.
		if t >= hard || s.waitReview(t, id, p) {
			return
		}
		p.sH = s.q.Schedule(t, evSignal, event{kind: evSignal, idx: id})
		return
	}
	sig := s.drawSignal(p, s.signalRate(p))
	matters := s.scoreMatters(p)
	if sig != policies.HandRaise && !matters {
		s.scheduleSignal(t, id, p) // nothing the signal could change is ever read again
		return
	}
	level, sig0, hot0 := -1.0, p.sig, p.hotUntil
	if sig == policies.HandRaise {
		level = s.raise(t, p, false)
	}
	eng, score := p.eng, math.NaN()
	if matters {
		eng = s.engagementAt(t, p) + m.scoreSignal[sig]
		score = s.profileScore(p) + eng
	}
	if s.keeps(t, p, sig, score, eng, level) {
		if matters {
			p.eng, p.engT = eng, t
			s.countMQL(p, score)
		}
		s.scheduleSignal(t, id, p)
		return
	}
	p.sig, p.hotUntil = sig0, hot0 // the event draws them again
	p.pendSig = uint8(sig) + 1
	p.sH = s.q.Schedule(t, evSignal, event{kind: evSignal, idx: id})
}

// flushWaits turns every waiting signal into an event at its time. A
// policy switch calls it first: the rules change there. (A signal waits
// only for a review before the switch, which has resolved it: the list
// holds nothing still waiting then.)
func (s *Sim) flushWaits() {
	for _, id := range s.waits {
		if p := s.ps.at(id); p.waiting {
			p.waiting = false
			p.sH = s.q.Schedule(p.handedAt, evSignal, event{kind: evSignal, idx: id})
		}
	}
	s.waits = s.waits[:0]
}
