package experiment

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"funnellab/results"
	"funnellab/sim/funnel"
)

// Quantity is what a precision target is measured on: a metric of every
// policy (Policy and Minus empty), of one policy, or the per-replication
// difference of two policies' metrics (Policy.Metric − Minus.MinusMetric).
type Quantity struct {
	Policy, Metric     string
	Minus, MinusMetric string
}

func (q Quantity) String() string {
	s := q.Metric
	if q.Policy != "" {
		s = q.Policy + "." + q.Metric
	}
	if q.Minus != "" {
		s += " - " + q.Minus + "." + q.MinusMetric
	}
	return s
}

// ParseQuantity parses METRIC, POLICY.METRIC or A.METRIC - B.METRIC
// against a scenario's policies.
func ParseQuantity(s string, policies []string) (Quantity, error) {
	term := func(t string, needPolicy bool) (string, string, error) {
		t = strings.TrimSpace(t)
		pol, met, dotted := strings.Cut(t, ".")
		if !dotted {
			if needPolicy {
				return "", "", fmt.Errorf("%q: expected POLICY.METRIC on each side of a difference", t)
			}
			pol, met = "", t
		}
		if pol != "" && !slices.Contains(policies, pol) {
			return "", "", fmt.Errorf("%q: no policy %q; the scenario's policies are %s", t, pol, strings.Join(policies, ", "))
		}
		if !slices.Contains(funnel.Names(), met) {
			return "", "", fmt.Errorf("%q: unknown metric %q (docs/metrics.md)", t, met)
		}
		return pol, met, nil
	}
	a, b, diff := strings.Cut(s, " - ")
	var q Quantity
	var err error
	if q.Policy, q.Metric, err = term(a, diff); err != nil {
		return q, err
	}
	if diff {
		if q.Minus, q.MinusMetric, err = term(b, true); err != nil {
			return q, err
		}
	}
	return q, nil
}

// series returns the per-replication values the quantity is measured on
// in t: one series per policy for a bare metric, otherwise one.
func (q Quantity) series(t *results.Table) [][]float64 {
	col := func(pol, met string) []float64 { return t.Values[t.PolicyIndex(pol)][t.MetricIndex(met)] }
	switch {
	case q.Policy == "":
		var out [][]float64
		for p := range t.Policies {
			out = append(out, t.Values[p][t.MetricIndex(q.Metric)])
		}
		return out
	case q.Minus == "":
		return [][]float64{col(q.Policy, q.Metric)}
	}
	a, b := col(q.Policy, q.Metric), col(q.Minus, q.MinusMetric)
	d := make([]float64, len(a))
	for r := range a {
		d[r] = a[r] - b[r]
	}
	return [][]float64{d}
}

// Precision is a target of relative precision: run replications until the
// 95% confidence interval's half-width is at most Relative × |mean| for
// the quantity On at every point, or MaxReps replications.
type Precision struct {
	Relative float64
	On       Quantity
	MaxReps  int
}

// PrecisionPoint reports how a point ended: its replications, whether it
// met the target, and its largest relative half-width h/|x̄| (over the
// quantity's series).
type PrecisionPoint struct {
	Point        int           `json:"point"`
	Replications int           `json:"replications"`
	Met          bool          `json:"met"`
	RelHalfWidth results.Float `json:"rel_half_width"`
}

// RelHalfWidth is the largest relative half-width h/|x̄| of the series
// (+Inf when a mean is 0 or undefined), where h = t(0.975, n−1)·s/√n.
func RelHalfWidth(series [][]float64) float64 {
	worst := 0.0
	for _, xs := range series {
		var m results.Moments
		for _, x := range xs {
			m.Add(x)
		}
		if m.N < 2 {
			return math.Inf(1)
		}
		h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(m.N - 1)}.Quantile(0.975) * m.SD() / math.Sqrt(float64(m.N))
		r := h / math.Abs(m.Mean)
		if h == 0 {
			r = 0 // every replication the same: exact
		}
		if math.IsNaN(r) {
			r = math.Inf(1)
		}
		worst = math.Max(worst, r)
	}
	return worst
}

// RunToPrecision runs the plan's replications at every point, then adds
// replications to the points that miss the target, in rounds, until every
// point meets it or has MaxReps. The stopping rule is Law and Kelton's
// sequential relative-precision procedure: a point stops at the first
// checked n whose half-width h(n) = t(0.975, n−1)·s(n)/√n satisfies
// h(n)/|x̄(n)| ≤ γ/(1+γ), γ = Relative (the adjusted target that makes
// the actual relative error at most γ with about 95% probability).
// Instead of one replication at a time, a round takes a point from n to
// n* = ⌈n·(r/γ')²⌉ replications, r its current relative half-width,
// at least n+1, at most 2n and MaxReps. New replications continue each
// point's stream (replications n, n+1, ...), so every point stays on
// common random numbers with the others for the replications they share.
// The rounds depend only on the results, never on the workers.
func (p *Plan) RunToPrecision(ctx context.Context, prec Precision) ([]PointResult, []PrecisionPoint, error) {
	if !(prec.Relative > 0) || math.IsInf(prec.Relative, 0) {
		return nil, nil, &InputError{fmt.Errorf("precision %g: expected a relative half-width > 0", prec.Relative)}
	}
	if p.reps < 2 {
		return nil, nil, &InputError{fmt.Errorf("a precision target needs at least 2 initial replications, got %d", p.reps)}
	}
	if prec.MaxReps < p.reps {
		return nil, nil, &InputError{fmt.Errorf("the most replications (%d) is below the initial %d", prec.MaxReps, p.reps)}
	}
	target := prec.Relative / (1 + prec.Relative)
	np := len(p.models)
	ms := make([][][]funnel.Metrics, np)
	have := make([]int, np)
	want := make([]int, np)
	for i := range want {
		want[i] = p.reps
	}
	report := make([]PrecisionPoint, np)
	for {
		got, err := p.runUnits(ctx, have, want)
		if err != nil {
			return nil, nil, err
		}
		more := false
		for i := range ms {
			ms[i] = append(ms[i], got[i]...)
			have[i] = want[i]
			r := RelHalfWidth(prec.On.series(p.table(ms[i])))
			report[i] = PrecisionPoint{Point: i, Replications: have[i], Met: r <= target, RelHalfWidth: results.Float(r)}
			if report[i].Met || have[i] >= prec.MaxReps {
				continue
			}
			want[i] = NextReps(have[i], r, target, prec.MaxReps)
			more = true
		}
		if !more {
			break
		}
	}
	res := make([]PointResult, np)
	for i := range res {
		res[i] = PointResult{Point: i, Values: p.Spec.Design.Points[i], Scenario: p.Scenarios[i], Table: p.table(ms[i])}
		res[i].Scenario.Replications = have[i]
	}
	return res, report, nil
}

// NextReps is the replications a point of n replications and relative
// half-width r goes to in a round of a precision run aiming at target
// (the adjusted γ/(1+γ)): ⌈n·(r/target)²⌉, at least n+1, at most 2n and
// max.
func NextReps(n int, r, target float64, max int) int {
	f := float64(n)
	next := math.Ceil(f * (r / target) * (r / target))
	if math.IsNaN(next) || math.IsInf(next, 0) {
		next = 2 * f
	}
	return int(math.Min(float64(max), math.Max(f+1, math.Min(2*f, next))))
}
