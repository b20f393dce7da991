package funnel

import "math"

// Buyers who find us anyway (segments[].direct_share). A prospect that
// decides to buy while no opportunity of ours with it is open (never
// handed over, handed over too late, rejected, given back) buys from us
// anyway with its segment's direct share: our brand, self-serve, or a
// rep's own prospecting reaching it. The purchase is our revenue at the
// deal value the prospect would have had with us, a deal won (deals_won,
// Outcomes.Won: it bought from us) but not a marketing deal
// (marketing_deals_won, marketing_revenue), and it leaks nothing. The
// tally direct counts them, for the metric direct_purchases.
//
// The draw is the last of the prospect's journey stream (after its
// decision draws, see decision), made only in a segment with a positive
// share: at 0 nothing is drawn and nothing changes.

// findsUs reports whether p, deciding to buy with no open opportunity of
// ours, buys from us anyway.
func (s *Sim) findsUs(p *prospect, g *segment) bool {
	return g.directShare > 0 && s.use(&p.jrn).Float64() < g.directShare
}

// buyDirect counts p's direct purchase (from us, not from marketing) of
// the deal value with standard normal zDeal.
func (s *Sim) buyDirect(p *prospect, g *segment, zDeal float64) {
	v := math.Exp(g.dealMu + g.dealSigma*zDeal)
	s.res.Outcomes.Won++
	s.acc.revenue += v
	s.acc.serveCost += v * s.serveShare(p)
	s.acc.churn += v * s.churnShare(p)
	s.acc.direct++
	s.acc.directRevenue += v
	s.addTop(v, false)
}
