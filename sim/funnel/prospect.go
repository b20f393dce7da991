package funnel

import (
	"math/rand/v2"

	"funnellab/sim"
)

// A prospect's life cycle. Its status says where it is in our process;
// Sim.become is the only writer of the status, and these are the changes the
// model makes, with the function (and file) that makes each:
//
//	free → nurture                      arrive (arrivals.go)
//	free → waiting                      outboundArrive → enqueue (outbound.go): a rep's own prospect
//	nurture → waiting                   handOff → leave, toSales (handoff.go)
//	waiting → cell-wait                 handOff → toCell → cellQueue (cell.go), under qualify: cell
//	cell-wait → cell-call               cellStart (cell.go)
//	cell-call → cell-retry              endAttempt (calls.go); back to cell-wait by its timer
//	cell-call → waiting                 endAttempt → toSales: the cell qualified it
//	waiting → calling                   startLead (calls.go)
//	calling → retry                     endAttempt (calls.go); back to waiting by its timer (enqueue)
//	calling → opportunity               endAttempt → openOpportunity (opportunity.go)
//	waiting, calling, cell-call,
//	opportunity → nurture               setback → toRecycle (recycle.go), under on_reject: nurture
//	the same → dropped                  setback → drop (this file), under on_reject: drop
//	nurture → dropped                   the gate drops the lead (marketing.go → drop)
//	any → free                          release (this file): it decided, or can never buy
//
// A genuine prospect's journey (journey.go) runs whatever its status; it
// decides from any status but free, and its slot is then released.

// Prospect status: where the prospect is in our process.
const (
	psFree      uint8 = iota // slot unused
	psNurture                // in marketing's hands, nurtured
	psDropped                // out of marketing's database
	psWaiting                // handed over, waiting in a queue for a call attempt
	psCalling                // a rep is calling it
	psRetry                  // between two call attempts
	psOpp                    // an opportunity is open
	psCellWait               // waiting for the tele-qualification cell
	psCellCall               // an agent of the cell is calling it
	psCellRetry              // between two attempts of the cell
)

// Timer kinds of a prospect.
const (
	tmNone uint8 = iota
	tmIgnore
	tmRetry
	tmStall
	tmCellRetry
)

// Prospect flags.
const (
	fCounted   uint16 = 1 << iota // arrived after the warm-up
	fMQL                          // score reached the MQL threshold once
	fHanded                       // handed over at least once
	fRejected                     // rejected by a rep at least once
	fIgnored                      // ignored by a rep at least once
	fLate                         // first attempt after the hot window, or never reached
	fEarly                        // current opportunity opened before evaluating
	fTried                        // current hand-off has had an attempt
	fReached                      // current hand-off has reached the prospect
	fPendReach                    // outcome of the current call: reached
	fPendSQL                      // outcome of the current call: sales qualified
	fFromCell                     // current hand-off was qualified by the cell (its first touch was the cell's)
	fRecycled                     // given back by sales at least once: on the recycle track while in nurture
	fResponded                    // has had a call attempt since its inquiry (response_from_inquiry_*)
	fOutbound                     // found by a rep's prospecting: the rep's own lead, not marketing's (outbound.go)
	fParked                       // its next signal is parked (at nurtSince), not an event (park.go)
)

// prospect is one inquiry's latent state and its progress through our
// process. Latent draws that every policy must share are made at arrival;
// draws whose number depends on the policy come from the prospect's own
// streams (jrn for its journey, sig for its signals, sal for sales).
type prospect struct {
	// First cache line: what a signal or journey event reads and writes.
	eng, engT float64 // engagement points, and when they were last updated
	jE, jT    float64 // remaining unit hazard of the current stage, and when it was last updated
	sig       rand.PCG
	flags     uint16
	handoffs  uint16
	status    uint8
	stage     uint8
	kind      uint8
	segment   uint8
	pendSig   uint8 // signal already drawn for the pending signal event, plus 1; 0 none
	recAuth   uint8
	recFit    bool
	fitHigh   bool
	auth      uint8
	budget    uint8
	attempts  uint8
	timer     uint8

	cooldown   float64 // not handed over again before this time
	nurtSince  float64 // start of the nurture spell; the time of the parked signal while fParked (park.go)
	jH, sH, tH sim.Handle
	tAt        float64 // time of the pending timer (tH)
	arrival    float64
	hotUntil   float64
	handedAt   float64 // the current hand-off; in nurture, the time of the signal waiting for the review (reviewwait.go)
	cycleEnd   float64 // earliest decision time with our open opportunity
	oppAt      float64 // when the current opportunity opened (cyclestats.go)
	rejectedAt float64
	jrn, sal   rand.PCG
	ticket     uint32  // unique per hand-off; validates queue entries
	rep        int32   // rep of the current hand-off (or agent of the cell), -1 pooled
	slaH       float32 // working hours to the first attempt of the current hand-off; 0: no SLA
	callH      float32 // rep working hours (measured window) on calls of the current hand-off to sales
	channel    uint8
	touchBin   uint8 // delay bucket of the current hand-off's first touch, plus 1; 0 none
	engaged    uint8 // stage plus 1 when a rep's call first reached the buyer, and engBudgetSet; 0 never (winodds.go)
	oppBANT    uint8 // BANT criteria truly met when the current opportunity opened (winodds.go, if on)
	cycleSet   bool  // the current opportunity's outcome cycle is drawn (cycles.go)
	nCalls     uint8 // nurture calls made to it (nurturecalls.go)
	waiting    bool  // its next signal, at handedAt, waits for the review (reviewwait.go)
}

