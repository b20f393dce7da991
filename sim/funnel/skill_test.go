package funnel

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

func TestOddsTimes(t *testing.T) {
	require.InDelta(t, 0.5, oddsTimes(0.25, 3), 1e-15) // odds 1/3 x 3 = 1
	require.Equal(t, 1.0, oddsTimes(1, 0.2))
	require.Equal(t, 0.0, oddsTimes(0, 5))
	require.Equal(t, 0.25, oddsTimes(0.25, 1))
}

// TestRepSkillDraws: skills and own loads are lognormal of mean 1 and the
// given cv, drawn from their own streams: each rep's own-pipeline stream
// is unchanged (its first gap only rescaled by its load), and at cv 0
// every rep has the team's values exactly.
func TestRepSkillDraws(t *testing.T) {
	base := journeyScenario(newPolicy("objective", "objective"))
	base.Sales.Reps = 20000
	base.Sales.OwnPipeline.TasksPerWeek = 5
	sim := func(s scenarios.Scenario) *Sim {
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		sm.reset(3, 0)
		return sm
	}
	s0 := sim(base)
	for _, rp := range s0.reps {
		require.Equal(t, 1.0, rp.skill)
		require.Equal(t, s0.m.ownRate, rp.ownRate)
	}
	on := base
	on.Sales.SkillCV, on.Sales.OwnLoadCV = 0.5, 0.8
	s1 := sim(on)
	meanCV := func(f func(rp *rep) float64) (float64, float64) {
		var sum, sq float64
		for i := range s1.reps {
			x := f(&s1.reps[i])
			sum += x
			sq += x * x
		}
		n := float64(len(s1.reps))
		mean := sum / n
		return mean, math.Sqrt(sq/n-mean*mean) / mean
	}
	mean, cv := meanCV(func(rp *rep) float64 { return rp.skill })
	require.InDelta(t, 1, mean, 0.02)
	require.InDelta(t, 0.5, cv, 0.03)
	mean, cv = meanCV(func(rp *rep) float64 { return rp.ownRate / s1.m.ownRate })
	require.InDelta(t, 1, mean, 0.03)
	require.InDelta(t, 0.8, cv, 0.06)
	for i := range s1.reps {
		a, b := &s0.reps[i], &s1.reps[i]
		require.InEpsilon(t, a.ownNext*a.ownRate, b.ownNext*b.ownRate, 1e-12)
	}
	// Skill alone leaves the own loads alone, and load alone the skills.
	only := base
	only.Sales.SkillCV = 0.5
	s2 := sim(only)
	for i := range s2.reps {
		require.Equal(t, s1.reps[i].skill, s2.reps[i].skill)
		require.Equal(t, s0.reps[i].ownNext, s2.reps[i].ownNext)
	}
}

// TestRepSkillWinRates: on the reference funnel (every opportunity decided
// at once, contact certain) with skill_cv 1, the wins are those of each
// rep's own win rate, 0.25 with its odds multiplied by its skill, summed
// over the opportunities it opened; and the reps' rates spread.
func TestRepSkillWinRates(t *testing.T) {
	res, err := scenarios.LoadEmbedded("reference", nil)
	require.NoError(t, err)
	s := res.Scenario
	s.HorizonDays, s.Policies = 60, s.Policies[:1]
	s.Sales.SkillCV = 1
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	q := s.Sales.WinRate
	for rep := range 3 {
		n := make([]float64, m.reps)
		sm.hook = &hooks{opp: func(_ float64, p *prospect) {
			if p.flags&fCounted != 0 {
				n[p.rep]++
			}
		}}
		r, err := sm.Run(context.Background(), rep, 0)
		require.NoError(t, err)
		var want, vr float64
		lo, hi := 1.0, 0.0
		for i, k := range n {
			w := oddsTimes(q, sm.reps[i].skill)
			want += k * w
			vr += k * w * (1 - w)
			lo, hi = math.Min(lo, w), math.Max(hi, w)
		}
		got := float64(r.Outcomes.Won)
		require.InDelta(t, want, got, 4*math.Sqrt(vr), "replication %d", rep)
		require.Greater(t, hi-lo, 0.2, "the reps' win rates spread")
		t.Logf("replication %d: won %g, expected %.1f; rep win rates %.2f to %.2f", rep, got, want, lo, hi)
	}
}

