package funnel

import (
	"math"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// TestSpeedClock: the integral of the factors and its inverse, by hand on
// a cycle of 4 months with factors 1, 0.5, 0, 2.
func TestSpeedClock(t *testing.T) {
	c, err := compileSpeed([]float64{1, 0.5, 0, 2})
	require.NoError(t, err)
	M := monthH
	for _, tc := range []struct{ t, F float64 }{
		{0, 0}, {M / 2, M / 2}, {M, M}, {1.5 * M, 1.25 * M}, {2 * M, 1.5 * M},
		{2.5 * M, 1.5 * M}, {3 * M, 1.5 * M}, {3.5 * M, 2.5 * M}, {4 * M, 3.5 * M},
		{5.5 * M, 3.5*M + 1.25*M}, {40*M + M/4, 10*3.5*M + M/4},
	} {
		require.InDelta(t, tc.F, c.at(tc.t), 1e-9*M, "F(%g months)", tc.t/M)
	}
	// The inverse is the first time the integral is reached: the months at
	// speed 0 are skipped.
	for _, x := range []float64{0.1, 0.7, 1, 1.2, 1.6, 2.9, 3.4, 7.3} {
		T := c.inverse(x * M)
		require.InDelta(t, x*M, c.at(T), 1e-9*M, "F(F^-1(%g))", x)
		require.False(t, math.Mod(T/M, 4) >= 2 && math.Mod(T/M, 4) < 3, "%g lands in the month at speed 0", x)
	}
	require.InDelta(t, 3*M, c.inverse(1.5*M), 1e-9*M, "the month at speed 0 is skipped")
	// No factors, or all 1: no clock (the plain formulas, bit for bit).
	for _, f := range [][]float64{nil, {}, {1}, {1, 1, 1}} {
		c, err := compileSpeed(f)
		require.NoError(t, err)
		require.Nil(t, c)
	}
	_, err = compileSpeed([]float64{0, 0})
	require.Error(t, err)
}

// speedScenario is TestJourneyNurtureSpeedup's case without the nurture
// speed-up: prospects with a recognised objective (mean 20 days to start
// evaluating) and a near-instant evaluation, arriving over 10 days.
func speedScenario(observe float64, speed []float64) scenarios.Scenario {
	s := journeyScenario(neverHand())
	withStage(&s, scenarios.StageMix{Objective: 1})
	s.Segments[0].ObjectiveDays, s.Segments[0].EvaluatingDays = 20, 0.001
	s.Nurture.Speedup = 0
	s.HorizonDays, s.ObserveDays = 10, observe
	s.JourneySpeed = speed
	return s
}

func decidedShare(t *testing.T, s scenarios.Scenario) (p float64, n int64) {
	t.Helper()
	_, res := runAll(t, s, 2)
	var decided int64
	for _, r := range res {
		n += int64(r.Metrics[Inquiries])
		decided += r.Outcomes.NoDecision + r.Outcomes.Competitor
	}
	return float64(decided) / float64(n), n
}

// TestJourneySpeedHalf: at speed 0.5 in every month the journey takes
// twice as long: decided within the observation with probability
// 1 - (1 - exp(-10k))/(10k) (TestJourneyNurtureSpeedup), with k = 0.5/20
// per day instead of 1/20.
func TestJourneySpeedHalf(t *testing.T) {
	for _, f := range []float64{1, 0.5} {
		speed := make([]float64, 12)
		for i := range speed {
			speed[i] = f
		}
		p, n := decidedShare(t, speedScenario(10, speed))
		k := f / 20
		want := 1 - (1-math.Exp(-10*k))/(10*k)
		require.InDelta(t, want, p, 4*math.Sqrt(want*(1-want)/float64(n)), "speed %g: %g of %d", f, p, n)
	}
}

// TestJourneySpeedPause: with factors 0, 1 (a cycle of two months), no
// journey moves in the first month; in the second, every prospect (all
// arrived in the first) has 10 days at the plain rate: decided with
// probability 1 - exp(-10/20), whenever it arrived.
func TestJourneySpeedPause(t *testing.T) {
	p, _ := decidedShare(t, speedScenario(30, []float64{0, 1}))
	require.Zero(t, p, "nobody moves in a month at speed 0")
	p, n := decidedShare(t, speedScenario(30.4+10, []float64{0, 1}))
	want := 1 - math.Exp(-0.5)
	require.InDelta(t, want, p, 4*math.Sqrt(want*(1-want)/float64(n)), "%g of %d", p, n)
}

// TestJourneySpeedNeutral: factors that are all 1 give the results of no
// factors, bit for bit, on the default company (nurture changes rates
// mid-stage there).
func TestJourneySpeedNeutral(t *testing.T) {
	s := loadDefault(t, 45, 120, 2)
	_, want := runAll(t, s, 2)
	s.JourneySpeed = []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	_, got := runAll(t, s, 2)
	requireAllIdentical(t, want, got)
}

// TestJourneySpeedWithNurture: a rate change mid-stage (entering or
// leaving nurture) under a monthly factor keeps the books: every counted
// prospect ends in one state, and a slower economy means fewer decisions.
func TestJourneySpeedWithNurture(t *testing.T) {
	s := loadDefault(t, 60, 200, 2)
	_, base := runAll(t, s, 2)
	s.JourneySpeed = []float64{1, 0.2, 0.5}
	_, slow := runAll(t, s, 2)
	var b, sl int64
	for i, r := range slow {
		require.Equal(t, r.Metrics[Inquiries], float64(r.Outcomes.Total()), "job %d: %+v", i, r.Outcomes)
		sl += r.Outcomes.Won + r.Outcomes.Competitor + r.Outcomes.NoDecision
		b += base[i].Outcomes.Won + base[i].Outcomes.Competitor + base[i].Outcomes.NoDecision
	}
	require.Less(t, sl, b)
}

// BenchmarkJourneyOn is BenchmarkDefault with both mechanisms of this file
// and findus.go on: a yearly journey speed pattern (slow summer and year
// end) and a direct share of 0.2 in every segment. Compare its figures
// with BenchmarkDefault's for the cost of the mechanisms when on.
func BenchmarkJourneyOn(b *testing.B) {
	s := loadDefault(b, 365, 1095, 1)
	s.JourneySpeed = []float64{1, 1, 1, 1, 1, 0.7, 0.5, 0.7, 1, 1, 1, 0.6}
	segs := append([]scenarios.Segment(nil), s.Segments...)
	for i := range segs {
		segs[i].DirectShare = 0.2
	}
	s.Segments = segs
	m, err := Compile(s)
	if err != nil {
		b.Fatal(err)
	}
	for pi, p := range m.Policies {
		b.Run(p.Name(), func(b *testing.B) { benchWarm(b, m, pi) })
	}
}