func (s *Sim) newSlot() int32 {
	if n := len(s.free); n > 0 {
		id := s.free[n-1]
		s.free = s.free[:n-1]
		return id
	}
	return s.ps.add() // table.go: the caller clears the record
}

// become moves prospect p to status st: every change of status goes
// through it (see the life cycle above; a test checks that no other code
// writes the status). It keeps the count of leads waiting (queuecount.go).
func (s *Sim) become(p *prospect, st uint8) {
	s.countWaiting(p.status, st)
	p.status = st
}

// release frees a prospect's slot, cancelling its pending events.
func (s *Sim) release(id int32, p *prospect) {
	s.cancel(p.sH)
	s.cancel(p.tH)
	s.cancel(p.jH)
	unparkSignal(p)
	s.become(p, psFree)
	p.ticket = 0
	s.free = append(s.free, id)
}

// leave takes a lead out of nurture into status st: its journey and
// signal rates change.
func (s *Sim) leave(t float64, id int32, p *prospect, st uint8) {
	if s.m.journeys {
		s.spendHazard(t, p)
		s.leaveNurture(t, p)
	}
	s.become(p, st)
	if s.m.journeys {
		s.rescheduleJourney(t, p)
		s.rescheduleSignal(t, id, p)
	}
}

func (s *Sim) setTimer(p *prospect, id int32, kind uint8, at float64) {
	s.cancel(p.tH)
	p.timer, p.tAt = kind, at
	p.tH = s.q.Schedule(at, evTimer, event{kind: evTimer, idx: id})
}

func (s *Sim) clearTimer(p *prospect) {
	s.cancel(p.tH)
	p.tH, p.timer = sim.Handle{}, tmNone
}

// drop takes a lead out of marketing's database: it emits no more signals
// and is never handed over again. A genuine prospect goes on with its
// journey; any other's state is final.
func (s *Sim) drop(t float64, id int32, p *prospect) {
	s.spendHazard(t, p)
	s.leaveNurture(t, p)
	s.become(p, psDropped)
	s.rescheduleJourney(t, p)
	s.cancel(p.sH) // marketing no longer looks at its signals
	p.sH, p.pendSig = sim.Handle{}, 0
	unparkSignal(p)
	if p.kind != kindGenuine || !s.m.journeys {
		// It can never buy now: its state is final.
		if p.flags&fCounted != 0 {
			s.res.Outcomes.NeverBought++
			s.countRejectedNeverBought(p)
		}
		s.release(id, p)
	}
}

// timer handles a prospect's timer.
func (s *Sim) timer(t float64, id int32) {
	p := s.ps.at(id)
	s.catchUp(t, id, p) // park.go
	kind := p.timer
	p.tH, p.timer = sim.Handle{}, tmNone
	switch kind {
	case tmIgnore:
		if p.status != psWaiting {
			return
		}
		if p.flags&fCounted != 0 {
			s.res.Metrics[Ignored]++
		}
		p.flags |= fIgnored
		s.setback(t, id, p) // ignored
	case tmRetry:
		if p.status == psRetry {
			s.rerouteRetry(p)
			s.enqueue(t, id, p)
		}
	case tmCellRetry:
		if p.status == psCellRetry {
			s.cellQueue(t, id, p)
		}
	case tmNurtureCall:
		s.nurtureCall(t, id, p) // nurturecalls.go
	case tmStall:
		if p.status == psOpp && (p.stage < stEvaluating || p.kind != kindGenuine) {
			s.oppClosed(t, p.rep)
			s.closeOpp(t, id, p, outNoDecision)
			s.wasted(&s.repCalls, p)
			s.setback(t, id, p) // stalled
		}
	}
}