// TestRepMechanismsConserve: with effort per open week, skill and own load
// on, every embedded scenario still accounts for every prospect under all
// its policies (sla_first interrupting effort tasks included), and two
// runs of a replication are identical.
func TestRepMechanismsConserve(t *testing.T) {
	for _, name := range []string{"default", "sla_1h", "reference"} {
		s := loadNamed(t, name)
		s = shorten(s, 60, 200, 2)
		s.Sales.HoursPerOpenWeek, s.Sales.SkillCV, s.Sales.OwnLoadCV = 4, 0.6, 0.6
		_, res := runAll(t, s, 2)
		requireConserved(t, res)
		_, again := runAll(t, s, 1)
		for i := range res {
			requireIdentical(t, res[i], again[i], "%s, job %d", name, i)
		}
	}
}

// TestSkillWeightedRouting: with identical reps, skill_weighted routing is
// least_loaded bit for bit; with skilled and unskilled reps it gives the
// skilled ones more hand-offs (the reps' hand-offs rank with their skills).
func TestSkillWeightedRouting(t *testing.T) {
	pol := func(name, routing string) scenarios.Policy {
		p := newPolicy(name, "objective")
		p.Routing = routing
		return p
	}
	r, err := scenarios.LoadEmbedded(scenarios.DefaultName, nil)
	require.NoError(t, err)
	base := r.Scenario
	base.Policies = []scenarios.Policy{pol("ll", "least_loaded"), pol("sw", "skill_weighted")}
	base.HorizonDays, base.ObserveDays = 180, 365
	run := func(s scenarios.Scenario, pi int) (Result, []int) {
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		counts := make([]int, s.Sales.Reps)
		sm.hook = &hooks{sales: func(_ float64, p *prospect) { counts[p.rep]++ }}
		r, err := sm.Run(context.Background(), 1, pi)
		require.NoError(t, err)
		return r, counts
	}
	ll, llCounts := run(base, 0)
	sw, swCounts := run(base, 1)
	for i := range ll.Metrics {
		require.Equal(t, math.Float64bits(ll.Metrics[i]), math.Float64bits(sw.Metrics[i]), "identical reps: skill_weighted is least_loaded (%s)", MetricNames[i])
	}
	require.Equal(t, llCounts, swCounts)
	total := 0
	for _, c := range llCounts {
		total += c
	}
	require.Greater(t, total, 1000, "hand-offs routed")

	on := base
	on.Sales.SkillCV = 1
	m, err := Compile(on)
	require.NoError(t, err)
	sm := m.NewSim()
	counts := make([]int, on.Sales.Reps)
	sm.hook = &hooks{sales: func(_ float64, p *prospect) { counts[p.rep]++ }}
	_, err = sm.Run(context.Background(), 1, 1)
	require.NoError(t, err)
	// The skills of this replication, and the hand-offs of the most and
	// least skilled reps.
	hi, lo := 0, 0
	for i := range sm.reps {
		if sm.reps[i].skill > sm.reps[hi].skill {
			hi = i
		}
		if sm.reps[i].skill < sm.reps[lo].skill {
			lo = i
		}
	}
	require.Greater(t, sm.reps[hi].skill, 1.5*sm.reps[lo].skill, "skills spread")
	require.Greater(t, counts[hi], counts[lo], "the most skilled rep gets more hand-offs than the least skilled (skills %.2f, %.2f)", sm.reps[hi].skill, sm.reps[lo].skill)
}
