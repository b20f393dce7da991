package funnel

import (
	"slices"
)

// The tallies are the monitors of a replication: counts and running sums
// updated as events happen, kept apart from the process state, and turned
// into the replication's metrics at the end (finish). Every metric is
// defined in metrics.go and docs/metrics.md.

// tallies are a Sim's monitors.
type tallies struct {
	res       Result     // counts kept directly in the metrics and outcomes
	acc       accum      // running sums
	speeds    zeroValues // per first touch: hours from the hand-off decision
	responses zeroValues // per prospect's first attempt: hours from its inquiry; unused while sameResp
	// sameResp: every value added to responses so far equals, in order, one
	// added to speeds, and speeds has no other (firstTouch): responses are
	// then kept as speeds (calls.go).
	sameResp  bool
	toRevenue []float64 // per marketing deal won: days from the inquiry
	cycleDays cycleBufs // per closed opportunity of a counted prospect, by outcome: days open (cyclestats.go)
	top       [5]topDeal
	detail    Detail // plot detail (weekly series are appended to weeks)
	weeks     []Week
	week      Week // the week in progress
}

// resetTallies empties the tallies, keeping their buffers.
func (s *Sim) resetTallies() {
	s.res = Result{}
	s.acc = accum{}
	s.speeds.reset()
	s.responses.reset()
	s.sameResp = !s.noShare
	s.toRevenue = s.toRevenue[:0]
	for o := range s.cycleDays {
		s.cycleDays[o].reset()
	}
	s.top = [5]topDeal{}
	s.weeks = s.weeks[:0]
	s.week = Week{}
	s.detail = Detail{}
}

// topDeal is one of the largest deals won.
type topDeal struct {
	value     float64
	marketing bool
}

// accum holds a replication's running sums.
type accum struct {
	tried, waited, within1h, hot, reached, slaBreach int64
	waitSum                                          float64
	busy, marketingHours, wastedHours                float64
	revenue, marketingRevenue                        float64
	leaked                                           [numCauses]float64
	leakedN                                          int64
	rejectedN, rejectedBought                        int64
	inquiryCost, nurtureHours, recycleHours          float64
	marketingWins                                    int64
	offTarget                                        int64    // hand-offs to sales of prospects that cannot buy or do not fit
	windowN, windowBought                            [4]int64 // counted prospects with a complete purchase window, and those that bought in it
	genuineN, genuineBought                          int64
	openEffortHours                                  float64        // rep hours asked for by open opportunities in the window (openeffort.go): rep_hours_open_opportunities
	direct                                           int64          // purchases from us by counted prospects with no open opportunity (findus.go), for direct_purchases
	directRevenue                                    float64        // their value (in revenue, not in marketing_revenue)
	serveCost                                        float64        // cost to serve the counted prospects won (servecost.go)
	churn                                            float64        // their deal value lost to churn (churn.go)
	att                                              attemptTally   // attempts per hand-off (attemptstats.go)
	ready                                            readinessTally // readiness of hand-offs and captures (readiness.go)
}

// Causes of a purchase from a competitor, on our side.
const (
	causeNeverHanded = iota
	causeRejected
	causeIgnored
	causeTooLate
	causeLostInCompetition
	causeRecycled
	numCauses
)

var causeMetric = [numCauses]Metric{
	causeNeverHanded:       LeakedRevenueNeverHanded,
	causeRejected:          LeakedRevenueRejected,
	causeIgnored:           LeakedRevenueIgnored,
	causeTooLate:           LeakedRevenueTooLate,
	causeLostInCompetition: LeakedRevenueLostInCompetition,
	causeRecycled:          LeakedRevenueRecycled,
}

// twoYearsH is the window of "bought within 24 months".
const twoYearsH = 730 * 24

// purchaseWindows are the windows of the bought-within shares, in hours:
// 3, 6, 12 and 24 months (of 365/12 days).
var purchaseWindows = [4]float64{3 * 730, 6 * 730, 12 * 730, 24 * 730}

// countWindows counts a new counted prospect in the denominators it
// belongs to: the windows that end within the observation, and valid
// inquiries (not bad contact data).
func (s *Sim) countWindows(t float64, p *prospect) {
	if p.flags&fCounted == 0 {
		return
	}
	if p.kind != kindBadData {
		s.res.Metrics[ValidInquiries]++
	}
	s.noteCaptured(p) // readiness.go
	// Branch-free, unrolled: a window counts if it ends within the
	// observation (t+w <= observe, the same arithmetic as ever; windowObs
	// is +Inf when observation runs until nothing is left).
	end, n := s.m.windowObs, &s.acc.windowN
	n[0] += int64(b2i(t+purchaseWindows[0] <= end))
	n[1] += int64(b2i(t+purchaseWindows[1] <= end))
	n[2] += int64(b2i(t+purchaseWindows[2] <= end))
	last := b2i(t+purchaseWindows[3] <= end)
	n[3] += int64(last)
	s.acc.genuineN += int64(last & b2i(p.kind == kindGenuine))
}

