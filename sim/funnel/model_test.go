package funnel

import (
	"context"
	"fmt"
	"math"
	"testing"

	"funnellab/policies"
	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/runner"

	"github.com/stretchr/testify/require"
)

// mmc returns a scenario that is an M/M/c queue: Poisson arrivals at rate
// lambda per hour, c reps, exponential first calls of mean 1/mu hours,
// exponential hot windows of mean 1/theta hours, always open.
func mmc(lambda float64, c int, mu, theta float64) scenarios.Scenario {
	s := scenarios.Default()
	s.Name = "mmc"
	s.Calendar.AlwaysOpen = true
	s.Marketing.Channels = []scenarios.Channel{newChannel("inbound", lambda)}
	s.Sales.Reps = c
	s.Sales.FirstCallHours = scenarios.Duration{Dist: "exponential", Mean: 1 / mu}
	s.Response.HotWindowHours = scenarios.Duration{Dist: "exponential", Mean: 1 / theta}
	s.Policies = []scenarios.Policy{newPolicy("fifo", "direct"), newPolicy("lifo", "direct")}
	s.Policies[1].Queue = "lifo"
	return s
}

// newChannel and newPolicy build list elements as a scenario file would: from
// their defaults.
func newChannel(name string, rate float64) scenarios.Channel {
	var c scenarios.Channel
	c.SetDefaults()
	c.Name, c.RatePerHour = name, rate
	return c
}

func newPolicy(name, base string) scenarios.Policy {
	return policies.Entry(name, base)
}

// erlangC is the probability of waiting in an M/M/c queue with offered load
// a = lambda/mu, computed with the Erlang B recursion (stable for large c).
func erlangC(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return float64(c) * b / (float64(c) - a*(1-b))
}

// runAll runs every replication and policy of a scenario and returns the
// values of each metric, per policy: v[policy][metric][rep].
func runAll(t testing.TB, s scenarios.Scenario, workers int) ([][][]float64, []Result) {
	t.Helper()
	m, err := Compile(s)
	require.NoError(t, err)
	out, err := runner.Run(context.Background(), runner.Options{
		Replications: s.Replications, Policies: len(m.Policies), Workers: workers,
	}, func() runner.Job[Result] {
		sm := m.NewSim()
		return sm.Run
	})
	require.NoError(t, err)
	v := make([][][]float64, len(m.Policies))
	for p := range v {
		v[p] = make([][]float64, NumMetrics)
		for k := range v[p] {
			v[p][k] = make([]float64, s.Replications)
		}
	}
	for i, r := range out.Results {
		rep, p := i/len(m.Policies), i%len(m.Policies)
		for k := range r.Metrics {
			v[p][k][rep] = r.Metrics[k]
		}
	}
	return v, out.Results
}

func moments(xs []float64) results.Moments {
	var m results.Moments
	for _, x := range xs {
		m.Add(x)
	}
	return m
}

// TestErlangC checks the simulated M/M/c queue against its exact
// steady-state values: for each parameter point, the 99% confidence
// interval over replications must cover the exact value of every metric
// that has one. The exact values come from the formulas, not from the
// simulator. A 30-day warm-up removes the bias of the empty start.
func TestErlangC(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		lambda, mu, theta    float64
		c                    int
		reps                 int
		horizonDays, warmupD float64
	}{
		{"reference rho=0.9", 9, 0.5, 0.5, 20, 30, 365, 30},
		{"light rho=0.6", 3, 1, 2, 5, 30, 365, 30},
		{"single rep rho=0.5", 0.5, 1, 1, 1, 30, 730, 30},
		{"heavy rho=0.95", 19, 1, 0.5, 20, 40, 365, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mmc(tc.lambda, tc.c, tc.mu, tc.theta)
			s.Seed = 20261122
			s.Replications = tc.reps
			s.HorizonDays, s.WarmupDays = tc.horizonDays, tc.warmupD
			s.Policies = s.Policies[:1] // FIFO: the wait distribution below is FIFO's
			v, _ := runAll(t, s, 2)

			c, lam, mu, th := float64(tc.c), tc.lambda, tc.mu, tc.theta
			C := erlangC(tc.c, lam/mu)
			gap := c*mu - lam
			pHot := 1 - C + C*gap/(gap+th)
			exact := map[Metric]float64{
				WaitedShare:            C,
				WaitMeanH:              C / gap,
				ContactedWithin1hShare: 1 - C*math.Exp(-gap*1),
				HotContactShare:        pHot,
				QualifiedShare:         s.Response.QualifyHot*pHot + s.Response.QualifyCold*(1-pHot),
				RepUtilization:         lam / (c * mu),
			}
			for metric, want := range exact {
				lo, hi := results.CI(moments(v[0][metric]), 0.99)
				require.Truef(t, lo <= want && want <= hi,
					"%s: exact %.6g outside simulated 99%% CI [%.6g, %.6g]", metric, want, lo, hi)
			}
		})
	}
}

