package funnel

// Incentives that act on marketing (policies[].learning.kpi_weight with
// measured_on; issue 13, mechanism 9a). Marketing paid on MQL volume floods
// sales with leads it cannot use ([waterfall-critique-2012],
// [reconcile-2017] in docs/sources.md); measured on opportunities or
// revenue it cares about their quality. Under learning (learn.go), with a
// KPI weight k in (0, 1], each period's review mixes the reasons rule
// (weight 1 − k) with the KPI the policy is measured on (weight k):
//
//   - threshold: measured on inquiries or MQLs (volume), marketing
//     tolerates more off-target leads before it raises the bar: the target
//     off-target share becomes target + k × (1 − target), so at k = 1 the
//     threshold only falls, by rate × step_points × (1 − the share). On
//     SALs, opportunities or revenue (quality), the reasons rule is
//     already the quality-driven one and is kept.
//   - channels: each channel's weight moves by
//     rate × [(1 − k) × (the period's off-target share − the channel's)
//     + k × g], where g is the channel's KPI per unit of spend over the
//     period's average, minus 1, kept in [−1, 1]: the period's KPI events
//     of the channel's prospects (inquiries; MQLs; SALs, the hand-offs the
//     rep did not reject; opportunities opened; revenue of marketing deals
//     won) over its spend in the period (its inquiries × cost_per_lead; the
//     inquiries themselves when no channel costs anything). The reasons
//     term needs hand-offs of the channel in the period, the KPI term KPI
//     events in the period; a channel without spend but with KPI events
//     gets g = 1.
//
// The counts are of the period in which each event happens (a dashboard's
// reading: this month's revenue over this month's spend), not of the
// cohort of inquiries bought in it. (An MQL of a prospect with an open
// opportunity may be counted when its signals are fast-forwarded, a little
// before its time: signals.go; in nurture, under learning, the
// fast-forward stops at the next review.) At k = 0 (the default) nothing is
// counted and the review is the reasons-only one, so results are
// unchanged bit for bit; measured_on then changes nothing. No random
// number is drawn.

// kpi is the KPI marketing is measured on, in the order of measured_on's
// values.
type kpi uint8

const (
	kpiInquiries kpi = iota
	kpiMQLs
	kpiSALs
	kpiOpportunities
	kpiRevenue
)

// kpiOf is the KPI a measured_on value names.
func kpiOf(measuredOn string) kpi {
	switch measuredOn {
	case "mqls":
		return kpiMQLs
	case "sals":
		return kpiSALs
	case "opportunities":
		return kpiOpportunities
	case "revenue":
		return kpiRevenue
	}
	return kpiInquiries
}

// volume reports whether the KPI rewards volume (inquiries, MQLs).
func (k kpi) volume() bool { return k <= kpiMQLs }

// resetKPI sets whether the run's learning chases a KPI, and which.
func (s *Sim) resetKPI() {
	s.kpiOn = s.learn && s.r.Learning.KPIWeight > 0
	s.kpi = kpiOf(s.pol.MeasuredOn())
}

// noteKPI counts v of KPI k for p's channel in the current period, if
// learning chases k.
func (s *Sim) noteKPI(k kpi, p *prospect, v float64) {
	if s.kpiOn && s.kpi == k {
		s.reasons[p.channel].kpi += v
	}
}

// noteInquiry counts an inquiry of channel ch in the period (its spend).
func (s *Sim) noteInquiry(ch int) {
	if s.kpiOn {
		c := &s.reasons[ch]
		c.inquiries++
		if s.kpi == kpiInquiries {
			c.kpi++
		}
	}
}

// reviewKPI is the review of a period when learning chases a KPI.
func (s *Sim) reviewKPI() {
	l := s.r.Learning
	k := l.KPIWeight
	var off, all, n int
	var total, spend float64
	for i, c := range s.reasons {
		off += c.offTarget
		all += c.all
		n += c.inquiries
		total += c.kpi
		spend += float64(c.inquiries) * s.m.channels[i].costPerLead
	}
	perLead := !(spend > 0) // no channel cost anything: spend is counted in inquiries
	if perLead {
		spend = float64(n)
	}
	var share float64
	if all > 0 {
		share = float64(off) / float64(all)
		target := l.TargetOffTarget
		if s.kpi.volume() {
			target += k * (1 - target)
		}
		s.threshold = min(l.MaxThreshold, max(0, s.threshold+l.Rate*l.StepPoints*(share-target)))
	}
	for i, c := range s.reasons {
		var d float64
		if c.all > 0 {
			d = (1 - k) * (share - float64(c.offTarget)/float64(c.all))
		}
		if total > 0 {
			cost := float64(c.inquiries)
			if !perLead {
				cost *= s.m.channels[i].costPerLead
			}
			d += k * yieldGap(c.kpi, cost, total, spend)
		}
		s.weights[i] = min(1, max(l.MinChannelWeight, s.weights[i]+l.Rate*d))
	}
}

// yieldGap is a channel's KPI per unit of spend (v over cost) relative to
// the period's (total over spend), minus 1, kept in [−1, 1]; 1 for a
// channel with KPI events and no spend, 0 for one with neither.
func yieldGap(v, cost, total, spend float64) float64 {
	if !(cost > 0) {
		if v > 0 {
			return 1
		}
		return 0
	}
	return min(1, max(-1, v*spend/(cost*total)-1))
}
