package funnel

import (
	"math"
	"math/rand/v2"
)

// A call attempt is made by a caller: a rep of sales (the SQL call, under
// qualify: rep, and the first call after the cell's hand-off) or an agent
// of the tele-qualification cell (cell.go). One implementation serves
// both. An attempt reaches the prospect with the hot or cold contact
// probability (never bad contact data); a reached call reads the four BANT
// criteria with the caller's accuracy and qualifies the lead if it reads
// at least the caller's bar as met. A rep's reached prospect must also be
// receptive (response.qualify_hot or qualify_cold, or its segment's
// qualify_in_market once its objective is recognised), and a qualified rep's
// call opens an opportunity (its work, sales.opportunity_hours, added to
// the call); the cell's qualified call hands the lead to sales. The
// outcome is drawn when the call starts, from the prospect's sales stream,
// and applied when it ends (endAttempt): an unreached lead is called again
// after the caller's spacing, up to its attempts, then given back as
// unreached; a reached lead that does not qualify is given back as
// disqualified. An attempt's first after marketing's decision is the
// lead's first touch (the speed-to-lead metrics).

// caller is who makes call attempts: what differs between a rep and an
// agent of the cell.
type caller struct {
	sales    bool     // a rep: SLA breaches, the receptive draw, opportunities
	call     duration // a reached call
	attemptH float64  // an attempt that does not reach the prospect
	bantAcc  float64  // probability of reading each BANT criterion right
	minBANT  int      // criteria read as met to qualify
	attempts int      // attempts per hand-off
	spacingH float64  // between two attempts
	retry    uint8    // the prospect's status between two attempts
	retryTm  uint8    // the timer of the next attempt
}

