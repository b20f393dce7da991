package funnel

import (
	"fmt"
	"math"
	"testing"

	"funnellab/results"
	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// loadDefault returns the embedded default scenario, shortened so tests run
// in a moment: inquiries for horizon days, observed for observe days.
func loadDefault(t testing.TB, horizon, observe float64, reps int) scenarios.Scenario {
	t.Helper()
	r, err := scenarios.LoadEmbedded("default", nil)
	require.NoError(t, err)
	s := r.Scenario
	s.HorizonDays, s.ObserveDays, s.Replications = horizon, observe, reps
	return s
}

// everyPreset returns the policies of every preset, in the order of
// scenarios.PresetNames.
func everyPreset() []scenarios.Policy {
	var pols []scenarios.Policy
	for _, name := range scenarios.PresetNames() {
		pols = append(pols, scenarios.Presets[name])
	}
	return pols
}

// requireSameResult checks that two results are the same to the last bit:
// %#v prints every float in its shortest exact form (and NaN, which is not
// equal to itself).
func requireSameResult(t *testing.T, want, got Result, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, fmt.Sprintf("%#v", want), fmt.Sprintf("%#v", got), msgAndArgs...)
}

// journeyScenario is a small hand-checkable company: one channel of
// genuine decision makers at fitting accounts, one segment, reps always at
// work with no own pipeline, and the given policies.
func journeyScenario(pols ...scenarios.Policy) scenarios.Scenario {
	s := scenarios.Default()
	s.Name = "journey"
	s.Calendar.AlwaysOpen = true
	c := newChannel("inbound", 2)
	c.Kinds, c.Stages = scenarios.KindMix{Genuine: 1}, scenarios.StageMix{NoNeed: 1}
	c.FitHighShare, c.Authority = 1, scenarios.AuthMix{DecisionMaker: 1}
	s.Marketing.Channels = []scenarios.Channel{c}
	var g scenarios.Segment
	g.SetDefaults()
	g.Name = "all"
	s.Segments = []scenarios.Segment{g}
	s.HorizonDays, s.ObserveDays, s.Replications = 60, 400, 8
	s.Sales.Reps = 50
	s.Sales.FirstCallHours = scenarios.Duration{Dist: "fixed", Mean: 0.25}
	s.Sales.OpportunityHours = scenarios.Duration{Dist: "fixed", Mean: 1}
	s.Policies = pols
	return s
}

func withStage(s *scenarios.Scenario, st scenarios.StageMix) {
	s.Marketing.Channels[0].Stages = st
}

