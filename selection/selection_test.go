package selection

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// normalSampler draws alternative i's replication r as
// mu[i] + sd·(√ρ·Z_r + √(1−ρ)·ε_ir): with ρ > 0 the alternatives share Z_r,
// as common random numbers make them do; the values depend on (seed, i, r)
// only, never on the order of the requests. Constraint c of i is
// g[i][c] + gsd·ε'_icr.
type normalSampler struct {
	seed    uint64
	mu      []float64
	sd, rho float64
	g       [][]float64
	gsd     float64
	calls   int
}

func (ns *normalSampler) value(stream, i, r uint64) float64 {
	return rand.New(rand.NewPCG(ns.seed, stream<<48|i<<32|r)).NormFloat64()
}

func (ns *normalSampler) sample(_ context.Context, reqs []Request) ([]Obs, error) {
	ns.calls++
	out := make([]Obs, len(reqs))
	for k, q := range reqs {
		o := Obs{}
		if ns.g != nil {
			o.G = make([][]float64, len(ns.g[q.Alt]))
		}
		for r := q.From; r < q.To; r++ {
			z := ns.value(0, 0, uint64(r))
			e := ns.value(1, uint64(q.Alt), uint64(r))
			o.Y = append(o.Y, ns.mu[q.Alt]+ns.sd*(math.Sqrt(ns.rho)*z+math.Sqrt(1-ns.rho)*e))
			for c := range o.G {
				o.G[c] = append(o.G[c], ns.g[q.Alt][c]+ns.gsd*ns.value(2+uint64(c), uint64(q.Alt), uint64(r)))
			}
		}
		out[k] = o
	}
	return out, nil
}

// lfc returns the means of the least-favourable configuration: the best
// (index best) δ above k−1 equal others.
func lfc(k, best int, delta float64) []float64 {
	mu := make([]float64, k)
	mu[best] = delta
	return mu
}

// macroReps is the number of macro-replications of the PCS tests: fewer
// under -short, but some in every run.
func macroReps(full, short int) int {
	if testing.Short() {
		return short
	}
	return full
}

// pcsFloor is the lowest observed PCS over m macro-replications that is
// consistent (one-sided, 99.9%) with a true PCS of p.
func pcsFloor(p float64, m int) float64 {
	return p - 3.09*math.Sqrt(p*(1-p)/float64(m))
}

// TestKNLeastFavourable: under the least-favourable configuration the
// observed probability of correct selection is at least the nominal one,
// for KN and KN++, with independent and with correlated (CRN) sampling.
func TestKNLeastFavourable(t *testing.T) {
	const k, delta = 5, 0.5
	m := macroReps(4000, 1000)
	for _, tc := range []struct {
		method Method
		rho    float64
	}{{KN, 0}, {KN, 0.8}, {KNPP, 0}, {KNPP, 0.8}} {
		t.Run(fmt.Sprintf("%s/rho=%g", tc.method, tc.rho), func(t *testing.T) {
			correct, reps := 0, 0
			for macro := range m {
				best := macro % k // the best moves, so no index is favoured
				ns := &normalSampler{seed: uint64(macro) + 1, mu: lfc(k, best, delta), sd: 1, rho: tc.rho}
				res, err := Run(context.Background(), Config{K: k, Method: tc.method, Delta: delta, PCS: 0.95, N0: 10, Batch: 5, MaxReps: 100000}, ns.sample)
				require.NoError(t, err)
				if res.Best == best {
					correct++
				}
				for _, u := range res.Used {
					reps += u
				}
				require.Equal(t, "one alternative left", res.Stopped)
			}
			pcs := float64(correct) / float64(m)
			t.Logf("%s ρ=%g: PCS %.3f over %d macro-replications, %.1f replications per selection", tc.method, tc.rho, pcs, m, float64(reps)/float64(m))
			require.GreaterOrEqual(t, pcs, pcsFloor(0.95, m))
		})
	}
}

