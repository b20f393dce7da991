package experiment

import (
	"context"
	"fmt"
	"slices"

	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
	"funnellab/sim/runner"
)

// Spec describes an experiment: a scenario, the overrides applied to it
// before the design's, the design, and how to run it.
type Spec struct {
	// Source and Bytes are the scenario's source name and text, as given
	// to scenarios.Parse ("embedded:default" and the embedded file's
	// bytes, or a file's path and contents).
	Source string
	Bytes  []byte
	// Sets are --set overrides applied before each point's values.
	Sets []string
	// Design gives the points; its keys may name policies (ResolveKey).
	Design Design
	// Reps is the number of replications per point and policy; 0 keeps
	// the scenario's.
	Reps int
	// Seed, if not nil, replaces the scenario's master seed. Every point
	// uses the same seed: common random numbers across points.
	Seed *uint64
	// Workers is the number of worker goroutines; <= 0 means the number
	// of CPUs.
	Workers int
	// Progress, if set, is called after each completed job (serialized)
	// with the number of jobs done and the total.
	Progress func(done, total int)
}

// PointResult is the outcome of one design point.
type PointResult struct {
	// Point is the point's index in the design, Values its values.
	Point  int
	Values []string
	// Scenario is the scenario the point ran (overrides, design values,
	// Reps and Seed applied).
	Scenario scenarios.Scenario
	// Table holds the per-replication metrics of every policy.
	Table *results.Table
}

// Plan is a prepared experiment: every point's scenario parsed and its
// model compiled, ready to run.
type Plan struct {
	Spec      Spec
	Keys      []string // the design's keys, resolved to index form
	Scenarios []scenarios.Scenario
	models    []*funnel.Model
	reps      int
}

// InputError is an error in the experiment's inputs (a key, a value, a
// point's scenario), found before any simulation.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Prepare resolves the design's keys on the scenario (with Sets applied),
// parses and compiles the scenario of every point, and checks that every
// point has the same policies. Its errors are *InputError.
func Prepare(spec Spec) (*Plan, error) {
	d := spec.Design
	if len(d.Points) == 0 {
		return nil, &InputError{fmt.Errorf("the design has no points")}
	}
	base, err := scenarios.Parse(spec.Source, spec.Bytes, spec.Sets)
	if err != nil {
		return nil, &InputError{err}
	}
	p := &Plan{Spec: spec}
	for _, k := range d.Keys {
		r, err := ResolveKey(base.Scenario, k)
		if err != nil {
			return nil, &InputError{fmt.Errorf("--vary %s: %w", k, err)}
		}
		p.Keys = append(p.Keys, r)
	}
	var names []string
	for i, pt := range d.Points {
		if len(pt) != len(p.Keys) {
			return nil, &InputError{fmt.Errorf("design point %d has %d values for %d keys", i, len(pt), len(p.Keys))}
		}
		sets := slices.Clone(spec.Sets)
		for k, v := range pt {
			sets = append(sets, p.Keys[k]+"="+v)
		}
		r, err := scenarios.Parse(spec.Source, spec.Bytes, sets)
		if err != nil {
			return nil, &InputError{fmt.Errorf("design point %d (%s): %w", i, describe(d.Keys, pt), err)}
		}
		sc := r.Scenario
		if spec.Reps > 0 {
			sc.Replications = spec.Reps
		}
		if spec.Seed != nil {
			sc.Seed = *spec.Seed
		}
		m, err := funnel.Compile(sc)
		if err != nil {
			return nil, &InputError{fmt.Errorf("design point %d (%s): %w", i, describe(d.Keys, pt), err)}
		}
		if i == 0 {
			names, p.reps = m.PolicyNames(), sc.Replications
		} else if !slices.Equal(names, m.PolicyNames()) {
			return nil, &InputError{fmt.Errorf("design point %d (%s) has the policies %v, point 0 has %v; a design must not change the policies", i, describe(d.Keys, pt), m.PolicyNames(), names)}
		}
		p.Scenarios = append(p.Scenarios, sc)
		p.models = append(p.models, m)
	}
	return p, nil
}

