package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"funnellab/expr"
	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/selection"
	"funnellab/sim/funnel"
	"funnellab/sim/runner"
)

// selectMaxPoints caps the design points of funnel select.
const selectMaxPoints = 1000

// selectOptions are the flags of funnel select.
type selectOptions struct {
	scenario  string
	vary      []string
	objective string
	subjectTo []string
	delta     float64
	pcs       float64
	method    string
	n0        int
	maxReps   int
	budget    int
	batch     int
	sets      []string
	policies  string
	seed      uint64
	seedSet   bool
	workers   int
	out       string
	quiet     bool
}

// selectCmd is funnel select: the best of a scenario's policies, or of the
// design points of --vary, by ranking and selection on common random
// numbers (package selection).
func selectCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return selectCmdMerged(ctx, args, "", nil, stdout, stderr)
}

// selectCmdMerged is funnel select, or with shards of its first stage the
// selection funnel merge makes of them (selectshard.go).
func selectCmdMerged(ctx context.Context, args []string, mergeSHA string, merged []mergedShard, stdout, stderr io.Writer) error {
	fs := newFlags("select", "select SCENARIO [--vary KEY=V1,V2,... ...] --objective EXPR --delta D [flags]", stderr)
	var o selectOptions
	fs.StringArrayVar(&o.vary, "vary", nil, "a scenario key and its values, KEY=V1,V2,... (repeatable; the design points are every combination); policies may be named: policies.objective.sla_hours")
	fs.StringVar(&o.objective, "objective", "", "the expression to maximise, per replication: metrics (revenue: the alternative's own policy; objective.revenue: a named policy), numbers, + - * / (or − × ÷), parentheses and @KEY for a --vary key's value")
	fs.Float64Var(&o.delta, "delta", 0, "indifference zone: the smallest difference in the objective's mean worth detecting (required, in the objective's units)")
	fs.Float64Var(&o.pcs, "pcs", 0.95, "probability of correct selection (1 - alpha)")
	fs.StringArrayVar(&o.subjectTo, "subject-to", nil, "a constraint EXPR < NUMBER (or <=, >, >=), optionally followed by ± TOLERANCE (default 1% of |NUMBER|) (repeatable)")
	fs.StringVar(&o.method, "method", "kn", "procedure: kn (Kim-Nelson), kn++ (variances updated) or ocba (fixed --budget)")
	fs.IntVar(&o.n0, "n0", 10, "first-stage replications of every alternative")
	fs.IntVar(&o.maxReps, "max-reps", 1000, "most replications of any alternative (kn, kn++); stopping there voids the guarantee")
	fs.IntVar(&o.budget, "budget", 0, "total replications over all alternatives (ocba; default 20 per alternative)")
	fs.IntVar(&o.batch, "batch", 5, "replications added to every surviving alternative per stage; the selection does not depend on it")
	fs.StringArrayVar(&o.sets, "set", nil, "override a scenario key before varying (repeatable)")
	fs.StringVar(&o.policies, "policies", "", "comma-separated policies that are alternatives (default: all)")
	fs.Uint64Var(&o.seed, "seed", 0, "master seed (default: the scenario's); replication r of every alternative uses the same random numbers")
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (default: number of CPUs); results do not depend on it")
	fs.StringVar(&o.out, "out", "", "output folder (default: out/<scenario>-select-<UTC time>-<random>); must not exist")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress lines on stderr (one per stage)")
	shard := fs.String("shard", "", "run only shard I/N of the first stage (--n0 replications of every alternative, the stage every procedure starts with): the I-th (from 0) of N contiguous ranges of its jobs, into a folder that 'funnel merge' reads to make the whole selection, byte-identical (docs/cluster.md)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("select: expected one SCENARIO argument, got %d", fs.NArg())
	}
	o.scenario = fs.Arg(0)
	o.seedSet = fs.Changed("seed")
	if !fs.Changed("delta") {
		return usageErr("select: --delta is required: the indifference zone, in the objective's units")
	}
	if !fs.Changed("budget") {
		o.budget = -1
	}
	start := time.Now()
	plan, err := planSelect(o)
	if err != nil {
		return err
	}
	log := newLogger(stderr, o.quiet)
	if *shard != "" {
		return runSelectShard(ctx, plan, *shard, args, canonicalArgs(fs, "out", "shard", "workers", "quiet"), start, log, stdout)
	}
	if merged != nil {
		if err := readSelectShards(plan, mergeSHA, merged); err != nil {
			return err
		}
	}
	dir, err := openOutDir(o.out, plan.name+"-select", log)
	if err != nil {
		return err
	}
	defer dir.Abort()
	sample := plan.sampler(o.workers)
	stage := 0
	res, err := selection.Run(ctx, plan.cfg, func(ctx context.Context, reqs []selection.Request) ([]selection.Obs, error) {
		stage++
		n := 0
		for _, q := range reqs {
			n += q.To - q.From
		}
		log.Info("select: stage", "stage", stage, "alternatives", len(reqs), "replications", n)
		return sample(ctx, reqs)
	})
	if err != nil {
		return fmt.Errorf("select: %w", err)
	}
	var b bytes.Buffer
	if err := results.WriteJSON(&b, plan.report(res)); err != nil {
		return err
	}
	if err := dir.WriteFile("selection.json", b.Bytes()); err != nil {
		return err
	}
	if err := dir.WriteFile("observations.csv", plan.observationsCSV()); err != nil {
		return err
	}
	man, err := newStudyManifest("select", args, plan.res, start, func(m *studyManifest) { m.Shards = merged })
	if err != nil {
		return err
	}
	if err := dir.WriteFile("manifest.json", man); err != nil {
		return err
	}
	outDir, err := dir.Commit()
	if err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	plan.print(stdout, res)
	fmt.Fprintf(stdout, "wrote %s\n", outDir)
	if res.Best < 0 {
		return &exitError{ExitChecksFailed, fmt.Errorf("select: no alternative satisfies the constraints (%s)", strings.Join(o.subjectTo, "; "))}
	}
	return nil
}

