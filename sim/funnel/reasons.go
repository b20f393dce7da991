package funnel

// Reasons that can be wrong (sales.reason_accuracy; issue 13, mechanism 8).
// A rep who rejects a lead, or disqualifies it on a reached call (and the
// cell, likewise), gives a reason read from what it believes of three hidden
// attributes: the prospect's kind, whether its account fits, whether it has
// a budget. Each is read right with probability reason_accuracy; a misread
// kind is one of the three other kinds, equally likely; a misread fit or
// budget is the opposite. The reason is then the one the beliefs give, by
// the rule the truth gives it (reasonOf). The reasons metrics count the
// reasons given, and marketing's learning (learn.go) reads them: it works
// on what marketing would really see.
//
// At accuracy 1 (the default) the reason is the truth's and nothing is
// drawn. Below 1, each reason draws three uniforms from the prospect's
// sales stream (kind, fit, budget, in that order, always three): the
// prospect's own stream, so however many reasons a policy makes it give,
// no other prospect's draws move (common random numbers).

// reason is the reason given for a rejection or a disqualification.
type reason uint8

const (
	reasonCompetitor    reason = iota // a competitor watching
	reasonOffTarget                   // cannot buy (a student, bad contact data) or the account does not fit
	reasonNoBudget                    // no budget yet
	reasonNotInterested               // the rest: too early, or not receptive
)

// reasonOf is the reason a reader gives who believes the prospect is of
// kind k, its account fits (fit) and it has no budget (noBudget), in this
// order: competitor, off-target, no budget, not interested.
func reasonOf(k uint8, fit, noBudget bool) reason {
	switch {
	case k == kindCompetitor:
		return reasonCompetitor
	case k != kindGenuine || !fit:
		return reasonOffTarget
	case noBudget:
		return reasonNoBudget
	}
	return reasonNotInterested
}

// offTarget reports whether learning counts the reason as off-target
// (competitors are off-target too).
func (r reason) offTarget() bool { return r <= reasonOffTarget }

// giveReason is the reason the rep (or the cell) gives for p: the truth's
// at accuracy 1, otherwise its reading of p (drawn from p's sales stream).
func (s *Sim) giveReason(p *prospect) reason {
	kind, fit, noBudget := p.kind, p.fitHigh, p.budget == budgetNone
	a := s.m.reasonAcc
	if a >= 1 {
		return reasonOf(kind, fit, noBudget)
	}
	rnd := s.use(&p.sal)
	if u := rnd.Float64(); u >= a {
		// one of the three other kinds, equally likely
		j := min(uint8((u-a)/(1-a)*3), 2)
		if j >= kind {
			j++
		}
		kind = j
	}
	if rnd.Float64() >= a {
		fit = !fit
	}
	if rnd.Float64() >= a {
		noBudget = !noBudget
	}
	return reasonOf(kind, fit, noBudget)
}