// TestDefaultConservation: under every policy of the default scenario, and
// variants that exercise dropping, warm-up and stalls, every counted
// prospect ends in exactly one state.
func TestDefaultConservation(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*scenarios.Scenario)
	}{
		{"as shipped", func(*scenarios.Scenario) {}},
		{"with warm-up", func(s *scenarios.Scenario) { s.WarmupDays = 20 }},
		{"dropping setbacks", func(s *scenarios.Scenario) {
			for i := range s.Policies {
				s.Policies[i].OnReject = "drop"
			}
		}},
		{"short stalls, least loaded", func(s *scenarios.Scenario) {
			for i := range s.Policies {
				s.Policies[i].StallDays = 5
				if s.Policies[i].Base != "direct" {
					s.Policies[i].Routing = "least_loaded"
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := loadDefault(t, 60, 200, 3)
			tc.mod(&s)
			_, res := runAll(t, s, 2)
			for i, r := range res {
				require.Equal(t, r.Metrics[Inquiries], float64(r.Outcomes.Total()), "job %d: %+v", i, r.Outcomes)
				require.LessOrEqual(t, r.Metrics[SALs]+r.Metrics[Rejected], r.Metrics[Handoffs])
				require.LessOrEqual(t, r.Metrics[Contacted], r.Metrics[SALs])
				require.GreaterOrEqual(t, r.Metrics[Revenue], r.Metrics[MarketingRevenue])
				var causes float64
				for _, m := range causeMetric {
					causes += r.Metrics[m]
				}
				require.InEpsilon(t, r.Metrics[LeakedRevenue], causes, 1e-12)
				require.Equal(t, float64(r.Outcomes.Competitor), r.Metrics[LeakedProspects])
			}
		})
	}
}

// TestDefaultCRN: two identical policies under different names give the
// same results bit for bit in every replication, so every paired
// difference is exactly zero: both see the same prospects and draws.
func TestDefaultCRN(t *testing.T) {
	s := loadDefault(t, 60, 200, 3)
	w, o := s.Policies[0], s.Policies[1]
	w2, o2 := w, o
	w2.Name, o2.Name = "waterfall_again", "objective_again"
	s.Policies = []scenarios.Policy{w, o, w2, o2}
	v, res := runAll(t, s, 2)
	for rep := 0; rep < s.Replications; rep++ {
		requireIdentical(t, res[4*rep], res[4*rep+2], "waterfall, replication %d", rep)
		requireIdentical(t, res[4*rep+1], res[4*rep+3], "objective, replication %d", rep)
	}
	for k := Metric(0); k < NumMetrics; k++ {
		if math.IsNaN(v[0][k][0]) {
			continue
		}
		d, err := results.PairedDiff(k.String(), "waterfall", "waterfall_again", v[0][k], v[2][k])
		require.NoError(t, err)
		require.Zero(t, d.MeanDiff, k.String())
		require.Zero(t, d.CI95High-d.CI95Low, k.String())
	}
	// Inquiries are common to all policies; the policies themselves differ.
	require.Equal(t, v[0][Inquiries], v[1][Inquiries])
	require.NotEqual(t, v[0][Handoffs], v[1][Handoffs])
}

// TestDefaultDeterminism: the default scenario gives the same results
// whatever the number of workers.
func TestDefaultDeterminism(t *testing.T) {
	s := loadDefault(t, 45, 120, 3)
	_, one := runAll(t, s, 1)
	_, two := runAll(t, s, 2)
	_, five := runAll(t, s, 5)
	requireAllIdentical(t, one, two)
	requireAllIdentical(t, one, five)
}

// neverHand is an objective policy whose gate no prospect passes (the
// hand-raise rate is 0 in journeyScenario): prospects live their journeys
// untouched by sales.
func neverHand() scenarios.Policy {
	p := newPolicy("idle", "objective")
	p.MinLevel = 3
	return p
}

// TestJourneyUnengaged: prospects who start out evaluating decide after an
// exponential buying window; never engaged by us, each decides nothing
// with probability no_decision and otherwise buys from a competitor, a
// leak caused by "never handed over".
func TestJourneyUnengaged(t *testing.T) {
	s := journeyScenario(neverHand())
	withStage(&s, scenarios.StageMix{Evaluating: 1})
	s.Segments[0].EvaluatingDays, s.Segments[0].NoDecision = 10, 0.3
	_, res := runAll(t, s, 2)
	var n, nd, comp, open int64
	for _, r := range res {
		n += int64(r.Metrics[Inquiries])
		nd += r.Outcomes.NoDecision
		comp += r.Outcomes.Competitor
		open += r.Outcomes.NeverBought + r.Outcomes.Open + r.Outcomes.Won
		require.Equal(t, r.Metrics[LeakedRevenue], r.Metrics[LeakedRevenueNeverHanded])
		require.Zero(t, r.Metrics[Handoffs])
	}
	// Observed for 400 days after at most 60 days of arrivals, a 10-day
	// buying window is over for all but a share e^-34 of prospects.
	require.Zero(t, open)
	p := float64(nd) / float64(n)
	se := math.Sqrt(0.3 * 0.7 / float64(n))
	require.InDelta(t, 0.3, p, 4*se, "no-decision share %g of %d", p, n)
	require.Equal(t, n, nd+comp)
}

// TestJourneyNurtureSpeedup: before evaluating, a nurtured prospect moves
// (1+speedup) times faster. Prospects with a recognised objective (mean 20
// days to start evaluating) and a near-instant evaluation have decided
// within T days with probability 1 - exp(-(1+s)T/20) (arrivals spread over
// the horizon, each observed until the end).
func TestJourneyNurtureSpeedup(t *testing.T) {
	for _, speedup := range []float64{0, 1} {
		s := journeyScenario(neverHand())
		withStage(&s, scenarios.StageMix{Objective: 1})
		s.Segments[0].ObjectiveDays, s.Segments[0].EvaluatingDays = 20, 0.001
		s.Nurture.Speedup = speedup
		s.HorizonDays, s.ObserveDays = 10, 10
		_, res := runAll(t, s, 2)
		var n, decided int64
		for _, r := range res {
			n += int64(r.Metrics[Inquiries])
			decided += r.Outcomes.NoDecision + r.Outcomes.Competitor
		}
		// Arrival time U uniform on [0,10) days: P = 1 - E[exp(-k(10-U))]
		// = 1 - (1 - exp(-10k))/(10k), with k = (1+s)/20 per day.
		k := (1 + speedup) / 20
		want := 1 - (1-math.Exp(-10*k))/(10*k)
		p := float64(decided) / float64(n)
		require.InDelta(t, want, p, 4*math.Sqrt(want*(1-want)/float64(n)), "speedup %g: %d of %d", speedup, decided, n)
	}
}

// TestVetoBar: a rep accepts a lead only if its reading clears the bar.
// With a bar no reading can clear, every hand-off is rejected (all waste);
// with a bar every reading clears, none is.
func TestVetoBar(t *testing.T) {
	for _, tc := range []struct {
		bar          float64
		wantRejected bool
	}{{5, true}, {-5, false}} {
		p := newPolicy("wf", "waterfall")
		s := journeyScenario(p)
		s.Scoring.MQLThreshold = 0 // every inquiry is an MQL
		s.Sales.Judgement.Bar = tc.bar
		_, res := runAll(t, s, 2)
		for _, r := range res {
			require.Positive(t, r.Metrics[Handoffs])
			if tc.wantRejected {
				require.Equal(t, r.Metrics[Handoffs], r.Metrics[Rejected])
				require.Equal(t, 1.0, r.Metrics[HandoffWasteShare])
				require.Zero(t, r.Metrics[SQLs])
				require.Zero(t, r.Metrics[MarketingRevenue])
			} else {
				require.Zero(t, r.Metrics[Rejected])
				require.Equal(t, r.Metrics[Handoffs], r.Metrics[SALs])
			}
		}
	}
}

// TestVetoLoadDependence: the bar rises with the rep's open work, so the
// same leads are rejected more often by reps with a full own pipeline.
func TestVetoLoadDependence(t *testing.T) {
	share := func(ownPerWeek float64) []float64 {
		p := newPolicy("wf", "waterfall")
		s := journeyScenario(p)
		s.Sales.Reps = 5
		s.Scoring.MQLThreshold = 0
		s.Sales.Judgement = scenarios.Judgement{Bias: 0, NoiseSD: 0.2, Bar: 0.4, BarPerItem: 0.05}
		s.Sales.OwnPipeline.TasksPerWeek = ownPerWeek
		v, _ := runAll(t, s, 2)
		out := make([]float64, len(v[0][Rejected]))
		for i := range out {
			out[i] = v[0][Rejected][i] / v[0][Handoffs][i]
		}
		return out
	}
	idle, busy := share(0), share(150)
	d, err := results.PairedDiff("rejected share", "idle", "busy", idle, busy)
	require.NoError(t, err)
	require.Greater(t, d.CI95Low, 0.0, "%+v", d)
}

// TestIgnoredWhenOwnWorkFirst: reps whose own pipeline never runs dry and
// comes first never call marketing leads: every accepted lead is ignored
// when its acceptance window closes.
func TestIgnoredWhenOwnWorkFirst(t *testing.T) {
	p := newPolicy("wf", "waterfall")
	p.Veto = "none"
	s := journeyScenario(p)
	s.Sales.Reps = 2
	s.Scoring.MQLThreshold = 0
	s.Sales.OwnPipeline.TasksPerWeek = 1000 // 1000 h of work a week per rep
	_, res := runAll(t, s, 2)
	for _, r := range res {
		require.Positive(t, r.Metrics[SALs])
		// Only leads arriving in the first minutes, before the backlog
		// builds up, are ever called.
		require.Less(t, r.Metrics[Contacted], 0.01*r.Metrics[SALs])
		// Every accepted lead is ignored, except those handed over in the
		// last 72 h of the observation (still waiting) and the few whose
		// prospect decided while waiting.
		require.LessOrEqual(t, r.Metrics[Ignored]+float64(r.Outcomes.Open), r.Metrics[SALs])
		require.Greater(t, r.Metrics[Ignored], 0.95*r.Metrics[SALs])
		require.Greater(t, r.Metrics[NeverContactedShare], 0.99)
	}
}

// TestAttemptsUnreachable: when no attempt can reach a prospect, each
// hand-off gets exactly `attempts` attempts, each costing attempt_hours of
// rep time, and nobody is ever contacted.
func TestAttemptsUnreachable(t *testing.T) {
	p := newPolicy("obj", "objective")
	p.Attempts, p.SpacingHours, p.MinLevel = 3, 2, 0
	s := journeyScenario(p)
	withStage(&s, scenarios.StageMix{Evaluating: 1})
	s.Marketing.Channels[0].Inquiry = "hand_raise"
	s.Signals.LevelNoiseSD = 0
	s.Response.ContactHot, s.Response.ContactCold = 0, 0
	s.Sales.AttemptHours = 0.1
	s.Costs.RepHour = 80               // costs move nothing but the cost metrics
	s.Segments[0].EvaluatingDays = 1e5 // nobody decides between two attempts
	_, res := runAll(t, s, 2)
	for _, r := range res {
		require.Positive(t, r.Metrics[Handoffs])
		require.Equal(t, 1.0, r.Metrics[NeverContactedShare])
		require.Zero(t, r.Metrics[SQLs])
		require.InEpsilon(t, r.Metrics[Handoffs]*3*0.1, r.Metrics[RepHoursMarketingLeads], 1e-9)
		// Every hand-off is given back unreached: all its rep hours led to nothing.
		require.InEpsilon(t, r.Metrics[RepHoursMarketingLeads], r.Metrics[RepHoursWasted], 1e-6)
		require.InEpsilon(t, 80*r.Metrics[RepHoursWasted], r.Metrics[WastedSalesCost], 1e-12)
	}
}

// TestWastedRepHours: on the reference funnel (every inquiry handed over
// and called to the end of the run), rep_hours_wasted is every hour on
// marketing leads when no reached prospect qualifies, none when every one
// does; on the default company it lies strictly between 0 and the hours
// on marketing leads.
func TestWastedRepHours(t *testing.T) {
	for _, tc := range []struct {
		name    string
		qualify float64
	}{{"none qualifies", 0}, {"all qualify", 1}} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := scenarios.LoadEmbedded("reference", nil)
			require.NoError(t, err)
			s := res.Scenario
			s.HorizonDays, s.Replications = 20, 2
			s.Response.ContactHot, s.Response.ContactCold = 1, 1
			s.Response.QualifyHot, s.Response.QualifyCold = tc.qualify, tc.qualify
			_, rs := runAll(t, s, 2)
			for _, r := range rs {
				h := r.Metrics[RepHoursMarketingLeads]
				require.Positive(t, h)
				if tc.qualify == 0 {
					require.InEpsilon(t, h, r.Metrics[RepHoursWasted], 1e-6)
				} else {
					require.Zero(t, r.Metrics[RepHoursWasted])
				}
			}
		})
	}
	s := loadDefault(t, 60, 200, 2)
	_, rs := runAll(t, s, 2)
	for _, r := range rs {
		require.Positive(t, r.Metrics[RepHoursWasted])
		require.Less(t, r.Metrics[RepHoursWasted], r.Metrics[RepHoursMarketingLeads])
	}
}