// selPoint is a design point: the --vary values and the compiled model.
type selPoint struct {
	values []string // one per varied key
	model  *funnel.Model
	pols   []string
}

// selAlt is an alternative: a design point and, when the expressions name
// the alternative's own policy, a policy.
type selAlt struct {
	name   string
	point  int
	policy string // "" when the expressions name only policies explicitly
}

// selConstraint is a --subject-to: lhs − rhs ≤ 0 (sign −1 for > and >=).
type selConstraint struct {
	text      string
	e         *expr.Expr
	op        string
	threshold float64
	tol       float64
}

// selectPlan is everything a selection needs, checked before it runs.
type selectPlan struct {
	o       selectOptions
	res     *scenarios.Resolved // the scenario loaded, for manifest.json
	name    string
	seed    uint64
	keys    []string
	points  []selPoint
	alts    []selAlt
	obj     *expr.Expr
	cons    []selConstraint
	cfg     selection.Config
	metrics map[string]int
	// cache holds the first stage's metrics read from shards by funnel
	// merge (nil otherwise): the sampler takes them instead of
	// simulating.
	cache map[selJob]funnel.Metrics
	// seen holds every simulated replication of every alternative: the
	// objective and each constraint's expression, for observations.csv.
	seen []selection.Obs
}

func planSelect(o selectOptions) (*selectPlan, error) {
	switch {
	case !(o.delta > 0) || math.IsInf(o.delta, 0):
		return nil, usageErr("select: --delta: got %g, expected a positive number (the indifference zone, in the objective's units)", o.delta)
	case !(o.pcs > 0 && o.pcs < 1):
		return nil, usageErr("select: --pcs: got %g, expected a probability in (0, 1) such as 0.95", o.pcs)
	case o.n0 < 2 || o.n0 > 100000:
		return nil, usageErr("select: --n0: got %d, expected an integer in [2,100000] (the first stage estimates variances)", o.n0)
	case o.maxReps < o.n0 || o.maxReps > 1000000:
		return nil, usageErr("select: --max-reps: got %d, expected an integer from --n0 (%d) to 1000000", o.maxReps, o.n0)
	case o.batch < 1 || o.batch > 100000:
		return nil, usageErr("select: --batch: got %d, expected an integer in [1,100000]", o.batch)
	case o.workers < 0:
		return nil, usageErr("select: --workers: got %d, expected 0 (number of CPUs) or more", o.workers)
	case strings.TrimSpace(o.objective) == "":
		return nil, usageErr("select: --objective is required: the expression to maximise, such as revenue or 'revenue - 70 * 2000 * @sales.reps'")
	case len(o.vary) > scenarios.MaxSets || len(o.subjectTo) > scenarios.MaxSets:
		return nil, usageErr("select: --vary and --subject-to may each be given at most %d times", scenarios.MaxSets)
	}
	method := selection.Method(o.method)
	if !slices.Contains([]selection.Method{selection.KN, selection.KNPP, selection.OCBA}, method) {
		return nil, usageErr("select: --method: got %q, expected kn, kn++ or ocba", o.method)
	}
	if method != selection.OCBA && o.budget >= 0 {
		return nil, usageErr("select: --budget is for --method ocba; kn and kn++ stop by themselves (cap them with --max-reps)")
	}
	res, err := loadScenario(o.scenario, o.sets)
	if err != nil {
		return nil, err
	}
	data, err := scenarioBytes(res)
	if err != nil {
		return nil, err
	}
	p := &selectPlan{o: o, res: res, name: res.Scenario.Name, seed: res.Scenario.Seed, metrics: map[string]int{}}
	if o.seedSet {
		p.seed = o.seed
	}
	for i, m := range funnel.Names() {
		p.metrics[m] = i
	}
	keys, values, err := parseSelectVary(o.vary)
	if err != nil {
		return nil, err
	}
	p.keys = keys
	allPols := make([]string, len(res.Scenario.Policies))
	for i, pol := range res.Scenario.Policies {
		allPols[i] = pol.Name
	}
	// The expressions, checked against the scenario's names.
	names := expr.Names{Policies: allPols, Metrics: funnel.Names(), Keys: keys, Own: true}
	if names.Keys == nil {
		names.Keys = []string{}
	}
	if p.obj, err = expr.Compile(o.objective, names); err != nil {
		return nil, usageErr("select: --objective %v", exprErr(err))
	}
	if len(p.obj.Refs) == 0 {
		return nil, usageErr("select: --objective %q names no metric, so nothing simulated would change it; write one such as revenue or objective.revenue", o.objective)
	}
	bare := p.obj.HasBare()
	explicit := p.obj.Policies()
	for _, s := range o.subjectTo {
		c, err := parseConstraint(s, names)
		if err != nil {
			return nil, err
		}
		bare = bare || c.e.HasBare()
		for _, pol := range c.e.Policies() {
			if !slices.Contains(explicit, pol) {
				explicit = append(explicit, pol)
			}
		}
		p.cons = append(p.cons, c)
	}
	// The alternatives' own policies.
	own := allPols
	if o.policies != "" {
		chosen, err := selectPolicies(res.Scenario.Policies, splitList(o.policies))
		if err != nil {
			return nil, asUsage(fmt.Errorf("select: %s", strings.TrimPrefix(err.Error(), "run: ")))
		}
		own = nil
		for _, pol := range chosen {
			own = append(own, pol.Name)
		}
		if !bare {
			return nil, usageErr("select: --policies chooses the alternatives' own policies, but the expressions name every metric's policy; write a bare metric (revenue) or drop --policies")
		}
	}
	if !bare {
		if len(keys) == 0 {
			return nil, usageErr("select: --objective %q names every metric's policy, so the policies would all score the same; without --vary the alternatives are the policies: write a bare metric (revenue) for each policy's own", o.objective)
		}
		own = nil
	}
	simulated := []string{}
	for _, pol := range allPols { // in scenario order
		if slices.Contains(own, pol) || slices.Contains(explicit, pol) {
			simulated = append(simulated, pol)
		}
	}
	// The design points (one without --vary), each checked and compiled.
	combos := cartesian(values)
	if len(combos) > selectMaxPoints {
		return nil, usageErr("select: --vary gives %d design points, expected at most %d", len(combos), selectMaxPoints)
	}
	for _, combo := range combos {
		sets := slices.Clone(o.sets)
		for k, key := range keys {
			sets = append(sets, key+"="+combo[k])
		}
		r, err := scenarios.Parse(res.Source, data, sets)
		if err != nil {
			return nil, usageErr("select: --vary %s: %v", describePoint(keys, combo), err)
		}
		sc := r.Scenario
		if sc.Policies, err = selectPolicies(sc.Policies, simulated); err != nil {
			return nil, usageErr("select: --vary %s changes the scenario's policies: %v", describePoint(keys, combo), err)
		}
		sc.Seed = p.seed
		model, err := funnel.Compile(sc)
		if err != nil {
			return nil, usageErr("select: --vary %s: %s: %v", describePoint(keys, combo), res.Source, err)
		}
		p.points = append(p.points, selPoint{values: combo, model: model, pols: model.PolicyNames()})
	}
	// @keys need numbers.
	for _, e := range append([]*expr.Expr{p.obj}, consExprs(p.cons)...) {
		for _, k := range e.Keys {
			ki := slices.Index(keys, k.Path)
			for _, combo := range combos {
				if _, err := strconv.ParseFloat(combo[ki], 64); err != nil {
					return nil, usageErr("select: @%s in %q: the value %q of --vary %s is not a number", k.Path, e.Src, combo[ki], k.Path)
				}
			}
		}
	}
	for pi, pt := range p.points {
		if own == nil {
			p.alts = append(p.alts, selAlt{name: describePoint(keys, pt.values), point: pi})
			continue
		}
		for _, pol := range own {
			name := pol
			if len(keys) > 0 {
				name = describePoint(keys, pt.values) + " " + pol
			}
			p.alts = append(p.alts, selAlt{name: name, point: pi, policy: pol})
		}
	}
	p.cfg = selection.Config{K: len(p.alts), Method: method, Delta: o.delta, PCS: o.pcs, N0: o.n0, Batch: o.batch, MaxReps: o.maxReps, Budget: o.budget}
	if method == selection.OCBA && o.budget < 0 {
		p.cfg.Budget = max(20, 2*o.n0) * len(p.alts)
	}
	for _, c := range p.cons {
		p.cfg.Constraints = append(p.cfg.Constraints, selection.Constraint{Name: c.text, Tol: c.tol})
	}
	if err := p.cfg.Validate(); err != nil {
		return nil, usageErr("select: --%v", err)
	}
	return p, nil
}

