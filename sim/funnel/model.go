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
	Detail   Detail
}

// Detail is what a replication gives the plots beyond its metrics: the
// distribution of speed to lead, qualification by response delay (the
// HBR curve as the model produces it) and weekly series. Counted
// prospects only.
type Detail struct {
	// Delays counts first touches (the first attempt after marketing's
	// decision) by delay, in the bins of DelayBinEdges.
	Delays [NumDelayBins]int64
	// Touches counts first touches by DelayBuckets; Reached, those that
	// reached the prospect; Qualified, those whose hand-off became an SQL.
	Touches, Reached, Qualified [NumDelayBuckets]int64
	// Weeks holds one entry per week from time 0 to the end of the run.
	Weeks []Week
}

// Week is one week of a replication.
type Week struct {
	Handoffs   float64 // hand-offs to sales in the week
	WonRevenue float64 // revenue of marketing deals won in the week
	Queue      float64 // marketing leads waiting for a rep at the week's end
}

// NumDelayBins is the number of bins of DelayBinEdges.
const NumDelayBins = 49

// DelayBinEdges are the lower edges, in hours, of the speed-to-lead bins:
// [0, 1 min), then eight bins a decade from 1 minute; the last is open.
var DelayBinEdges = func() (e [NumDelayBins]float64) {
	for k := 1; k < NumDelayBins; k++ {
		e[k] = math.Pow(10, float64(k-1)/8) / 60
	}
	return e
}()

// NumDelayBuckets is the number of DelayBuckets.
const NumDelayBuckets = 6

// DelayBuckets are the response-delay buckets of the HBR study, by their
// upper edges in hours (the last is open): < 5 min, 5–30 min, 30–60 min,
// 1–2 h, 2–24 h, > 24 h.
var DelayBuckets = [NumDelayBuckets - 1]float64{5.0 / 60, 0.5, 1, 2, 24}

// DelayBucket returns the bucket of a delay in hours: bucket k holds
// delays from the upper edge of bucket k-1 (inclusive) to its own
// (exclusive), so exactly 5 minutes is in "5–30 min". Negative delays are
// in the first bucket; NaN in the last.
func DelayBucket(h float64) int {
	for i, e := range DelayBuckets {
		if h < e {
			return i
		}
	}
	return NumDelayBuckets - 1
}

// delayBin returns the bin of a delay in hours: the last edge at or below
// it (a binary search whose steps compile to conditional moves: it runs on
// every first touch).
func delayBin(h float64) int {
	i := 0
	for step := 32; step > 0; step >>= 1 {
		if j := i + step; j < NumDelayBins && DelayBinEdges[j] <= h {
			i = j
		}
	}
	return i
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

// durKind is a compiled duration distribution.
type durKind uint8

const (
	durExp durKind = iota
	durFixed
	durLognormal
)

// duration is a compiled random duration in hours.
type duration struct {
	kind      durKind
	mean      float64
	mu, sigma float64 // of the log, for lognormal
}

func compileDuration(d scenarios.Duration) (duration, error) {
	switch d.Dist {
	case "exponential":
		return duration{kind: durExp, mean: d.Mean}, nil
	case "fixed":
		return duration{kind: durFixed, mean: d.Mean}, nil
	case "lognormal":
		s2 := math.Log1p(d.CV * d.CV)
		return duration{kind: durLognormal, mean: d.Mean, mu: math.Log(d.Mean) - s2/2, sigma: math.Sqrt(s2)}, nil
	}
	return duration{}, fmt.Errorf("unknown distribution %q", d.Dist)
}

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

	seed       uint64
	horizon    float64 // hours during which inquiries arrive
	observe    float64 // end of observation, hours; 0: run until nothing is left
	warmup     float64 // hours excluded from the metrics
	windowEnd  float64 // end of the utilisation window
	hours      sim.Hours
	channels   []channel
	journeys   bool // scenario has segments: prospects have buying journeys
	segments   []segment
	segCum     []float64
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
	ownWin          float64
	ownMu, ownSigma float64
	judgeBias       float64
	judgeNoise      float64
	judgeBar        float64
	judgeBarPerItem float64
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
	m.windowEnd = m.horizon
	if m.observe > 0 {
		m.windowEnd = m.observe
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
	m.ownWin = own.WinRate
	m.ownMu, m.ownSigma = math.Log(own.DealValue.Median), own.DealValue.Sigma
	j := s.Sales.Judgement
	m.judgeBias, m.judgeNoise, m.judgeBar, m.judgeBarPerItem = j.Bias, j.NoiseSD, j.Bar, j.BarPerItem

	if err := m.compileChannels(s); err != nil {
		return nil, err
	}
	if err := m.compileSegments(s); err != nil {
		return nil, err
	}
	m.compileMarketing(s)

	for _, p := range s.Policies {
		cp, err := policies.New(p)
		if err != nil {
			return nil, err
		}
		call, err := compileDuration(p.Cell.CallHours)
		if err != nil {
			return nil, fmt.Errorf("policy %q: cell.call_hours: %w", p.Name, err)
		}
		ch := sim.AlwaysOpen()
		if !s.Calendar.AlwaysOpen {
			if ch, err = sim.NewHours(p.Cell.OpenHour, p.Cell.CloseHour, m.workDays...); err != nil {
				return nil, fmt.Errorf("policy %q: cell hours: %w", p.Name, err)
			}
		}
		var lh *sim.Hours
		if p.LeadHours.OpenHour > 0 || p.LeadHours.CloseHour < 24 {
			days := m.workDays
			if s.Calendar.AlwaysOpen {
				days = []int{0, 1, 2, 3, 4, 5, 6}
			}
			h, err := sim.NewHours(p.LeadHours.OpenHour, p.LeadHours.CloseHour, days...)
			if err != nil {
				return nil, fmt.Errorf("policy %q: lead hours: %w", p.Name, err)
			}
			lh = &h
		}
		m.leadHours = append(m.leadHours, lh)
		m.Policies = append(m.Policies, cp)
		m.cellCall = append(m.cellCall, call)
		m.cellHours = append(m.cellHours, ch)
	}
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

// territories splits reps among segments in proportion to their shares
// (largest remainders, at least one rep each while reps last); without
// segments every rep owns the one territory.
func territories(reps int, segCum []float64) [][]int32 {
	n := max(len(segCum), 1)
	share := make([]float64, n)
	prev := 0.0
	for i := range share {
		if len(segCum) == 0 {
			share[i] = 1
			break
		}
		share[i], prev = segCum[i]-prev, segCum[i]
	}
	counts := make([]int, n)
	left := reps
	for i := range counts {
		counts[i] = int(share[i] * float64(reps))
		left -= counts[i]
	}
	for ; left > 0; left-- { // largest remainder first; empty territories first
		best, bestR := 0, math.Inf(-1)
		for i := range counts {
			r := share[i]*float64(reps) - float64(counts[i])
			if counts[i] == 0 && share[i] > 0 {
				r += 1 // a segment with prospects first gets a rep
			}
			if r > bestR {
				best, bestR = i, r
			}
		}
		counts[best]++
	}
	out := make([][]int32, n)
	next := int32(0)
	for i, c := range counts {
		for range c {
			out[i] = append(out[i], next)
			next++
		}
		if len(out[i]) == 0 { // more segments than reps: share them all
			for r := range reps {
				out[i] = append(out[i], int32(r))
			}
		}
	}
	return out
}
