package selection

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Method is a selection procedure.
type Method string

// The procedures.
const (
	// KN is Kim and Nelson's fully sequential procedure with the
	// first-stage variances of the pairwise differences.
	KN Method = "kn"
	// KNPP is KN++: KN with the variances updated at every replication.
	KNPP Method = "kn++"
	// OCBA allocates a fixed budget by the optimal computing budget
	// allocation with an indifference zone.
	OCBA Method = "ocba"
)

// Request asks for replications [From, To) of alternative Alt.
type Request struct{ Alt, From, To int }

// Obs holds the observations of a Request: Y[j] is the objective in
// replication From+j and G[c][j] the value of constraint c, which holds
// when its mean is at most 0.
type Obs struct {
	Y []float64
	G [][]float64
}

// Sampler simulates the requested replications. Replication numbers are
// common random numbers: replication r of every alternative uses the same
// random numbers.
type Sampler func(ctx context.Context, reqs []Request) ([]Obs, error)

// Constraint is a constraint E[G] ≤ 0 on an alternative, with a tolerance
// Tol > 0 in the units of G: an alternative whose mean is at most −Tol is
// desirable, at least +Tol unacceptable, in between acceptable either way.
type Constraint struct {
	Name string
	Tol  float64
}

// Config is a selection problem.
type Config struct {
	// K is the number of alternatives; the largest mean objective is best.
	K int
	// Method is the procedure (KN by default).
	Method Method
	// Delta is the indifference zone (> 0) and PCS the nominal probability
	// of correct selection, in (1/K, 1).
	Delta, PCS float64
	// N0 is the first-stage sample size of every alternative (≥ 2).
	N0 int
	// Batch is the number of replications added to every surviving
	// alternative per stage (≥ 1). The procedure screens after every
	// replication whatever Batch is: a larger Batch only simulates more
	// replications that an alternative eliminated within the stage does
	// not use, for fewer, larger stages to run in parallel.
	Batch int
	// MaxReps caps the replications of any alternative (KN, KN++; ≥ N0).
	MaxReps int
	// Budget is OCBA's total number of replications over all
	// alternatives (≥ K·N0).
	Budget int
	// Constraints on every alternative, checked with the same
	// replications.
	Constraints []Constraint
}

// Elimination says why and when an alternative left the contest.
type Elimination struct {
	// AtRep is the number of replications used when it left.
	AtRep int `json:"at_replication"`
	// By is the alternative that eliminated it (-1 for infeasibility).
	By int `json:"by"`
	// Reason is "screened" or "infeasible: NAME".
	Reason string `json:"reason"`
}

// Stage is the state after a stage of sampling.
type Stage struct {
	// Reps is the number of replications of every survivor.
	Reps int `json:"replications"`
	// Survivors are the alternatives still in contention.
	Survivors []int `json:"survivors"`
}

// Result is the outcome of a selection.
type Result struct {
	Method Method
	// Best is the selected alternative, -1 if no alternative is feasible.
	Best int
	// Stages are the survivors after each stage.
	Stages []Stage
	// Used is the number of replications the procedure used per
	// alternative; Simulated the number simulated (≥ Used).
	Used, Simulated []int
	// Mean and SD of the objective over the Used replications; G the
	// constraint means (per alternative, per constraint).
	Mean, SD []float64
	G        [][]float64
	// Eliminated, per alternative, or nil for the survivors.
	Eliminated []*Elimination
	// Feasibility per alternative: "feasible", "infeasible", "undecided",
	// or "" without constraints.
	Feasibility []string
	// Stopped says why the procedure stopped.
	Stopped string
	// H2 is KN's h² and H1 the feasibility check's h₁² (0 if none);
	// Alpha1 and Alpha2 the error split between feasibility and selection.
	H2, H1, Alpha1, Alpha2 float64
	// APCS is OCBA's approximate probability of correct selection
	// (Bonferroni bound, normal, independent sampling); NaN for KN.
	APCS float64
	// Guarantee is the statement of what the result guarantees.
	Guarantee string
}