func consExprs(cs []selConstraint) []*expr.Expr {
	out := make([]*expr.Expr, len(cs))
	for i, c := range cs {
		out[i] = c.e
	}
	return out
}

// exprErr formats an expression error with its caret.
func exprErr(err error) error {
	if e, ok := err.(*expr.Error); ok {
		return fmt.Errorf("%s: %s\n%s", strconv.Quote(e.Src), e.Msg, e.Caret("  "))
	}
	return err
}

// selJob is one simulation: replication rep of policy pol of point.
type selJob struct{ point, pol, rep int }

// sampler simulates the requested replications over the workers, as
// fine-grained jobs (one per point, policy and replication) in a fixed
// order, so the observations do not depend on the number of workers.
func (p *selectPlan) sampler(workers int) selection.Sampler {
	return func(ctx context.Context, reqs []selection.Request) ([]selection.Obs, error) {
		index := map[selJob]int{}
		var jobs []selJob
		need := func(point int, pol string, rep int) {
			j := selJob{point, slices.Index(p.points[point].pols, pol), rep}
			if _, ok := index[j]; !ok {
				index[j] = len(jobs)
				jobs = append(jobs, j)
			}
		}
		for _, q := range reqs {
			a := p.alts[q.Alt]
			for r := q.From; r < q.To; r++ {
				for _, pol := range p.altPolicies(a) {
					need(a.point, pol, r)
				}
			}
		}
		// Point-major order: consecutive jobs share a model.
		order := sortSelJobs(jobs)
		for i, j := range order {
			index[j] = i
		}
		results, err := p.simulateJobs(ctx, workers, order)
		if err != nil {
			return nil, err
		}
		obs := make([]selection.Obs, len(reqs))
		for k, q := range reqs {
			a := p.alts[q.Alt]
			pt := p.points[a.point]
			o := selection.Obs{G: make([][]float64, len(p.cons))}
			if p.seen == nil {
				p.seen = make([]selection.Obs, len(p.alts))
			}
			seen := &p.seen[q.Alt]
			if seen.G == nil {
				seen.G = make([][]float64, len(p.cons))
			}
			for r := q.From; r < q.To; r++ {
				l := expr.Lookup{
					Metric: func(pol, metric string) float64 {
						if pol == "" {
							pol = a.policy
						}
						return results[index[selJob{a.point, slices.Index(pt.pols, pol), r}]][p.metrics[metric]]
					},
					Key: func(path string) float64 {
						v, _ := strconv.ParseFloat(pt.values[slices.Index(p.keys, path)], 64)
						return v
					},
				}
				y := p.obj.Eval(l)
				if math.IsNaN(y) || math.IsInf(y, 0) {
					return nil, fmt.Errorf("the objective %q is undefined (%g) for %s in replication %d: a metric in it is undefined there (a ratio of nothing, such as cost_per_won_deal without deals) or a division by zero", p.obj.Src, y, a.name, r)
				}
				o.Y = append(o.Y, y)
				seen.Y = append(seen.Y, y)
				for c := range p.cons {
					v := p.cons[c].e.Eval(l)
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return nil, fmt.Errorf("the constraint %q is undefined (%g) for %s in replication %d: a metric in it is undefined there or a division by zero", p.cons[c].text, v, a.name, r)
					}
					o.G[c] = append(o.G[c], p.cons[c].g(v))
					seen.G[c] = append(seen.G[c], v)
				}
			}
			obs[k] = o
		}
		return obs, nil
	}
}

