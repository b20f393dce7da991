package findings

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"funnellab/results"
	"funnellab/scenarios"
)

// Result is a finding compared with its simulation.
type Result struct {
	ID, Title, Source, Quantity string
	Policies                    []string
	Published                   float64
	Compare                     string
	Tolerance                   float64
	ToleranceReason             string
	// Mean, CI95Low, CI95High summarise the quantity over the N
	// replications where it is defined.
	Mean, CI95Low, CI95High float64
	N                       int
	// Low and High bound what counts as reproduced.
	Low, High  float64
	Reproduced bool
	// Role, DerivedFrom, Expected and ExpectedReason are the finding's
	// (roles.go).
	Role           string
	DerivedFrom    []string
	Expected       string
	ExpectedReason string
}

// PolicyIndexes resolves a finding's policies in the run's table: all of
// them if names is empty.
func PolicyIndexes(t *results.Table, names []string) ([]int, error) {
	if len(names) == 0 {
		out := make([]int, len(t.Policies))
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	var out []int
	for _, n := range names {
		i := t.PolicyIndex(n)
		if i < 0 {
			return nil, fmt.Errorf("unknown policy %q; policies: %v", n, t.Policies)
		}
		out = append(out, i)
	}
	return out, nil
}

// Measure computes quantity name on the run, pooled over the named
// policies (all if none), and summarises it over the replications where it
// is defined.
func Measure(r *Run, name string, policies []string) (results.Summary, error) {
	q, err := Lookup(name)
	if err != nil {
		return results.Summary{}, err
	}
	pols, err := PolicyIndexes(r.Table, policies)
	if err != nil {
		return results.Summary{}, err
	}
	if q.Pooled != nil {
		parts, err := q.Pooled.Parts(r, pols)
		if err != nil {
			return results.Summary{}, fmt.Errorf("%s: %w", name, err)
		}
		return pooledSummary(parts, q.Pooled.Combine), nil
	}
	v, err := q.Compute(r, pols)
	if err != nil {
		return results.Summary{}, fmt.Errorf("%s: %w", name, err)
	}
	v = slices.DeleteFunc(v, func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) })
	return results.Summarize(v), nil
}

// bootstrapSamples is the number of resamples of pooledSummary's interval.
const bootstrapSamples = 2000

// pooledSummary estimates a pooled quantity from its counts summed over
// every replication, with a 95% percentile bootstrap interval over
// replications (resampled with a fixed seed: the interval is the same on
// every run of the same results).
func pooledSummary(parts [][]float64, combine func([]float64) float64) results.Summary {
	nan := math.NaN()
	n := 0
	if len(parts) > 0 {
		n = len(parts[0])
	}
	s := results.Summary{Mean: nan, SD: nan, CI95Low: nan, CI95High: nan, P05: nan, P50: nan, P95: nan, N: n}
	if n == 0 {
		return s
	}
	sums := make([]float64, len(parts))
	sumOf := func(idx func(int) int) []float64 {
		clear(sums)
		for i := range n {
			r := idx(i)
			for k := range parts {
				sums[k] += parts[k][r]
			}
		}
		return sums
	}
	s.Mean = combine(sumOf(func(i int) int { return i }))
	if n < 2 || math.IsNaN(s.Mean) || math.IsInf(s.Mean, 0) {
		return s
	}
	rnd := rand.New(rand.NewPCG(0x5eed, 0xb007))
	var boot []float64
	for range bootstrapSamples {
		v := combine(sumOf(func(int) int { return rnd.IntN(n) }))
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			boot = append(boot, v)
		}
	}
	if len(boot) < bootstrapSamples*9/10 {
		return s // too often undefined: no interval
	}
	slices.Sort(boot)
	q := func(p float64) float64 { return boot[min(len(boot)-1, int(p*float64(len(boot))))] }
	s.CI95Low, s.CI95High = q(0.025), q(0.975)
	return s
}

// Bounds returns the interval of simulated means that reproduce a
// finding.
func Bounds(f scenarios.Finding) (lo, hi float64) {
	p, tol := f.Published, f.Tolerance
	switch f.Compare {
	case "at_least":
		return p * (1 - tol), math.Inf(1)
	case "at_most":
		return math.Inf(-1), p * (1 + tol)
	}
	return p - tol*math.Abs(p), p + tol*math.Abs(p)
}

// Evaluate measures a finding on a run and gives its verdict: reproduced
// when the simulated mean is within Bounds.
func Evaluate(r *Run, f scenarios.Finding) (Result, error) {
	s, err := Measure(r, f.Quantity, f.Policies)
	if err != nil {
		return Result{}, fmt.Errorf("finding %s: %w", f.ID, err)
	}
	lo, hi := Bounds(f)
	return Result{
		ID: f.ID, Title: f.Title, Source: f.Source, Quantity: f.Quantity, Policies: f.Policies,
		Published: f.Published, Compare: f.Compare, Tolerance: f.Tolerance, ToleranceReason: f.ToleranceReason,
		Mean: s.Mean, CI95Low: s.CI95Low, CI95High: s.CI95High, N: s.N,
		Low: lo, High: hi, Reproduced: s.N > 0 && s.Mean >= lo && s.Mean <= hi,
		Role: f.Role, DerivedFrom: f.DerivedFrom, Expected: f.Expected, ExpectedReason: f.ExpectedReason,
	}, nil
}
