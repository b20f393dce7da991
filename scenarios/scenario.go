package scenarios

import (
	"strconv"

	"funnellab/results/checks"
)

// Scenario is one company, its funnel and the policies to compare.
//
// Every field carries its documentation in struct tags, which are the single
// source for validation and for docs/scenario.md:
//
//	yaml:  the key (also used as the JSON name)
//	unit:  the unit shown in the docs ("" for none)
//	range: the allowed values, checked by Validate: an interval such as
//	       "[0,1]", "(0,inf)", "[1,100000]", "[0,24)" (inf allowed; square
//	       brackets are closed ends, parentheses open ones), or an
//	       enumeration "oneof=fifo|lifo"; a list field's range applies to
//	       each element; "" means no rule
//	doc:   one sentence for the reference
//
// Rules involving several fields (close_hour after open_hour, unique names,
// ...) are in Validate.
//
// Defaults are whatever Default (or the element default of a list, see
// Defaulter) sets before the file is read; a key missing from the file keeps
// its default.
type Scenario struct {
	Extends      string    `yaml:"extends" json:"extends" unit:"" range:"" doc:"Name of an embedded scenario this file starts from (default, reference, policies, ...: the files of scenarios/): its resolved values are the defaults here; a key given here overrides it. A named list (channels, segments, policies, findings) given as a mapping from names to changes changes the parent's entries by name (a new name adds one, ~ removes one); given as a list, it replaces the parent's list, each entry named like a parent's starting from it. Empty: start from the defaults below."`
	Name         string    `yaml:"name" json:"name" unit:"" range:"" doc:"Short identifier, used in output folder names: 1 to 100 bytes of letters, digits, '-', '_' and '.', not '.' or '..'."`
	Description  string    `yaml:"description" json:"description" unit:"" range:"" doc:"Free text shown in reports."`
	Currency     string    `yaml:"currency" json:"currency" unit:"" range:"" doc:"Name or symbol of the currency every amount of the scenario is in (deal values, costs), shown with money in the outputs: EUR, USD, €, ...; at most 12 characters, no line breaks. Empty: amounts are in unnamed currency units."`
	Seed         uint64    `yaml:"seed" json:"seed" unit:"" range:"" doc:"Master seed of all random streams; --seed overrides it."`
	Replications int       `yaml:"replications" json:"replications" unit:"" range:"[1,100000]" doc:"Number of independent replications; --reps overrides it."`
	HorizonDays  float64   `yaml:"horizon_days" json:"horizon_days" unit:"days" range:"(0,36500]" doc:"Period during which inquiries arrive; prospects still waiting at its end are worked to completion and counted."`
	ObserveDays  float64   `yaml:"observe_days" json:"observe_days" unit:"days" range:"[0,36500]" doc:"End of the observation, in days from time 0: every prospect's state is read then. 0 means run until nothing is left to do (prospects waiting at the horizon are worked to completion); otherwise it must be at least horizon_days."`
	WarmupDays   float64   `yaml:"warmup_days" json:"warmup_days" unit:"days" range:"[0,36500)" doc:"Initial period excluded from the metrics (prospects arriving in it are simulated but not counted; utilisation is measured after it); must be shorter than horizon_days."`
	Calendar     Calendar  `yaml:"calendar" json:"calendar" unit:"" range:"" doc:"When reps work."`
	Marketing    Marketing `yaml:"marketing" json:"marketing" unit:"" range:"" doc:"Where inquiries come from."`
	Response     Response  `yaml:"response" json:"response" unit:"" range:"" doc:"How the prospect's readiness decays with response delay."`
	Sales        Sales     `yaml:"sales" json:"sales" unit:"" range:"" doc:"The rep team."`
	DealValue    DealValue `yaml:"deal_value" json:"deal_value" unit:"" range:"" doc:"Value of a won deal when the scenario has no segments."`
	Segments     []Segment `yaml:"segments" json:"segments" unit:"" range:"" doc:"Account segments with their buying journeys. Empty: no journeys; every inquiry is a buyer decided at its first call (the reference funnel)."`
	JourneySpeed []float64 `yaml:"journey_speed_by_month" json:"journey_speed_by_month" unit:"factor" range:"[0,100]" doc:"Empty (the default: every month at speed 1), or up to 100 monthly multipliers of every journey stage rate, deciding included (30.4-day months from time 0), read in turn and repeated: 12 factors give a yearly pattern, a list as long as the observation gives one-off periods (0.5: buyers move through their journeys at half speed that month, for example while they delay decisions); at least one factor must be positive. Used only with segments; not normalised."`
	Signals      Signals   `yaml:"signals" json:"signals" unit:"" range:"" doc:"What marketing observes of a prospect's journey (used only with segments)."`
	Scoring      Scoring   `yaml:"scoring" json:"scoring" unit:"" range:"" doc:"Marketing's lead score: profile plus decaying engagement."`
	Nurture      Nurture   `yaml:"nurture" json:"nurture" unit:"" range:"" doc:"Marketing's nurture track for leads not with sales."`
	Costs        Costs     `yaml:"costs" json:"costs" unit:"" range:"" doc:"Unit costs beyond the channels' cost per lead."`
	Policies     []Policy  `yaml:"policies" json:"policies" unit:"" range:"" doc:"The hand-off policies compared, each run on the same prospects (common random numbers); at least one, names unique."`
	Findings     []Finding `yaml:"findings" json:"findings" unit:"" range:"" doc:"Published figures this scenario reproduces (funnel reproduce; docs/findings.md); empty for other scenarios."`
	Checks       []string  `yaml:"checks" json:"checks" unit:"" range:"" doc:"Pass/fail conditions that funnel run evaluates on the results (exit code 3 if one fails), such as 'objective.revenue > waterfall.revenue' or 'waterfall.handoff_waste_share.mean < 0.9'; each names policies of this scenario. Grammar and meaning: docs/checks.md."`
	Calibrated   []string  `yaml:"calibrated" json:"calibrated" unit:"" range:"" doc:"Keys of this scenario fitted by funnel calibrate (dotted key paths, each a numeric key, e.g. response.qualify_cold); funnel reproduce --perturb moves them. Empty by default; a scenario extending this one inherits the list."`
	Verdict      Verdict   `yaml:"verdict" json:"verdict" unit:"" range:"" doc:"What funnel run's verdict explains beyond the ranking."`
}

// Calendar says when reps work. Time 0 of a scenario is a Monday at 00:00.
type Calendar struct {
	AlwaysOpen  bool     `yaml:"always_open" json:"always_open" unit:"" range:"" doc:"If true, reps work around the clock, every day; the other calendar keys are then ignored, but still validated."`
	OpenHour    float64  `yaml:"open_hour" json:"open_hour" unit:"h (clock)" range:"[0,24)" doc:"Start of the working day."`
	CloseHour   float64  `yaml:"close_hour" json:"close_hour" unit:"h (clock)" range:"(0,24]" doc:"End of the working day; must be after open_hour. Rep work pauses at closing and resumes at the next opening."`
	WorkingDays []string `yaml:"working_days" json:"working_days" unit:"" range:"oneof=mon|tue|wed|thu|fri|sat|sun" doc:"Days on which reps work; at least one, no repeats."`
}

// Marketing holds the lead sources.
type Marketing struct {
	Channels []Channel `yaml:"channels" json:"channels" unit:"" range:"" doc:"Lead channels; at least one, names unique. A new channel must give its volume (one of the rate keys); the mixes it does not give are an ordinary channel's, not an ideal one: the default company's channels averaged over their volumes (default.yaml)."`
}

