package funnel

import "funnellab/results"

// Metric indexes a replication's metrics.
type Metric int

// The metrics of a replication, in output order: replications.csv,
// summary.json and the tables list them in this order, so it is part of
// the file formats. metricDefs defines each of them.
const (
	Inquiries Metric = iota
	ValidInquiries
	MQLs
	MarketingDropped
	CellLeads
	Handoffs
	SALs
	Rejected
	Ignored
	Contacted
	SQLs
	Opportunities
	DealsWon
	MarketingDealsWon
	ReasonsOffTarget
	ReasonsNoBudget
	ReasonsNotInterested
	ReasonsCompetitor
	Revenue
	MarketingRevenue
	HandoffWasteShare
	OffTargetHandoffShare
	RejectedLaterBoughtShare
	BoughtWithin3mShare
	BoughtWithin6mShare
	BoughtWithin12mShare
	BoughtWithin24mShare
	GenuineBoughtWithin24mShare
	LeakedProspects
	LeakedRevenue
	LeakedRevenueNeverHanded
	LeakedRevenueRejected
	LeakedRevenueIgnored
	LeakedRevenueTooLate
	LeakedRevenueLostInCompetition
	LeakedRevenueRecycled
	WaitedShare
	WaitMeanH
	ResponseFromHandoffMedianH
	ResponseFromHandoffP90H
	ResponseFromInquiryMedianH
	ResponseFromInquiryP90H
	ContactedWithin1hShare
	HotContactShare
	NeverContactedShare
	QualifiedShare
	SLABreaches
	RepUtilization
	RepHoursMarketingLeads
	RepHoursWasted
	WastedSalesCost
	MarketingCost
	SalesCost
	CellCost
	CostPerWonDeal
	Top5DealsFromMarketing
	TimeToRevenueMedianDays
	MQLThresholdEnd
	DirectPurchases
	RepHoursOpenOpportunities
	GrossMargin
	Profit
	WinRateClosed
	CycleDaysWonMedian
	CycleDaysWonP90
	CycleDaysLostMedian
	CycleDaysLostP90
	CycleDaysNoDecisionMedian
	CycleDaysNoDecisionP90
	OpenOpportunitiesEndShare
	RepRevenueCV
	NurtureCalls
	OutboundProspects
	ConvertedReachedBy6thShare
	CalledOnceShare
	ReadinessUnqualifiedShare
	ReadinessRightContactShare
	ReadinessNeedShare
	ReadinessRequirementsShare
	ReadinessBANTShare
	SalesReadyAtCaptureShare
	NumMetrics
)

// The theme groups of the metrics, in the order the report shows them
// and docs/metrics.md has its sections.
const (
	groupRevenue  = "Revenue and deals"
	groupFunnel   = "Funnel volumes"
	groupReasons  = "Reasons for rejection and disqualification"
	groupWaste    = "Waste and leakage"
	groupBought   = "Who buys, and when"
	groupSpeed    = "Speed to lead"
	groupCost     = "Rep time and cost"
	groupLearning = "Marketing's learning"
)

var metricGroups = []string{groupRevenue, groupFunnel, groupReasons, groupWaste, groupBought, groupSpeed, groupCost, groupLearning}

