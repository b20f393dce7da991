package results

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Table holds per-replication values: Values[p][m][r] is the value of
// metric Metrics[m] for policy Policies[p] in replication r.
//
// Policy names are unique and non-empty, and so are metric names; every
// Values[p] has len(Metrics) rows of Replications values each. Validate
// checks this shape for tables built by hand.
type Table struct {
	Policies     []string
	Metrics      []string
	Replications int
	Values       [][][]float64
}

// NewTable returns a table for the given policies, metrics and number of
// replications, with every value NaN until it is Set. It copies the name
// slices. NewTable panics if reps is negative or a name is empty or repeated.
func NewTable(policies, metrics []string, reps int) *Table {
	if reps < 0 {
		panic("results: negative number of replications")
	}
	if err := checkNames("policy", policies); err != nil {
		panic(err.Error())
	}
	if err := checkNames("metric", metrics); err != nil {
		panic(err.Error())
	}
	t := &Table{
		Policies:     slices.Clone(policies),
		Metrics:      slices.Clone(metrics),
		Replications: reps,
		Values:       make([][][]float64, len(policies)),
	}
	// One backing array for the whole table.
	all := make([]float64, len(policies)*len(metrics)*reps)
	for i := range all {
		all[i] = math.NaN()
	}
	for p := range t.Values {
		t.Values[p] = make([][]float64, len(metrics))
		for m := range t.Values[p] {
			t.Values[p][m], all = all[:reps:reps], all[reps:]
		}
	}
	return t
}

// Set sets the value of metric index metric for policy index policy in
// replication rep. It panics if an index is out of range.
func (t *Table) Set(rep, policy, metric int, v float64) {
	t.Values[policy][metric][rep] = v
}

// Head returns a table of the first n replications of t, sharing t's
// values (n is clamped to [0, t.Replications]): the results of a run of n
// replications when t's replications are in order.
func (t *Table) Head(n int) *Table {
	n = max(0, min(n, t.Replications))
	h := &Table{Policies: t.Policies, Metrics: t.Metrics, Replications: n, Values: make([][][]float64, len(t.Values))}
	for p, vp := range t.Values {
		h.Values[p] = make([][]float64, len(vp))
		for m, vm := range vp {
			h.Values[p][m] = vm[:n:n]
		}
	}
	return h
}

// PolicyIndex returns the index of the named policy, or -1.
func (t *Table) PolicyIndex(name string) int { return slices.Index(t.Policies, name) }

// MetricIndex returns the index of the named metric, or -1.
func (t *Table) MetricIndex(name string) int { return slices.Index(t.Metrics, name) }

// Validate returns an error describing the first way in which t is not a
// well-formed table: empty or repeated names, a negative number of
// replications, or Values not of shape len(Policies) × len(Metrics) ×
// Replications.
func (t *Table) Validate() error {
	if t == nil {
		return errors.New("results: nil table")
	}
	if err := checkNames("policy", t.Policies); err != nil {
		return err
	}
	if err := checkNames("metric", t.Metrics); err != nil {
		return err
	}
	if t.Replications < 0 {
		return fmt.Errorf("results: negative number of replications %d", t.Replications)
	}
	if len(t.Values) != len(t.Policies) {
		return fmt.Errorf("results: table has values for %d policies, want %d", len(t.Values), len(t.Policies))
	}
	for p, vp := range t.Values {
		if len(vp) != len(t.Metrics) {
			return fmt.Errorf("results: policy %q has values for %d metrics, want %d", t.Policies[p], len(vp), len(t.Metrics))
		}
		for m, vm := range vp {
			if len(vm) != t.Replications {
				return fmt.Errorf("results: policy %q, metric %q has %d values, want %d replications",
					t.Policies[p], t.Metrics[m], len(vm), t.Replications)
			}
		}
	}
	return nil
}

// checkNames returns an error if a name is empty or repeated.
func checkNames(kind string, names []string) error {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if n == "" {
			return fmt.Errorf("results: empty %s name", kind)
		}
		if seen[n] {
			return fmt.Errorf("results: %s %q appears twice", kind, n)
		}
		seen[n] = true
	}
	return nil
}

