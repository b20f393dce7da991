package cli

import (
	"fmt"
	"io"
	"strings"

	"funnellab/results"
	"funnellab/sim/funnel"
)

// detailStats is what the figures need of a run's detail (detail.csv),
// accumulated one replication at a time in replication order: the counts
// of first touches by speed-to-lead bin, the qualification rate by delay
// bucket over the replications with first touches there, and the weekly
// series. Accumulated in replication order, its statistics are those of
// the whole columns bit for bit, so a run streams its detail through it
// without holding it, and funnel plot feeds it the saved detail.csv.
type detailStats struct {
	policies []string
	weeks    int
	delays   [][]float64         // [policy][bin]: first touches, summed
	qual     [][]results.Moments // [policy][bucket]: qualified/touches per replication
	week     [][]results.Moments // [policy][week*len(WeekSeries)+series]
}

func newDetailStats(policies []string, weeks int) *detailStats {
	ds := &detailStats{policies: policies, weeks: weeks}
	for range policies {
		ds.delays = append(ds.delays, make([]float64, funnel.NumDelayBins))
		ds.qual = append(ds.qual, make([]results.Moments, funnel.NumDelayBuckets))
		ds.week = append(ds.week, make([]results.Moments, weeks*len(funnel.WeekSeries)))
	}
	return ds
}

// add adds policy p's detail of the next replication: row holds its
// values in the order of funnel.DetailNames(ds.weeks).
func (ds *detailStats) add(p int, row []float64) {
	for b := range funnel.NumDelayBins {
		ds.delays[p][b] += row[b]
	}
	base := funnel.NumDelayBins
	for k := range funnel.NumDelayBuckets {
		touches, qualified := row[base+3*k], row[base+3*k+2]
		if touches > 0 {
			ds.qual[p][k].Add(qualified / touches)
		}
	}
	base += 3 * funnel.NumDelayBuckets
	for i := range ds.week[p] {
		ds.week[p][i].Add(row[base+i])
	}
}

// scanDetail accumulates detail.csv as it reads it, holding one
// replication at a time, and returns the statistics and the number of
// replications. The rows must come as funnel run writes them: by
// replication from 0, then by policy in the same order in every
// replication, each (replication, policy) with every detail metric of
// funnel.DetailNames in the same order; another order is an error naming
// the line.
func scanDetail(r io.Reader) (*detailStats, int, error) {
	var (
		first    []results.Row // replication 0, until its policies are known
		ds       *detailStats
		policies []string
		metrics  []string // the metrics' order, from the first group
		pos      []int    // pos[k]: the index in DetailNames of metrics[k]
		row      []float64
		rep, pol int // the group being read
		k        int // the next metric of the group
	)
	// start learns the layout from replication 0.
	start := func() error {
		for i, r := range first {
			if r.Policy != first[0].Policy {
				break
			}
			metrics = append(metrics, first[i].Metric)
		}
		for i := 0; i < len(first); i += len(metrics) {
			policies = append(policies, first[i].Policy)
		}
		weeks := 0
		for _, name := range metrics {
			if strings.HasPrefix(name, "week_") && strings.HasSuffix(name, "_handoffs") {
				weeks++
			}
		}
		names := funnel.DetailNames(weeks)
		if len(names) != len(metrics) {
			return fmt.Errorf("detail.csv: %d metrics for a replication and policy, want the %d of %d weeks", len(metrics), len(names), weeks)
		}
		idx := map[string]int{}
		for i, n := range names {
			idx[n] = i
		}
		for _, m := range metrics {
			i, ok := idx[m]
			if !ok {
				return fmt.Errorf("detail.csv: unknown metric %s", m)
			}
			pos = append(pos, i)
		}
		ds = newDetailStats(policies, weeks)
		row = make([]float64, len(names))
		return nil
	}
	// add takes a row in order.
	add := func(r results.Row) error {
		if r.Rep != rep || r.Policy != policies[pol] || r.Metric != metrics[k] {
			return fmt.Errorf("detail.csv line %d: replication %d, policy %q, metric %q: expected replication %d, policy %q, metric %q (the order funnel run writes)",
				r.Line, r.Rep, r.Policy, r.Metric, rep, policies[pol], metrics[k])
		}
		row[pos[k]] = r.Value
		if k++; k == len(metrics) {
			ds.add(pol, row)
			k = 0
			if pol++; pol == len(policies) {
				pol, rep = 0, rep+1
			}
		}
		return nil
	}
	err := results.ScanCSV(r, func(r results.Row) error {
		if ds == nil {
			if r.Rep == 0 {
				first = append(first, r)
				return nil
			}
			if err := start(); err != nil {
				return err
			}
			for _, f := range first {
				if err := add(f); err != nil {
					return err
				}
			}
			first = nil
		}
		return add(r)
	})
	if err != nil {
		return nil, 0, err
	}
	if ds == nil { // a single replication
		if err := start(); err != nil {
			return nil, 0, err
		}
		for _, f := range first {
			if err := add(f); err != nil {
				return nil, 0, err
			}
		}
	}
	if k != 0 || pol != 0 {
		return nil, 0, fmt.Errorf("detail.csv: ends within replication %d, policy %q", rep, policies[pol])
	}
	return ds, rep, nil
}