// metricDefs is the one definition of the metrics: for each its name, the
// group it is shown under, its unit and a one-line definition (the
// wording of docs/metrics.md, which defines them in full). MetricNames and
// Names derive from it, the report groups its table by it (MetricDefs),
// and the tests check docs/metrics.md against it.
var metricDefs = [NumMetrics]results.MetricDef{
	Inquiries:                      def("inquiries", groupFunnel, "prospects", "inquiries", "counted prospects: inquiries that arrived in [warmup, horizon)"),
	ValidInquiries:                 def("valid_inquiries", groupFunnel, "prospects", "inquiries with valid contact data", "counted inquiries whose contact data is valid (every kind but bad data)"),
	MQLs:                           def("mqls", groupFunnel, "prospects", "MQLs (marketing-qualified leads)", "counted prospects whose lead score reached the MQL threshold in force at least once"),
	MarketingDropped:               def("marketing_dropped", groupFunnel, "prospects", "dropped by marketing", "counted prospects that marketing's gate dropped from its database"),
	CellLeads:                      def("cell_leads", groupFunnel, "leads", "leads sent to the qualification cell", "gate's hand-offs of counted prospects to the tele-qualification cell (qualify: cell; 0 otherwise)"),
	Handoffs:                       def("handoffs", groupFunnel, "hand-offs", "hand-offs to sales", "hand-offs of counted prospects to sales, rejected ones included"),
	SALs:                           def("sals", groupFunnel, "hand-offs", "SALs (accepted by sales)", "hand-offs of counted prospects that the rep did not reject (Sales Accepted Leads): handoffs − rejected"),
	Rejected:                       def("rejected", groupFunnel, "hand-offs", "hand-offs rejected by the rep", "hand-offs of counted prospects refused by the rep's judgement at the hand-off (only with veto: judgement)"),
	Ignored:                        def("ignored", groupFunnel, "hand-offs", "hand-offs accepted but never attempted", "SALs routed to a named rep whose first attempt had not started when the acceptance window closed"),
	Contacted:                      def("contacted", groupFunnel, "gate's hand-offs", "hand-offs with a call attempt", "gate's hand-offs of counted prospects on which a first call attempt started, reached or not"),
	SQLs:                           def("sqls", groupFunnel, "hand-offs", "SQLs (sales-qualified)", "hand-offs of counted prospects that ended in a sales-qualified call (at most one per hand-off)"),
	Opportunities:                  def("opportunities", groupFunnel, "opportunities", "opportunities", "opportunities opened for counted prospects: one per SQL, so equal to sqls"),
	DealsWon:                       def("deals_won", groupRevenue, "deals", "deals won", "deals won in the replication: own-pipeline deals plus counted marketing prospects won"),
	MarketingDealsWon:              def("marketing_deals_won", groupRevenue, "deals", "deals won from marketing leads", "counted marketing prospects won"),
	ReasonsOffTarget:               def("reasons_off_target", groupReasons, "reasons", "reason: off target", "rejections and disqualifications of counted prospects as off-target: a student, bad contact data, or an account that does not fit"),
	ReasonsNoBudget:                def("reasons_no_budget", groupReasons, "reasons", "reason: no budget", "rejections and disqualifications of counted prospects for having no budget yet"),
	ReasonsNotInterested:           def("reasons_not_interested", groupReasons, "reasons", "reason: not interested", "rejections and disqualifications of counted prospects as not interested: too early in the journey, or not receptive on the call"),
	ReasonsCompetitor:              def("reasons_competitor", groupReasons, "reasons", "reason: a competitor", "rejections and disqualifications of counted prospects given as a competitor watching (read through sales.reason_accuracy)"),
	Revenue:                        def("revenue", groupRevenue, "currency", "revenue", "total value of the deals in deals_won"),
	MarketingRevenue:               def("marketing_revenue", groupRevenue, "currency", "revenue from marketing leads", "total value of the deals won from counted marketing prospects"),
	HandoffWasteShare:              def("handoff_waste_share", groupWaste, "share [0,1]", "hand-offs wasted (rejected or ignored)", "(rejected + ignored) / handoffs: the share of hand-offs that sales refused, or accepted and left unattempted past the acceptance window"),
	OffTargetHandoffShare:          def("off_target_handoff_share", groupWaste, "share [0,1]", "hand-offs off target", "off-target hand-offs / handoffs: hand-offs whose prospect cannot buy or whose account truly does not fit"),
	RejectedLaterBoughtShare:       def("rejected_later_bought_share", groupWaste, "share [0,1]", "rejected prospects who bought within 24 months", "among counted prospects rejected at least once whose 24-month window is complete, the share that bought within 730 days of their first rejection"),
	BoughtWithin3mShare:            def("bought_within_3m_share", groupBought, "share [0,1]", "inquiries that bought within 3 months", "among counted inquiries whose 3-month window ends within the observation, the share that bought (from us or a competitor) within it"),
	BoughtWithin6mShare:            def("bought_within_6m_share", groupBought, "share [0,1]", "inquiries that bought within 6 months", "among counted inquiries whose 6-month window ends within the observation, the share that bought (from us or a competitor) within it"),
	BoughtWithin12mShare:           def("bought_within_12m_share", groupBought, "share [0,1]", "inquiries that bought within 12 months", "among counted inquiries whose 12-month window ends within the observation, the share that bought (from us or a competitor) within it"),
	BoughtWithin24mShare:           def("bought_within_24m_share", groupBought, "share [0,1]", "inquiries that bought within 24 months", "among counted inquiries whose 24-month window ends within the observation, the share that bought (from us or a competitor) within it"),
	GenuineBoughtWithin24mShare:    def("genuine_bought_within_24m_share", groupBought, "share [0,1]", "genuine buyers who bought within 24 months", "bought_within_24m_share among the genuine prospects only (the buyers-to-be)"),
	LeakedProspects:                def("leaked_prospects", groupWaste, "prospects", "prospects who bought from a competitor", "counted prospects that bought from a competitor by the end"),
	LeakedRevenue:                  def("leaked_revenue", groupWaste, "currency", "revenue leaked to competitors", "total value of the competitor purchases of counted prospects, each at the deal value it would have had with us"),
	LeakedRevenueNeverHanded:       def("leaked_revenue_never_handed", groupWaste, "currency", "leaked: never handed to sales", "leaked revenue of prospects never handed over (to sales or to the cell)"),
	LeakedRevenueRejected:          def("leaked_revenue_rejected", groupWaste, "currency", "leaked: rejected by a rep", "leaked revenue of prospects a rep had rejected at an earlier hand-off"),
	LeakedRevenueIgnored:           def("leaked_revenue_ignored", groupWaste, "currency", "leaked: ignored or waiting", "leaked revenue of prospects waiting unattempted in a queue, or ignored at an earlier hand-off"),
	LeakedRevenueTooLate:           def("leaked_revenue_too_late", groupWaste, "currency", "leaked: reached too late", "leaked revenue of prospects still being worked, or attempted after the hot window or never reached at an earlier hand-off"),
	LeakedRevenueLostInCompetition: def("leaked_revenue_lost_in_competition", groupWaste, "currency", "leaked: lost in competition", "leaked revenue of prospects whose opportunity with us was open: we were in the deal and lost"),
	LeakedRevenueRecycled:          def("leaked_revenue_recycled", groupWaste, "currency", "leaked: recycled to marketing", "leaked revenue of prospects handed over, then disqualified or stalled and given back"),
	WaitedShare:                    def("waited_share", groupSpeed, "share [0,1]", "first attempts that waited", "share of first attempts with a wait w > 0 from the gate's hand-off; denominator contacted"),
	WaitMeanH:                      def("wait_mean_h", groupSpeed, "hours (calendar)", "mean wait to first attempt (h)", "mean wait w from the gate's hand-off to the first attempt; denominator contacted"),
	ResponseFromHandoffMedianH:     def("response_from_handoff_median_h", groupSpeed, "hours (calendar)", "median response from hand-off (h)", "median wait w from the gate's hand-off to the first attempt, over the replication's first attempts"),
	ResponseFromHandoffP90H:        def("response_from_handoff_p90_h", groupSpeed, "hours (calendar)", "90th percentile response from hand-off (h)", "90th percentile (nearest rank) of the wait w from the gate's hand-off to the first attempt, over the replication's first attempts"),
	ResponseFromInquiryMedianH:     def("response_from_inquiry_median_h", groupSpeed, "hours (calendar)", "median response from inquiry (h)", "median time from the inquiry to the prospect's first call attempt (its first contact), over the counted prospects attempted"),
	ResponseFromInquiryP90H:        def("response_from_inquiry_p90_h", groupSpeed, "hours (calendar)", "90th percentile response from inquiry (h)", "90th percentile (nearest rank) of the time from the inquiry to the prospect's first call attempt, over the counted prospects attempted"),
	ContactedWithin1hShare:         def("contacted_within_1h_share", groupSpeed, "share [0,1]", "first attempts within 1 hour", "share of first attempts with w ≤ 1 h; denominator contacted"),
	HotContactShare:                def("hot_contact_share", groupSpeed, "share [0,1]", "first attempts while the lead was hot", "share of first attempts that started inside the prospect's hot window; denominator contacted"),
	NeverContactedShare:            def("never_contacted_share", groupSpeed, "share [0,1]", "hand-offs never reached", "(handoffs − reached) / handoffs: the share of hand-offs to sales on which no rep's attempt reached the prospect"),
	QualifiedShare:                 def("qualified_share", groupSpeed, "share (≤ 1 without a cell)", "SQLs per attempted hand-off", "sqls / contacted: SQLs per attempted hand-off"),
	SLABreaches:                    def("sla_breaches", groupSpeed, "hand-offs", "hand-offs breaching their SLA", "hand-offs to sales whose first rep attempt started more than the hand-off's own SLA, in working hours, after it"),
	RepUtilization:                 def("rep_utilization", groupCost, "share [0,1]", "rep utilisation", "rep busy working hours in the measured window / (reps × working hours in the measured window)"),
	RepHoursMarketingLeads:         def("rep_hours_marketing_leads", groupCost, "hours (working)", "rep hours on marketing leads", "the part of the reps' busy working hours in the measured window spent on marketing leads"),
	RepHoursWasted:                 def("rep_hours_wasted", groupWaste, "hours (working)", "rep hours that led to nothing", "the part of rep_hours_marketing_leads spent on hand-offs that led to nothing: given back unreached or disqualified, or whose opportunity stalled"),
	WastedSalesCost:                def("wasted_sales_cost", groupWaste, "currency", "rep spend that led to nothing", "rep_hours_wasted × costs.rep_hour"),
	MarketingCost:                  def("marketing_cost", groupCost, "currency", "marketing cost", "cost per lead of the counted inquiries plus the expected nurture touches of counted prospects"),
	SalesCost:                      def("sales_cost", groupCost, "currency", "sales cost (rep hours)", "(rep_hours_marketing_leads + rep_hours_open_opportunities) × costs.rep_hour: the rep hours of marketing leads, their first meetings and the follow-ups of their open opportunities"),
	CellCost:                       def("cell_cost", groupCost, "currency", "qualification cell cost", "cell.agents × the cell's open hours in the measured window × cell.cost_per_hour (0 under qualify: rep)"),
	CostPerWonDeal:                 def("cost_per_won_deal", groupCost, "currency / deal", "cost per won deal", "(marketing_cost + sales_cost + cell_cost) / marketing_deals_won"),
	Top5DealsFromMarketing:         def("top5_deals_from_marketing", groupRevenue, "deals (0–5)", "of the 5 largest deals, from marketing", "of the five largest deals in deals_won, how many came from marketing"),
	TimeToRevenueMedianDays:        def("time_to_revenue_median_days", groupRevenue, "days", "median days from inquiry to win", "median, over counted marketing prospects won, of the time from the inquiry to the win"),
	MQLThresholdEnd:                def("mql_threshold_end", groupLearning, "points", "MQL threshold at the end", "the MQL threshold in force at the end of the replication"),
	DirectPurchases:                def("direct_purchases", groupRevenue, "deals", "purchases from us without an opportunity", "counted prospects that bought from us while no opportunity of ours was open (segments[].direct_share): in deals_won and revenue, not in marketing_deals_won"),
	RepHoursOpenOpportunities:      def("rep_hours_open_opportunities", groupCost, "hours (working)", "rep hours on open opportunities", "rep hours that open opportunities asked for in the measured window (sales.hours_per_open_week), worked as tasks or absorbed by idle time"),
	GrossMargin:                    def("gross_margin", groupRevenue, "currency", "gross margin", "revenue − the cost to serve the counted prospects won (segments[].serve_cost_share by fit) − their deal value lost to churn (segments[].churn by fit); own-pipeline deals have neither"),
	Profit:                         def("profit", groupRevenue, "currency", "profit", "gross_margin − marketing_cost − sales_cost − cell_cost"),
	WinRateClosed:                  def("win_rate_closed", groupRevenue, "share [0,1]", "win rate of closed opportunities", "opportunities of counted prospects won / those closed: won + lost to a competitor + no decision (the buyer bought nothing, or the opportunity stalled)"),
	CycleDaysWonMedian:             def("cycle_days_won_median", groupRevenue, "days", "median cycle of won opportunities (days)", "median, over the opportunities of counted prospects closed won, of the days from opening to close"),
	CycleDaysWonP90:                def("cycle_days_won_p90", groupRevenue, "days", "90th percentile cycle of won opportunities (days)", "90th percentile (nearest rank) of the days from opening to close of the opportunities of counted prospects closed won"),
	CycleDaysLostMedian:            def("cycle_days_lost_median", groupRevenue, "days", "median cycle of lost opportunities (days)", "median, over the opportunities of counted prospects lost to a competitor, of the days from opening to close"),
	CycleDaysLostP90:               def("cycle_days_lost_p90", groupRevenue, "days", "90th percentile cycle of lost opportunities (days)", "90th percentile (nearest rank) of the days from opening to close of the opportunities of counted prospects lost to a competitor"),
	CycleDaysNoDecisionMedian:      def("cycle_days_no_decision_median", groupRevenue, "days", "median cycle of no-decision opportunities (days)", "median, over the opportunities of counted prospects closed without a decision (bought nothing, or stalled), of the days from opening to close"),
	CycleDaysNoDecisionP90:         def("cycle_days_no_decision_p90", groupRevenue, "days", "90th percentile cycle of no-decision opportunities (days)", "90th percentile (nearest rank) of the days from opening to close of the opportunities of counted prospects closed without a decision"),
	OpenOpportunitiesEndShare:      def("open_opportunities_end_share", groupFunnel, "share [0,1]", "opportunities still open at the end", "opportunities of counted prospects still open at the end / opportunities"),
	RepRevenueCV:                   def("rep_revenue_cv", groupRevenue, "ratio", "spread of revenue across reps (CV)", "coefficient of variation across reps (population standard deviation / mean) of the value of the deals each won: its marketing deals and own-pipeline deals in revenue"),
	NurtureCalls:                   def("nurture_calls", groupCost, "calls", "rep calls to leads in nurture", "rep calls made in the measured window to leads still in nurture (policies[].nurture_calls), each taking nurture_calls.hours of rep time"),
	OutboundProspects:              def("outbound_prospects", groupFunnel, "prospects", "prospects found by outbound prospecting", "prospects the reps found in [warmup, horizon) by prospecting (sales.prospecting): their own leads, not in inquiries; their deals count in deals_won and revenue, not marketing's"),
	ConvertedReachedBy6thShare:     def("converted_reached_by_6th_share", groupSpeed, "share [0,1]", "opportunities reached by the 6th attempt", "opportunities whose hand-off first reached the prospect at its 6th rep attempt or earlier / opportunities (a hand-off ends at its first reach, so this is the attempt that opened the opportunity)"),
	CalledOnceShare:                def("called_once_share", groupSpeed, "share [0,1]", "attempted hand-offs called only once", "hand-offs to sales with a first rep attempt and no second by the end / hand-offs to sales with a first rep attempt (reached at the first attempt, given up after it, or waiting for the second at the end)"),
	ReadinessUnqualifiedShare:      def("readiness_unqualified_share", groupFunnel, "share [0,1]", "hand-offs unqualified (true state)", "hand-offs whose prospect, at the hand-off, cannot buy, does not truly fit, or is a contact with no role in the decision / handoffs"),
	ReadinessRightContactShare:     def("readiness_right_contact_share", groupFunnel, "share [0,1]", "hand-offs: right person, right organisation, no need yet", "hand-offs of a genuine, truly fitting prospect whose contact decides or influences, at stage no_need at the hand-off / handoffs"),
	ReadinessNeedShare:             def("readiness_need_share", groupFunnel, "share [0,1]", "hand-offs: plus an identified need", "hand-offs of a genuine, truly fitting prospect whose contact decides or influences, at stage problem_aware at the hand-off / handoffs"),
	ReadinessRequirementsShare:     def("readiness_requirements_share", groupFunnel, "share [0,1]", "hand-offs: plus defined requirements", "hand-offs of a genuine, truly fitting prospect whose contact decides or influences, at stage objective or evaluating at the hand-off, not meeting all four BANT criteria / handoffs"),
	ReadinessBANTShare:             def("readiness_bant_share", groupFunnel, "share [0,1]", "hand-offs fully BANT (true state)", "hand-offs of a genuine, truly fitting prospect meeting all four BANT criteria (budget, a decision maker, need, a recognised objective) at the hand-off / handoffs"),
	SalesReadyAtCaptureShare:       def("sales_ready_at_capture_share", groupFunnel, "share [0,1]", "inquiries sales-ready when captured", "counted inquiries with at least 3 of the 4 BANT criteria true at their arrival / inquiries"),
}

// def is one entry of metricDefs.
func def(name, group, unit, label, doc string) results.MetricDef {
	return results.MetricDef{Name: name, Group: group, Unit: unit, Label: label, Doc: doc}
}

// MetricNames are the snake_case names used in every output, indexed by
// Metric.
var MetricNames = func() (names [NumMetrics]string) {
	for m, d := range metricDefs {
		names[m] = d.Name
	}
	return names
}()

func (m Metric) String() string { return MetricNames[m] }

// Names returns the metric names in order, as a fresh slice.
func Names() []string { return append([]string(nil), MetricNames[:]...) }

// MetricDefs returns the definitions of the metrics in order (the order of
// Names), as a fresh slice.
func MetricDefs() []results.MetricDef { return append([]results.MetricDef(nil), metricDefs[:]...) }

// MetricGroups returns the groups of MetricDefs in the order they are
// shown, as a fresh slice.
func MetricGroups() []string { return append([]string(nil), metricGroups...) }
