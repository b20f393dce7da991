package cli

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/sim/funnel"
)

var figureNames = []string{"revenue", "funnel", "waste", "effort", "leakage", "speed_to_lead", "qualification_by_delay",
	"weekly_handoffs", "weekly_queue", "weekly_won_revenue"}

// TestRunDrawsAndPlotRedraws: funnel run writes every figure as PNG and
// SVG, detail.csv and report.html; funnel plot redraws the same bytes from
// the saved results; --plots=false draws nothing (the report has no
// figures then).
func TestRunDrawsAndPlotRedraws(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := call(t, context.Background(), append([]string{"run", "--reps", "2", "--out", dir, "-q"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	saved := map[string][]byte{}
	for _, n := range figureNames {
		for _, ext := range []string{"png", "svg"} {
			data, err := os.ReadFile(filepath.Join(dir, n+"."+ext))
			require.NoError(t, err, "%s.%s", n, ext)
			require.NotEmpty(t, data)
			saved[n+"."+ext] = data
			require.NoError(t, os.Remove(filepath.Join(dir, n+"."+ext)))
		}
	}
	_, err := os.Stat(filepath.Join(dir, "detail.csv"))
	require.NoError(t, err)
	for _, n := range []string{"report.html"} {
		data, err := os.ReadFile(filepath.Join(dir, n))
		require.NoError(t, err)
		require.Contains(t, string(data), "<svg", "the report inlines the figures")
		saved[n] = data
		require.NoError(t, os.Remove(filepath.Join(dir, n)))
	}

	code, stdout, stderr := call(t, context.Background(), "plot", dir)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stdout, "wrote 20 figure files")
	for name, want := range saved {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		require.Equal(t, want, got, "%s redrawn differently", name)
	}

	bare := filepath.Join(t.TempDir(), "bare")
	code, _, stderr = call(t, context.Background(), append([]string{"run", "--reps", "2", "--out", bare, "-q", "--plots=false"}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	_, err = os.Stat(filepath.Join(bare, "revenue.png"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestPlotErrors(t *testing.T) {
	code, _, stderr := call(t, context.Background(), "plot", filepath.Join(t.TempDir(), "nothing"))
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "replications.csv does not exist: expected a folder written by funnel run")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "replications.csv"), []byte("replication,policy,metric,value\n0,a,revenue,x\n"), 0o644))
	code, _, stderr = call(t, context.Background(), "plot", dir)
	require.Equal(t, ExitFailure, code)
	require.Contains(t, stderr, filepath.Join(dir, "replications.csv")+": results: CSV line 2")

	code, _, stderr = call(t, context.Background(), "plot")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, stderr, "expected one RUN_DIR argument")
}

// TestPlotsGetTheEnginesDelayBuckets: the qualification figure is drawn in
// the engine's delay buckets (funnel.DelayBuckets), with a rate for each,
// and its labels name the ranges the engine sorts delays into (a bucket's
// lower edge inclusive).
func TestPlotsGetTheEnginesDelayBuckets(t *testing.T) {
	d := funnel.DetailTable([]string{"direct"}, 1, make([]funnel.Result, 1))
	ds, err := detailStatsOf(d)
	require.NoError(t, err)
	o := plotOptions(ds)
	require.Equal(t, funnel.DelayBuckets[:], []float64(o.DelayBuckets))
	labels, err := o.DelayBuckets.Labels()
	require.NoError(t, err)
	require.Len(t, labels, funnel.NumDelayBuckets)
	require.Equal(t, []string{"< 5 min", "5–30 min", "30–60 min", "1–2 h", "2–24 h", "> 24 h"}, labels)
	for _, q := range o.Qualification {
		require.Len(t, q.Rate, funnel.NumDelayBuckets)
	}
	require.Equal(t, 0, funnel.DelayBucket(0))
	for k, e := range o.DelayBuckets {
		require.Equal(t, k, funnel.DelayBucket(math.Nextafter(e, 0)), "just below edge %g h", e)
		require.Equal(t, k+1, funnel.DelayBucket(e), "at edge %g h", e)
	}
}
