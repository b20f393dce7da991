package plots

import (
	"errors"
	"fmt"
	"math"

	"funnellab/results"
)

// checkTable returns an error if t cannot be plotted: not a valid table,
// no policies or no replications.
func checkTable(t *results.Table) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if len(t.Policies) == 0 {
		return errors.New("table has no policies")
	}
	if t.Replications == 0 {
		return errors.New("table has no replications")
	}
	return nil
}

// metricValues returns the values of the named metric, vs[p][r] for policy
// p in replication r (the table's own slices, not to be modified). It
// returns an error if the table has no such metric or, unless nanOK, a value
// is NaN or infinite.
func metricValues(t *results.Table, metric string, nanOK bool) ([][]float64, error) {
	m := t.MetricIndex(metric)
	if m < 0 {
		return nil, fmt.Errorf("table has no metric %q", metric)
	}
	vs := make([][]float64, len(t.Policies))
	for p := range t.Policies {
		vs[p] = t.Values[p][m]
		if nanOK {
			continue
		}
		for r, v := range vs[p] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("metric %q of policy %q is %v in replication %d", metric, t.Policies[p], v, r)
			}
		}
	}
	return vs, nil
}

// metricSummaries returns the summary over replications of the named metric
// for every policy, in policy order, with the errors of metricValues.
func metricSummaries(t *results.Table, metric string) ([]results.Summary, error) {
	vs, err := metricValues(t, metric, false)
	if err != nil {
		return nil, err
	}
	return summarizeAll(vs), nil
}

// summarizeAll summarizes each policy's values.
func summarizeAll(vs [][]float64) []results.Summary {
	s := make([]results.Summary, len(vs))
	for p, v := range vs {
		s[p] = results.Summarize(v)
	}
	return s
}

// policyIndex returns the position of name in order, for its colour. It
// returns an error if order is not empty and does not hold name; with an
// empty order it returns fallback.
func policyIndex(order []string, name string, fallback int) (int, error) {
	if len(order) == 0 {
		return fallback, nil
	}
	for i, n := range order {
		if n == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("policy %q is not in the policy order %q", name, order)
}
