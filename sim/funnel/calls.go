package funnel

import (
	"math/rand/v2"
)

// touch notes an attempt on p: the first after marketing's decision is
// its first touch (marked late if the prospect is no longer hot).
func (s *Sim) touch(t float64, p *prospect, hot bool) {
	if p.flags&fTried != 0 {
		return
	}
	p.flags |= fTried
	if !hot {
		p.flags |= fLate
	}
	s.firstTouch(t, p, hot)
}

// contactProb is the probability that an attempt reaches p: the hot or
// cold contact probability, never for bad contact data.
func (s *Sim) contactProb(p *prospect, hot bool) float64 {
	switch {
	case p.kind == kindBadData:
		return 0
	case hot:
		return s.m.contactHot
	}
	return s.m.contactCld
}

// firstTouch records the first attempt after marketing's hand-off
// decision (by a rep, or by the cell): the speed-to-lead metrics.
func (s *Sim) firstTouch(t float64, p *prospect, hot bool) {
	if p.flags&fCounted == 0 {
		return
	}
	w := t - p.handedAt
	b := DelayBucket(w)
	p.touchBin = uint8(b) + 1
	s.detail.Touches[b]++
	s.detail.Delays[delayBin(w)]++
	s.acc.tried++
	s.acc.waitSum += w
	s.speeds = append(s.speeds, w)
	if w > 0 {
		s.acc.waited++
	}
	if w <= 1 {
		s.acc.within1h++
	}
	if hot {
		s.acc.hot++
	}
}

// startLead makes a call attempt on rep r's next lead. The attempt's
// outcome is drawn now, from the prospect's sales stream, and applied when
// the call ends.
func (s *Sim) startLead(t float64, r int32) bool {
	if !s.leadTime(t) {
		return false
	}
	e, ok := s.nextLead(r)
	if !ok {
		return false
	}
	m := s.m
	p := &s.ps[e.slot]
	if p.timer == tmIgnore {
		s.clearTimer(p)
	}
	p.status = psCalling
	p.rep = r
	p.attempts++
	if s.hook != nil && s.hook.call != nil {
		s.hook.call(t, p)
	}
	hot := t < p.hotUntil
	counted := p.flags&fCounted != 0
	if p.attempts == 1 && counted && p.slaH > 0 && m.hours.OpenHours(p.handedAt, t) > float64(p.slaH) {
		s.acc.slaBreach++
	}
	s.touch(t, p, hot)
	rnd := s.use(&p.sal)
	pc := s.contactProb(p, hot)
	p.flags &^= fPendReach | fPendSQL
	var dur float64
	if rnd.Float64() < pc {
		p.flags |= fPendReach
		if p.attempts == 1 && p.flags&fFromCell == 0 && counted && p.touchBin > 0 {
			s.detail.Reached[p.touchBin-1]++
		}
		pq := m.qualifyCld
		if hot {
			pq = m.qualifyHot
		}
		receptive := rnd.Float64() < pq
		dur = sample(m.call, rnd)
		if receptive && s.bantMet(p, rnd, m.bantAcc) >= s.r.SQLMinBANT {
			p.flags |= fPendSQL
			if m.journeys {
				dur += sample(m.oppWork, rnd)
			}
		}
	} else {
		dur = m.attemptH
	}
	rp := &s.reps[r]
	rp.curLead, rp.isLead, rp.busy, rp.start = e, true, true, t
	s.q.Schedule(m.hours.AddWork(t, dur), evRepFree, event{kind: evRepFree, idx: r})
	return true
}

// bantMet is the number of BANT criteria a call reads as met: each
// criterion is read right with probability acc. Budget is met by an
// allocated budget, and, unless the policy is strict, by one to be set
// after seeing solutions. Without journeys every criterion is met and read
// right (the reference funnel).
func (s *Sim) bantMet(p *prospect, rnd *rand.Rand, acc float64) int {
	if !s.m.journeys {
		return 4
	}
	genuine := p.kind == kindGenuine
	truth := [4]bool{
		genuine && (p.budget == budgetAllocated || (p.budget == budgetAfterSolutions && !s.r.StrictBudget)),
		p.auth == authDecisionMaker,
		genuine && p.stage >= stAware,
		genuine && p.stage >= stObjective,
	}
	n := 0
	for _, v := range truth {
		if (rnd.Float64() < acc) == v {
			n++
		}
	}
	return n
}

func (s *Sim) endCall(t float64, e entry) {
	p := &s.ps[e.slot]
	if p.ticket != e.ticket || p.status != psCalling {
		return // the prospect decided during the call
	}
	counted := p.flags&fCounted != 0
	if p.flags&fPendReach == 0 {
		if int(p.attempts) < s.r.Attempts {
			p.status = psRetry
			s.setTimer(p, e.slot, tmRetry, t+s.r.SpacingHours)
			return
		}
		p.flags |= fLate
		s.setback(t, e.slot, p) // unreached
		return
	}
	if p.flags&fReached == 0 {
		p.flags |= fReached
		if counted {
			s.acc.reached++
		}
	}
	if p.flags&fPendSQL == 0 {
		s.noteReason(p)
		s.setback(t, e.slot, p) // disqualified
		return
	}
	if counted {
		s.res.Metrics[SQLs]++
		s.res.Metrics[Opportunities]++
		if p.touchBin > 0 {
			s.detail.Qualified[p.touchBin-1]++
		}
	}
	s.openOpportunity(t, e.slot, p)
}