// TestKNCommonRandomNumbers: with positively correlated alternatives (the
// variance of a difference 2σ²(1−ρ) instead of 2σ²) KN uses fewer
// replications: about (1−ρ) as many beyond the first stage.
func TestKNCommonRandomNumbers(t *testing.T) {
	const k, delta = 4, 0.5
	m := macroReps(200, 40)
	used := map[float64]int{}
	for _, rho := range []float64{0, 0.8} {
		for macro := range m {
			ns := &normalSampler{seed: uint64(macro) + 1000, mu: []float64{0, 0.25, 0.5, 1}, sd: 1, rho: rho}
			res, err := Run(context.Background(), Config{K: k, Delta: delta, PCS: 0.95, N0: 10, Batch: 1, MaxReps: 100000}, ns.sample)
			require.NoError(t, err)
			for _, u := range res.Used {
				used[rho] += u
			}
		}
	}
	t.Logf("replications used: %d independent, %d with ρ = 0.8", used[0], used[0.8])
	require.Less(t, float64(used[0.8]), 0.5*float64(used[0]))
}

// TestBatchDoesNotChangeTheSelection: the procedure screens after every
// replication, so the stage size changes only what is simulated, never the
// selection or the replications used.
func TestBatchDoesNotChangeTheSelection(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		var first *Result
		for _, batch := range []int{1, 3, 10} {
			ns := &normalSampler{seed: seed, mu: []float64{0, 0.2, 0.4, 0.5, 0.45}, sd: 1, rho: 0.5,
				g: [][]float64{{-1}, {-1}, {-1}, {0.5}, {-0.1}}, gsd: 1}
			res, err := Run(context.Background(), Config{K: 5, Method: KN, Delta: 0.2, PCS: 0.9, N0: 8, Batch: batch, MaxReps: 400,
				Constraints: []Constraint{{"g", 0.2}}}, ns.sample)
			require.NoError(t, err)
			for i := range res.Used {
				require.LessOrEqual(t, res.Used[i], res.Simulated[i])
				require.Less(t, res.Simulated[i]-res.Used[i], batch)
			}
			if first == nil {
				first = res
				continue
			}
			require.Equal(t, first.Best, res.Best)
			require.Equal(t, first.Used, res.Used)
			require.Equal(t, first.Eliminated, res.Eliminated)
			require.Equal(t, first.Feasibility, res.Feasibility)
		}
	}
}

// TestFeasibility: the best objective is infeasible and the second best
// barely feasible; the selection must be a desirable alternative, and
// alternatives beyond the tolerance are declared infeasible, at the
// nominal rate.
func TestFeasibility(t *testing.T) {
	const k, delta, tol = 4, 0.5, 0.25
	m := macroReps(400, 80)
	correct := 0
	for macro := range m {
		ns := &normalSampler{seed: uint64(macro) + 5000, mu: []float64{0, 0.5, 1, 2}, sd: 1, rho: 0.5,
			// 3 is unacceptable (1 tolerance beyond), 2 desirable, 1 and 0 far inside.
			g: [][]float64{{-1}, {-1}, {-tol}, {tol}}, gsd: 1}
		res, err := Run(context.Background(), Config{K: k, Delta: delta, PCS: 0.95, N0: 10, Batch: 4, MaxReps: 100000,
			Constraints: []Constraint{{"cost < 0", tol}}}, ns.sample)
		require.NoError(t, err)
		if res.Best == 2 {
			correct++
		}
		require.NotEqual(t, 3, res.Best)
		require.Equal(t, "infeasible", res.Feasibility[3])
	}
	pcs := float64(correct) / float64(m)
	t.Logf("PCS with a constraint: %.3f over %d", pcs, m)
	require.GreaterOrEqual(t, pcs, pcsFloor(0.95, m))
}

// TestNoFeasible: when every alternative violates the constraint, there is
// no best.
func TestNoFeasible(t *testing.T) {
	ns := &normalSampler{seed: 3, mu: []float64{0, 1}, sd: 1, g: [][]float64{{2}, {3}}, gsd: 1}
	res, err := Run(context.Background(), Config{K: 2, Delta: 0.5, PCS: 0.95, N0: 10, Batch: 5, MaxReps: 1000,
		Constraints: []Constraint{{"g", 0.5}}}, ns.sample)
	require.NoError(t, err)
	require.Equal(t, -1, res.Best)
	require.Equal(t, "no alternative is feasible", res.Stopped)
	require.Equal(t, []string{"infeasible", "infeasible"}, res.Feasibility)
}