// TestBANTGate: with accuracy 1, a call qualifies only prospects meeting
// sql_min_bant criteria. Nobody has a budget here, so with 4 required no
// lead is ever sales qualified; with 3 required, evaluating decision makers
// with a need and timing are.
func TestBANTGate(t *testing.T) {
	for _, tc := range []struct {
		min     int
		wantSQL bool
	}{{4, false}, {3, true}} {
		p := newPolicy("obj", "objective")
		p.MinLevel, p.SQLMinBANT = 0, tc.min
		s := journeyScenario(p)
		withStage(&s, scenarios.StageMix{Evaluating: 1})
		s.Marketing.Channels[0].Inquiry = "hand_raise"
		s.Segments[0].BudgetAllocated, s.Segments[0].BudgetAfterSolutions = 0, 0
		s.Sales.BANTAccuracy = 1
		_, res := runAll(t, s, 2)
		for _, r := range res {
			require.Positive(t, r.Metrics[Contacted])
			if tc.wantSQL {
				require.Positive(t, r.Metrics[SQLs])
			} else {
				require.Zero(t, r.Metrics[SQLs], "min %d", tc.min)
			}
		}
	}
}

// TestStallReturnsToNurture: an opportunity opened for a prospect that has
// only just recognised its objective stalls when it does not start
// evaluating within stall_days, and goes back to nurture; if it then buys
// elsewhere the leak is "recycled".
func TestStallReturnsToNurture(t *testing.T) {
	p := newPolicy("obj", "objective")
	p.MinLevel, p.SQLMinBANT, p.StallDays = 0, 0, 5
	s := journeyScenario(p)
	withStage(&s, scenarios.StageMix{Objective: 1})
	s.Marketing.Channels[0].Inquiry = "hand_raise"
	s.Segments[0].ObjectiveDays, s.Segments[0].EvaluatingDays = 100, 5
	s.Signals.LevelNoiseSD = 0
	_, res := runAll(t, s, 2)
	for _, r := range res {
		require.Positive(t, r.Metrics[Opportunities])
		require.Positive(t, r.Metrics[LeakedRevenueRecycled])
		require.Zero(t, r.Metrics[LeakedRevenueNeverHanded])
	}
}