// Channel is one lead source.
type Channel struct {
	Name         string    `yaml:"name" json:"name" unit:"" range:"" doc:"Channel identifier, unique in the scenario (names its random stream); letters, digits, '-', '_' and '.' only."`
	RatePerHour  float64   `yaml:"rate_per_hour" json:"rate_per_hour" unit:"inquiries/h" range:"[0,1e6]" doc:"Mean Poisson arrival rate of inquiries, around the clock (times the month's seasonality factor). Give the channel's volume by exactly one of rate_per_hour, rate_per_week, rate_per_month and rate_per_year; the others are converted to this key when the file is read."`
	RatePerWeek  float64   `yaml:"rate_per_week,omitempty" json:"rate_per_week,omitempty" unit:"inquiries/week" range:"[0,1e10]" doc:"The volume per week (168 h) instead of rate_per_hour; read as rate_per_hour = rate_per_week / 168."`
	RatePerMonth float64   `yaml:"rate_per_month,omitempty" json:"rate_per_month,omitempty" unit:"inquiries/month" range:"[0,1e10]" doc:"The volume per month (a twelfth of a year, 730 h) instead of rate_per_hour; read as rate_per_hour = rate_per_month / 730."`
	RatePerYear  float64   `yaml:"rate_per_year,omitempty" json:"rate_per_year,omitempty" unit:"inquiries/year" range:"[0,1e10]" doc:"The volume per year (365 days, 8,760 h) instead of rate_per_hour; read as rate_per_hour = rate_per_year / 8760 (12,000 a year: 1.37 an hour)."`
	Seasonality  []float64 `yaml:"seasonality" json:"seasonality" unit:"factor" range:"[0,100]" doc:"Empty, or 12 monthly rate factors (30.4-day months from time 0), normalised to mean 1."`
	CostPerLead  float64   `yaml:"cost_per_lead" json:"cost_per_lead" unit:"currency" range:"[0,1e9]" doc:"Marketing cost of one inquiry."`
	Inquiry      string    `yaml:"inquiry" json:"inquiry" unit:"" range:"oneof=content|webinar|web_visit|hand_raise" doc:"What the inquiry itself is, as a signal: a content download, a webinar registration, a web form, or a hand-raise (demo request, project declared)."`
	Kinds        KindMix   `yaml:"kinds" json:"kinds" unit:"" range:"" doc:"Mix of prospect kinds arriving by this channel (weights, normalised)."`
	Stages       StageMix  `yaml:"stages" json:"stages" unit:"" range:"" doc:"Journey stage of genuine prospects at their inquiry (weights, normalised)."`
	FitHighShare float64   `yaml:"fit_high_share" json:"fit_high_share" unit:"probability" range:"[0,1]" doc:"Share of genuine prospects whose account truly fits the ideal customer profile."`
	Authority    AuthMix   `yaml:"authority" json:"authority" unit:"" range:"" doc:"Role mix of the contacts (weights, normalised)."`
}

// KindMix is a mix of prospect kinds (weights). Only genuine prospects can
// ever buy.
type KindMix struct {
	Genuine    float64 `yaml:"genuine" json:"genuine" unit:"weight" range:"[0,1e6]" doc:"Buyers-to-be (they have a buying journey)."`
	Competitor float64 `yaml:"competitor" json:"competitor" unit:"weight" range:"[0,1e6]" doc:"Competitors watching."`
	Student    float64 `yaml:"student" json:"student" unit:"weight" range:"[0,1e6]" doc:"Students and job seekers."`
	BadData    float64 `yaml:"bad_data" json:"bad_data" unit:"weight" range:"[0,1e6]" doc:"Wrong contact data: never reachable by phone."`
}

// StageMix is a mix of journey stages (weights).
type StageMix struct {
	NoNeed       float64 `yaml:"no_need" json:"no_need" unit:"weight" range:"[0,1e6]" doc:"No need yet."`
	ProblemAware float64 `yaml:"problem_aware" json:"problem_aware" unit:"weight" range:"[0,1e6]" doc:"Aware of a problem."`
	Objective    float64 `yaml:"objective" json:"objective" unit:"weight" range:"[0,1e6]" doc:"Has recognised an improvement objective and will look outside."`
	Evaluating   float64 `yaml:"evaluating" json:"evaluating" unit:"weight" range:"[0,1e6]" doc:"Evaluating vendors."`
}

// AuthMix is a mix of contact roles (weights).
type AuthMix struct {
	DecisionMaker float64 `yaml:"decision_maker" json:"decision_maker" unit:"weight" range:"[0,1e6]" doc:"Decision maker."`
	Influencer    float64 `yaml:"influencer" json:"influencer" unit:"weight" range:"[0,1e6]" doc:"Influencer."`
	None          float64 `yaml:"none" json:"none" unit:"weight" range:"[0,1e6]" doc:"No authority."`
}

// Segment is a class of accounts with its own buying journey and deals.
type Segment struct {
	Name                 string    `yaml:"name" json:"name" unit:"" range:"" doc:"Segment identifier; letters, digits, '-', '_' and '.' only."`
	Share                float64   `yaml:"share" json:"share" unit:"weight" range:"[0,1e6]" doc:"Share of genuine prospects in this segment (weights, normalised over segments)."`
	DealValue            DealValue `yaml:"deal_value" json:"deal_value" unit:"" range:"" doc:"Value of a deal (ours or a competitor's)."`
	WinRate              float64   `yaml:"win_rate" json:"win_rate" unit:"probability" range:"[0,1]" doc:"Probability that we win a prospect that decides while our opportunity with it is open."`
	EarlyBoost           float64   `yaml:"early_boost" json:"early_boost" unit:"factor" range:"[1,10]" doc:"Win-rate multiplier when our opportunity opened before the prospect started evaluating vendors (capped at probability 1)."`
	NoDecision           float64   `yaml:"no_decision" json:"no_decision" unit:"probability" range:"[0,1]" doc:"Probability that a prospect reaching the end of its evaluation decides nothing."`
	SalesCycleDays       float64   `yaml:"sales_cycle_days" json:"sales_cycle_days" unit:"days" range:"[0,3650]" doc:"Mean (exponential) time from opening an opportunity to the earliest decision with us."`
	NoNeedDays           float64   `yaml:"no_need_days" json:"no_need_days" unit:"days" range:"(0,1e5]" doc:"Mean (exponential) time in 'no need' before becoming problem-aware."`
	ProblemAwareDays     float64   `yaml:"problem_aware_days" json:"problem_aware_days" unit:"days" range:"(0,1e5]" doc:"Mean time from problem-aware to a recognised objective."`
	ObjectiveDays        float64   `yaml:"objective_days" json:"objective_days" unit:"days" range:"(0,1e5]" doc:"Mean time from a recognised objective to evaluating vendors."`
	EvaluatingDays       float64   `yaml:"evaluating_days" json:"evaluating_days" unit:"days" range:"(0,1e5]" doc:"Mean time spent evaluating vendors before deciding (the buying window)."`
	BudgetAllocated      float64   `yaml:"budget_allocated" json:"budget_allocated" unit:"probability" range:"[0,1]" doc:"Probability that a budget is allocated once the objective is recognised."`
	BudgetAfterSolutions float64   `yaml:"budget_after_solutions" json:"budget_after_solutions" unit:"probability" range:"[0,1]" doc:"Probability that the budget will be set only after seeing solutions (else there is none); budget_allocated + budget_after_solutions <= 1."`
	Churn                Churn     `yaml:"churn" json:"churn" unit:"" range:"" doc:"Churn of a customer won in this segment (refunds, lost renewals), as the share of its deal value lost, by fit (docs/model.md, Churn by fit): a cost counted in gross_margin and profit, not in revenue. 0 (the default): no churn."`
	ServeCost            ServeCost `yaml:"serve_cost_share" json:"serve_cost_share" unit:"" range:"" doc:"Cost to serve a customer won in this segment, as a share of its deal value, by fit (docs/model.md, Cost to serve): a low-fit customer above 1 has a negative margin. 0 (the default): serving costs nothing."`
	QualifyInMarket      float64   `yaml:"qualify_in_market" json:"qualify_in_market" unit:"probability" range:"[0,1]" doc:"Probability that a buyer of this segment reached by a rep's call while its objective is recognised (objective or evaluating stage) is receptive, hot or cold: the larger of it and response.qualify_hot (while hot) or qualify_cold applies (docs/model.md, Receptive in market). 0 (the default): the hot window alone decides, as for every buyer."`
	DirectShare          float64   `yaml:"direct_share" json:"direct_share" unit:"share" range:"[0,1]" doc:"Probability that a prospect that decides to buy while no opportunity of ours with it is open buys from us anyway (our brand, self-serve, a rep's own prospecting reaching it) instead of from a competitor: our revenue at the deal value, not a marketing deal. 0 (the default): it always buys from a competitor."`
	WinOdds              WinOdds   `yaml:"win_odds" json:"win_odds" unit:"" range:"" doc:"Win odds that depend on engagement: logit(p) = logit(min(1, win_rate x early boost)) + the coefficients that apply (docs/model.md, Win odds). All zero (the default): p = min(1, win_rate x early boost)."`
	Cycles               Cycles    `yaml:"cycles" json:"cycles" unit:"" range:"" doc:"Outcome-specific sales cycles (docs/model.md, Outcome cycles): a lognormal time from opening the opportunity to the earliest decision for each outcome. An outcome without one (median_days 0, the default) keeps the exponential sales_cycle_days."`
}

