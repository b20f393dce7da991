package cli

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"funnellab/results"
	"funnellab/results/report"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// tableWidth is the most columns a line of the terminal table takes: the
// columns that do not fit are printed in a further block below, each
// block led by the metric column.
const tableWidth = 100

// tableView is what the terminal and Markdown tables show of a report:
// the metrics' rows, the baseline every other policy is compared with,
// and the cells, shares in percent.
type tableView struct {
	r        *results.Report
	metrics  []string // the rows
	baseline string
	others   []string // the policies after the baseline, in the report's order
	defs     map[string]results.MetricDef
	currency string             // the scenario's currency key: named after money metrics
	sla      map[string]float64 // per policy: its SLA in hours (0: none); nil if unknown
}

// newTableView returns the view of r with the given metrics (nil: all)
// and baseline ("": the first policy).
func newTableView(r *results.Report, metrics []string, baseline string) tableView {
	v := tableView{r: r, baseline: baseline, defs: map[string]results.MetricDef{}}
	for _, m := range r.MetricOrder {
		if metrics == nil || slices.Contains(metrics, m) {
			v.metrics = append(v.metrics, m)
		}
	}
	if v.baseline == "" && len(r.PolicyOrder) > 0 {
		v.baseline = r.PolicyOrder[0]
	}
	for _, p := range r.PolicyOrder {
		if p != v.baseline {
			v.others = append(v.others, p)
		}
	}
	for _, d := range funnel.MetricDefs() {
		v.defs[d.Name] = d
	}
	v.sla = report.SLAPolicies(r)
	switch sc := r.Scenario.(type) {
	case scenarios.Scenario:
		v.currency = sc.Currency
	case *scenarios.Scenario:
		v.currency = sc.Currency
	case map[string]any:
		v.currency, _ = sc["currency"].(string)
	}
	return v
}

// label is a metric's row label: its name, with the currency after a
// money metric's when the scenario names one.
func (v tableView) label(m string) string {
	if v.currency != "" && v.defs[m].IsMoney() {
		return m + " (" + v.currency + ")"
	}
	return m
}

// policies are the baseline, then the others.
func (v tableView) policies() []string { return append([]string{v.baseline}, v.others...) }

// isShare reports whether a metric is a share, shown in percent.
func (v tableView) isShare(m string) bool { return v.defs[m].IsShare() }

// caption says what the cells hold: mean ± 95% CI half-width, or the
// single value of a one-replication run, which has no interval.
func (v tableView) caption() string {
	if v.r.Replications == 1 {
		return "1 replication · single values, no confidence interval"
	}
	return plural(v.r.Replications, "replication") + " · mean ± 95% CI half-width"
}

// cell is a policy's value of a metric: mean ± 95% CI half-width, shares
// in percent ("52% ± 16%").
func (v tableView) cell(p, m string) string {
	s := v.r.Summary(p, m)
	half := (s.CI95High - s.CI95Low) / 2
	if !v.isShare(m) {
		return formatCI(s.Mean, half)
	}
	if math.IsNaN(s.Mean) {
		return "n/a"
	}
	c := formatCI(100*s.Mean, 100*half)
	if a, b, ok := strings.Cut(c, " ± "); ok {
		return a + "% ± " + b + "%"
	}
	return c + "%"
}

// diffCell is the paired difference of policy p with the baseline on
// metric m, benchstat-style: "~" when its 95% CI includes zero, "=" when
// the two gave the same value in every replication, "n/a" when it is
// undefined (a metric undefined in some replication, such as a share of
// zero hand-offs). With one replication there is no interval: the cell is
// the signed difference alone. Shares differ in percentage points.
func (v tableView) diffCell(m, p string) string {
	if m == "sla_breaches" && v.sla != nil && (v.sla[v.baseline] == 0 || v.sla[p] == 0) {
		return "n/a" // breaches of an SLA a policy does not have are no difference
	}
	d, ok := v.r.Versus(m, v.baseline, p)
	if !ok {
		return "n/a"
	}
	single := d.N < 2 && !math.IsNaN(d.MeanDiff)
	if single && d.MeanDiff == 0 {
		return "="
	}
	if !single {
		if k := formatDiff(d); k == "n/a" || k == "=" || k == "~" || !v.isShare(m) {
			return k
		}
	}
	scale, unit := 1.0, ""
	if v.isShare(m) {
		scale, unit = 100, " pp"
	}
	half := (d.CI95High - d.CI95Low) / 2
	if single {
		half = math.NaN()
	}
	s := formatCI(scale*d.MeanDiff, scale*half)
	if a, b, ok := strings.Cut(s, " ± "); ok && unit != "" {
		s = a + " ± " + b + unit
	} else {
		s += unit
	}
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	if !math.IsNaN(d.RelDiff) && !math.IsInf(d.RelDiff, 0) {
		s += fmt.Sprintf(" (%+.1f%%)", 100*d.RelDiff)
	}
	return s
}