// TestLIFOSameQueueMoreHot checks the FIFO/LIFO contrast: the number of
// leads waiting does not depend on the order they are taken in, so LIFO has
// FIFO's Erlang C probability of waiting and mean wait; but LIFO reaches
// more leads while hot (paired over the same replications).
func TestLIFOSameQueueMoreHot(t *testing.T) {
	s := mmc(19, 20, 1, 0.5)
	s.Seed = 7
	s.Replications = 30
	s.WarmupDays = 30
	v, _ := runAll(t, s, 2)
	C := erlangC(20, 19)
	for metric, want := range map[Metric]float64{WaitedShare: C, WaitMeanH: C / 1} {
		lo, hi := results.CI(moments(v[1][metric]), 0.99)
		require.Truef(t, lo <= want && want <= hi, "LIFO %s: exact %.6g outside 99%% CI [%.6g, %.6g]", metric, want, lo, hi)
	}
	d, err := results.PairedDiff("hot", "fifo", "lifo", v[0][HotContactShare], v[1][HotContactShare])
	require.NoError(t, err)
	require.Greater(t, d.CI95Low, 0.0, "LIFO must reach more leads hot: %+v", d)
}

// TestConservation: every counted prospect is contacted and ends in exactly
// one terminal state, under every policy and calendar.
func TestConservation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		always bool
		warmup float64
	}{
		{"always open", true, 0},
		{"office hours", false, 0},
		{"office hours with warm-up", false, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mmc(9, 20, 0.5, 0.5)
			s.Calendar.AlwaysOpen = tc.always
			s.Sales.Reps = 80 // office hours need more reps for the same load
			s.Replications, s.HorizonDays, s.WarmupDays = 4, 90, tc.warmup
			_, res := runAll(t, s, 1)
			for _, r := range res {
				require.Equal(t, r.Metrics[Inquiries], float64(r.Outcomes.Total()))
				require.Equal(t, r.Metrics[Inquiries], r.Metrics[Contacted], "worked to completion")
				require.Equal(t, r.Metrics[DealsWon], float64(r.Outcomes.Won))
				require.LessOrEqual(t, r.Metrics[Inquiries], float64(r.Arrivals))
				if tc.warmup == 0 {
					require.Equal(t, float64(r.Arrivals), r.Metrics[Inquiries])
				}
			}
		})
	}
}

// TestOfficeHoursInfiniteCapacity: with far more reps than leads and
// near-instant calls, a lead waits exactly until the next opening. With
// Poisson arrivals spread evenly over the week and office hours 9-17
// Monday to Friday, the share that waits is the closed share of the week,
// 128/168, and the mean wait is (4·16²/2 + 64²/2)/168 = 2560/168 h.
func TestOfficeHoursInfiniteCapacity(t *testing.T) {
	s := mmc(9, 2000, 1, 1)
	s.Calendar.AlwaysOpen = false
	s.Sales.FirstCallHours = scenarios.Duration{Dist: "fixed", Mean: 0.001}
	s.Replications, s.HorizonDays = 20, 364
	s.Policies = s.Policies[:1]
	v, _ := runAll(t, s, 2)
	for metric, want := range map[Metric]float64{WaitedShare: 128.0 / 168, WaitMeanH: 2560.0 / 168} {
		lo, hi := results.CI(moments(v[0][metric]), 0.99)
		require.Truef(t, lo <= want && want <= hi, "%s: exact %.6g outside 99%% CI [%.6g, %.6g]", metric, want, lo, hi)
	}
}

// TestCommonRandomNumbers: with no waiting at all, the queue order cannot
// matter, so FIFO and LIFO must give identical results bit for bit, which
// holds only if both see the same prospects and the same draws.
func TestCommonRandomNumbers(t *testing.T) {
	s := mmc(2, 500, 1, 1)
	s.Replications, s.HorizonDays = 3, 60
	_, res := runAll(t, s, 2)
	for rep := 0; rep < 3; rep++ {
		a, b := res[2*rep], res[2*rep+1]
		require.Zero(t, a.Metrics[WaitedShare])
		requireIdentical(t, a, b, "replication %d", rep)
	}
	require.NotEqual(t, res[0].Metrics, res[2].Metrics, "replications differ")
}

