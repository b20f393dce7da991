package funnel

import "math"

// Closed opportunities and the reps' revenue (win_rate_closed, the
// cycle_days_* medians and 90th percentiles, open_opportunities_end_share,
// rep_revenue_cv). Every opportunity of a counted prospect ends in one of
// three closes, or is still open at the end:
//
//   - won: the buyer decided while it was open and bought from us;
//   - lost: the buyer decided while it was open and bought from a
//     competitor;
//   - no decision: the buyer decided to buy nothing, or the opportunity
//     stalled (stall_days, or an account that cannot buy reaching the end
//     of its cycle) and was given back.
//
// So opportunities = won + lost + no decision + open at the end, which the
// tests check. The cycle of a close is the time from opening the
// opportunity to its close, in days; the reference funnel (no segments)
// decides at the qualifying call, a cycle of 0. The cycles of a
// replication are kept in one reusable buffer per outcome, so a warm Sim
// allocates nothing for them. A rep's revenue is the value of the deals it
// won: the marketing deals of its opportunities and its own-pipeline deals
// in revenue (direct purchases have no rep).

// oppAt is set on p when its opportunity opens (openOpportunity).

// closeOpp tallies the close at t, with outcome o (outWon, outLost,
// outNoDecision), of counted prospect p's open opportunity.
func (s *Sim) closeOpp(t float64, id int32, p *prospect, o uint8) {
	if s.hook != nil && s.hook.close != nil {
		s.hook.close(t, id, p, o)
	}
	if p.flags&fCounted == 0 {
		return
	}
	s.cycleDays[o].add((t - p.oppAt) / 24)
}

// repWon adds a deal of value v to rep r's revenue.
func (s *Sim) repWon(r int32, v float64) {
	if r >= 0 {
		s.reps[r].revenue += v
	}
}

// finishClosed derives the closed-opportunity metrics and rep_revenue_cv;
// openEnd is the number of counted prospects with an opportunity open at
// the end.
func (s *Sim) finishClosed(openEnd int64) {
	r := &s.res.Metrics
	c := &s.cycleDays
	closed := c[outWon].len() + c[outLost].len() + c[outNoDecision].len()
	r[WinRateClosed] = ratio(float64(c[outWon].len()), float64(closed))
	for o, k := range [numOutcomes][2]Metric{
		outWon:        {CycleDaysWonMedian, CycleDaysWonP90},
		outLost:       {CycleDaysLostMedian, CycleDaysLostP90},
		outNoDecision: {CycleDaysNoDecisionMedian, CycleDaysNoDecisionP90},
	} {
		r[k[0]], r[k[1]] = c[o].medianQuantile(0.9)
	}
	r[OpenOpportunitiesEndShare] = ratio(float64(openEnd), r[Opportunities])
	r[RepRevenueCV] = repRevenueCV(s.reps)
}

// repRevenueCV is the coefficient of variation of the reps' revenue: the
// population standard deviation over the mean (NaN if no rep won
// anything).
func repRevenueCV(reps []rep) float64 {
	var sum float64
	for i := range reps {
		sum += reps[i].revenue
	}
	n := float64(len(reps))
	mean := ratio(sum, n)
	var ss float64
	for i := range reps {
		d := reps[i].revenue - mean
		ss += d * d
	}
	if mean == 0 {
		return math.NaN()
	}
	return math.Sqrt(ss/n) / mean
}

// cycleBufs are a replication's cycles of closed opportunities, in days,
// by outcome (tallies.cycleDays).
type cycleBufs [numOutcomes]zeroValues
