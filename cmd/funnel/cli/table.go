package cli

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"

	"funnellab/results"
	"funnellab/results/report"
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

// formatCI and formatDiff are the report's: the table and report.html
// show the same cells.
var (
	formatCI   = report.FormatCI
	formatDiff = report.FormatDiff
)
