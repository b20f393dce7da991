package funnel

import (
	"fmt"
	"math"

	"funnellab/policies"
	"funnellab/scenarios"
	"funnellab/sim"
)

// Metric indexes a replication's metrics.
type Metric int

// The metrics of a replication, in report order.
const (
	Inquiries              Metric = iota // prospects that arrived after the warm-up
	Contacted                            // of those, prospects whose first call started
	WaitedShare                          // share of contacted prospects that waited at all
	WaitMeanH                            // mean time from inquiry to start of first call, h
	ContactedWithin1hShare               // share of contacted prospects reached within 1 h
	HotContactShare                      // share of contacted prospects reached while hot
	QualifiedShare                       // qualified / contacted
	DealsWon                             // deals won
	Revenue                              // value of deals won
	RepUtilization                       // rep busy hours / rep working hours, in the measured window
	NumMetrics
)

// MetricNames are the snake_case names used in every output.
var MetricNames = [NumMetrics]string{
	Inquiries:              "inquiries",
	Contacted:              "contacted",
	WaitedShare:            "waited_share",
	WaitMeanH:              "wait_mean_h",
	ContactedWithin1hShare: "contacted_within_1h_share",
	HotContactShare:        "hot_contact_share",
	QualifiedShare:         "qualified_share",
	DealsWon:               "deals_won",
	Revenue:                "revenue",
	RepUtilization:         "rep_utilization",
}

func (m Metric) String() string { return MetricNames[m] }

// Metrics holds one replication's values, indexed by Metric.
type Metrics [NumMetrics]float64

// Outcomes counts the terminal states of the prospects counted in a
// replication. Every counted prospect is in exactly one of them.
type Outcomes struct {
	Disqualified int64 // first call made, not qualified
	Lost         int64 // qualified, lost to a competitor
	Won          int64 // qualified and won
}

// Total is the number of prospects in a terminal state.
func (o Outcomes) Total() int64 { return o.Disqualified + o.Lost + o.Won }

// Result is what one (replication, policy) run produces.
type Result struct {
	Metrics  Metrics
	Outcomes Outcomes
	Events   int64 // events processed, for throughput figures
	Arrivals int64 // prospects simulated, warm-up included
}

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

type channel struct {
	name   string
	rate   float64 // inquiries per hour
	stream string  // random stream name of its arrivals
}

// Model is a compiled scenario. It is read-only once built and may be shared
// by any number of Sims running concurrently.
type Model struct {
	Scenario scenarios.Scenario
	Policies []policies.Policy

	seed        uint64
	horizon     float64 // hours during which inquiries arrive
	warmup      float64 // hours excluded from the metrics
	hours       sim.Hours
	channels    []channel
	hot, call   duration
	qualifyHot  float64
	qualifyCold float64
	winRate     float64
	dealMu      float64
	dealSigma   float64
	reps        int
}

var weekdays = map[string]int{"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

// Compile builds a Model from a validated scenario.
func Compile(s scenarios.Scenario) (*Model, error) {
	m := &Model{
		Scenario:    s,
		seed:        s.Seed,
		horizon:     s.HorizonDays * 24,
		warmup:      s.WarmupDays * 24,
		qualifyHot:  s.Response.QualifyHot,
		qualifyCold: s.Response.QualifyCold,
		winRate:     s.Sales.WinRate,
		dealMu:      math.Log(s.DealValue.Median),
		dealSigma:   s.DealValue.Sigma,
		reps:        s.Sales.Reps,
	}
	if !(m.warmup < m.horizon) {
		return nil, fmt.Errorf("warmup_days (%g) must be shorter than horizon_days (%g)", s.WarmupDays, s.HorizonDays)
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
	for _, c := range s.Marketing.Channels {
		m.channels = append(m.channels, channel{name: c.Name, rate: c.RatePerHour, stream: "arrivals/" + c.Name})
	}
	if len(m.channels) == 0 {
		return nil, fmt.Errorf("marketing.channels: at least one channel is needed")
	}
	for _, p := range s.Policies {
		cp, err := policies.Compile(p)
		if err != nil {
			return nil, err
		}
		m.Policies = append(m.Policies, cp)
	}
	if len(m.Policies) == 0 {
		return nil, fmt.Errorf("policies: at least one policy is needed")
	}
	return m, nil
}

// PolicyNames returns the names of the model's policies, in order.
func (m *Model) PolicyNames() []string {
	out := make([]string, len(m.Policies))
	for i, p := range m.Policies {
		out[i] = p.Name
	}
	return out
}

// Names returns the metric names in order, as a fresh slice.
func Names() []string { return append([]string(nil), MetricNames[:]...) }