// TestSeasonality: a channel whose whole year's volume is in one month
// brings inquiries only in that month (30.4-day months from time 0).
func TestSeasonality(t *testing.T) {
	s := journeyScenario(neverHand())
	s.HorizonDays, s.ObserveDays = 365, 365
	s.WarmupDays = 30.4 // inquiries after the first month are not counted
	s.Marketing.Channels[0].Seasonality = []float64{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	_, res := runAll(t, s, 1)
	for _, r := range res {
		require.Positive(t, r.Arrivals)
		// Months 12 (days 364.8-365) get a sliver of arrivals only.
		require.Less(t, r.Metrics[Inquiries], float64(r.Arrivals)*0.05)
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{5}, 5},
		{[]float64{2, 2, 2, 1, 3, 3}, 2},
	} {
		require.Equal(t, tc.want, median(append([]float64(nil), tc.in...)), "%v", tc.in)
	}
	require.True(t, math.IsNaN(median(nil)))
}

// TestDetailAddsUp: a replication's plot detail agrees with its metrics:
// every first touch is in one delay bin and one bucket, the qualified ones
// are the SQLs, and the complete weeks hold every hand-off and every
// marketing deal's revenue when the observation is a whole number of weeks.
func TestDetailAddsUp(t *testing.T) {
	s := loadDefault(t, 70, 7*60, 2)
	_, res := runAll(t, s, 2)
	for i, r := range res {
		d := r.Detail
		var delays, touches, qualified int64
		for _, c := range d.Delays {
			delays += c
		}
		for b := range NumDelayBuckets {
			touches += d.Touches[b]
			qualified += d.Qualified[b]
			require.LessOrEqual(t, d.Qualified[b], d.Touches[b])
		}
		require.Equal(t, r.Metrics[Contacted], float64(delays), "job %d", i)
		require.Equal(t, r.Metrics[Contacted], float64(touches), "job %d", i)
		require.Equal(t, r.Metrics[SQLs], float64(qualified), "job %d", i)
		require.Len(t, d.Weeks, 60)
		var hand, rev float64
		for _, w := range d.Weeks {
			hand += w.Handoffs
			rev += w.WonRevenue
			require.GreaterOrEqual(t, w.Queue, 0.0)
		}
		require.Equal(t, r.Metrics[Handoffs], hand, "job %d", i)
		require.InDelta(t, r.Metrics[MarketingRevenue], rev, 1e-6*rev+1e-9, "job %d", i)
	}
	// Bins and buckets: edges fall where their names say.
	require.Equal(t, 0, delayBin(0))
	require.Equal(t, 1, delayBin(1.0/60))
	require.Equal(t, 9, delayBin(10.0/60))
	require.Equal(t, NumDelayBins-1, delayBin(1e9))
	for _, tc := range []struct {
		h float64
		b int
	}{{0, 0}, {4.9 / 60, 0}, {5.0 / 60, 1}, {0.49, 1}, {0.5, 2}, {1, 3}, {1.99, 3}, {2, 4}, {23.9, 4}, {24, 5}, {1e6, 5}} {
		require.Equal(t, tc.b, DelayBucket(tc.h), "%g h", tc.h)
	}
}