// Churn is the share of a won customer's deal value lost to churn, for an
// account that fits the ideal profile and one that does not.
type Churn struct {
	HighFit float64 `yaml:"high_fit" json:"high_fit" unit:"share of deal value" range:"[0,1]" doc:"Share of the deal value of a customer whose account fits the ideal profile lost to churn (refunds, renewals not made) over the life counted in the deal value."`
	LowFit  float64 `yaml:"low_fit" json:"low_fit" unit:"share of deal value" range:"[0,1]" doc:"Share of the deal value of a low-fit customer lost to churn."`
}

// ServeCost is the cost to serve a won customer, as a share of its deal
// value, for an account that fits the ideal profile and one that does not.
type ServeCost struct {
	HighFit float64 `yaml:"high_fit" json:"high_fit" unit:"share of deal value" range:"[0,5]" doc:"Cost to serve a customer whose account fits the ideal profile, over the life counted in the deal value."`
	LowFit  float64 `yaml:"low_fit" json:"low_fit" unit:"share of deal value" range:"[0,5]" doc:"Cost to serve a low-fit customer (support, churn, discounts): above 1, selling to it loses money."`
}

// WinOdds are the log-odds coefficients of the win probability of an
// opportunity (docs/model.md, Win odds). Each is added to the logit of the
// base probability min(1, win_rate x early boost) when it applies.
type WinOdds struct {
	StageNoNeed     float64 `yaml:"stage_no_need" json:"stage_no_need" unit:"log-odds" range:"[-20,20]" doc:"Added when our rep first engaged the buyer (first reached it on a call) while it had no need."`
	StageAware      float64 `yaml:"stage_aware" json:"stage_aware" unit:"log-odds" range:"[-20,20]" doc:"Added when our rep first engaged the buyer while it was problem-aware, before the objective was recognised."`
	StageObjective  float64 `yaml:"stage_objective" json:"stage_objective" unit:"log-odds" range:"[-20,20]" doc:"Added when our rep first engaged the buyer while its objective was recognised and being formed, before evaluation."`
	StageEvaluating float64 `yaml:"stage_evaluating" json:"stage_evaluating" unit:"log-odds" range:"[-20,20]" doc:"Added when our rep first engaged the buyer while it was already evaluating vendors."`
	BudgetSet       float64 `yaml:"budget_set" json:"budget_set" unit:"log-odds" range:"[-20,20]" doc:"Added when the buyer's budget was already allocated when our rep first engaged it (\"once the budget is set the vendor is already chosen\": usually negative)."`
	FitHigh         float64 `yaml:"fit_high" json:"fit_high" unit:"log-odds" range:"[-20,20]" doc:"Added when the account fits the ideal profile (low fit is the reference)."`
	DecisionMaker   float64 `yaml:"decision_maker" json:"decision_maker" unit:"log-odds" range:"[-20,20]" doc:"Added when the contact is a decision maker (no authority is the reference)."`
	Influencer      float64 `yaml:"influencer" json:"influencer" unit:"log-odds" range:"[-20,20]" doc:"Added when the contact is an influencer (no authority is the reference)."`
	PerBANT         float64 `yaml:"per_bant" json:"per_bant" unit:"log-odds per criterion" range:"[-20,20]" doc:"Added per BANT criterion truly met (0 to 4) when the opportunity opened (at qualification)."`
}

// Cycles are the outcome-specific sales cycles of a segment.
type Cycles struct {
	Won        Cycle `yaml:"won" json:"won" unit:"" range:"" doc:"Opportunities we win."`
	Lost       Cycle `yaml:"lost" json:"lost" unit:"" range:"" doc:"Opportunities lost to a competitor."`
	NoDecision Cycle `yaml:"no_decision" json:"no_decision" unit:"" range:"" doc:"Opportunities whose buyer decides nothing, and opportunities with accounts that cannot buy (they die at the end of this cycle, as a stall)."`
}

// Cycle is a lognormal duration given by its median and coefficient of
// variation.
type Cycle struct {
	MedianDays float64 `yaml:"median_days" json:"median_days" unit:"days" range:"[0,3650]" doc:"Median time from opening the opportunity to the earliest decision with this outcome; 0: this outcome keeps the exponential sales_cycle_days."`
	CV         float64 `yaml:"cv" json:"cv" unit:"" range:"[0,10]" doc:"Coefficient of variation (sd/mean) of the lognormal; 0: always the median."`
}

// Signals gives the rates at which a prospect emits each kind of signal, by
// journey stage. Non-genuine prospects emit at the no_need rates.
type Signals struct {
	Content       StageRates `yaml:"content" json:"content" unit:"" range:"" doc:"Content downloads."`
	Webinar       StageRates `yaml:"webinar" json:"webinar" unit:"" range:"" doc:"Webinar attendances."`
	WebVisit      StageRates `yaml:"web_visit" json:"web_visit" unit:"" range:"" doc:"Tracked web visits."`
	HandRaise     StageRates `yaml:"hand_raise" json:"hand_raise" unit:"" range:"" doc:"Explicit hand-raises: demo request, project declared, diagnostic questionnaire answered."`
	BusinessHours bool       `yaml:"business_hours" json:"business_hours" unit:"" range:"" doc:"If true, prospects emit signals only during the calendar's working hours (the same number per week): businesses act in business hours."`
	OpenRate      float64    `yaml:"open_rate" json:"open_rate" unit:"probability" range:"[0,1]" doc:"Probability that a nurture email is opened (an email-open signal)."`
	LevelNoiseSD  float64    `yaml:"level_noise_sd" json:"level_noise_sd" unit:"stages" range:"[0,10]" doc:"Noise (normal sd) of the maturity level a hand-raise reveals: the stage (0 no need, 1 problem aware, 2 objective, 3 evaluating; 0 for non-buyers) plus this noise."`
}