// Merge returns a new table with the replications of t followed by those of
// o, renumbered to follow on. The tables must have the same policies and the
// same metrics, though not necessarily in the same order; the result has
// t's order. Neither table is modified.
//
// Merge does not know how the replications were seeded: merging runs made
// with the same seed repeats replications instead of adding independent ones.
func (t *Table) Merge(o *Table) (*Table, error) {
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("results: merge: first table: %w", err)
	}
	if err := o.Validate(); err != nil {
		return nil, fmt.Errorf("results: merge: second table: %w", err)
	}
	var msgs []string
	if d := setDiff("policies", t.Policies, o.Policies); d != "" {
		msgs = append(msgs, d)
	}
	if d := setDiff("metrics", t.Metrics, o.Metrics); d != "" {
		msgs = append(msgs, d)
	}
	if msgs != nil {
		return nil, fmt.Errorf("results: cannot merge tables: %s", strings.Join(msgs, "; "))
	}
	out := NewTable(t.Policies, t.Metrics, t.Replications+o.Replications)
	for p, pn := range t.Policies {
		op := o.PolicyIndex(pn)
		for m, mn := range t.Metrics {
			om := o.MetricIndex(mn)
			copy(out.Values[p][m], t.Values[p][m])
			copy(out.Values[p][m][t.Replications:], o.Values[op][om])
		}
	}
	return out, nil
}

// setDiff describes how the name sets a (of the first table) and b (of the
// second) differ, or returns "" if they hold the same names.
func setDiff(kind string, a, b []string) string {
	var onlyA, onlyB []string
	for _, n := range a {
		if !slices.Contains(b, n) {
			onlyA = append(onlyA, n)
		}
	}
	for _, n := range b {
		if !slices.Contains(a, n) {
			onlyB = append(onlyB, n)
		}
	}
	if onlyA == nil && onlyB == nil {
		return ""
	}
	var parts []string
	if onlyA != nil {
		parts = append(parts, "only in first "+quoteList(onlyA))
	}
	if onlyB != nil {
		parts = append(parts, "only in second "+quoteList(onlyB))
	}
	return kind + " differ: " + strings.Join(parts, ", ")
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// Report is the summary of a run, as written to summary.json.
type Report struct {
	// Scenario is the scenario that was run, written as it marshals.
	Scenario any `json:"scenario"`
	// Seed is the master seed of the run.
	Seed uint64 `json:"seed"`
	// Replications is the number of replications of each policy.
	Replications int `json:"replications"`
	// PolicyOrder and MetricOrder are the table's policy and metric names
	// in the table's order, for printing; the maps below are written with
	// sorted keys.
	PolicyOrder []string `json:"policy_order"`
	MetricOrder []string `json:"metric_order"`
	// Policies maps a policy name and a metric name to the summary of
	// that metric for that policy.
	Policies map[string]map[string]Summary `json:"policies"`
	// Comparisons holds the paired difference of every pair of policies
	// (a, b), a before b in PolicyOrder, on every metric in MetricOrder;
	// pairs vary slowest.
	Comparisons []Diff `json:"comparisons"`
}

// Report summarizes every metric of every policy and compares every pair of
// policies. It returns an error if t is not a valid table (see Validate).
func (t *Table) Report(scenario any, seed uint64) (*Report, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	r := &Report{
		Scenario:     scenario,
		Seed:         seed,
		Replications: t.Replications,
		PolicyOrder:  slices.Clone(t.Policies),
		MetricOrder:  slices.Clone(t.Metrics),
		Policies:     make(map[string]map[string]Summary, len(t.Policies)),
		Comparisons:  make([]Diff, 0, len(t.Policies)*(len(t.Policies)-1)/2*len(t.Metrics)),
	}
	for p, pn := range t.Policies {
		ms := make(map[string]Summary, len(t.Metrics))
		for m, mn := range t.Metrics {
			ms[mn] = Summarize(t.Values[p][m])
		}
		r.Policies[pn] = ms
	}
	for a := range t.Policies {
		for b := a + 1; b < len(t.Policies); b++ {
			for m, mn := range t.Metrics {
				d, err := PairedDiff(mn, t.Policies[a], t.Policies[b], t.Values[a][m], t.Values[b][m])
				if err != nil {
					return nil, err // unreachable after Validate
				}
				r.Comparisons = append(r.Comparisons, d)
			}
		}
	}
	return r, nil
}

// Summary returns the summary of the named metric for the named policy. If
// the report has no such summary it returns one with every statistic NaN and
// N 0; iterate over PolicyOrder and MetricOrder to get them all.
func (r *Report) Summary(policy, metric string) Summary {
	if s, ok := r.Policies[policy][metric]; ok {
		return s
	}
	return Summarize(nil)
}

// Comparison returns the comparison of policy b with policy a on the named
// metric, and whether the report holds it. Only pairs with a before b in
// PolicyOrder are held.
func (r *Report) Comparison(metric, a, b string) (Diff, bool) {
	for _, d := range r.Comparisons {
		if d.Metric == metric && d.A == a && d.B == b {
			return d, true
		}
	}
	return Diff{}, false
}
