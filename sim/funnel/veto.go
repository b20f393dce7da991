package funnel

// The veto (policy key veto: judgement; the SAL step). The rep a lead is
// routed to reads its quality with a bias and noise (sales.judgement) and
// rejects it when the reading is at or below a bar that rises with the
// rep's workload: reps with enough pipeline of their own refuse more. A
// rejected lead is given back (recycle.go) with a reason (learn.go).

// judgement is the reps' reading of a lead's quality (sales.judgement).
type judgement struct {
	bias, noise     float64 // added to the true quality; sd of the normal noise
	bar, barPerItem float64 // rejected at or below bar + barPerItem × workload
}

// quality is a lead's true quality on [0, 1]: 0 for a prospect that cannot
// buy; otherwise a quarter for a fitting account, a quarter for a decision
// maker (an eighth for an influencer) and half the stage's progress.
func quality(p *prospect) float64 {
	if p.kind != kindGenuine {
		return 0
	}
	q := 0.5 * float64(p.stage) / float64(stEvaluating)
	if p.fitHigh {
		q += 0.25
	}
	switch p.auth {
	case authDecisionMaker:
		q += 0.25
	case authInfluencer:
		q += 0.125
	}
	return q
}

// vetoes draws the judgement of lead p by the rep it is routed to (from
// the prospect's sales stream) and reports whether the rep refuses it.
func (s *Sim) vetoes(t float64, p *prospect) bool {
	j := &s.m.judge
	bias := j.bias
	if s.m.trust.on && p.rep >= 0 { // trust.go
		if s.inSample(p.rep) {
			return false // the start-up period: no veto, nothing drawn
		}
		bias = s.trustBias(p.rep)
	}
	reading := quality(p) + bias + j.noise*s.use(&p.sal).NormFloat64()
	return reading <= j.bar+j.barPerItem*float64(s.workload(t, int(p.rep)))
}

// reject gives back a lead its rep refused.
func (s *Sim) reject(t float64, id int32, p *prospect) {
	if p.flags&fCounted != 0 {
		s.res.Metrics[Rejected]++
	}
	if p.flags&fRejected == 0 {
		p.rejectedAt = t
	}
	p.flags |= fRejected
	s.noteReason(p)
	s.setback(t, id, p) // rejected
}