// StageRates is a signal rate per journey stage.
type StageRates struct {
	NoNeed       float64 `yaml:"no_need" json:"no_need" unit:"1/week" range:"[0,1e4]" doc:"Rate in 'no need'."`
	ProblemAware float64 `yaml:"problem_aware" json:"problem_aware" unit:"1/week" range:"[0,1e4]" doc:"Rate when problem-aware."`
	Objective    float64 `yaml:"objective" json:"objective" unit:"1/week" range:"[0,1e4]" doc:"Rate with a recognised objective."`
	Evaluating   float64 `yaml:"evaluating" json:"evaluating" unit:"1/week" range:"[0,1e4]" doc:"Rate while evaluating vendors."`
}

// Scoring is marketing's lead score: profile points (as recorded, with data
// errors) plus engagement points that decay exponentially.
type Scoring struct {
	FitHigh       float64 `yaml:"fit_high" json:"fit_high" unit:"points" range:"[0,1e4]" doc:"Points for a recorded high fit."`
	DecisionMaker float64 `yaml:"decision_maker" json:"decision_maker" unit:"points" range:"[0,1e4]" doc:"Points for a recorded decision maker."`
	Influencer    float64 `yaml:"influencer" json:"influencer" unit:"points" range:"[0,1e4]" doc:"Points for a recorded influencer."`
	Content       float64 `yaml:"content" json:"content" unit:"points" range:"[0,1e4]" doc:"Engagement points per content download."`
	Webinar       float64 `yaml:"webinar" json:"webinar" unit:"points" range:"[0,1e4]" doc:"Engagement points per webinar."`
	WebVisit      float64 `yaml:"web_visit" json:"web_visit" unit:"points" range:"[0,1e4]" doc:"Engagement points per web visit."`
	EmailOpen     float64 `yaml:"email_open" json:"email_open" unit:"points" range:"[0,1e4]" doc:"Engagement points per email opened."`
	HandRaise     float64 `yaml:"hand_raise" json:"hand_raise" unit:"points" range:"[0,1e4]" doc:"Engagement points per hand-raise."`
	DecayDays     float64 `yaml:"decay_days" json:"decay_days" unit:"days" range:"(0,1e4]" doc:"Mean life of engagement points (they decay as exp(-age/decay_days))."`
	MQLThreshold  float64 `yaml:"mql_threshold" json:"mql_threshold" unit:"points" range:"[0,1e6]" doc:"Score at which a lead becomes a Marketing Qualified Lead (counted under every policy; the waterfall hands MQLs over)."`
	DataErrorRate float64 `yaml:"data_error_rate" json:"data_error_rate" unit:"probability" range:"[0,1]" doc:"Probability that each recorded profile attribute is wrong (fit flipped; role drawn uniformly)."`
}

// Nurture is marketing's nurture track, which every lead not with sales
// (and not dropped) is on.
type Nurture struct {
	TouchesPerWeek float64 `yaml:"touches_per_week" json:"touches_per_week" unit:"1/week" range:"[0,100]" doc:"Cadence of nurture touches (emails) to each lead in nurture."`
	Speedup        float64 `yaml:"speedup" json:"speedup" unit:"factor" range:"[0,10]" doc:"Relative increase of a nurtured prospect's journey rates before evaluating (0.3: 30% faster)."`
}

// Costs are unit costs beyond the channels' cost per lead.
type Costs struct {
	NurtureTouch float64 `yaml:"nurture_touch" json:"nurture_touch" unit:"currency" range:"[0,1e6]" doc:"Cost of one nurture touch to one lead."`
	RepHour      float64 `yaml:"rep_hour" json:"rep_hour" unit:"currency/h" range:"[0,1e6]" doc:"Cost of one rep hour spent on marketing leads (attempts, calls, opportunities)."`
}

// Response describes the hot window and how it decides qualification.
// A hot window starts at the inquiry and again at every hand-raise.
type Response struct {
	HotWindowHours Duration `yaml:"hot_window_hours" json:"hot_window_hours" unit:"h" range:"" doc:"Time from the inquiry during which the prospect is still hot."`
	QualifyHot     float64  `yaml:"qualify_hot" json:"qualify_hot" unit:"probability" range:"[0,1]" doc:"Probability that a prospect reached by a call attempt made while it is hot is receptive (qualifies, if its BANT reading also passes)."`
	QualifyCold    float64  `yaml:"qualify_cold" json:"qualify_cold" unit:"probability" range:"[0,1]" doc:"Probability that a prospect reached after its hot window is receptive."`
	ContactHot     float64  `yaml:"contact_hot" json:"contact_hot" unit:"probability" range:"[0,1]" doc:"Probability that a call attempt made while the prospect is hot reaches it."`
	ContactCold    float64  `yaml:"contact_cold" json:"contact_cold" unit:"probability" range:"[0,1]" doc:"Probability that a call attempt made after the hot window reaches the prospect."`
}

// Sales is the rep team.
type Sales struct {
	Reps              int         `yaml:"reps" json:"reps" unit:"reps" range:"[1,100000]" doc:"Number of identical reps serving one queue."`
	FirstCallHours    Duration    `yaml:"first_call_hours" json:"first_call_hours" unit:"h" range:"" doc:"Duration of the first call (rep time per lead)."`
	WinRate           float64     `yaml:"win_rate" json:"win_rate" unit:"probability" range:"[0,1]" doc:"Probability that an opportunity (a qualified prospect) is won, when the scenario has no segments; otherwise it is lost to a competitor."`
	AttemptHours      float64     `yaml:"attempt_hours" json:"attempt_hours" unit:"h" range:"(0,100]" doc:"Rep time of a call attempt that does not reach the prospect."`
	OpportunityHours  Duration    `yaml:"opportunity_hours" json:"opportunity_hours" unit:"h" range:"" doc:"Rep time to work an opportunity after the qualifying call (demo, proposal), done before other work."`
	AcceptWindowHours float64     `yaml:"accept_window_hours" json:"accept_window_hours" unit:"h" range:"(0,1e5]" doc:"A lead handed to a rep and not attempted within this time is ignored (counted, and handled as the policy says)."`
	BANTAccuracy      float64     `yaml:"bant_accuracy" json:"bant_accuracy" unit:"probability" range:"[0.5,1]" doc:"Probability that a call reads each BANT criterion right."`
	OwnPipeline       OwnPipeline `yaml:"own_pipeline" json:"own_pipeline" unit:"" range:"" doc:"Work reps source themselves, which they do before marketing leads unless the policy gives marketing leads priority."`
	Judgement         Judgement   `yaml:"judgement" json:"judgement" unit:"" range:"" doc:"How a rep judges a marketing lead where the policy lets it refuse (the SAL step)."`
	HoursPerOpenWeek  float64     `yaml:"hours_per_open_week" json:"hours_per_open_week" unit:"h/week" range:"[0,168]" doc:"Rep time each open opportunity takes per week it stays open (follow-ups, meetings), on top of opportunity_hours; the owning rep works it before its next task (0: an open opportunity costs nothing after its first meeting)."`
	SkillCV           float64     `yaml:"skill_cv" json:"skill_cv" unit:"ratio" range:"[0,3]" doc:"Coefficient of variation of the reps' skill, a lognormal multiplier of mean 1 drawn per rep and replication: it multiplies the odds of winning the rep's opportunities and of reaching a prospect, and divides the rep's reached-call duration (0: identical reps)."`
	OwnLoadCV         float64     `yaml:"own_load_cv" json:"own_load_cv" unit:"ratio" range:"[0,3]" doc:"Coefficient of variation of the reps' own-pipeline load, a lognormal multiplier of mean 1 on own_pipeline.tasks_per_week drawn per rep and replication (0: every rep has the same rate)."`
	Trust             Trust       `yaml:"trust" json:"trust" unit:"" range:"" doc:"How each rep's trust in marketing leads follows the leads it works, and how trust moves its judgement, priority and attempts on them (docs/model.md, Trust in marketing leads)."`
	CreditMarketing   float64     `yaml:"credit_marketing_deals" json:"credit_marketing_deals" unit:"share" range:"[0,1]" doc:"Share of a marketing-sourced deal's value credited to the rep who won it (1: fully credited, the policy's priority and attempts apply; below 1 the rep works its own pipeline first and makes ceil(share x attempts) attempts, at least 1, on marketing leads)."`
	ReasonAccuracy    float64     `yaml:"reason_accuracy" json:"reason_accuracy" unit:"probability" range:"[0.5,1]" doc:"Probability that a rep (or the cell) reads each attribute a rejection or disqualification reason depends on right (the prospect's kind, its account's fit, whether it has a budget); a misread kind is one of the other three, equally likely. The reason given, which the reasons metrics count and marketing's learning reads, is the one the reader believes (1, the default: the true reason)."`
	Prospecting       Prospecting `yaml:"prospecting" json:"prospecting" unit:"" range:"" doc:"Outbound prospecting: hours each rep spends finding its own leads, taken from its capacity; what it finds is the rep's own lead, not marketing's (hours_per_week 0: none)."`
}