// TestIdenticalAlternatives: alternatives with the same outputs (zero
// variance of the difference) end at once, the first kept.
func TestIdenticalAlternatives(t *testing.T) {
	ns := &normalSampler{seed: 3, mu: []float64{1, 1, 1}, sd: 1, rho: 1}
	res, err := Run(context.Background(), Config{K: 3, Delta: 0.5, PCS: 0.95, N0: 10, Batch: 5, MaxReps: 1000}, ns.sample)
	require.NoError(t, err)
	require.Equal(t, 0, res.Best)
	require.Equal(t, []int{10, 10, 10}, res.Used)
}

// TestMaxReps: a cap below what KN needs stops with the best sample mean
// and says the guarantee does not hold.
func TestMaxReps(t *testing.T) {
	ns := &normalSampler{seed: 3, mu: []float64{0, 0.01, 0.02}, sd: 1}
	res, err := Run(context.Background(), Config{K: 3, Delta: 0.01, PCS: 0.95, N0: 10, Batch: 5, MaxReps: 30}, ns.sample)
	require.NoError(t, err)
	require.Contains(t, res.Stopped, "reached --max-reps 30")
	require.Contains(t, res.Guarantee, "none:")
	require.GreaterOrEqual(t, res.Best, 0)
	require.Equal(t, 30, res.Stages[len(res.Stages)-1].Reps)
}

// TestH2: h² for k = 2, n0 = 10, α = 0.05: η = ½(0.1^(−2/9) − 1).
func TestH2(t *testing.T) {
	want := 2 * 0.5 * (math.Pow(0.1, -2.0/9) - 1) * 9
	require.InDelta(t, want, H2(2, 0.05, 10), 1e-12)
}

// TestOCBA: with a fixed budget OCBA selects the best of a well-separated
// configuration, spends exactly the budget and gives the best and its
// closest rival most of it.
func TestOCBA(t *testing.T) {
	const k = 5
	m := macroReps(200, 40)
	correct, top, rest := 0, 0, 0
	for macro := range m {
		ns := &normalSampler{seed: uint64(macro) + 9000, mu: []float64{0, 0.2, 0.4, 1.5, 2}, sd: 1}
		res, err := Run(context.Background(), Config{K: k, Method: OCBA, Delta: 0.1, PCS: 0.95, N0: 5, Budget: 200, Batch: 1}, ns.sample)
		require.NoError(t, err)
		total := 0
		for _, u := range res.Used {
			total += u
		}
		require.Equal(t, 200, total)
		if res.Best == 4 {
			correct++
		}
		top += res.Used[4] + res.Used[3]
		rest += res.Used[0] + res.Used[1] + res.Used[2]
		require.True(t, res.APCS >= 0 && res.APCS <= 1)
	}
	require.GreaterOrEqual(t, float64(correct)/float64(m), 0.95)
	// The OCBA ratios give the best and its rival about 89% of the
	// budget at the true means; noisy first stages give less.
	t.Logf("OCBA: best and rival %d replications, the others %d", top, rest)
	require.Greater(t, top, 2*rest)
}

func TestValidate(t *testing.T) {
	ok := Config{K: 3, Delta: 1, PCS: 0.95, N0: 10, Batch: 1, MaxReps: 100}
	for _, tc := range []struct {
		edit func(*Config)
		msg  string
	}{
		{func(c *Config) { c.Delta = 0 }, "delta: got 0, expected a positive indifference zone"},
		{func(c *Config) { c.PCS = 1 }, "pcs: got 1, expected a probability in (0, 1)"},
		{func(c *Config) { c.PCS = 0.3 }, "pcs: got 0.3, expected more than 1/k = 0.3333 (k = 3 alternatives: a random pick does as well)"},
		{func(c *Config) { c.N0 = 1 }, "n0: got 1, expected 2 or more (the first stage estimates variances)"},
		{func(c *Config) { c.MaxReps = 5 }, "max-reps: got 5, expected at least n0 = 10"},
		{func(c *Config) { c.Method = OCBA; c.Budget = 20 }, "budget: got 20, expected at least k × n0 = 3 × 10 = 30"},
		{func(c *Config) { c.Method = "x" }, `method: got "x", expected kn, kn++ or ocba`},
		{func(c *Config) { c.Constraints = []Constraint{{"g", 0}} }, "constraint g: tolerance 0, expected a positive number"},
	} {
		c := ok
		tc.edit(&c)
		require.EqualError(t, c.Validate(), tc.msg)
	}
	require.NoError(t, ok.Validate())
}