// TestDeterminism: the same (replication, policy) gives the same result on
// a fresh Sim, on a reused Sim and whatever the number of workers.
func TestDeterminism(t *testing.T) {
	s := mmc(9, 20, 0.5, 0.5)
	s.Replications, s.HorizonDays = 4, 30
	_, one := runAll(t, s, 1)
	_, two := runAll(t, s, 2)
	_, many := runAll(t, s, 7)
	requireAllIdentical(t, one, two)
	requireAllIdentical(t, one, many)
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	r3, err := sm.Run(context.Background(), 3, 1)
	require.NoError(t, err)
	requireIdentical(t, one[3*2+1], r3)
	r0, err := sm.Run(context.Background(), 0, 0)
	require.NoError(t, err)
	requireIdentical(t, one[0], r0, "a reused Sim carries nothing over")
}

func TestCancelledRun(t *testing.T) {
	s := mmc(9, 20, 0.5, 0.5)
	m, err := Compile(s)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = m.NewSim().Run(ctx, 0, 0)
	require.ErrorIs(t, err, context.Canceled)
}

// TestDistributions checks the duration samplers' means through the model:
// with one channel and no waiting, the busy time per call is the mean call
// duration.
func TestDurationMeans(t *testing.T) {
	for _, d := range []scenarios.Duration{
		{Dist: "exponential", Mean: 0.5},
		{Dist: "fixed", Mean: 0.5},
		{Dist: "lognormal", Mean: 0.5, CV: 2},
	} {
		t.Run(d.Dist, func(t *testing.T) {
			s := mmc(4, 1000, 1, 1)
			s.Sales.FirstCallHours = d
			s.Replications, s.HorizonDays = 20, 100
			s.Policies = s.Policies[:1]
			v, _ := runAll(t, s, 2)
			// utilisation = lambda * E[call] / reps
			want := 4 * 0.5 / 1000
			lo, hi := results.CI(moments(v[0][RepUtilization]), 0.99)
			require.Truef(t, lo <= want && want <= hi, "%s: %.6g outside [%.6g, %.6g]", d.Dist, want, lo, hi)
		})
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*scenarios.Scenario)
		want string
	}{
		{"no channels", func(s *scenarios.Scenario) { s.Marketing.Channels = nil }, "at least one channel"},
		{"no policies", func(s *scenarios.Scenario) { s.Policies = nil }, "at least one policy"},
		{"bad policy", func(s *scenarios.Scenario) { s.Policies[0].Base = "magic" }, `base: got "magic"`},
		{"bad day", func(s *scenarios.Scenario) { s.Calendar.AlwaysOpen = false; s.Calendar.WorkingDays = []string{"xyz"} }, `unknown day "xyz"`},
		{"warmup", func(s *scenarios.Scenario) { s.WarmupDays = s.HorizonDays }, "warmup_days"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mmc(1, 1, 1, 1)
			tc.mod(&s)
			_, err := Compile(s)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func ExampleCompile() {
	s := scenarios.Default()
	s.Calendar.AlwaysOpen = true
	s.Marketing.Channels = []scenarios.Channel{newChannel("inbound", 9)}
	s.Policies = []scenarios.Policy{newPolicy("direct", "direct")}
	s.HorizonDays = 7
	m, _ := Compile(s)
	r, _ := m.NewSim().Run(context.Background(), 0, 0)
	fmt.Println(r.Metrics[Inquiries] == float64(r.Outcomes.Total()))
	// Output: true
}

// requireIdentical checks that two results are the same bit for bit (NaN
// included, which == and require.Equal do not treat as equal).
func requireIdentical(t testing.TB, want, got Result, msgAndArgs ...any) {
	t.Helper()
	for k := range want.Metrics {
		require.Equal(t, math.Float64bits(want.Metrics[k]), math.Float64bits(got.Metrics[k]),
			append([]any{"metric %s: %v vs %v", Metric(k), want.Metrics[k], got.Metrics[k]}, msgAndArgs...)...)
	}
	want.Metrics, got.Metrics = Metrics{}, Metrics{}
	require.Equal(t, want, got, msgAndArgs...)
}

func requireAllIdentical(t testing.TB, want, got []Result) {
	t.Helper()
	require.Equal(t, len(want), len(got))
	for i := range want {
		requireIdentical(t, want[i], got[i], "job %d", i)
	}
}