// countPurchase counts a purchase (from anyone) at t in the windows it
// falls in.
func (s *Sim) countPurchase(t float64, p *prospect) {
	a, end, d, n := p.arrival, s.m.windowObs, t-p.arrival, &s.acc.windowBought
	n[0] += int64(b2i(d <= purchaseWindows[0]) & b2i(a+purchaseWindows[0] <= end))
	n[1] += int64(b2i(d <= purchaseWindows[1]) & b2i(a+purchaseWindows[1] <= end))
	n[2] += int64(b2i(d <= purchaseWindows[2]) & b2i(a+purchaseWindows[2] <= end))
	last := b2i(d <= purchaseWindows[3]) & b2i(a+purchaseWindows[3] <= end)
	n[3] += int64(last)
	s.acc.genuineBought += int64(last & b2i(p.kind == kindGenuine))
}

// cause is our side's reason for a purchase from a competitor: the first
// failure in priority order (see docs/metrics.md). A lead still with sales
// when the prospect buys was ignored if no attempt was made on it yet, and
// reached too late otherwise.
func (s *Sim) cause(p *prospect, oppOpen bool) int {
	switch f := p.flags; {
	case oppOpen:
		return causeLostInCompetition
	case p.status == psWaiting && p.attempts == 0:
		return causeIgnored
	case p.status == psWaiting || p.status == psRetry || p.status == psCalling:
		return causeTooLate
	case p.status == psCellWait || p.status == psCellCall || p.status == psCellRetry:
		return causeTooLate // marketing's cell had it and had not handed it over yet
	case f&fRejected != 0:
		return causeRejected
	case f&fIgnored != 0:
		return causeIgnored
	case f&fLate != 0:
		return causeTooLate
	case f&fHanded != 0:
		return causeRecycled
	}
	return causeNeverHanded
}

// rejectWindowComplete reports whether the 24 months after the prospect's
// first rejection end within the observation.
func (s *Sim) rejectWindowComplete(p *prospect) bool {
	return s.m.observe == 0 || p.rejectedAt+twoYearsH <= s.m.observe
}

func (s *Sim) win(t float64, p *prospect, value float64) {
	if s.hook != nil && s.hook.won != nil {
		s.hook.won(value)
	}
	s.acc.revenue += value
	s.acc.serveCost += value * s.serveShare(p)
	s.acc.churn += value * s.churnShare(p)
	s.acc.marketingRevenue += value
	s.noteKPI(kpiRevenue, p, value)
	s.acc.marketingWins++
	s.week.WonRevenue += value
	s.repWon(p.rep, value)
	s.toRevenue = push(s.toRevenue, (t-p.arrival)/24)
	s.addTop(value, true)
}

func (s *Sim) addTop(v float64, marketing bool) {
	i := len(s.top)
	for i > 0 && s.top[i-1].value < v {
		i--
	}
	if i == len(s.top) {
		return
	}
	copy(s.top[i+1:], s.top[i:len(s.top)-1])
	s.top[i] = topDeal{v, marketing}
}

func (s *Sim) countRejectedNeverBought(p *prospect) {
	if p.flags&fRejected != 0 && s.rejectWindowComplete(p) {
		s.acc.rejectedN++
	}
}

// weekEnd closes the week ending at t: the queue is the number of
// marketing leads waiting for a rep (queuecount.go).
func (s *Sim) weekEnd(t float64) {
	s.week.Queue = float64(s.queueLength())
	s.weeks = append(s.weeks, s.week)
	s.week = Week{}
	if s.q.Len() > 0 { // without an end of observation the run ends when nothing else is pending
		s.q.Schedule(t+hoursPerWeek, evWeek, event{kind: evWeek})
	}
}