// sortSelJobs sorts jobs point-major (then policy, replication), so
// that consecutive jobs share a model.
func sortSelJobs(jobs []selJob) []selJob {
	order := slices.Clone(jobs)
	slices.SortFunc(order, func(a, b selJob) int {
		if a.point != b.point {
			return a.point - b.point
		}
		if a.pol != b.pol {
			return a.pol - b.pol
		}
		return a.rep - b.rep
	})
	return order
}

// simulateJobs simulates the jobs over the workers and returns their
// metrics in order; jobs in p.cache (the first stage read from shards by
// funnel merge) are taken from it instead.
func (p *selectPlan) simulateJobs(ctx context.Context, workers int, order []selJob) ([]funnel.Metrics, error) {
	res := make([]funnel.Metrics, len(order))
	var todo []int // indexes into order
	for i, j := range order {
		if m, ok := p.cache[j]; ok {
			res[i] = m
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return res, nil
	}
	w, _ := capWorkers(workers, len(todo))
	out, err := runner.Run(ctx, runner.Options{Replications: 1, Policies: len(todo), Workers: w},
		func() runner.Job[funnel.Metrics] {
			var sim *funnel.Sim
			simPoint := -1
			return func(ctx context.Context, _, k int) (funnel.Metrics, error) {
				j := order[todo[k]]
				if j.point != simPoint {
					sim, simPoint = p.points[j.point].model.NewSim(), j.point
				}
				r, err := sim.Run(ctx, j.rep, j.pol)
				if err != nil {
					return funnel.Metrics{}, err
				}
				return r.Metrics, nil
			}
		})
	if err != nil {
		return nil, err
	}
	for k, i := range todo {
		res[i] = out.Results[k]
	}
	return res, nil
}

// altPolicies are the policies an alternative's expressions read.
func (p *selectPlan) altPolicies(a selAlt) []string {
	var out []string
	if a.policy != "" {
		out = append(out, a.policy)
	}
	for _, e := range append([]*expr.Expr{p.obj}, consExprs(p.cons)...) {
		for _, pol := range e.Policies() {
			if !slices.Contains(out, pol) {
				out = append(out, pol)
			}
		}
	}
	return out
}
