package cli

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
	"funnellab/sim/funnel"
)

// TestScanDetailMatchesTable: detail.csv read as a stream gives the same
// figure statistics as the table read whole, and an out-of-order file is
// refused with its line.
func TestScanDetailMatchesTable(t *testing.T) {
	res := make([]funnel.Result, 6)
	for i := range res {
		d := &res[i].Detail
		d.Delays[3] = int64(i + 1)
		d.Touches[1], d.Qualified[1] = int64(10+i), int64(i)
		for w := range i % 3 { // replications of different lengths
			d.Weeks = append(d.Weeks, funnel.Week{Handoffs: float64(w + i), Queue: 1, WonRevenue: 2.5 * float64(i)})
		}
	}
	tab := funnel.DetailTable([]string{"a", "b"}, 3, res)
	var csv bytes.Buffer
	require.NoError(t, tab.WriteCSV(&csv))
	want, err := detailStatsOf(tab)
	require.NoError(t, err)
	got, reps, err := scanDetail(bytes.NewReader(csv.Bytes()))
	require.NoError(t, err)
	require.Equal(t, 3, reps)
	require.Equal(t, want, got)

	one := funnel.DetailTable([]string{"a"}, 1, res[:1])
	var csv1 bytes.Buffer
	require.NoError(t, one.WriteCSV(&csv1))
	_, reps, err = scanDetail(&csv1)
	require.NoError(t, err)
	require.Equal(t, 1, reps)

	lines := strings.Split(csv.String(), "\n")
	n := len(lines) // the last is empty: the file ends with a newline
	lines[n-3], lines[n-2] = lines[n-2], lines[n-3]
	_, _, err = scanDetail(strings.NewReader(strings.Join(lines, "\n")))
	require.ErrorContains(t, err, "line "+itoa(n-2)+": replication 2")
	lines[n-3], lines[n-2] = lines[n-2], lines[n-3]
	_, _, err = scanDetail(strings.NewReader(strings.Join(lines[:len(lines)-3], "\n") + "\n"))
	require.ErrorContains(t, err, "ends within replication 2")
}

// detailStatsOf accumulates a detail table (funnel.DetailTable) whole,
// the reference scanDetail must agree with; its
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
