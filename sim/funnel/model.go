package funnel

import (
	"fmt"
	"math"

	"funnellab/policies"
	"funnellab/scenarios"
	"funnellab/sim"
)

// Metrics holds one replication's values, indexed by Metric.
type Metrics [NumMetrics]float64

// Outcomes counts the states of the prospects counted in a replication at
// the end of the observation. Every counted prospect is in exactly one.
type Outcomes struct {
	Won         int64 // bought from us
	Competitor  int64 // bought from a competitor
	NoDecision  int64 // decided to buy nothing
	NeverBought int64 // no purchase in the observation window (journey still running, or cannot buy)
	Open        int64 // still with sales at the end: waiting, being called, or an open opportunity
}

// Total is the number of prospects accounted for.
func (o Outcomes) Total() int64 {
	return o.Won + o.Competitor + o.NoDecision + o.NeverBought + o.Open
}

// Result is what one (replication, policy) run produces.
type Result struct {
	Metrics  Metrics
	Outcomes Outcomes
	Events   int64 // events processed, for throughput figures
	Arrivals int64 // prospects simulated, warm-up included
	Signals  int64 // marketing signals drawn, as events or in the loops that apply them without (signals.go, park.go)
	Detail   Detail
}

// Journey stages. A genuine prospect moves up one stage at a time; from
// evaluating it decides (see decide).
const (
	stNoNeed uint8 = iota
	stAware
	stObjective
	stEvaluating
	numStages
)

// Prospect kinds.
const (
	kindGenuine uint8 = iota
	kindCompetitor
	kindStudent
	kindBadData
)

// Contact roles.
const (
	authDecisionMaker uint8 = iota
	authInfluencer
	authNone
)

// Budget states.
const (
	budgetNone uint8 = iota
	budgetAfterSolutions
	budgetAllocated
)

// cumulative turns weights into a cumulative distribution (last entry 1).
func cumulative(w ...float64) ([]float64, error) {
	var sum float64
	for _, x := range w {
		sum += x
	}
	if !(sum > 0) {
		return nil, fmt.Errorf("weights must have a positive sum")
	}
	out := make([]float64, len(w))
	acc := 0.0
	for i, x := range w {
		acc += x
		out[i] = acc / sum
	}
	out[len(out)-1] = 1
	return out, nil
}