// OwnPipeline is the work each rep sources itself.
type OwnPipeline struct {
	TasksPerWeek float64   `yaml:"tasks_per_week" json:"tasks_per_week" unit:"1/week per rep" range:"[0,1e4]" doc:"Poisson rate of own-pipeline tasks per rep (around the clock; worked in working hours)."`
	TaskHours    Duration  `yaml:"task_hours" json:"task_hours" unit:"h" range:"" doc:"Rep time of one own-pipeline task."`
	WinRate      float64   `yaml:"win_rate" json:"win_rate" unit:"probability" range:"[0,1]" doc:"Probability that a completed own task closes a deal."`
	DealValue    DealValue `yaml:"deal_value" json:"deal_value" unit:"" range:"" doc:"Value of an own-sourced deal."`
}

// Prospecting is the reps' outbound prospecting: a channel fed by rep
// hours instead of money (docs/model.md, Outbound prospecting).
type Prospecting struct {
	HoursPerWeek     float64  `yaml:"hours_per_week" json:"hours_per_week" unit:"h/week per rep" range:"[0,168]" doc:"Hours each rep spends prospecting per calendar week, worked before its next task (like the effort on open opportunities); 0: no outbound channel."`
	InquiriesPerHour float64  `yaml:"inquiries_per_hour" json:"inquiries_per_hour" unit:"1/h" range:"[0,100]" doc:"Prospects found per prospecting hour (a Poisson process at hours_per_week x reps x this rate per week, on its own stream)."`
	Kinds            KindMix  `yaml:"kinds" json:"kinds" unit:"" range:"" doc:"Mix of prospect kinds found (weights, normalised)."`
	Stages           StageMix `yaml:"stages" json:"stages" unit:"" range:"" doc:"Journey stage of the genuine prospects found (weights, normalised)."`
	FitHighShare     float64  `yaml:"fit_high_share" json:"fit_high_share" unit:"probability" range:"[0,1]" doc:"Share of genuine prospects found whose account truly fits the ideal customer profile."`
	Authority        AuthMix  `yaml:"authority" json:"authority" unit:"" range:"" doc:"Role mix of the contacts found (weights, normalised)."`
}

// Judgement is a rep's reading of a marketing lead's quality, on the scale
// of the true quality (0 for a prospect that cannot buy ... 1 for a
// decision maker at a fitting account that is evaluating vendors).
type Judgement struct {
	Bias       float64 `yaml:"bias" json:"bias" unit:"quality" range:"[-1,1]" doc:"Systematic error of the reading (negative: reps underrate marketing leads)."`
	NoiseSD    float64 `yaml:"noise_sd" json:"noise_sd" unit:"quality" range:"[0,10]" doc:"Random error of the reading (normal sd)."`
	Bar        float64 `yaml:"bar" json:"bar" unit:"quality" range:"[-10,10]" doc:"A rep accepts a lead whose reading exceeds bar + bar_per_item x its open work items."`
	BarPerItem float64 `yaml:"bar_per_item" json:"bar_per_item" unit:"quality/item" range:"[0,10]" doc:"Rise of the bar per open work item of the rep (own tasks waiting, leads queued, opportunities open)."`
}

// Trust is each rep's trust in marketing's leads: an exponentially
// weighted moving average of what the rep observes of the marketing leads
// it works to an outcome (1 for one it opened an opportunity on, 0 for one
// it disqualified on a reached call or gave up on as unreached). Every rep
// starts a replication at reference.
type Trust struct {
	Rate             float64 `yaml:"rate" json:"rate" unit:"1/lead" range:"[0,1]" doc:"Weight of each lead a rep works to an outcome in its trust (0: trust stays at reference, the fixed judgement bias of sales.judgement)."`
	Reference        float64 `yaml:"reference" json:"reference" unit:"share" range:"[0,1]" doc:"Trust every rep starts at, and at which its judgement bias is sales.judgement.bias: the share of marketing leads worked that reps expect to become opportunities."`
	Sensitivity      float64 `yaml:"sensitivity" json:"sensitivity" unit:"quality/share" range:"[0,10]" doc:"Rise of the rep's judgement bias per unit of trust above reference: bias = judgement.bias + sensitivity x (trust - reference)."`
	FirstSampleLeads int     `yaml:"first_sample_leads" json:"first_sample_leads" unit:"leads" range:"[0,1000]" doc:"Start-up period: while a rep has worked fewer marketing leads than this to an outcome, it vetoes none, makes the policy's full attempts and follows the policy's priority; the outcomes of its first first_sample_leads leads set its trust to their mean (0: no start-up period)."`
	LowTrust         float64 `yaml:"low_trust" json:"low_trust" unit:"share" range:"[0,1]" doc:"Below this trust a rep works its own pipeline first and makes at most low_trust_attempts attempts on a marketing lead (0: never)."`
	LowTrustAttempts int     `yaml:"low_trust_attempts" json:"low_trust_attempts" unit:"calls" range:"[1,100]" doc:"Attempts per hand-off, at most, of a rep whose trust is below low_trust."`
}

// Duration is a random duration in hours.
type Duration struct {
	Dist string  `yaml:"dist" json:"dist" unit:"" range:"oneof=exponential|fixed|lognormal" doc:"Distribution family: exponential, fixed (always the mean) or lognormal (with coefficient of variation cv)."`
	Mean float64 `yaml:"mean" json:"mean" unit:"h" range:"(0,1e6]" doc:"Mean duration."`
	CV   float64 `yaml:"cv" json:"cv" unit:"" range:"(0,10]" doc:"Coefficient of variation (sd/mean), used by lognormal only (still validated for the others)."`
}

// DealValue is the lognormal value of a won deal.
type DealValue struct {
	Median float64 `yaml:"median" json:"median" unit:"currency" range:"(0,1e12]" doc:"Median deal value."`
	Sigma  float64 `yaml:"sigma" json:"sigma" unit:"" range:"[0,5]" doc:"Standard deviation of the log of the deal value."`
}