// Jobs is the number of simulation jobs of the plan: points ×
// replications × policies.
func (p *Plan) Jobs() int { return len(p.models) * p.reps * len(p.models[0].Policies) }

// Run runs every point × replication × policy as one job queue over the
// workers (sim/runner: jobs numbered (point·R + rep)·P + policy, handed
// out in that order, so no worker idles between points), and returns one
// result per point, in design order. Replication r of every point uses
// the same random numbers (the same seed and replication index): common
// random numbers across points as across policies. The results are the
// same whatever the number of workers.
func (p *Plan) Run(ctx context.Context) ([]PointResult, error) {
	counts := make([]int, len(p.models))
	for i := range counts {
		counts[i] = p.reps
	}
	return p.RunReps(ctx, counts)
}

// Reps is the number of replications per point and policy of Run.
func (p *Plan) Reps() int { return p.reps }

// RunReps is Run with reps[i] replications (0, 1, ..., reps[i]−1) at point
// i.
func (p *Plan) RunReps(ctx context.Context, reps []int) ([]PointResult, error) {
	from := make([]int, len(reps))
	m, err := p.runUnits(ctx, from, reps)
	if err != nil {
		return nil, err
	}
	res := make([]PointResult, len(p.models))
	for i := range res {
		res[i] = PointResult{Point: i, Values: p.Spec.Design.Points[i], Scenario: p.Scenarios[i], Table: p.table(m[i])}
		res[i].Scenario.Replications = reps[i]
	}
	return res, nil
}

// table is the results table of one point's replications.
func (p *Plan) table(ms [][]funnel.Metrics) *results.Table {
	t := results.NewTable(p.models[0].PolicyNames(), funnel.Names(), len(ms))
	for rep, pols := range ms {
		for pol, m := range pols {
			for k, v := range m {
				t.Set(rep, pol, k, v)
			}
		}
	}
	return t
}

// runUnits runs replications from[i] to to[i]−1 of every point i under
// every policy, as one job queue, and returns out[i][rep−from[i]][policy].
func (p *Plan) runUnits(ctx context.Context, from, to []int) ([][][]funnel.Metrics, error) {
	np := len(p.models[0].Policies)
	type unit struct{ pt, rep int }
	var units []unit
	for i := range from {
		for r := from[i]; r < to[i]; r++ {
			units = append(units, unit{i, r})
		}
	}
	out := make([][][]funnel.Metrics, len(from))
	for i := range out {
		out[i] = make([][]funnel.Metrics, max(0, to[i]-from[i]))
	}
	if len(units) == 0 {
		return out, nil
	}
	opt := runner.Options{Replications: len(units), Policies: np, Workers: p.Spec.Workers}
	if opt.Workers > len(units)*np {
		opt.Workers = len(units) * np
	}
	if f := p.Spec.Progress; f != nil {
		opt.Progress = func(pr runner.Progress) { f(pr.Jobs, pr.TotalJobs) }
	}
	res, err := runner.Run(ctx, opt, func() runner.Job[funnel.Metrics] {
		cur := -1
		var s *funnel.Sim
		return func(ctx context.Context, job, pol int) (funnel.Metrics, error) {
			u := units[job]
			if u.pt != cur {
				// Jobs come in increasing order, sorted by point: a worker
				// meets each point once, and keeps one model state at a
				// time.
				s, cur = p.models[u.pt].NewSim(), u.pt
			}
			r, err := s.Run(ctx, u.rep, pol)
			return r.Metrics, err
		}
	})
	if err != nil {
		return nil, err
	}
	for j, u := range units {
		out[u.pt][u.rep-from[u.pt]] = slices.Clone(res.Rep(j, np))
	}
	return out, nil
}

// Run prepares and runs an experiment (Prepare, then Plan.Run).
func Run(ctx context.Context, spec Spec) ([]PointResult, error) {
	p, err := Prepare(spec)
	if err != nil {
		return nil, err
	}
	return p.Run(ctx)
}

func describe(keys, values []string) string {
	s := ""
	for k := range keys {
		if k > 0 {
			s += " "
		}
		s += keys[k] + "=" + values[k]
	}
	return s
}
