package funnel

// Churn by fit (segments[].churn). A won customer may churn: refunds,
// renewals not made, over the life its deal value counts. The model books
// the deal value in revenue at the win, as before, and counts the
// expected share lost to churn, by the account's fit, as a cost like the
// cost to serve (servecost.go): the tally churn sums it over the deals of
// counted prospects (marketing's and direct purchases; own-pipeline deals
// have no modelled churn) and gross_margin, and so profit, subtract it.
// Revenue stays what was sold, so the revenue verdict is unchanged and
// the profit one sees the churn. No draw is made: the expected share, not
// a customer-by-customer event. At 0, the default, nothing changes.

// churnShare is the share of p's deal value lost to churn once won.
func (s *Sim) churnShare(p *prospect) float64 {
	g := &s.m.segments[p.segment]
	if p.fitHigh {
		return g.churnHigh
	}
	return g.churnLow
}
