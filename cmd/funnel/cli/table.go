package cli

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"

	"funnellab/results"
	"funnellab/sim/funnel"
)

func defaultWorkers() int { return runtime.NumCPU() }

// printTable prints one row per metric and one column per policy (mean ±
// 95% CI half-width), then, for each policy after the first, its paired
// difference with the first, benchstat-style: "~" when the 95% CI of the
// difference includes zero, "=" when the two policies gave the same value
// in every replication, "n/a" when the difference is undefined (a metric
// undefined in some replication, such as a share of zero hand-offs).
func printTable(w io.Writer, r *results.Report, scenario string, metrics []string) error {
	fmt.Fprintf(w, "scenario %s · seed %d · %d replications · mean ± 95%% CI half-width\n\n",
		scenario, r.Seed, r.Replications)
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	pols := r.PolicyOrder
	head := []string{"metric"}
	head = append(head, pols...)
	for _, b := range pols[min(1, len(pols)):] {
		head = append(head, fmt.Sprintf("%s vs %s", b, pols[0]))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, m := range r.MetricOrder {
		if metrics != nil && !slices.Contains(metrics, m) {
			continue
		}
		row := []string{m}
		for _, p := range pols {
			s := r.Summary(p, m)
			row = append(row, formatCI(s.Mean, (s.CI95High-s.CI95Low)/2))
		}
		for _, b := range pols[min(1, len(pols)):] {
			d, _ := r.Comparison(m, pols[0], b)
			row = append(row, formatDiff(d))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

// printMarkdown prints a Markdown table with one row per policy and one
// column per metric (mean ± 95% CI half-width), for reports and READMEs.
func printMarkdown(w io.Writer, r *results.Report, scenario string, metrics []string) error {
	if metrics == nil {
		metrics = r.MetricOrder
	}
	fmt.Fprintf(w, "Scenario `%s`, seed %d, %d replications; mean ± 95%% CI half-width.\n\n", scenario, r.Seed, r.Replications)
	fmt.Fprintf(w, "| policy | %s |\n|---|%s\n", strings.Join(metrics, " | "), strings.Repeat("---|", len(metrics)))
	for _, p := range r.PolicyOrder {
		row := make([]string, len(metrics))
		for i, m := range metrics {
			s := r.Summary(p, m)
			row[i] = formatCI(s.Mean, (s.CI95High-s.CI95Low)/2)
		}
		if _, err := fmt.Fprintf(w, "| %s | %s |\n", p, strings.Join(row, " | ")); err != nil {
			return err
		}
	}
	return nil
}

// selectMetrics parses --metrics: nil for all, else the names, each a
// metric of the model.
func selectMetrics(list string) ([]string, error) {
	if list == "" {
		return nil, nil
	}
	names := splitList(list)
	for _, n := range names {
		if !slices.Contains(funnel.Names(), n) {
			return nil, usageErr("run: --metrics: unknown metric %q; metrics: %s", n, strings.Join(funnel.Names(), ", "))
		}
	}
	return names, nil
}

func formatDiff(d results.Diff) string {
	switch {
	case math.IsNaN(d.MeanDiff):
		return "n/a"
	case d.MeanDiff == 0 && d.CI95Low == 0 && d.CI95High == 0:
		return "="
	case !d.Significant():
		return "~"
	}
	s := formatCI(d.MeanDiff, (d.CI95High-d.CI95Low)/2)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	if !math.IsNaN(d.RelDiff) && !math.IsInf(d.RelDiff, 0) {
		s += fmt.Sprintf(" (%+.1f%%)", 100*d.RelDiff)
	}
	return s
}

// formatCI formats mean ± half so that the half-width shows two
// significant digits and the mean the same decimals; large magnitudes are
// scaled to k, M or G.
func formatCI(mean, half float64) string {
	if math.IsNaN(mean) {
		return "n/a"
	}
	scale, suffix := 1.0, ""
	switch a := math.Abs(mean); {
	case a >= 1e9:
		scale, suffix = 1e9, "G"
	case a >= 1e6:
		scale, suffix = 1e6, "M"
	case a >= 1e4:
		scale, suffix = 1e3, "k"
	}
	m, h := mean/scale, half/scale
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return fmt.Sprintf("%.4g%s", m, suffix)
	}
	if h == 0 {
		return fmt.Sprintf("%.6g%s ± 0", m, suffix)
	}
	dec := max(0, 1-int(math.Floor(math.Log10(h))))
	dec = min(dec, 12)
	return fmt.Sprintf("%.*f%s ± %.*f%s", dec, m, suffix, dec, h, suffix)
}