// Validate checks the configuration.
func (c *Config) Validate() error {
	switch {
	case c.K < 1:
		return errors.New("no alternatives")
	case !(c.Delta > 0) || math.IsInf(c.Delta, 0):
		return fmt.Errorf("delta: got %g, expected a positive indifference zone", c.Delta)
	case !(c.PCS > 0 && c.PCS < 1):
		return fmt.Errorf("pcs: got %g, expected a probability in (0, 1)", c.PCS)
	case c.K > 1 && c.PCS <= 1/float64(c.K):
		return fmt.Errorf("pcs: got %g, expected more than 1/k = %.4g (k = %d alternatives: a random pick does as well)", c.PCS, 1/float64(c.K), c.K)
	case c.N0 < 2:
		return fmt.Errorf("n0: got %d, expected 2 or more (the first stage estimates variances)", c.N0)
	case c.Batch < 1:
		return fmt.Errorf("batch: got %d, expected 1 or more", c.Batch)
	}
	for _, k := range c.Constraints {
		if !(k.Tol > 0) || math.IsInf(k.Tol, 0) {
			return fmt.Errorf("constraint %s: tolerance %g, expected a positive number", k.Name, k.Tol)
		}
	}
	switch c.method() {
	case KN, KNPP:
		if c.MaxReps < c.N0 {
			return fmt.Errorf("max-reps: got %d, expected at least n0 = %d", c.MaxReps, c.N0)
		}
	case OCBA:
		if c.Budget < c.K*c.N0 {
			return fmt.Errorf("budget: got %d, expected at least k × n0 = %d × %d = %d", c.Budget, c.K, c.N0, c.K*c.N0)
		}
	default:
		return fmt.Errorf("method: got %q, expected kn, kn++ or ocba", c.Method)
	}
	return nil
}

func (c *Config) method() Method {
	if c.Method == "" {
		return KN
	}
	return c.Method
}

// Run runs the selection procedure of c, drawing observations from
// sample.
func Run(ctx context.Context, c Config, sample Sampler) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	s := newState(c)
	if c.method() == OCBA {
		return s.ocba(ctx, sample)
	}
	return s.kn(ctx, sample)
}

// state holds the observations of every alternative.
type state struct {
	c   Config
	y   [][]float64   // y[i][r]
	g   [][][]float64 // g[i][c][r]
	res *Result
}

func newState(c Config) *state {
	s := &state{c: c, y: make([][]float64, c.K), g: make([][][]float64, c.K)}
	for i := range s.g {
		s.g[i] = make([][]float64, len(c.Constraints))
	}
	r := &Result{Method: c.method(), Best: -1, Used: make([]int, c.K), Simulated: make([]int, c.K),
		Mean: make([]float64, c.K), SD: make([]float64, c.K), G: make([][]float64, c.K),
		Eliminated: make([]*Elimination, c.K), Feasibility: make([]string, c.K), APCS: math.NaN()}
	if len(c.Constraints) > 0 {
		for i := range r.Feasibility {
			r.Feasibility[i] = "undecided"
		}
	}
	s.res = r
	return s
}

// draw samples the requests and appends the observations.
func (s *state) draw(ctx context.Context, sample Sampler, reqs []Request) error {
	if len(reqs) == 0 {
		return nil
	}
	obs, err := sample(ctx, reqs)
	if err != nil {
		return err
	}
	if len(obs) != len(reqs) {
		return fmt.Errorf("selection: sampler returned %d observations for %d requests", len(obs), len(reqs))
	}
	for k, q := range reqs {
		o := obs[k]
		if len(s.y[q.Alt]) != q.From || len(o.Y) != q.To-q.From || len(o.G) != len(s.c.Constraints) {
			return fmt.Errorf("selection: sampler returned a malformed observation for alternative %d", q.Alt)
		}
		s.y[q.Alt] = append(s.y[q.Alt], o.Y...)
		for c := range o.G {
			if len(o.G[c]) != len(o.Y) {
				return fmt.Errorf("selection: sampler returned a malformed constraint observation for alternative %d", q.Alt)
			}
			s.g[q.Alt][c] = append(s.g[q.Alt][c], o.G[c]...)
		}
		s.res.Simulated[q.Alt] = len(s.y[q.Alt])
		for _, v := range o.Y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("selection: the objective of alternative %d is undefined (%g) in a replication", q.Alt, v)
			}
		}
		for c, gs := range o.G {
			for _, v := range gs {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("selection: constraint %s of alternative %d is undefined (%g) in a replication", s.c.Constraints[c].Name, q.Alt, v)
				}
			}
		}
	}
	return nil
}

// eta returns KN's η for a per-comparison error β and n0 observations
// with c = 1: ½[(2β)^(−2/(n0−1)) − 1]; h² = 2η(n0−1).
func eta(beta float64, n0 int) float64 {
	return 0.5 * (math.Pow(2*beta, -2/float64(n0-1)) - 1)
}

// H2 returns KN's h² for k alternatives, PCS 1−α and first stage n0.
func H2(k int, alpha float64, n0 int) float64 {
	return 2 * eta(alpha/float64(k-1), n0) * float64(n0-1)
}

