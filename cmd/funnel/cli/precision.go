package cli

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"funnellab/expr"
	"funnellab/results"
)

// Runs to a precision (funnel run --precision G): replications are added
// one at a time until the mean of each target has a 95% confidence
// interval whose half-width is at most G' = G/(1+G) of its absolute mean,
// checked after every replication from the n0-th on (n0 = the run's
// replications, --reps or the scenario's), up to --max-reps. This is the
// sequential procedure of Law & Kelton (Simulation Modeling and Analysis,
// 5th ed., §9.4.1) for a relative error G: stopping on G/(1+G) makes the
// actual relative error at most G with about 95% confidence. The targets
// are every policy's verdict metric (--verdict-metric), or the one
// expression of --precision-on (a policy's metric, or the difference of
// two: 'objective.revenue - waterfall.revenue', or any expression of
// package expr on the policies' metrics), evaluated replication by
// replication on common random numbers.
//
// Replications keep their numbers and streams, so a run that stops at n
// replications writes the same bytes as `funnel run --reps n` (manifest
// timestamps, the command line and the precision record aside), whatever
// the workers: the stopping rule sees the replications in order.

// errPrecisionMet stops the runner once the targets are met.
var errPrecisionMet = errors.New("precision met")

// precisionTarget is one quantity whose mean the rule watches: a value per
// replication from the metrics table.
type precisionTarget struct {
	name  string
	value func(t *results.Table, rep int) float64
	m     results.Moments
}

// precisionRule is the sequential stopping rule of a --precision run.
type precisionRule struct {
	gamma   float64 // the relative error asked for
	n0      int     // replications before the first check
	max     int     // replications at most
	targets []precisionTarget
	met     bool // the rule held at the last check
	seen    int  // replications added to the targets
}

// newPrecisionRule builds the rule for --precision gamma on the run's
// policies and metrics: on expr (--precision-on) if given, else on every
// policy's metric verdict.
func newPrecisionRule(gamma float64, n0, max int, expr, verdict string, policies, metrics []string) (*precisionRule, error) {
	if !(gamma > 0 && gamma < 1) {
		return nil, usageErr("run: --precision: got %g, expected a relative half-width in (0,1), e.g. 0.01", gamma)
	}
	if n0 < 2 {
		return nil, usageErr("run: --precision needs at least 2 replications before its first check; got --reps %d", n0)
	}
	if max < n0 {
		return nil, usageErr("run: --max-reps: got %d, expected at least the first stage's %d replications", max, n0)
	}
	r := &precisionRule{gamma: gamma, n0: n0, max: max}
	if expr == "" {
		m := indexOf(metrics, verdict)
		for p, name := range policies {
			r.targets = append(r.targets, precisionTarget{name: name + "." + verdict, value: cell(p, m)})
		}
		return r, nil
	}
	t, err := parsePrecisionExpr(expr, policies, metrics)
	if err != nil {
		return nil, err
	}
	r.targets = []precisionTarget{t}
	return r, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// cell reads policy p's metric m of a replication.
func cell(p, m int) func(t *results.Table, rep int) float64 {
	return func(t *results.Table, rep int) float64 { return t.Values[p][m][rep] }
}

// parsePrecisionExpr reads --precision-on: an expression of package expr
// on the run's policies' metrics (no bare metrics, no @keys), such as
// objective.revenue or 'objective.revenue - waterfall.revenue' (a paired
// difference, replication by replication).
func parsePrecisionExpr(src string, policies, metrics []string) (precisionTarget, error) {
	e, err := expr.Compile(src, expr.Names{Policies: policies, Metrics: metrics, Keys: []string{}})
	if err != nil {
		var ee *expr.Error
		if errors.As(err, &ee) {
			return precisionTarget{}, usageErr("run: --precision-on: %s\n%s", ee.Error(), ee.Caret("  "))
		}
		return precisionTarget{}, usageErr("run: --precision-on: %v", err)
	}
	return precisionTarget{name: strings.TrimSpace(src), value: func(t *results.Table, rep int) float64 {
		return e.Eval(expr.Lookup{Metric: func(policy, metric string) float64 {
			return t.Values[indexOf(policies, policy)][indexOf(metrics, metric)][rep]
		}})
	}}, nil
}

// add takes the replications of t from the last seen up to n and reports
// whether the rule holds at n replications.
func (r *precisionRule) add(t *results.Table, n int) bool {
	for ; r.seen < n; r.seen++ {
		for i := range r.targets {
			r.targets[i].m.Add(r.targets[i].value(t, r.seen))
		}
	}
	if n < r.n0 {
		return false
	}
	r.met = true
	for i := range r.targets {
		if !r.targets[i].ok(r.gamma) {
			r.met = false
		}
	}
	return r.met
}

// halfWidth is the 95% confidence interval's half-width of the target's
// mean.
func (t *precisionTarget) halfWidth() float64 {
	lo, hi := results.CI(t.m, 0.95)
	return (hi - lo) / 2
}

// ok reports whether the target's relative half-width is at most
// gamma/(1+gamma) (a target whose replications are all equal is met).
func (t *precisionTarget) ok(gamma float64) bool {
	h := t.halfWidth()
	if h == 0 {
		return true
	}
	return h <= gamma/(1+gamma)*math.Abs(t.m.Mean)
}

// precisionRecord is manifest.json's precision: what was asked and what
// the run reached.
type precisionRecord struct {
	Target       float64            `json:"target"`  // the relative error asked for (--precision)
	StopAt       float64            `json:"stop_at"` // the relative half-width the rule stops on: target/(1+target)
	On           []string           `json:"on"`      // the quantities watched
	FirstStage   int                `json:"first_stage"`
	MaxReps      int                `json:"max_reps"`
	Met          bool               `json:"met"`
	Replications int                `json:"replications"`
	Reached      map[string]float64 `json:"reached"` // per quantity, the relative half-width reached
}

// record is the rule's manifest entry after n replications.
func (r *precisionRule) record(n int) *precisionRecord {
	rec := &precisionRecord{Target: r.gamma, StopAt: r.gamma / (1 + r.gamma), FirstStage: r.n0, MaxReps: r.max,
		Met: r.met, Replications: n, Reached: map[string]float64{}}
	for i := range r.targets {
		t := &r.targets[i]
		rec.On = append(rec.On, t.name)
		if x := t.halfWidth() / math.Abs(t.m.Mean); !math.IsNaN(x) && !math.IsInf(x, 0) {
			rec.Reached[t.name] = x
		}
	}
	return rec
}

// summary is the log line of the rule's outcome.
func (r *precisionRule) summary(n int) string {
	if r.met {
		return fmt.Sprintf("precision %.3g met after %d replications", r.gamma, n)
	}
	return fmt.Sprintf("precision %.3g not met after --max-reps %d replications", r.gamma, n)
}
