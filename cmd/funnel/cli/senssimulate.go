package cli

import (
	"context"
	"math"
	"slices"

	"funnellab/experiment"
	"funnellab/sim/funnel"
	"funnellab/sim/runner"
)

// sensPoint is the studied quantity at one design point: its per
// replication values (CRN: replication r uses the same seeds at every
// point) and their mean and standard deviation.
type sensPoint struct {
	reps     []float64
	mean, sd float64
	// means[p] is the mean of the first term's metric for policy p of the
	// expression (the second term's for a difference's second policy).
	terms [2]float64
}

// simulateSensitivity runs every design point's replications under the
// policies the expression reads, as one batch of runner jobs per round
// (point, replication) × policy, every point on the same seeds (common
// random numbers), and returns each point's per-replication values of the
// expression. With --precision, the points whose mean misses the relative
// precision get more replications in rounds (experiment.NextReps: Law and
// Kelton's rule, as funnel sweep applies it), up to --max-reps; each
// point's replications continue its streams, so the points keep common
// random numbers for the replications they share, and the rounds depend
// on the results only, never on the workers.
func simulateSensitivity(ctx context.Context, p *sensPlan) ([]sensPoint, error) {
	if p.merged != nil { // funnel merge: the shards' values
		return sensPoints(p.merged[0], p.merged[1]), nil
	}
	a := make([][]float64, len(p.design)) // per point and replication: the first term
	b := make([][]float64, len(p.design)) // the second term (0 without a difference)
	want := make([]int, len(p.design))
	for i := range want {
		want[i] = p.reps
	}
	target := p.o.precision / (1 + p.o.precision)
	for {
		var units []sensUnit
		for i := range want {
			for r := len(a[i]); r < want[i]; r++ {
				units = append(units, sensUnit{i, r})
			}
		}
		if len(units) == 0 {
			break
		}
		vals, err := runSensUnits(ctx, p, units)
		if err != nil {
			return nil, err
		}
		for j, u := range units {
			a[u.pt] = append(a[u.pt], vals[j][0])
			b[u.pt] = append(b[u.pt], vals[j][1])
		}
		if p.o.precision == 0 {
			break
		}
		for i := range want {
			v := make([]float64, len(a[i]))
			for r := range v {
				v[r] = a[i][r] - b[i][r]
			}
			if rel := experiment.RelHalfWidth([][]float64{v}); rel > target && want[i] < p.o.maxReps {
				want[i] = experiment.NextReps(want[i], rel, target, p.o.maxReps)
			}
		}
	}
	return sensPoints(a, b), nil
}

// sensUnit is one replication of one design point, under every policy
// the expression reads.
type sensUnit struct{ pt, rep int }

// runSensUnits simulates the units as one batch of runner jobs, unit ×
// policy, and returns each unit's two terms: the first term's metric
// and the second's (0 without a difference).
func runSensUnits(ctx context.Context, p *sensPlan, units []sensUnit) ([][2]float64, error) {
	np := len(p.policies)
	ma := slices.Index(funnel.Names(), p.expr.a.metric)
	mb := -1
	pb := 0
	if p.expr.b != nil {
		mb = slices.Index(funnel.Names(), p.expr.b.metric)
		pb = slices.Index(p.policies, p.expr.b.policy)
	}
	type two [2]float64 // the metrics the expression reads
	workers, _ := capWorkers(p.o.workers, len(units)*np)
	out, err := runner.Run(ctx, runner.Options{Replications: len(units), Policies: np, Workers: workers},
		func() runner.Job[two] {
			var sim *funnel.Sim
			var model *funnel.Model
			return func(ctx context.Context, job, pol int) (two, error) {
				u := units[job]
				if m := p.models[u.pt]; m != model {
					model, sim = m, m.NewSim()
				}
				res, err := sim.Run(ctx, u.rep, pol)
				if err != nil {
					return two{}, err
				}
				var t two
				t[0] = res.Metrics[ma]
				if mb >= 0 {
					t[1] = res.Metrics[mb]
				}
				return t, nil
			}
		})
	if err != nil {
		return nil, err
	}
	vals := make([][2]float64, len(units))
	for j := range units {
		row := out.Rep(j, np)
		vals[j][0] = row[0][0]
		if mb >= 0 {
			vals[j][1] = row[pb][1]
		}
	}
	return vals, nil
}

// sensPoints are the design points' values from the terms of their
// replications, in replication order.
func sensPoints(a, b [][]float64) []sensPoint {
	pts := make([]sensPoint, len(a))
	for i := range pts {
		pt := &pts[i]
		n := len(a[i])
		pt.reps = make([]float64, n)
		for r := range n {
			pt.terms[0] += a[i][r]
			pt.terms[1] += b[i][r]
			pt.reps[r] = a[i][r] - b[i][r]
		}
		pt.terms[0] /= float64(n)
		pt.terms[1] /= float64(n)
		pt.mean, pt.sd = meanSD(pt.reps)
	}
	return pts
}

func meanSD(v []float64) (mean, sd float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	if len(v) < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(v)-1))
}
