package funnel

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
