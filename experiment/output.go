package experiment

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"funnellab/results"
)

// WritePointsCSV writes the design's points as CSV: a header point,KEY...
// and one row per point with its values.
func WritePointsCSV(w io.Writer, d Design) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{"point"}, d.Keys...)); err != nil {
		return err
	}
	for i, p := range d.Points {
		if err := cw.Write(append([]string{strconv.Itoa(i)}, p...)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSweepCSV writes every per-replication value of every point as tidy
// CSV: point,replication,policy,metric,value, ordered by point,
// replication, policy and metric, values as results writes them
// (strconv.FormatFloat(v, 'g', -1, 64), NaN as NaN).
func WriteSweepCSV(w io.Writer, res []PointResult) error {
	ss := make([]Slice, len(res))
	for i, pr := range res {
		ss[i] = Slice{Point: pr.Point, From: 0, Table: pr.Table}
	}
	return WriteSlicesCSV(w, ss)
}

// Summary is a sweep's summary.json.
type Summary struct {
	Scenario     string         `json:"scenario"`
	Design       string         `json:"design"`
	Keys         []string       `json:"keys"`
	ResolvedKeys []string       `json:"resolved_keys"`
	Seed         uint64         `json:"seed"`
	Replications int            `json:"replications"`
	PolicyOrder  []string       `json:"policy_order"`
	MetricOrder  []string       `json:"metric_order"`
	Points       []PointSummary `json:"points"`
	// Precision reports each point's replications under a precision
	// target (RunToPrecision); absent without one.
	Precision []PrecisionPoint `json:"precision,omitempty"`
	// Neighbours compare each point with the next along each key (see
	// Neighbours), per policy and metric, paired by replication.
	Neighbours []NeighbourDiff `json:"neighbours"`
}

// PointSummary summarizes one design point: every metric of every policy
// (as funnel run's summary.json) and the paired differences between its
// policies.
type PointSummary struct {
	Point        int                                   `json:"point"`
	Replications int                                   `json:"replications"`
	Values       map[string]string                     `json:"values"`
	Policies     map[string]map[string]results.Summary `json:"policies"`
	Comparisons  []results.Diff                        `json:"comparisons"`
}

// NeighbourDiff is the paired difference, point To minus point From, of
// every metric of one policy, where To is From's neighbour along Key.
type NeighbourDiff struct {
	Key    string         `json:"key"`
	From   int            `json:"from"`
	To     int            `json:"to"`
	Policy string         `json:"policy"`
	Diffs  []results.Diff `json:"diffs"`
}

// Neighbours returns, for each key, the pairs (from, to) of points that
// differ only in that key, to holding the next value of the key in the
// order the values were listed (a grid) or in increasing order (a
// one-key space-filling design, points sorted by value; ties skipped).
// A space-filling design of several keys has no such pairs.
func Neighbours(d Design) map[string][][2]int {
	out := map[string][][2]int{}
	switch {
	case d.Kind == DesignGrid:
		// Positions of each key's values, in listed order.
		order := make([][]string, len(d.Keys))
		for _, p := range d.Points {
			for k, v := range p {
				if !slices.Contains(order[k], v) {
					order[k] = append(order[k], v)
				}
			}
		}
		index := map[string]int{}
		for i, p := range d.Points {
			index[fmt.Sprint(p)] = i
		}
		for k, key := range d.Keys {
			for i, p := range d.Points {
				pos := slices.Index(order[k], p[k])
				if pos+1 >= len(order[k]) {
					continue
				}
				q := slices.Clone(p)
				q[k] = order[k][pos+1]
				if j, ok := index[fmt.Sprint(q)]; ok {
					out[key] = append(out[key], [2]int{i, j})
				}
			}
		}
	case len(d.Keys) == 1:
		idx := make([]int, len(d.Points))
		for i := range idx {
			idx[i] = i
		}
		x := func(i int) float64 { v, _ := d.Number(i, 0); return v }
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case x(a) < x(b):
				return -1
			case x(a) > x(b):
				return 1
			}
			return 0
		})
		for n := 1; n < len(idx); n++ {
			if x(idx[n-1]) != x(idx[n]) {
				out[d.Keys[0]] = append(out[d.Keys[0]], [2]int{idx[n-1], idx[n]})
			}
		}
	}
	return out
}

// Summarize builds the sweep's summary from its design and results.
func Summarize(scenario string, d Design, resolved []string, res []PointResult) (*Summary, error) {
	if len(res) == 0 {
		return nil, fmt.Errorf("experiment: no results to summarize")
	}
	t0 := res[0].Table
	s := &Summary{
		Scenario: scenario, Design: d.Kind, Keys: d.Keys, ResolvedKeys: resolved,
		Seed: res[0].Scenario.Seed, Replications: t0.Replications,
		PolicyOrder: t0.Policies, MetricOrder: t0.Metrics,
		Neighbours: []NeighbourDiff{},
	}
	for _, pr := range res {
		rep, err := pr.Table.Report(nil, pr.Scenario.Seed)
		if err != nil {
			return nil, err
		}
		vals := map[string]string{}
		for k, key := range d.Keys {
			vals[key] = pr.Values[k]
		}
		s.Points = append(s.Points, PointSummary{Point: pr.Point, Replications: pr.Table.Replications, Values: vals, Policies: rep.Policies, Comparisons: rep.Comparisons})
		s.Replications = min(s.Replications, pr.Table.Replications)
	}
	nb := Neighbours(d)
	for _, key := range d.Keys {
		for _, pair := range nb[key] {
			// Paired over the replications both points have (the first n:
			// the same random numbers).
			a, b := res[pair[0]].Table, res[pair[1]].Table
			n := min(a.Replications, b.Replications)
			a, b = a.Head(n), b.Head(n)
			for p, pn := range t0.Policies {
				nd := NeighbourDiff{Key: key, From: pair[0], To: pair[1], Policy: pn}
				for m, mn := range t0.Metrics {
					diff, err := results.PairedDiff(mn, fmt.Sprintf("point %d", pair[0]), fmt.Sprintf("point %d", pair[1]), a.Values[p][m], b.Values[p][m])
					if err != nil {
						return nil, err
					}
					nd.Diffs = append(nd.Diffs, diff)
				}
				s.Neighbours = append(s.Neighbours, nd)
			}
		}
	}
	return s, nil
}