// Policy is one hand-off process, built from parts: the gate (when
// marketing hands a lead over), the qualification (who reads BANT, and how
// strictly), the veto, routing, work order, SLA and call attempts, what
// becomes of leads sales gives back, marketing's learning, and the KPI.
//
// base names a preset (see Presets and docs/policies.md): every key the
// file does not set takes the preset's value, so "base: waterfall" plus
// "veto: none" is the waterfall without the SAL veto.
type Policy struct {
	Name         string       `yaml:"name" json:"name" unit:"" range:"" doc:"Policy identifier, unique in the scenario; letters, digits, '-', '_' and '.' only."`
	Base         string       `yaml:"base" json:"base" unit:"" range:"oneof=direct|waterfall|objective|bant|matrix|telequal|sla|feedback" doc:"Preset the other keys default to (docs/policies.md): direct, waterfall, objective, bant, matrix, telequal, sla or feedback."`
	Gate         string       `yaml:"gate" json:"gate" unit:"" range:"oneof=inquiry|score|objective|matrix" doc:"When marketing hands a lead over: inquiry (every inquiry, once), score (lead score reaches scoring.mql_threshold), objective (a hand-raise revealing at least min_level) or matrix (fit x interest, see matrix)."`
	MinLevel     float64      `yaml:"min_level" json:"min_level" unit:"stages" range:"[0,3]" doc:"Gate objective: maturity level a hand-raise must reveal (2 = objective recognised)."`
	Matrix       Matrix       `yaml:"matrix" json:"matrix" unit:"" range:"" doc:"Gate matrix: what each cell of recorded fit x interest does."`
	Qualify      string       `yaml:"qualify" json:"qualify" unit:"" range:"oneof=rep|cell" doc:"Who makes the BANT qualification call: rep (the rep's first reached call; an SQL needs sql_min_bant criteria) or cell (a tele-qualification cell calls the lead before the hand-off, see cell)."`
	SQLMinBANT   int          `yaml:"sql_min_bant" json:"sql_min_bant" unit:"criteria" range:"[0,4]" doc:"BANT criteria the rep's call must read as met for the lead to be sales qualified."`
	Budget       string       `yaml:"budget" json:"budget" unit:"" range:"oneof=allocated|after_solutions" doc:"What meets the Budget criterion: allocated only, or also a budget to be set after seeing solutions (small firms, [bant-nurture] in docs/sources.md)."`
	Cell         Cell         `yaml:"cell" json:"cell" unit:"" range:"" doc:"Qualify cell: the tele-qualification cell."`
	Veto         string       `yaml:"veto" json:"veto" unit:"" range:"oneof=judgement|none" doc:"May the rep refuse a hand-off: judgement (the SAL step, see sales.judgement) or none."`
	Routing      string       `yaml:"routing" json:"routing" unit:"" range:"oneof=pooled|round_robin|least_loaded|territory|sticky|skill_weighted" doc:"Who gets a hand-off: pooled (one queue, the next free rep), round_robin, least_loaded (fewest open items), territory (round robin among the reps owning the prospect's segment), sticky (a prospect handed over again goes back to the rep who had it; its first hand-off goes round robin) or skill_weighted (fewest open items, plus one, per unit of the rep's skill, sales.skill_cv: skilled reps get more leads; least_loaded when reps are identical)."`
	Queue        string       `yaml:"queue" json:"queue" unit:"" range:"oneof=fifo|lifo" doc:"Order in which reps take waiting leads: fifo (oldest first) or lifo (newest first)."`
	Priority     string       `yaml:"priority" json:"priority" unit:"" range:"oneof=own_first|leads_first|sla_first" doc:"What a free rep works first: own_first (its own pipeline), leads_first (marketing leads) or sla_first (own pipeline, unless the lead it would take next is a first attempt whose SLA an own task would breach; a new lead whose SLA the task in progress would breach interrupts it)."`
	LeadHours    LeadHours    `yaml:"lead_hours" json:"lead_hours" unit:"" range:"" doc:"When reps call marketing leads, within their working hours: 0 to 24 means whenever they work; a daily batch, e.g. 9 to 10, is a response practice (HBR 2011's firms that answer the next day)."`
	SLAHours     float64      `yaml:"sla_hours" json:"sla_hours" unit:"h (working)" range:"[0,1e5]" doc:"Commitment to make the first attempt within this many working hours of the hand-off; breaches are counted (0: none). Enforced only with priority sla_first."`
	Attempts     int          `yaml:"attempts" json:"attempts" unit:"calls" range:"[1,100]" doc:"Call attempts per hand-off before giving up as unreachable."`
	SpacingHours float64      `yaml:"spacing_hours" json:"spacing_hours" unit:"h" range:"[0,1e4]" doc:"Delay between call attempts."`
	OnReject     string       `yaml:"on_reject" json:"on_reject" unit:"" range:"oneof=nurture|drop" doc:"What happens to a lead rejected, ignored, unreached, disqualified or whose opportunity stalled: back to nurture, or dropped from marketing's database. Without segments, nurture acts as drop."`
	RecycleTrack RecycleTrack `yaml:"recycle_track" json:"recycle_track" unit:"" range:"" doc:"The nurture track of leads sales gave back (the 'nurture leads' of [bant-nurture] in docs/sources.md): the scenario's nurture track, or a separate one."`
	CooldownDays float64      `yaml:"cooldown_days" json:"cooldown_days" unit:"days" range:"[0,3650]" doc:"A lead given back to nurture is not handed over again for this long (nurture takes time)."`
	StallDays    float64      `yaml:"stall_days" json:"stall_days" unit:"days" range:"[0,3650]" doc:"An opportunity whose prospect has not started evaluating after this long is returned to nurture (0: never)."`
	Learning     Learning     `yaml:"learning" json:"learning" unit:"" range:"" doc:"Marketing's learning from the reasons sales gives back leads ([reconcile-2017] in docs/sources.md); rate 0: none."`
	MeasuredOn   string       `yaml:"measured_on" json:"measured_on" unit:"" range:"oneof=inquiries|mqls|sals|opportunities|revenue" doc:"The KPI marketing is measured on: reported, and, under learning with a positive learning.kpi_weight, the KPI its learning chases (the cell's incentive is the cell's counterpart)."`
	SwitchFrom   string       `yaml:"switch_from" json:"switch_from" unit:"" range:"" doc:"The policy switch (docs/model.md, The policy switch): the name of another policy of the scenario, in force from the start until switch_at_days; this policy then takes over, the funnel state carrying over. Neither may qualify by cell, both need the same recycle_track, and the other may not switch itself. Empty (the default): no switch."`
	SwitchAtDays float64      `yaml:"switch_at_days" json:"switch_at_days" unit:"days" range:"[0,36500]" doc:"Day of the policy switch from switch_from to this policy; 0 (the default): no switch, this policy from the start."`
	NurtureCalls NurtureCalls `yaml:"nurture_calls" json:"nurture_calls" unit:"" range:"" doc:"Sales involvement before a lead is sales-ready ([bant-nurture] in docs/sources.md): reps call leads still in nurture at a light-touch cadence (per_month 0: none)."`
}

// NurtureCalls is a light-touch cadence of rep calls to leads in nurture,
// before they are handed over (docs/model.md, Nurture calls).
type NurtureCalls struct {
	PerMonth   float64 `yaml:"per_month" json:"per_month" unit:"1/month per lead" range:"[0,30]" doc:"Calls per month to each lead in nurture, at a fixed cadence from its entry into nurture (0: off). Needs segments (buying journeys)."`
	Hours      float64 `yaml:"hours" json:"hours" unit:"h" range:"[0,8]" doc:"Rep time of one call, worked by the calling rep (reps in turn) before its next task, like the effort on open opportunities; under qualify: cell, the cell's agents make the calls (in turn, before their next lead)."`
	Advance    float64 `yaml:"advance" json:"advance" unit:"probability" range:"[0,1]" doc:"Probability that a call reaching a genuine prospect not yet evaluating moves it on to its next journey stage at once."`
	MaxPerLead int     `yaml:"max_per_lead" json:"max_per_lead" unit:"calls" range:"[1,100]" doc:"Calls per lead at most, over all its spells in nurture."`
}

