package cli

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"

	"funnellab/sim/funnel"
)

// resolvedScenarioYAML is scenario.yaml of a run folder: the scenario as
// run (--set, --reps, --seed and --policies applied; yml is
// scenarios.MarshalYAML of it), which funnel run reads back to the same
// run.
func resolvedScenarioYAML(plan *runPlan, yml []byte, command string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# The scenario of this run, resolved from %s (sha256 %s)\n", plan.res.Source, plan.res.SHA256)
	fmt.Fprintf(&b, "# with the command's flags applied: %s\n", command)
	fmt.Fprintf(&b, "# Rerun it with: funnel run scenario.yaml\n")
	b.Write(yml)
	return b.Bytes()
}

// detailBinsCSV is detail_bins.csv: the edges, in hours, of the bins whose
// counts detail.csv holds (metric, low_hours, high_hours; an open end is
// empty): the speed-to-lead bins delay_bin_NN and the response-delay
// buckets of touches_bK, reached_bK and qualified_bK. A bin holds delays
// from its low edge (inclusive) to its high edge (exclusive).
func detailBinsCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	edge := func(h float64) string { return strconv.FormatFloat(h, 'g', -1, 64) }
	_ = w.Write([]string{"metric", "low_hours", "high_hours"})
	for k := range funnel.NumDelayBins {
		hi := ""
		if k+1 < funnel.NumDelayBins {
			hi = edge(funnel.DelayBinEdges[k+1])
		}
		_ = w.Write([]string{funnel.DelayBinMetric(k), edge(funnel.DelayBinEdges[k]), hi})
	}
	for k := range funnel.NumDelayBuckets {
		lo, hi := "0", ""
		if k > 0 {
			lo = edge(funnel.DelayBuckets[k-1])
		}
		if k < len(funnel.DelayBuckets) {
			hi = edge(funnel.DelayBuckets[k])
		}
		for _, name := range []string{funnel.TouchesMetric(k), funnel.ReachedMetric(k), funnel.QualifiedMetric(k)} {
			_ = w.Write([]string{name, lo, hi})
		}
	}
	w.Flush()
	return b.Bytes()
}
