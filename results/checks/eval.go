package checks

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"funnellab/results"
)

// Result is the outcome of one check on a run's results.
//
// In JSON: check, kind ("threshold" or "comparison"), pass, value,
// threshold (thresholds only), ci95_low and ci95_high (comparisons only),
// n and detail; NaN values are null.
type Result struct {
	// Check is the expression as written.
	Check string
	// Comparison is true for a comparison between policies.
	Comparison bool
	// Pass is the verdict. A NaN value never passes.
	Pass bool
	// Value is the statistic observed (thresholds) or the mean paired
	// difference A − B (comparisons).
	Value float64
	// Threshold is the number a threshold is compared with.
	Threshold float64
	// CI95Low and CI95High bound the 95% CI of the paired difference A − B
	// (comparisons only; NaN for thresholds).
	CI95Low, CI95High float64
	// N is the number of replications the value comes from.
	N int
	// Detail describes what was observed: "0.9477", "n/a", or
	// "A − B = 15.4 (95% CI 12.1 to 18.7)".
	Detail string
}

// Status is "PASS" or "FAIL".
func (r Result) Status() string {
	if r.Pass {
		return "PASS"
	}
	return "FAIL"
}

// resultJSON is the JSON form of Result: a threshold has the key
// threshold, a comparison its interval's keys (after detail), null if
// undefined.
type resultJSON struct {
	Check     string         `json:"check"`
	Kind      string         `json:"kind"`
	Pass      bool           `json:"pass"`
	Value     results.Float  `json:"value"`
	Threshold *results.Float `json:"threshold,omitempty"`
	N         int            `json:"n"`
	Detail    string         `json:"detail"`
	CI95Low   *results.Float `json:"ci95_low,omitempty"`
	CI95High  *results.Float `json:"ci95_high,omitempty"`
}

// MarshalJSON implements json.Marshaler.
func (r Result) MarshalJSON() ([]byte, error) {
	j := resultJSON{Check: r.Check, Kind: "threshold", Pass: r.Pass, Value: results.Float(r.Value), N: r.N, Detail: r.Detail}
	if r.Comparison {
		lo, hi := results.Float(r.CI95Low), results.Float(r.CI95High)
		j.Kind, j.CI95Low, j.CI95High = "comparison", &lo, &hi
	} else {
		th := results.Float(r.Threshold)
		j.Threshold = &th
	}
	return json.Marshal(j)
}

// Evaluate evaluates a resolved check on a table of per-replication values.
// It returns an error if the table lacks the policy or metric.
func Evaluate(c *Check, t *results.Table) (Result, error) {
	nan := math.NaN()
	r := Result{Check: c.Expr, Comparison: c.IsComparison(), Value: nan, Threshold: nan, CI95Low: nan, CI95High: nan}
	va, err := values(t, c.Left)
	if err != nil {
		return r, err
	}
	if !c.IsComparison() {
		s := results.Summarize(va)
		r.Value, r.Threshold, r.N = stat(s, c.Left.Stat), c.Number, s.N
		r.Pass = compare(r.Value, c.Op, c.Number)
		r.Detail = formatNumber(r.Value)
		return r, nil
	}
	vb, err := values(t, *c.Right)
	if err != nil {
		return r, err
	}
	// PairedDiff(a, b) is b − a; the check is about A − B.
	d, err := results.PairedDiff(c.Left.Metric, c.Right.Policy, c.Left.Policy, vb, va)
	if err != nil {
		return r, err
	}
	r.Value, r.CI95Low, r.CI95High, r.N = d.MeanDiff, d.CI95Low, d.CI95High, d.N
	switch c.Op {
	case ">", ">=":
		r.Pass = d.CI95Low > 0
	default:
		r.Pass = d.CI95High < 0
	}
	if math.IsNaN(d.MeanDiff) || math.IsNaN(d.CI95Low) || math.IsNaN(d.CI95High) {
		r.Pass = false
		r.Detail = "n/a"
	} else {
		r.Detail = fmt.Sprintf("%s − %s = %s (95%% CI %s to %s)", c.Left.Policy, c.Right.Policy,
			formatNumber(d.MeanDiff), formatNumber(d.CI95Low), formatNumber(d.CI95High))
	}
	return r, nil
}

// EvaluateAll evaluates every check in order.
func EvaluateAll(cs []*Check, t *results.Table) ([]Result, error) {
	out := make([]Result, 0, len(cs))
	for _, c := range cs {
		r, err := Evaluate(c, t)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Failed counts the results that did not pass.
func Failed(rs []Result) int {
	n := 0
	for _, r := range rs {
		if !r.Pass {
			n++
		}
	}
	return n
}

func values(t *results.Table, ref Ref) ([]float64, error) {
	p, m := t.PolicyIndex(ref.Policy), t.MetricIndex(ref.Metric)
	if p < 0 || m < 0 || ref.Stat == "" {
		return nil, fmt.Errorf("checks: %s: no values for policy %q, metric %q (check not resolved against these results?)",
			ref.Text, ref.Policy, ref.Metric)
	}
	return t.Values[p][m], nil
}

func stat(s results.Summary, name string) float64 {
	switch name {
	case "sd":
		return s.SD
	case "ci95_low":
		return s.CI95Low
	case "ci95_high":
		return s.CI95High
	case "p05":
		return s.P05
	case "p50":
		return s.P50
	case "p95":
		return s.P95
	}
	return s.Mean
}

// compare reports whether x op y; false if x is NaN.
func compare(x float64, op string, y float64) bool {
	switch op {
	case "<":
		return x < y
	case "<=":
		return x <= y
	case ">":
		return x > y
	case ">=":
		return x >= y
	}
	return false
}

// formatNumber shows a value rounded to 6 significant digits, without an
// exponent unless it is very large or very small; "n/a" for NaN.
func formatNumber(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	g := strconv.FormatFloat(x, 'g', 6, 64)
	if a := math.Abs(x); a == 0 || a < 1e-4 || a >= 1e15 {
		return g
	}
	r, _ := strconv.ParseFloat(g, 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}