// diffVar is the sample variance of y[i][r]−y[l][r] over r < n.
func diffVar(a, b []float64, n int) float64 {
	var mean float64
	for r := 0; r < n; r++ {
		mean += a[r] - b[r]
	}
	mean /= float64(n)
	var ss float64
	for r := 0; r < n; r++ {
		d := a[r] - b[r] - mean
		ss += d * d
	}
	return ss / float64(n-1)
}

func variance(a []float64, n int) float64 {
	var mean float64
	for _, v := range a[:n] {
		mean += v
	}
	mean /= float64(n)
	var ss float64
	for _, v := range a[:n] {
		ss += (v - mean) * (v - mean)
	}
	return ss / float64(n-1)
}

func mean(a []float64, n int) float64 {
	var m float64
	for _, v := range a[:n] {
		m += v
	}
	return m / float64(n)
}

// alphas splits α between the feasibility check and the selection.
func (s *state) alphas() (a1, a2 float64) {
	alpha := 1 - s.c.PCS
	if len(s.c.Constraints) == 0 {
		return 0, alpha
	}
	return alpha / 2, alpha / 2
}

// kn runs KN or KN++ with the feasibility check.
func (s *state) kn(ctx context.Context, sample Sampler) (*Result, error) {
	c, res := s.c, s.res
	k, n0 := c.K, c.N0
	a1, a2 := s.alphas()
	res.Alpha1, res.Alpha2 = a1, a2
	if k > 1 {
		res.H2 = H2(k, a2, n0)
	}
	nc := len(c.Constraints)
	if nc > 0 {
		res.H1 = 2 * eta(a1/float64(k*nc), n0) * float64(n0-1)
	}
	alive := make([]bool, k) // in contention
	for i := range alive {
		alive[i] = true
	}
	reqs := make([]Request, k)
	for i := range reqs {
		reqs[i] = Request{i, 0, n0}
	}
	if err := s.draw(ctx, sample, reqs); err != nil {
		return nil, err
	}
	// First-stage variances.
	s2 := make([][]float64, k)
	for i := range s2 {
		s2[i] = make([]float64, k)
		for l := range s2[i] {
			if l != i {
				s2[i][l] = diffVar(s.y[i], s.y[l], n0)
			}
		}
	}
	g2 := make([][]float64, k)
	for i := range g2 {
		g2[i] = make([]float64, nc)
		for j := range g2[i] {
			g2[i][j] = variance(s.g[i][j], n0)
		}
	}
	feasOK := make([][]bool, k) // constraint j of i declared satisfied
	for i := range feasOK {
		feasOK[i] = make([]bool, nc)
	}
	feasible := func(i int) bool { return res.Feasibility[i] == "" || res.Feasibility[i] == "feasible" }
	delta := c.Delta
	r := n0
	stop := ""
	for {
		// Screen with the first r replications.
		if nc > 0 {
			for i := 0; i < k; i++ {
				if !alive[i] || res.Feasibility[i] != "undecided" {
					continue
				}
				for j, con := range c.Constraints {
					if feasOK[i][j] {
						continue
					}
					v := g2[i][j]
					if c.method() == KNPP {
						v = variance(s.g[i][j], r)
					}
					sum := mean(s.g[i][j], r) * float64(r)
					bound := math.Max(0, res.H1*v/(2*con.Tol)-con.Tol*float64(r)/2)
					// A tie on the closed region (bound 0, sum 0) is
					// infeasible: the constraint is strict.
					switch {
					case sum >= bound:
						res.Feasibility[i] = "infeasible"
						alive[i] = false
						res.Eliminated[i] = &Elimination{AtRep: r, By: -1, Reason: "infeasible: " + con.Name}
						res.Used[i] = r
					case sum <= -bound:
						feasOK[i][j] = true
					}
					if !alive[i] {
						break
					}
				}
				if alive[i] && !slices.Contains(feasOK[i], false) {
					res.Feasibility[i] = "feasible"
				}
			}
		}
		old := slices.Clone(alive)
		means := make([]float64, k)
		for i := range means {
			if old[i] {
				means[i] = mean(s.y[i], r)
			}
		}
		for i := 0; i < k; i++ {
			if !old[i] {
				continue
			}
			for l := 0; l < k; l++ {
				if l == i || !old[l] || !feasible(l) {
					continue
				}
				v := s2[i][l]
				if c.method() == KNPP {
					v = diffVar(s.y[i], s.y[l], r)
				}
				w := math.Max(0, delta/(2*float64(r))*(res.H2*v/(delta*delta)-float64(r)))
				// Once the continuation region has closed (w = 0), an
				// exact tie goes to the lower index, so identical
				// alternatives cannot run forever.
				if means[i] < means[l]-w || (w == 0 && means[i] == means[l] && l < i) {
					alive[i] = false
					res.Eliminated[i] = &Elimination{AtRep: r, By: l, Reason: "screened"}
					res.Used[i] = r
					break
				}
			}
		}
		var surv []int
		for i, a := range alive {
			if a {
				surv = append(surv, i)
			}
		}
		switch {
		case len(surv) == 0:
			stop = "no alternative is feasible"
		case len(surv) == 1 && feasible(surv[0]):
			stop = "one alternative left"
			res.Best = surv[0]
		case r >= c.MaxReps:
			stop = fmt.Sprintf("reached --max-reps %d with %d alternatives left", c.MaxReps, len(surv))
			best := -1
			for _, i := range surv {
				if best < 0 || mean(s.y[i], r) > mean(s.y[best], r) {
					best = i
				}
			}
			res.Best = best
		}
		end := r
		if len(surv) > 0 {
			end = len(s.y[surv[0]]) // every survivor has as many
		}
		if stop != "" || r == end {
			res.Stages = append(res.Stages, Stage{Reps: r, Survivors: surv})
		}
		if stop != "" {
			for _, i := range surv {
				res.Used[i] = r
			}
			break
		}
		if r == end {
			// The survivors' replications are all screened: the next stage.
			to := min(r+c.Batch, c.MaxReps)
			reqs = reqs[:0]
			for _, i := range surv {
				reqs = append(reqs, Request{i, r, to})
			}
			if err := s.draw(ctx, sample, reqs); err != nil {
				return nil, err
			}
		}
		r++
	}
	res.Stopped = stop
	s.finish()
	res.Guarantee = s.guarantee()
	return res, nil
}