// rows returns the table: the header, then one row per metric with the
// policies' cells and the differences with the baseline.
func (v tableView) rows() [][]string {
	head := []string{"metric"}
	head = append(head, v.policies()...)
	for _, p := range v.others {
		head = append(head, fmt.Sprintf("%s vs %s", p, v.baseline))
	}
	out := [][]string{head}
	for _, m := range v.metrics {
		row := []string{v.label(m)}
		for _, p := range v.policies() {
			row = append(row, v.cell(p, m))
		}
		for _, p := range v.others {
			row = append(row, v.diffCell(m, p))
		}
		out = append(out, row)
	}
	return out
}

// printTable prints one row per metric and one column per policy, the
// baseline first, then each other policy's paired difference with the
// baseline (see tableView.diffCell). Lines take at most tableWidth
// columns: the columns that do not fit follow in further blocks.
func printTable(w io.Writer, r *results.Report, scenario string, metrics []string, baseline string) error {
	v := newTableView(r, metrics, baseline)
	fmt.Fprintf(w, "scenario %s · seed %d · %s\n\n", scenario, r.Seed, v.caption())
	rows := v.rows()
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	const gap = 3
	for start := 1; start < len(widths); {
		end, used := start, widths[0]
		for end < len(widths) && (end == start || used+gap+widths[end] <= tableWidth) {
			used += gap + widths[end]
			end++
		}
		if start > 1 {
			fmt.Fprintln(w)
		}
		cols := append([]int{0}, seq(start, end)...)
		for _, row := range rows {
			var b strings.Builder
			for j, c := range cols {
				b.WriteString(row[c])
				if j < len(cols)-1 {
					b.WriteString(strings.Repeat(" ", widths[c]-utf8.RuneCountInString(row[c])+gap))
				}
			}
			if _, err := fmt.Fprintln(w, b.String()); err != nil {
				return err
			}
		}
		start = end
	}
	return nil
}

// plural is "1 replication", "2 replications".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func seq(a, b int) []int {
	var out []int
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

// printMarkdown prints a Markdown table for reports and READMEs: one row
// per policy, the baseline first, and for each metric a column of values
// and a column "Δ metric" of the paired difference with the baseline
// (tableView.diffCell; "—" on the baseline's row).
func printMarkdown(w io.Writer, r *results.Report, scenario string, metrics []string, baseline string) error {
	v := newTableView(r, metrics, baseline)
	fmt.Fprintf(w, "Scenario `%s`, seed %d, %s; Δ: paired difference with %s.\n\n",
		scenario, r.Seed, strings.ReplaceAll(v.caption(), " · ", "; "), v.baseline)
	head := []string{"policy"}
	for _, m := range v.metrics {
		head = append(head, v.label(m), "Δ "+m)
	}
	fmt.Fprintf(w, "| %s |\n|---|%s\n", strings.Join(head, " | "), strings.Repeat("---:|", len(head)-1))
	for _, p := range v.policies() {
		row := []string{p}
		for _, m := range v.metrics {
			d := "—"
			if p != v.baseline {
				d = v.diffCell(m, p)
			}
			row = append(row, v.cell(p, m), d)
		}
		if _, err := fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | ")); err != nil {
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
// show the same numbers.
var (
	formatCI   = report.FormatCI
	formatDiff = report.FormatDiff
)