// Finding is a published figure, how the simulation measures it, and how
// close it must come.
type Finding struct {
	ID              string   `yaml:"id" json:"id" unit:"" range:"" doc:"Identifier of the finding, unique in the scenario; letters, digits, '-', '_' and '.' only."`
	Title           string   `yaml:"title" json:"title" unit:"" range:"" doc:"What the finding says, in a line."`
	Source          string   `yaml:"source" json:"source" unit:"" range:"" doc:"The study and where its figure is published."`
	Quantity        string   `yaml:"quantity" json:"quantity" unit:"" range:"" doc:"The simulated quantity compared with the published value: a name of docs/findings.md (e.g. qual_ratio_1h_vs_2h), measured on the run the way the study measured it."`
	Policies        []string `yaml:"policies" json:"policies" unit:"" range:"" doc:"The policies the quantity is measured over (pooled: a population of firms); empty: all of the scenario's."`
	Published       float64  `yaml:"published" json:"published" unit:"" range:"" doc:"The published value, in the quantity's unit."`
	Compare         string   `yaml:"compare" json:"compare" unit:"" range:"oneof=within|at_least|at_most" doc:"within: the simulated mean must be within tolerance of the published value; at_least / at_most: for published bounds such as 'more than 60 times'."`
	Tolerance       float64  `yaml:"tolerance" json:"tolerance" unit:"share" range:"[0,10]" doc:"Relative tolerance: within means |mean - published| <= tolerance x published; at_least means mean >= published x (1 - tolerance); at_most, mean <= published x (1 + tolerance)."`
	ToleranceReason string   `yaml:"tolerance_reason" json:"tolerance_reason" unit:"" range:"" doc:"Why this tolerance (a published 'nearly 7x' is not a 7.00 target)."`
	Role            string   `yaml:"role" json:"role" unit:"" range:"" doc:"Required: what the finding is to the world (docs/findings.md, Roles): fitted (a calibration target of the world), held_out (never used in any fit), derived (follows from fitted findings by construction; name them in derived_from) or bound (a one-sided published statement; compare at_least or at_most)."`
	DerivedFrom     []string `yaml:"derived_from" json:"derived_from" unit:"" range:"" doc:"The ids of the findings a derived finding follows from (of any finding scenario; funnel reproduce checks that they exist); required for role derived, empty otherwise."`
	Expected        string   `yaml:"expected" json:"expected" unit:"" range:"" doc:"reproduced (the default, when empty) or not_reproduced: documented as not reproduced, so funnel reproduce reports it and does not fail on it unless --strict."`
	ExpectedReason  string   `yaml:"expected_reason" json:"expected_reason" unit:"" range:"" doc:"Required when expected is not_reproduced: the mechanism the model lacks to reproduce the finding; empty otherwise."`
}

// Verdict holds what funnel run adds to its verdict.
type Verdict struct {
	Decompose []string `yaml:"decompose" json:"decompose" unit:"" range:"" doc:"Empty (the default: nothing), or two policy names [A, B] of the scenario: funnel run then decomposes B - A on the verdict metric into its families of parts (the gate, the veto, the effort; funnel decompose --by families, docs/experiments.md) over the first min(replications, 5) replications, writes decomposition.json and a waterfall chart, and the report's verdict says what each family brings (a run without both policies, by its --policies or a scenario extending this one with others, or with a policy that uses the policy switch, skips it (and says so in its log))."`
}

// LeadHours are the hours of the day in which reps call marketing leads.
type LeadHours struct {
	OpenHour  float64 `yaml:"open_hour" json:"open_hour" unit:"h (clock)" range:"[0,24)" doc:"Reps start calling marketing leads at this hour (on the calendar's working days)."`
	CloseHour float64 `yaml:"close_hour" json:"close_hour" unit:"h (clock)" range:"(0,24]" doc:"... and stop at this hour (a call in progress finishes); must be after open_hour."`
}

// RecycleTrack is the nurture track of leads sales gave back.
type RecycleTrack struct {
	Separate       bool    `yaml:"separate" json:"separate" unit:"" range:"" doc:"If false, leads given back rejoin the scenario's nurture track (nurture.*) and the two keys below are ignored (still validated)."`
	TouchesPerWeek float64 `yaml:"touches_per_week" json:"touches_per_week" unit:"1/week" range:"[0,100]" doc:"Cadence of the separate track's touches (emails), each opened with probability signals.open_rate."`
	Speedup        float64 `yaml:"speedup" json:"speedup" unit:"factor" range:"[0,10]" doc:"Relative increase of the journey rates (before evaluating) of a prospect on the separate track."`
}

// Matrix says what the fit x interest matrix ([funnel-vocabulary-2017] in
// docs/sources.md) does with a lead in each cell. Fit is the account's recorded fit; interest is high when
// the lead's engagement points reach interest_points.
type Matrix struct {
	InterestPoints     float64 `yaml:"interest_points" json:"interest_points" unit:"points" range:"[0,1e4]" doc:"Engagement points (decayed, as in the score) from which interest is high."`
	HighFitHighSLA     float64 `yaml:"high_fit_high_interest_sla_hours" json:"high_fit_high_interest_sla_hours" unit:"h (working)" range:"[0,1e5]" doc:"High fit, high interest: handed over with this follow-up SLA (0: the policy's sla_hours)."`
	HighFitLowInterest string  `yaml:"high_fit_low_interest" json:"high_fit_low_interest" unit:"" range:"oneof=nurture|handoff" doc:"High fit, low interest: kept in nurture, or handed over flagged 'build interest' (no SLA)."`
	LowFitHighInterest string  `yaml:"low_fit_high_interest" json:"low_fit_high_interest" unit:"" range:"oneof=handoff|nurture|drop" doc:"Low fit, high interest: handed over, kept in nurture or dropped."`
	LowFitLowInterest  string  `yaml:"low_fit_low_interest" json:"low_fit_low_interest" unit:"" range:"oneof=drop|nurture" doc:"Low fit, low interest: dropped (the matrix's rule) or kept in nurture."`
}

// Cell is a tele-qualification cell between marketing and sales
// ([bant-nurture] in docs/sources.md): its own agents, calling the leads the gate passes, in the
// calendar's working hours, first come first served.
type Cell struct {
	Agents       int      `yaml:"agents" json:"agents" unit:"agents" range:"[0,10000]" doc:"Agents in the cell (at least 1 when qualify is cell)."`
	OpenHour     float64  `yaml:"open_hour" json:"open_hour" unit:"h (clock)" range:"[0,24)" doc:"Start of the cell's working day, on the calendar's working days (the cell is always open if the calendar is)."`
	CloseHour    float64  `yaml:"close_hour" json:"close_hour" unit:"h (clock)" range:"(0,24]" doc:"End of the cell's working day; must be after open_hour."`
	CallHours    Duration `yaml:"call_hours" json:"call_hours" unit:"h" range:"" doc:"Duration of a reached qualification call."`
	AttemptHours float64  `yaml:"attempt_hours" json:"attempt_hours" unit:"h" range:"(0,100]" doc:"Agent time of an attempt that does not reach the prospect."`
	Attempts     int      `yaml:"attempts" json:"attempts" unit:"calls" range:"[1,100]" doc:"Attempts before the lead is given back as unreached (on_reject says where it goes)."`
	SpacingHours float64  `yaml:"spacing_hours" json:"spacing_hours" unit:"h" range:"[0,1e4]" doc:"Delay between attempts."`
	CostPerHour  float64  `yaml:"cost_per_hour" json:"cost_per_hour" unit:"currency/h" range:"[0,1e6]" doc:"Loaded cost of an agent's working hour (paid whether busy or not)."`
	BANTAccuracy float64  `yaml:"bant_accuracy" json:"bant_accuracy" unit:"probability" range:"[0.5,1]" doc:"Probability that the cell reads each BANT criterion right."`
	MinBANT      int      `yaml:"min_bant" json:"min_bant" unit:"criteria" range:"[0,4]" doc:"BANT criteria read as met for the cell to hand the lead over, under the quality incentive."`
	Incentive    string   `yaml:"incentive" json:"incentive" unit:"" range:"oneof=quality|volume" doc:"What the cell is paid on: quality (hands over at min_bant) or volume of hand-offs (hands over at min_bant - 1)."`
}

