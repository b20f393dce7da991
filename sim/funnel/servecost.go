package funnel

// Cost to serve (segments[].serve_cost_share). A won customer costs a
// share of its deal value to serve, by fit: support, onboarding, churn
// and discounts, over the life the deal value counts. A low-fit customer
// with a share above 1 loses money, so a policy that wins many of them
// can bring more revenue and less profit. The tally serveCost sums it
// over the deals of counted prospects (marketing's and direct purchases);
// own-pipeline deals have no modelled cost to serve. It feeds
// gross_margin (revenue − cost to serve) and profit (gross_margin − the
// marketing, sales and cell costs). At 0, the default, nothing changes
// but the new metrics.

// serveShare is the cost to serve p, once won, as a share of its deal
// value.
func (s *Sim) serveShare(p *prospect) float64 {
	g := &s.m.segments[p.segment]
	if p.fitHigh {
		return g.serveHigh
	}
	return g.serveLow
}