// resetRepCalls sets how reps call under the policy.
func (s *Sim) resetRepCalls() {
	m, r := s.m, s.r
	s.repCalls = caller{sales: true, call: m.call, attemptH: m.attemptH, bantAcc: m.bantAcc, minBANT: r.SQLMinBANT,
		attempts: r.Attempts, spacingH: r.SpacingHours, retry: psRetry, retryTm: tmRetry}
}

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
// decision (by a rep, or by the cell): the speed-to-lead metrics, from
// the hand-off; and, for the prospect's first attempt ever, the response
// from its inquiry (its arrival).
func (s *Sim) firstTouch(t float64, p *prospect, hot bool) {
	if p.flags&fCounted == 0 {
		return
	}
	w := t - p.handedAt
	if p.flags&fResponded == 0 {
		p.flags |= fResponded
		// A lead handed over at its inquiry (an inquiry gate, the
		// reference funnel) has the same response from the inquiry as
		// from the hand-off: while every first attempt is such, the
		// responses are the speeds, added once (sameResp).
		if r := t - p.arrival; !s.sameResp || math.Float64bits(r) != math.Float64bits(w) {
			s.splitResponses()
			s.responses.add(r)
		}
	} else if s.sameResp {
		s.splitResponses() // a speed with no response: the two part
	}
	d, b := delayBinBucket(w)
	p.touchBin = uint8(b) + 1
	s.detail.Touches[b]++
	s.detail.Delays[d]++
	s.acc.tried++
	s.acc.waitSum += w
	s.speeds.add(w)
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

// splitResponses ends sameResp, if it holds: the responses so far, which
// are the speeds so far, are copied out of speeds to be kept apart. It
// runs once in a replication, at most.
func (s *Sim) splitResponses() {
	if s.sameResp {
		s.sameResp = false
		s.responses.copyFrom(&s.speeds)
	}
}

// startLead makes a call attempt on rep r's next lead, if reps may call
// leads now and one is waiting.
func (s *Sim) startLead(t float64, r int32) bool {
	if !s.leadTime(t) {
		return false
	}
	e, ok := s.nextLead(r)
	if !ok {
		return false
	}
	return s.callLead(t, r, e)
}

// callLead makes rep r's call attempt on the lead of entry e, taken off
// its queue (a valid entry, at a time reps may call leads); it returns
// true.
func (s *Sim) callLead(t float64, r int32, e entry) bool {
	p := s.ps.at(e.slot)
	s.unpark(t, e.slot, p) // park.go
	if p.timer == tmIgnore {
		s.clearTimer(p)
	}
	s.become(p, psCalling)
	p.rep = r
	dur := s.attempt(t, p, &s.repCalls)
	rp := &s.reps[r]
	rp.curLead, rp.isLead, rp.busy, rp.start = e, true, true, t
	s.touchRep(r) // loadindex.go
	rp.curOut = p.flags&fOutbound != 0
	s.q.Schedule(s.m.hours.AddWork(t, dur), evRepFree, event{kind: evRepFree, idx: r})
	return true
}

// attempt makes caller c's call attempt on p at t: it draws the outcome
// (pending in p's flags until the call ends) and returns the call's
// duration in working hours.
func (s *Sim) attempt(t float64, p *prospect, c *caller) float64 {
	m := s.m
	p.attempts++
	s.noteAttempt(p, c) // attemptstats.go
	if c.sales && s.hook != nil && s.hook.call != nil {
		s.hook.call(t, p)
	}
	hot := t < p.hotUntil
	counted := p.flags&fCounted != 0
	if c.sales && p.attempts == 1 && counted && p.slaH > 0 && m.hours.OpenHours(p.handedAt, t) > float64(p.slaH) {
		s.acc.slaBreach++
	}
	s.touch(t, p, hot)
	rnd := s.use(&p.sal)
	pc := s.contactProb(p, hot)
	if c.sales && m.skillSigma > 0 {
		pc = oddsTimes(pc, s.reps[p.rep].skill) // skill.go
	}
	p.flags &^= fPendReach | fPendSQL
	if rnd.Float64() >= pc {
		return c.attemptH
	}
	p.flags |= fPendReach
	if p.attempts == 1 && p.flags&fFromCell == 0 && counted && p.touchBin > 0 {
		s.detail.Reached[p.touchBin-1]++
	}
	receptive := true
	if c.sales {
		pq := m.qualifyCld
		if hot {
			pq = m.qualifyHot
		}
		if p.kind == kindGenuine && p.stage >= stObjective && m.journeys {
			pq = max(pq, m.segments[p.segment].inMarket)
		}
		receptive = rnd.Float64() < pq
	}
	dur := s.sample(c.call, &p.sal) // rnd draws from p.sal
	if c.sales && m.skillSigma > 0 {
		dur /= s.reps[p.rep].skill
	}
	if receptive && s.bantMet(p, rnd, c.bantAcc) >= c.minBANT {
		p.flags |= fPendSQL
		if c.sales && m.journeys {
			dur += s.sample(m.oppWork, &p.sal)
		}
	}
	return dur
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

// endCall applies the outcome of a rep's call on entry e, which took d
// working hours of the measured window, unless the prospect decided
// during the call.
func (s *Sim) endCall(t float64, e entry, d float64) {
	p := s.ps.at(e.slot)
	if p.ticket != e.ticket || p.status != psCalling {
		return
	}
	p.callH += float32(d)
	s.endAttempt(t, e.slot, p, &s.repCalls)
}

// endAttempt applies the outcome of caller c's attempt on p.
func (s *Sim) endAttempt(t float64, id int32, p *prospect, c *caller) {
	counted := p.flags&fCounted != 0
	if p.flags&fPendReach == 0 {
		n := c.attempts
		if c.sales && s.m.trust.engage {
			n = s.leadAttempts(p.rep, n) // trust.go, credit.go
		}
		if int(p.attempts) < n {
			s.become(p, c.retry)
			s.setTimer(p, id, c.retryTm, t+c.spacingH)
			return
		}
		p.flags |= fLate
		s.wasted(c, p)
		if c.sales {
			s.observeLead(p.rep, false) // trust.go
		}
		s.setback(t, id, p) // unreached
		return
	}
	if c.sales && p.flags&fReached == 0 {
		p.flags |= fReached
		p.engage()
		if counted {
			s.acc.reached++
		}
	}
	if p.flags&fPendSQL == 0 {
		s.noteReason(p)
		s.wasted(c, p)
		if c.sales {
			s.observeLead(p.rep, false) // trust.go
		}
		s.setback(t, id, p) // disqualified
		return
	}
	if !c.sales {
		p.flags |= fFromCell
		s.toSales(t, id, p, float64(p.slaH)) // the SLA the gate set
		return
	}
	if counted {
		s.res.Metrics[SQLs]++
		s.res.Metrics[Opportunities]++
		s.noteOpportunityAttempt(p) // attemptstats.go
		if p.touchBin > 0 {
			s.detail.Qualified[p.touchBin-1]++
		}
	}
	s.observeLead(p.rep, true) // trust.go
	s.noteKPI(kpiOpportunities, p, 1)
	s.openOpportunity(t, id, p)
}

// wasted counts the rep hours of a hand-off to sales that led to nothing
// (given back unreached or disqualified, or its opportunity stalled): the
// rep_hours_wasted metric. The cell's calls are its own cost (cell_cost).
func (s *Sim) wasted(c *caller, p *prospect) {
	if c.sales && p.flags&fOutbound == 0 { // outbound prospects are no hand-off (outbound.go)
		s.acc.wastedHours += float64(p.callH)
	}
}
