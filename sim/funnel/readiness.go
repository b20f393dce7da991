package funnel

// Lead readiness from the model's truth, for the SiriusDecisions
// readiness split of the leads handed to sales and MarketingSherpa's
// share of leads sales-ready when captured ([siriusdecisions],
// [marketingsherpa-2012] in docs/sources.md).
//
// The BANT criteria are the ones a qualifying call reads (bantMet):
// budget (allocated, or to be set after seeing solutions unless the
// policy's budget rule is strict), authority (the contact is the decision
// maker), need (a genuine prospect at problem_aware or later) and
// timeline (a genuine prospect with a recognised objective or later).
//
// A hand-off's readiness class is its prospect's true state at the
// hand-off to sales, the first that applies:
//
//	unqualified    cannot buy (not genuine), the account does not truly fit, or the contact has no role in the decision
//	bant           all four BANT criteria true
//	requirements   stage objective or evaluating (defined requirements), not all of BANT
//	need           stage problem_aware (an identified need)
//	right_contact  right person (decision maker or influencer) at the right organisation, no need yet
//
// A prospect is sales-ready when captured if at least 3 of the 4 BANT
// criteria are true at its inquiry.

// Readiness classes of a hand-off, in the order of their metrics.
const (
	readyUnqualified = iota
	readyRightContact
	readyNeed
	readyRequirements
	readyBANT
	numReady
)

var readinessMetric = [numReady]Metric{
	readyUnqualified:  ReadinessUnqualifiedShare,
	readyRightContact: ReadinessRightContactShare,
	readyNeed:         ReadinessNeedShare,
	readyRequirements: ReadinessRequirementsShare,
	readyBANT:         ReadinessBANTShare,
}

// salesReadyMinBANT is the number of true BANT criteria from which a
// captured lead is sales-ready.
const salesReadyMinBANT = 3

// readinessTally holds a replication's readiness counts.
type readinessTally struct {
	handoffs [numReady]int64 // counted hand-offs to sales by class
	ready    int64           // counted inquiries sales-ready when captured
}

// bantTrue is the number of BANT criteria true of p now (all four
// without journeys, as bantMet reads them: the reference funnel).
func (s *Sim) bantTrue(p *prospect) int {
	if !s.m.journeys {
		return 4
	}
	genuine := p.kind == kindGenuine
	n := 0
	if genuine && (p.budget == budgetAllocated || (p.budget == budgetAfterSolutions && !s.r.StrictBudget)) {
		n++
	}
	if p.auth == authDecisionMaker {
		n++
	}
	if genuine && p.stage >= stAware {
		n++
	}
	if genuine && p.stage >= stObjective {
		n++
	}
	return n
}

// readiness is p's readiness class now.
func (s *Sim) readiness(p *prospect) int {
	switch {
	case p.kind != kindGenuine || !p.fitHigh || p.auth == authNone:
		return readyUnqualified
	case s.bantTrue(p) == 4:
		return readyBANT
	case p.stage >= stObjective:
		return readyRequirements
	case p.stage >= stAware:
		return readyNeed
	}
	return readyRightContact
}

// noteReadiness counts a counted hand-off to sales of p by its class.
func (s *Sim) noteReadiness(p *prospect) {
	s.acc.ready.handoffs[s.readiness(p)]++
}

// noteCaptured counts counted prospect p, just captured (its profile
// drawn), if it is sales-ready.
func (s *Sim) noteCaptured(p *prospect) {
	if s.bantTrue(p) >= salesReadyMinBANT {
		s.acc.ready.ready++
	}
}

// finishReadiness sets the readiness metrics.
func (s *Sim) finishReadiness() {
	a, r := &s.acc.ready, &s.res.Metrics
	for c, m := range readinessMetric {
		r[m] = ratio(float64(a.handoffs[c]), r[Handoffs])
	}
	r[SalesReadyAtCaptureShare] = ratio(float64(a.ready), r[Inquiries])
}