// finish classifies the prospects still live and turns the running sums into
// the replication's metrics.
func (s *Sim) finish() {
	m := s.m
	end := s.endTime
	s.catchUpAll(end, false) // park.go
	var openOpps int64       // counted prospects with an opportunity open at the end
	for i := range s.ps.len() {
		p := s.ps.at(i)
		if p.status == psFree || p.flags&fCounted == 0 {
			continue
		}
		if p.status == psOpp {
			openOpps++
		}
		switch p.status {
		case psWaiting, psCalling, psRetry, psOpp, psCellWait, psCellCall, psCellRetry:
			s.res.Outcomes.Open++
		default:
			s.res.Outcomes.NeverBought++
		}
		s.leaveNurture(end, p)
		if p.flags&fRejected != 0 && s.rejectWindowComplete(p) {
			s.acc.rejectedN++
		}
	}
	// Work in progress at the end of the observation counts up to the end.
	for i := range s.reps {
		rp := &s.reps[i]
		if !rp.busy {
			continue
		}
		d := m.hours.OpenHours(maxf(rp.start, m.warmup), minf(end, m.windowEnd))
		s.acc.busy += d
		if rp.isLead {
			s.acc.marketingHours += d
		}
	}
	a := &s.acc
	r := &s.res.Metrics
	tried := float64(a.tried)
	r[Contacted] = tried
	r[WaitedShare] = ratio(float64(a.waited), tried)
	r[WaitMeanH] = ratio(a.waitSum, tried)
	r[ResponseFromHandoffMedianH], r[ResponseFromHandoffP90H] = s.speeds.medianQuantile(0.9)
	r[ResponseFromInquiryMedianH], r[ResponseFromInquiryP90H] = r[ResponseFromHandoffMedianH], r[ResponseFromHandoffP90H]
	if !s.sameResp {
		r[ResponseFromInquiryMedianH], r[ResponseFromInquiryP90H] = s.responses.medianQuantile(0.9)
	}
	r[ContactedWithin1hShare] = ratio(float64(a.within1h), tried)
	r[HotContactShare] = ratio(float64(a.hot), tried)
	r[NeverContactedShare] = ratio(r[Handoffs]-float64(a.reached), r[Handoffs])
	r[QualifiedShare] = ratio(r[SQLs], tried)
	r[SLABreaches] = float64(a.slaBreach)
	r[DealsWon] += float64(s.res.Outcomes.Won)
	r[MarketingDealsWon] = float64(a.marketingWins)
	r[OffTargetHandoffShare] = ratio(float64(a.offTarget), r[Handoffs])
	r[CellCost] = float64(len(s.agents)) * s.cellHours.OpenHours(m.warmup, m.windowEnd) * s.r.Cell.CostPerHour
	r[MQLThresholdEnd] = s.threshold
	s.res.Detail = s.detail
	s.res.Detail.Weeks = slices.Clone(s.weeks) // the Sim reuses its buffer
	r[Revenue] = a.revenue
	r[MarketingRevenue] = a.marketingRevenue
	r[HandoffWasteShare] = ratio(r[Rejected]+r[Ignored], r[Handoffs])
	r[RejectedLaterBoughtShare] = ratio(float64(a.rejectedBought), float64(a.rejectedN))
	for i, m := range [4]Metric{BoughtWithin3mShare, BoughtWithin6mShare, BoughtWithin12mShare, BoughtWithin24mShare} {
		r[m] = ratio(float64(a.windowBought[i]), float64(a.windowN[i]))
	}
	r[GenuineBoughtWithin24mShare] = ratio(float64(a.genuineBought), float64(a.genuineN))
	r[LeakedProspects] = float64(a.leakedN)
	var leaked float64
	for c, v := range a.leaked {
		r[causeMetric[c]] = v
		leaked += v
	}
	r[LeakedRevenue] = leaked
	r[RepUtilization] = ratio(a.busy, float64(m.reps)*m.hours.OpenHours(m.warmup, m.windowEnd))
	r[RepHoursMarketingLeads] = a.marketingHours
	r[RepHoursWasted] = a.wastedHours
	r[WastedSalesCost] = a.wastedHours * m.costRepHour
	r[MarketingCost] = a.inquiryCost + (a.nurtureHours*m.nurturePerHour+a.recycleHours*s.recTouch)*m.costTouch
	r[SalesCost] = (a.marketingHours + a.openEffortHours) * m.costRepHour
	r[CostPerWonDeal] = ratio(r[MarketingCost]+r[SalesCost]+r[CellCost], float64(a.marketingWins))
	n := 0
	for _, d := range s.top {
		if d.value > 0 && d.marketing {
			n++
		}
	}
	r[Top5DealsFromMarketing] = float64(n)
	r[DirectPurchases] = float64(a.direct)
	r[RepHoursOpenOpportunities] = a.openEffortHours
	r[GrossMargin] = r[Revenue] - a.serveCost - a.churn
	r[Profit] = r[GrossMargin] - r[MarketingCost] - r[SalesCost] - r[CellCost]
	r[NurtureCalls] = s.ncCalls      // nurturecalls.go
	r[OutboundProspects] = s.obFound // outbound.go
	r[TimeToRevenueMedianDays] = median(s.toRevenue)
	s.finishClosed(openOpps)
	s.finishAttempts()  // attemptstats.go
	s.finishReadiness() // readiness.go
}
