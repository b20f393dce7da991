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
	np := len(p.policies)
	ma := slices.Index(funnel.Names(), p.expr.a.metric)
	mb := -1
	pb := 0
	if p.expr.b != nil {
		mb = slices.Index(funnel.Names(), p.expr.b.metric)
		pb = slices.Index(p.policies, p.expr.b.policy)
	}
	type unit struct{ pt, rep int }
	type two [2]float64                   // the metrics the expression reads
	a := make([][]float64, len(p.design)) // per point and replication: the first term
	b := make([][]float64, len(p.design)) // the second term (0 without a difference)
	want := make([]int, len(p.design))
	for i := range want {
		want[i] = p.reps
	}
	target := p.o.precision / (1 + p.o.precision)
	for {
		var units []unit
		for i := range want {
			for r := len(a[i]); r < want[i]; r++ {
				units = append(units, unit{i, r})
			}
		}
		if len(units) == 0 {
			break
		}
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
		for j, u := range units {
			row := out.Rep(j, np)
			a[u.pt] = append(a[u.pt], row[0][0])
			w := 0.0
			if mb >= 0 {
				w = row[pb][1]
			}
			b[u.pt] = append(b[u.pt], w)
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
	pts := make([]sensPoint, len(p.design))
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
	return pts, nil
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
