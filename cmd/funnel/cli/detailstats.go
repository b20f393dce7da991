package cli

import (
	"fmt"
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

// detailStatsOf accumulates a detail table read from detail.csv; its
// metrics may come in any order, but every one of
// funnel.DetailNames(weeks) must be there.
func detailStatsOf(d *results.Table) (*detailStats, error) {
	weeks := 0
	for _, name := range d.Metrics {
		if strings.HasPrefix(name, "week_") && strings.HasSuffix(name, "_handoffs") {
			weeks++
		}
	}
	names := funnel.DetailNames(weeks)
	idx := make([]int, len(names))
	for i, name := range names {
		if idx[i] = d.MetricIndex(name); idx[i] < 0 {
			return nil, fmt.Errorf("detail.csv: no metric %s", name)
		}
	}
	ds := newDetailStats(d.Policies, weeks)
	row := make([]float64, len(names))
	for r := range d.Replications {
		for p := range d.Policies {
			for i, m := range idx {
				row[i] = d.Values[p][m][r]
			}
			ds.add(p, row)
		}
	}
	return ds, nil
}