// pickIndex returns the index i with cum[i-1] <= u < cum[i].
func pickIndex(cum []float64, u float64) int {
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

type channel struct {
	name        string
	rate        float64 // mean inquiries per hour
	season      [12]float64
	seasonMax   float64 // max of season; 1 when flat
	seasonal    bool
	stream      string
	costPerLead float64
	inquiry     policies.Signal
	kinds       []float64 // cumulative over kinds
	stages      []float64 // cumulative over stages
	fitHigh     float64
	auth        []float64 // cumulative over roles
}

type segment struct {
	name                string
	dealMu, dealSigma   float64
	winRate, earlyBoost float64
	noDecision          float64
	cycleH              float64            // mean sales cycle, hours
	stageRate           [numStages]float64 // per hour: leaving each stage (evaluating: deciding)
	budgetAlloc         float64
	budgetAfter         float64
	odds                winOdds       // winodds.go
	cycles              outcomeCycles // cycles.go
	directShare         float64       // a buyer with no open opportunity of ours buys from us anyway (findus.go)
	inMarket            float64       // P(receptive) of a reached buyer at objective or evaluating, hot or cold (calls.go)
	serveHigh, serveLow float64       // cost to serve a won customer, share of its deal value, by fit (servecost.go)
	churnHigh, churnLow float64       // share of a won customer's deal value lost to churn, by fit (churn.go)
}

// Model is a compiled scenario. It is read-only once built and may be shared
// by any number of Sims running concurrently.
type Model struct {
	Scenario scenarios.Scenario
	Policies []policies.Policy

	cellCall  []duration   // per policy: the cell's reached call
	cellHours []sim.Hours  // per policy: when the cell works
	leadHours []*sim.Hours // per policy: when reps call marketing leads; nil: whenever they work
	workDays  []int        // the calendar's working days
	territory [][]int32    // per segment: the reps that own it (routing territory)

	switches []policySwitch // per policy: its switch from another policy (switch.go)

	seed       uint64
	horizon    float64 // hours during which inquiries arrive
	observe    float64 // end of observation, hours; 0: run until nothing is left
	warmup     float64 // hours excluded from the metrics
	windowEnd  float64 // end of the utilisation window
	windowObs  float64 // end of observation for the purchase windows: observe, or +Inf when 0 (tally.go)
	hours      sim.Hours
	channels   []channel
	journeys   bool // scenario has segments: prospects have buying journeys
	segments   []segment
	segCum     []float64
	speed      *speedClock // journey_speed_by_month; nil: every month at speed 1
	outbound   outbound    // sales.prospecting (outbound.go)
	hot, call  duration
	oppWork    duration
	ownTask    duration
	attemptH   float64
	acceptH    float64
	bantAcc    float64
	contactHot float64
	contactCld float64
	qualifyHot float64
	qualifyCld float64
	reps       int

	ownRate         float64 // own tasks per hour, per rep
	effortPerH      float64 // rep hours per open opportunity per hour open (openeffort.go)
	skillMu         float64 // the reps' lognormal skill (skill.go); skillSigma 0: identical reps
	skillSigma      float64
	loadMu          float64 // the reps' lognormal own-pipeline load (skill.go); loadSigma 0: none
	loadSigma       float64
	ownWin          float64
	ownMu, ownSigma float64
	judge           judgement
	trust           trustParams                             // reps' trust in marketing leads and their credit for its deals (trust.go, credit.go)
	reasonAcc       float64                                 // sales.reason_accuracy (reasons.go); 1: reasons read from the truth
	sigRate         [numStages][policies.NumSignals]float64 // per hour; EmailOpen unused here
	sigTotal        [numStages]float64
	openPerHour     float64 // email opens per hour while in nurture
	openRate        float64 // signals.open_rate (0 without journeys)
	sigBusiness     bool    // signals only in working hours
	sigScale        float64 // signal rate per working hour / per hour
	levelNoise      float64
	scoreSignal     [policies.NumSignals]float64
	scoreFit        float64
	scoreAuth       [3]float64
	decayRate       float64 // per hour: 1 / (decay_days · 24)
	mqlThreshold    float64
	dataError       float64
	nurturePerHour  float64 // touches per hour
	speedup         float64
	costTouch       float64
	costRepHour     float64
}

var weekdays = map[string]int{"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

// hoursPerWeek converts weekly rates.
const hoursPerWeek = 168

// Compile builds a Model from a validated scenario.
func Compile(s scenarios.Scenario) (*Model, error) {
	m := &Model{
		Scenario:   s,
		seed:       s.Seed,
		horizon:    s.HorizonDays * 24,
		observe:    s.ObserveDays * 24,
		warmup:     s.WarmupDays * 24,
		qualifyHot: s.Response.QualifyHot,
		qualifyCld: s.Response.QualifyCold,
		contactHot: s.Response.ContactHot,
		contactCld: s.Response.ContactCold,
		reps:       s.Sales.Reps,
		attemptH:   s.Sales.AttemptHours,
		acceptH:    s.Sales.AcceptWindowHours,
		bantAcc:    s.Sales.BANTAccuracy,
		reasonAcc:  s.Sales.ReasonAccuracy,
		journeys:   len(s.Segments) > 0,
	}
	if !(m.warmup < m.horizon) {
		return nil, fmt.Errorf("warmup_days (%g) must be shorter than horizon_days (%g)", s.WarmupDays, s.HorizonDays)
	}
	if m.observe > 0 && m.observe < m.horizon {
		return nil, fmt.Errorf("observe_days (%g) must be 0 or at least horizon_days (%g)", s.ObserveDays, s.HorizonDays)
	}
	if m.journeys && m.observe == 0 {
		return nil, fmt.Errorf("observe_days: a scenario with segments (buying journeys) needs an end of observation > 0")
	}
	m.windowEnd, m.windowObs = m.horizon, math.Inf(1)
	if m.observe > 0 {
		m.windowEnd, m.windowObs = m.observe, m.observe
	}
	if s.Calendar.AlwaysOpen {
		m.hours = sim.AlwaysOpen()
	} else {
		days := make([]int, 0, len(s.Calendar.WorkingDays))
		for _, d := range s.Calendar.WorkingDays {
			i, ok := weekdays[d]
			if !ok {
				return nil, fmt.Errorf("calendar.working_days: unknown day %q", d)
			}
			days = append(days, i)
		}
		m.workDays = days
		h, err := sim.NewHours(s.Calendar.OpenHour, s.Calendar.CloseHour, days...)
		if err != nil {
			return nil, fmt.Errorf("calendar: %w", err)
		}
		m.hours = h
	}
	var err error
	if m.hot, err = compileDuration(s.Response.HotWindowHours); err != nil {
		return nil, fmt.Errorf("response.hot_window_hours: %w", err)
	}
	if m.call, err = compileDuration(s.Sales.FirstCallHours); err != nil {
		return nil, fmt.Errorf("sales.first_call_hours: %w", err)
	}
	if m.oppWork, err = compileDuration(s.Sales.OpportunityHours); err != nil {
		return nil, fmt.Errorf("sales.opportunity_hours: %w", err)
	}
	if m.ownTask, err = compileDuration(s.Sales.OwnPipeline.TaskHours); err != nil {
		return nil, fmt.Errorf("sales.own_pipeline.task_hours: %w", err)
	}
	own := s.Sales.OwnPipeline
	m.ownRate = own.TasksPerWeek / hoursPerWeek
	m.effortPerH = s.Sales.HoursPerOpenWeek / hoursPerWeek
	m.skillMu, m.skillSigma = lognormalMean1(s.Sales.SkillCV)
	m.loadMu, m.loadSigma = lognormalMean1(s.Sales.OwnLoadCV)
	m.ownWin = own.WinRate
	m.ownMu, m.ownSigma = math.Log(own.DealValue.Median), own.DealValue.Sigma
	j := s.Sales.Judgement
	m.judge = judgement{bias: j.Bias, noise: j.NoiseSD, bar: j.Bar, barPerItem: j.BarPerItem}
	m.trust = compileTrust(s.Sales)

	if err := m.compileChannels(s); err != nil {
		return nil, err
	}
	if err := m.compileSegments(s); err != nil {
		return nil, err
	}
	if err := m.compileOutbound(s); err != nil {
		return nil, err
	}
	if m.journeys {
		if m.speed, err = compileSpeed(s.JourneySpeed); err != nil {
			return nil, err
		}
	}
	m.compileMarketing(s)

	for _, p := range s.Policies {
		cp, err := policies.New(p)
		if err != nil {
			return nil, err
		}
		call, ch, err := compileCell(p, s.Calendar.AlwaysOpen, m.workDays)
		if err != nil {
			return nil, err
		}
		lh, err := compileLeadHours(p, s.Calendar.AlwaysOpen, m.workDays)
		if err != nil {
			return nil, err
		}
		m.leadHours = append(m.leadHours, lh)
		m.Policies = append(m.Policies, cp)
		m.cellCall = append(m.cellCall, call)
		m.cellHours = append(m.cellHours, ch)
	}
	m.compileSwitches(s.Policies)
	m.territory = territories(m.reps, m.segCum)
	if len(m.Policies) == 0 {
		return nil, fmt.Errorf("policies: at least one policy is needed")
	}
	return m, nil
}

func (m *Model) compileChannels(s scenarios.Scenario) error {
	for i, c := range s.Marketing.Channels {
		key := fmt.Sprintf("marketing.channels.%d", i)
		ch := channel{name: c.Name, rate: c.RatePerHour, stream: "arrivals/" + c.Name,
			costPerLead: c.CostPerLead, fitHigh: c.FitHighShare, seasonMax: 1}
		sig, ok := policies.ParseSignal(c.Inquiry)
		if !ok {
			return fmt.Errorf("%s.inquiry: unknown signal %q", key, c.Inquiry)
		}
		ch.inquiry = sig
		var err error
		k := c.Kinds
		if ch.kinds, err = cumulative(k.Genuine, k.Competitor, k.Student, k.BadData); err != nil {
			return fmt.Errorf("%s.kinds: %w", key, err)
		}
		g := c.Stages
		if ch.stages, err = cumulative(g.NoNeed, g.ProblemAware, g.Objective, g.Evaluating); err != nil {
			return fmt.Errorf("%s.stages: %w", key, err)
		}
		a := c.Authority
		if ch.auth, err = cumulative(a.DecisionMaker, a.Influencer, a.None); err != nil {
			return fmt.Errorf("%s.authority: %w", key, err)
		}
		switch len(c.Seasonality) {
		case 0:
		case 12:
			var sum float64
			for _, f := range c.Seasonality {
				sum += f
			}
			if !(sum > 0) {
				return fmt.Errorf("%s.seasonality: the 12 factors must have a positive sum", key)
			}
			ch.seasonal, ch.seasonMax = true, 0
			for mth, f := range c.Seasonality {
				ch.season[mth] = f * 12 / sum
				ch.seasonMax = math.Max(ch.seasonMax, ch.season[mth])
			}
		default:
			return fmt.Errorf("%s.seasonality: got %d factors, expected none or 12", key, len(c.Seasonality))
		}
		m.channels = append(m.channels, ch)
	}
	if len(m.channels) == 0 {
		return fmt.Errorf("marketing.channels: at least one channel is needed")
	}
	return nil
}

func (m *Model) compileSegments(s scenarios.Scenario) error {
	if !m.journeys {
		// No journeys: one implicit segment that decides at the first call.
		m.segments = []segment{{
			name: "all", dealMu: math.Log(s.DealValue.Median), dealSigma: s.DealValue.Sigma,
			winRate: s.Sales.WinRate, earlyBoost: 1,
		}}
		m.segCum = []float64{1}
		return nil
	}
	shares := make([]float64, len(s.Segments))
	for i, g := range s.Segments {
		key := fmt.Sprintf("segments.%d", i)
		if g.BudgetAllocated+g.BudgetAfterSolutions > 1+1e-12 {
			return fmt.Errorf("%s: budget_allocated + budget_after_solutions = %g, expected at most 1", key, g.BudgetAllocated+g.BudgetAfterSolutions)
		}
		shares[i] = g.Share
		m.segments = append(m.segments, segment{
			name: g.Name, dealMu: math.Log(g.DealValue.Median), dealSigma: g.DealValue.Sigma,
			winRate: g.WinRate, earlyBoost: g.EarlyBoost, noDecision: g.NoDecision,
			cycleH: g.SalesCycleDays * 24,
			stageRate: [numStages]float64{
				1 / (g.NoNeedDays * 24), 1 / (g.ProblemAwareDays * 24),
				1 / (g.ObjectiveDays * 24), 1 / (g.EvaluatingDays * 24),
			},
			budgetAlloc: g.BudgetAllocated, budgetAfter: g.BudgetAfterSolutions,
			odds: compileWinOdds(g.WinOdds), cycles: compileCycles(g.Cycles),
			directShare: g.DirectShare,
			inMarket:    g.QualifyInMarket,
			serveHigh:   g.ServeCost.HighFit, serveLow: g.ServeCost.LowFit,
			churnHigh: g.Churn.HighFit, churnLow: g.Churn.LowFit,
		})
	}
	var err error
	if m.segCum, err = cumulative(shares...); err != nil {
		return fmt.Errorf("segments: shares: %w", err)
	}
	if len(m.segments) > 255 {
		return fmt.Errorf("segments: at most 255 segments")
	}
	return nil
}

func (m *Model) compileMarketing(s scenarios.Scenario) {
	g := s.Signals
	for st, pick := range []func(scenarios.StageRates) float64{
		func(r scenarios.StageRates) float64 { return r.NoNeed },
		func(r scenarios.StageRates) float64 { return r.ProblemAware },
		func(r scenarios.StageRates) float64 { return r.Objective },
		func(r scenarios.StageRates) float64 { return r.Evaluating },
	} {
		r := &m.sigRate[st]
		r[policies.Content] = pick(g.Content) / hoursPerWeek
		r[policies.Webinar] = pick(g.Webinar) / hoursPerWeek
		r[policies.WebVisit] = pick(g.WebVisit) / hoursPerWeek
		r[policies.HandRaise] = pick(g.HandRaise) / hoursPerWeek
		for _, x := range r {
			m.sigTotal[st] += x
		}
	}
	m.levelNoise = g.LevelNoiseSD
	m.sigBusiness, m.sigScale = g.BusinessHours, 1
	if g.BusinessHours {
		m.sigScale = sim.HoursPerWeek / m.hours.OpenPerWeek()
	}
	if !m.journeys {
		// Without journeys there is nothing to signal and no maturity to
		// reveal: prospects have only their inquiry.
		m.sigRate, m.sigTotal = [numStages][policies.NumSignals]float64{}, [numStages]float64{}
		m.levelNoise = 0
	}
	sc := s.Scoring
	m.scoreSignal = [policies.NumSignals]float64{sc.Content, sc.Webinar, sc.WebVisit, sc.EmailOpen, sc.HandRaise}
	m.scoreFit = sc.FitHigh
	m.scoreAuth = [3]float64{sc.DecisionMaker, sc.Influencer, 0}
	m.decayRate = 1 / (sc.DecayDays * 24)
	m.mqlThreshold = sc.MQLThreshold
	m.dataError = sc.DataErrorRate
	if m.journeys {
		m.nurturePerHour = s.Nurture.TouchesPerWeek / hoursPerWeek
		m.openPerHour = m.nurturePerHour * g.OpenRate
		m.speedup = s.Nurture.Speedup
		m.openRate = g.OpenRate
	}
	m.costTouch = s.Costs.NurtureTouch
	m.costRepHour = s.Costs.RepHour
}

// PolicyNames returns the names of the model's policies, in order.
func (m *Model) PolicyNames() []string {
	out := make([]string, len(m.Policies))
	for i, p := range m.Policies {
		out[i] = p.Name()
	}
	return out
}