// finish fills the means, SDs and constraint means over the used
// replications.
func (s *state) finish() {
	res := s.res
	for i := range res.Mean {
		n := res.Used[i]
		res.Mean[i] = mean(s.y[i], n)
		res.SD[i] = math.NaN()
		if n > 1 {
			res.SD[i] = math.Sqrt(variance(s.y[i], n))
		}
		res.G[i] = make([]float64, len(s.c.Constraints))
		for j := range res.G[i] {
			res.G[i][j] = mean(s.g[i][j], n)
		}
	}
}

func (s *state) guarantee() string {
	c, res := s.c, s.res
	pcs := fmt.Sprintf("%g", c.PCS)
	switch {
	case res.Method == OCBA:
		return fmt.Sprintf("none: OCBA spends a fixed budget of %d replications to maximise an approximate probability of correct selection; "+
			"that approximation (normal means, Bonferroni, independent sampling) is %.3g for the selected alternative here, with differences under δ = %g counted as δ",
			c.Budget, res.APCS, c.Delta)
	case res.Best >= 0 && res.Eliminated[res.Best] == nil && res.Stopped != "one alternative left":
		return fmt.Sprintf("none: the procedure stopped at --max-reps before one alternative was left; %s is the best sample mean among those left", "the selection")
	case len(c.Constraints) == 0:
		return fmt.Sprintf("with probability ≥ %s the selected alternative's mean is within δ = %g of the best mean, "+
			"under normality of the objective within each alternative (replications independent across replication numbers, any dependence across alternatives allowed, as common random numbers give); "+
			"%s (Kim and Nelson 2001), h² = %.4g", pcs, c.Delta, knName(res.Method), res.H2)
	}
	return fmt.Sprintf("with probability ≥ %s the selected alternative is feasible within the constraints' tolerances and its mean is within δ = %g of the best mean among the alternatives that satisfy every constraint by at least its tolerance, "+
		"under normality of the objective and of each constraint's value within each alternative (any dependence across alternatives allowed, as common random numbers give); "+
		"α = %.3g split equally: %.3g for the feasibility check (Andradóttir and Kim 2010, Bonferroni over %s × %s, h₁² = %.4g) and %.3g for %s (h² = %.4g)",
		pcs, c.Delta, 1-c.PCS, res.Alpha1, count(c.K, "alternative"), count(len(c.Constraints), "constraint"), res.H1, res.Alpha2, knName(res.Method), res.H2)
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func knName(m Method) string {
	if m == KNPP {
		return "KN++, variances updated at every replication (Kim and Nelson 2006: valid as δ → 0)"
	}
	return "KN with first-stage variances of the pairwise differences"
}