// TestPurchaseWindows: the bought-within shares grow with the window, and
// agree with the outcomes when every window is complete.
func TestPurchaseWindows(t *testing.T) {
	s := loadDefault(t, 60, 60+731, 2) // every 24-month window ends within the observation
	_, res := runAll(t, s, 2)
	for i, r := range res {
		m := r.Metrics
		prev := 0.0
		for _, w := range []Metric{BoughtWithin3mShare, BoughtWithin6mShare, BoughtWithin12mShare, BoughtWithin24mShare} {
			require.GreaterOrEqual(t, m[w], prev, "job %d %s", i, w)
			prev = m[w]
		}
		require.Greater(t, m[GenuineBoughtWithin24mShare], m[BoughtWithin24mShare], "genuine prospects buy more often than inquiries (many cannot buy)")
		require.LessOrEqual(t, m[ValidInquiries], m[Inquiries])
		// Every window is complete here (the observation ends 24 months
		// after the last inquiry, plus a day), so the 24-month share counts
		// the purchases made within 24 months of the inquiry: all but
		// those of early inquiries after their 24 months.
		bought := float64(r.Outcomes.Won + r.Outcomes.Competitor)
		require.LessOrEqual(t, m[BoughtWithin24mShare], bought/m[Inquiries], "job %d", i)
		require.Greater(t, m[BoughtWithin24mShare], 0.95*bought/m[Inquiries], "job %d", i)
	}
}
