package experiment

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"funnellab/results"
	"funnellab/sim/funnel"
)

// A slice of an experiment is a contiguous range of Run's units, a unit
// being one replication of one point under every policy, in Run's order:
// unit u is replication u mod Reps of point u / Reps. Cut into slices run
// by different processes (funnel sweep --shard), an experiment gives the
// same results as Run, since replication r of a point has the same random
// numbers wherever it runs; Assemble puts the slices back together.

// Slice is the replications From, From+1, ... of one point that a slice
// of units holds: Table's replication i is replication From+i.
type Slice struct {
	Point, From int
	Table       *results.Table
}

// Units is the number of units of Run: points × replications.
func (p *Plan) Units() int { return len(p.models) * p.reps }

// RunSlice runs units lo to hi-1 as Run would and returns one Slice per
// point they touch, in point order.
func (p *Plan) RunSlice(ctx context.Context, lo, hi int) ([]Slice, error) {
	if lo < 0 || hi > p.Units() || lo >= hi {
		return nil, fmt.Errorf("experiment: units %d:%d out of the %d of the plan", lo, hi, p.Units())
	}
	n, r := len(p.models), p.reps
	from, to := make([]int, n), make([]int, n)
	for i := range n {
		from[i] = min(max(lo-i*r, 0), r)
		to[i] = min(max(hi-i*r, 0), r)
	}
	m, err := p.runUnits(ctx, from, to)
	if err != nil {
		return nil, err
	}
	var out []Slice
	for i := range n {
		if to[i] > from[i] {
			out = append(out, Slice{Point: i, From: from[i], Table: p.table(m[i])})
		}
	}
	return out, nil
}

// WriteSlicesCSV writes slices as WriteSweepCSV writes points, the
// replications numbered as in the whole experiment.
func WriteSlicesCSV(w io.Writer, ss []Slice) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(sweepHeader); err != nil {
		return err
	}
	row := make([]string, 5)
	var buf []byte
	for _, s := range ss {
		t := s.Table
		row[0] = strconv.Itoa(s.Point)
		for r := range t.Replications {
			row[1] = strconv.Itoa(s.From + r)
			for p, pn := range t.Policies {
				row[2] = pn
				for m, mn := range t.Metrics {
					buf = strconv.AppendFloat(buf[:0], t.Values[p][m][r], 'g', -1, 64)
					row[3], row[4] = mn, string(buf)
					if err := cw.Write(row); err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

var sweepHeader = []string{"point", "replication", "policy", "metric", "value"}

// ReadSlicesCSV reads a file of WriteSlicesCSV whose policies and
// metrics are those given, in that order: the rows of each replication
// of a point together, its policies and metrics in order, the
// replications of a point consecutive. Errors name the line.
func ReadSlicesCSV(r io.Reader, policies, metrics []string) ([]Slice, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil || !slices.Equal(head, sweepHeader) {
		return nil, fmt.Errorf("line 1: expected the header %v", sweepHeader)
	}
	np, nm := len(policies), len(metrics)
	var (
		out  []Slice
		vals [][]float64 // the current slice's replications: [rep][p*nm+m]
		k    int         // the next value's index in the current replication
		cur  = -1        // the current slice's point
		from int
	)
	flush := func() {
		if cur < 0 {
			return
		}
		t := results.NewTable(policies, metrics, len(vals))
		for rep, v := range vals {
			for i, x := range v {
				t.Set(rep, i/nm, i%nm, x)
			}
		}
		out = append(out, Slice{Point: cur, From: from, Table: t})
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		pt, err1 := strconv.Atoi(rec[0])
		rep, err2 := strconv.Atoi(rec[1])
		v, err3 := strconv.ParseFloat(rec[4], 64)
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if k == 0 { // a new replication: of this slice, or the first of the next
			switch {
			case pt == cur && rep == from+len(vals):
			case pt > cur:
				flush()
				cur, from, vals = pt, rep, nil
			default:
				return nil, fmt.Errorf("line %d: point %d, replication %d: expected replication %d of point %d or a later point", line, pt, rep, from+len(vals), cur)
			}
			vals = append(vals, make([]float64, np*nm))
		}
		if pt != cur || rep != from+len(vals)-1 || rec[2] != policies[k/nm] || rec[3] != metrics[k%nm] {
			return nil, fmt.Errorf("line %d: point %d, replication %d, policy %q, metric %q: expected point %d, replication %d, policy %q, metric %q",
				line, pt, rep, rec[2], rec[3], cur, from+len(vals)-1, policies[k/nm], metrics[k%nm])
		}
		vals[len(vals)-1][k] = v
		k = (k + 1) % (np * nm)
	}
	if k != 0 {
		return nil, fmt.Errorf("ends within replication %d of point %d", from+len(vals)-1, cur)
	}
	flush()
	return out, nil
}

// Assemble puts slices that hold every replication of every point of
// the plan exactly once back together into Run's results.
func (p *Plan) Assemble(ss []Slice) ([]PointResult, error) {
	n, r := len(p.models), p.reps
	pols := p.models[0].PolicyNames()
	tables := make([]*results.Table, n)
	next := make([]int, n)
	for i := range tables {
		tables[i] = results.NewTable(pols, funnel.Names(), r)
	}
	sorted := slices.Clone(ss)
	slices.SortStableFunc(sorted, func(a, b Slice) int {
		if a.Point != b.Point {
			return a.Point - b.Point
		}
		return a.From - b.From
	})
	for _, s := range sorted {
		if s.Point < 0 || s.Point >= n {
			return nil, fmt.Errorf("experiment: point %d: the design has %d points", s.Point, n)
		}
		if s.From != next[s.Point] {
			return nil, fmt.Errorf("experiment: point %d: replications %d to %d missing or repeated", s.Point, min(s.From, next[s.Point]), max(s.From, next[s.Point])-1)
		}
		if s.From+s.Table.Replications > r || !slices.Equal(s.Table.Policies, pols) || !slices.Equal(s.Table.Metrics, funnel.Names()) {
			return nil, fmt.Errorf("experiment: point %d: replications %d to %d do not fit the plan", s.Point, s.From, s.From+s.Table.Replications-1)
		}
		t := tables[s.Point]
		for pi := range pols {
			for m := range t.Metrics {
				copy(t.Values[pi][m][s.From:], s.Table.Values[pi][m])
			}
		}
		next[s.Point] += s.Table.Replications
	}
	res := make([]PointResult, n)
	for i := range res {
		if next[i] != r {
			return nil, fmt.Errorf("experiment: point %d: replications %d to %d missing", i, next[i], r-1)
		}
		res[i] = PointResult{Point: i, Values: p.Spec.Design.Points[i], Scenario: p.Scenarios[i], Table: tables[i]}
		res[i].Scenario.Replications = r
	}
	return res, nil
}