// Learning is marketing's periodic adjustment from the reasons reps give
// when they reject or disqualify leads ([reconcile-2017] in docs/sources.md).
type Learning struct {
	Rate             float64 `yaml:"rate" json:"rate" unit:"" range:"[0,1]" doc:"Learning rate: 0 turns learning off; 1 moves by the full step each period."`
	PeriodDays       float64 `yaml:"period_days" json:"period_days" unit:"days" range:"(0,3650]" doc:"Time between two reviews of the reasons."`
	TargetOffTarget  float64 `yaml:"target_off_target" json:"target_off_target" unit:"share" range:"[0,1]" doc:"Share of a period's hand-offs that reps may find off-target; above it the MQL threshold rises, below it falls."`
	StepPoints       float64 `yaml:"step_points" json:"step_points" unit:"points" range:"[0,1e4]" doc:"Threshold change for a gap of 1 between the off-target share and its target (times rate)."`
	MaxThreshold     float64 `yaml:"max_threshold" json:"max_threshold" unit:"points" range:"[0,1e6]" doc:"Highest MQL threshold learning can reach (it never goes below 0)."`
	MinChannelWeight float64 `yaml:"min_channel_weight" json:"min_channel_weight" unit:"share" range:"[0,1]" doc:"Lowest share of its base spend a channel can be cut to; channels whose leads are more often off-target than average are cut (1: channel mix fixed)."`
	KPIWeight        float64 `yaml:"kpi_weight" json:"kpi_weight" unit:"share" range:"[0,1]" doc:"How much marketing's learning chases the KPI it is measured on (measured_on) rather than the reasons sales gives (docs/model.md, Incentives that act on marketing): measured on inquiries or MQLs it tolerates more off-target leads before raising the threshold, and each period every channel's weight also moves by its KPI per unit of spend against the average; 0 (the default): reasons only."`
}

// Defaulter is implemented by list element types whose new elements start
// from defaults rather than zero values.
type Defaulter interface{ SetDefaults() }

// SetDefaults gives a new channel its defaults. It has no volume (a file
// must give one of the rate keys: resolveRates), and the mixes of an
// ordinary channel, not an ideal one: those of the default company's
// channels averaged over their volumes (default.yaml, 19,000 inquiries a
// year), rounded to two decimals: 38% of inquiries cannot buy, 25% of
// genuine prospects have an objective or evaluate, 46% fit, 20% decision
// makers. TestChannelDefaults checks them against default.yaml.
func (c *Channel) SetDefaults() {
	*c = Channel{
		Name: "", RatePerHour: 0, Inquiry: "web_visit", Seasonality: []float64{},
		Kinds:        KindMix{Genuine: 0.62, Competitor: 0.07, Student: 0.17, BadData: 0.14},
		Stages:       StageMix{NoNeed: 0.43, ProblemAware: 0.32, Objective: 0.16, Evaluating: 0.09},
		FitHighShare: 0.46,
		Authority:    AuthMix{DecisionMaker: 0.20, Influencer: 0.45, None: 0.35},
	}
}

// SetDefaults gives a new segment its defaults.
func (g *Segment) SetDefaults() {
	*g = Segment{
		Share: 1, DealValue: DealValue{Median: 20000, Sigma: 1}, WinRate: 0.3, EarlyBoost: 1.5,
		NoDecision: 0.2, SalesCycleDays: 30, NoNeedDays: 365, ProblemAwareDays: 120,
		ObjectiveDays: 45, EvaluatingDays: 60, BudgetAllocated: 0.4, BudgetAfterSolutions: 0.4,
	}
}

// SetDefaults gives a new policy its defaults.
func (p *Policy) SetDefaults() {
	*p = Presets["direct"] // replaced by the base's preset for every key the file does not set
	p.Name = ""
}

// Default returns the scenario that a file's missing keys fall back to.
// It is not runnable on its own: it has no channels and no policies.
func Default() Scenario {
	return Scenario{
		Name:         "unnamed",
		Seed:         1,
		Replications: 20,
		HorizonDays:  365,
		Calendar: Calendar{
			AlwaysOpen:  false,
			OpenHour:    9,
			CloseHour:   17,
			WorkingDays: []string{"mon", "tue", "wed", "thu", "fri"},
		},
		Response: Response{
			HotWindowHours: Duration{Dist: "exponential", Mean: 2, CV: 1},
			QualifyHot:     0.5,
			QualifyCold:    0.05,
			ContactHot:     1,
			ContactCold:    1,
		},
		Sales: Sales{
			Reps:              20,
			FirstCallHours:    Duration{Dist: "exponential", Mean: 2, CV: 1},
			WinRate:           0.25,
			AttemptHours:      0.05,
			OpportunityHours:  Duration{Dist: "exponential", Mean: 4, CV: 1},
			AcceptWindowHours: 72,
			BANTAccuracy:      0.85,
			ReasonAccuracy:    1,
			OwnPipeline: OwnPipeline{
				TaskHours: Duration{Dist: "exponential", Mean: 1, CV: 1},
				WinRate:   0.2,
				DealValue: DealValue{Median: 20000, Sigma: 1},
			},
			Judgement:       Judgement{Bias: 0, NoiseSD: 0.2, Bar: 0.3, BarPerItem: 0.02},
			Trust:           Trust{Reference: 0.2, Sensitivity: 1, LowTrustAttempts: 1},
			CreditMarketing: 1,
			Prospecting: Prospecting{
				Kinds:        KindMix{Genuine: 0.62, Competitor: 0.07, Student: 0.17, BadData: 0.14},
				Stages:       StageMix{NoNeed: 0.43, ProblemAware: 0.32, Objective: 0.16, Evaluating: 0.09},
				FitHighShare: 0.46,
				Authority:    AuthMix{DecisionMaker: 0.20, Influencer: 0.45, None: 0.35},
			},
		},
		DealValue:    DealValue{Median: 20000, Sigma: 1},
		Segments:     []Segment{},
		JourneySpeed: []float64{},
		Signals:      Signals{OpenRate: 0.23, LevelNoiseSD: 0.5},
		Scoring: Scoring{
			FitHigh: 20, DecisionMaker: 15, Influencer: 5,
			Content: 5, Webinar: 10, WebVisit: 2, EmailOpen: 1, HandRaise: 30,
			DecayDays: 30, MQLThreshold: 50, DataErrorRate: 0.1,
		},
		Nurture:    Nurture{TouchesPerWeek: 1, Speedup: 0.2},
		Checks:     []string{},
		Verdict:    Verdict{Decompose: []string{}},
		Findings:   []Finding{},
		Calibrated: []string{},
	}
}

// checkChecks parses every check and resolves it against the scenario's
// policy names (metric names belong to the model and are checked by the
// command that runs it).
func (s *Scenario) checkChecks(errs *Errors) {
	names := make([]string, len(s.Policies))
	for i, p := range s.Policies {
		names[i] = p.Name
	}
	for i, expr := range s.Checks {
		if len(expr) > MaxCheckBytes {
			add(errs, joinKey("checks", strconv.Itoa(i)), "got a check of %d bytes, expected at most %d", len(expr), MaxCheckBytes)
			continue
		}
		c, err := checks.Parse(expr)
		if err == nil {
			err = c.Resolve(names, nil)
		}
		if err != nil {
			add(errs, joinKey("checks", strconv.Itoa(i)), "%v", err)
		}
	}
}
