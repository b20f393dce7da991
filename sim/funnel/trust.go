package funnel

import "funnellab/scenarios"

// Trust in marketing leads (sales.trust, issue 13 mechanism 7;
// [waterfall-critique-2012], [reconcile-2017] and [bant-nurture] in
// docs/sources.md). Each rep keeps a trust level, an exponentially weighted
// moving average of what it observes of the marketing leads it works to an
// outcome: 1 for a lead it opened an opportunity on, 0 for one it
// disqualified on a reached call or gave up on as unreached after its
// attempts (a lead it rejected or ignored was not worked: it teaches it
// nothing). These are what a rep sees at the end of its own work on a
// lead, not the lead's hidden quality. After the k-th lead with outcome x,
//
//	trust += w × (x − trust),   w = rate, or 1/k while k ≤ first_sample_leads
//
// so the first first_sample_leads outcomes set trust to their mean and
// later ones move it by rate. Every rep starts a replication at reference.
//
// Trust moves the rep's judgement bias (veto.go): bias = judgement.bias +
// sensitivity × (trust − reference). Below low_trust the rep puts its own
// pipeline first and makes at most low_trust_attempts attempts on a
// marketing lead (priority.go, calls.go, through ownFirst and
// leadAttempts, which also apply the rep's credit: credit.go).
//
// The start-up period (first_sample_leads, the source's "first sample of
// leads reviewed by reps"): while a rep has worked fewer marketing leads
// than that to an outcome, it vetoes none (no judgement is drawn), makes
// the policy's full attempts and follows the policy's priority, whatever
// its trust and credit.
//
// Neutral (rate 0, first_sample_leads 0, low_trust 0, credit 1): trust
// stays at reference, nothing is observed or drawn, and the veto, the
// priority and the attempts take their old code paths.

// trustParams are the compiled sales.trust and sales.credit_marketing_deals.
type trustParams struct {
	on          bool // trust can move (rate > 0 or a start-up period)
	engage      bool // a rep's priority or attempts can differ from the policy's
	rate        float64
	reference   float64
	sensitivity float64
	sample      int32
	low         float64
	lowAttempts int
	credit      float64 // credit.go
}

// compileTrust compiles a scenario's trust and credit keys.
func compileTrust(s scenarios.Sales) trustParams {
	t := s.Trust
	p := trustParams{rate: t.Rate, reference: t.Reference, sensitivity: t.Sensitivity,
		sample: int32(t.FirstSampleLeads), low: t.LowTrust, lowAttempts: t.LowTrustAttempts, credit: s.CreditMarketing}
	p.on = p.rate > 0 || p.sample > 0
	p.engage = p.low > 0 || p.credit < 1
	return p
}

// observeLead records that rep r worked a marketing lead to an outcome:
// good when it opened an opportunity on it.
func (s *Sim) observeLead(r int32, good bool) {
	tp := &s.m.trust
	if !tp.on || r < 0 {
		return
	}
	rp := &s.reps[r]
	rp.worked++
	x := 0.0
	if good {
		x = 1
	}
	w := tp.rate
	if rp.worked <= tp.sample {
		w = 1 / float64(rp.worked)
	}
	rp.trust += w * (x - rp.trust)
}

// inSample reports whether rep r is in its start-up period.
func (s *Sim) inSample(r int32) bool {
	return s.reps[r].worked < s.m.trust.sample
}

// trustBias is rep r's judgement bias under its trust.
func (s *Sim) trustBias(r int32) float64 {
	tp := &s.m.trust
	return s.m.judge.bias + tp.sensitivity*(s.reps[r].trust-tp.reference)
}

// lowTrust reports whether rep r's trust is below low_trust.
func (s *Sim) lowTrust(r int32) bool {
	return s.reps[r].trust < s.m.trust.low
}

// ownFirst reports whether rep r, under trust.engage, works its own
// pipeline before marketing leads whatever the policy's priority: after
// its start-up period, when it is not fully credited for marketing deals
// or its trust is low.
func (s *Sim) ownFirst(r int32) bool {
	if r < 0 || s.inSample(r) {
		return false
	}
	return s.creditOwnFirst() || s.lowTrust(r)
}

// leadAttempts is the number of attempts rep r makes on a marketing lead
// whose policy allows n, under trust.engage: n during its start-up period;
// else ceil(credit × n), at least 1, and at most low_trust_attempts when
// its trust is low.
func (s *Sim) leadAttempts(r int32, n int) int {
	if r < 0 || s.inSample(r) {
		return n
	}
	tp := &s.m.trust
	n = s.creditAttempts(n)
	if s.lowTrust(r) {
		n = min(n, tp.lowAttempts)
	}
	return n
}
