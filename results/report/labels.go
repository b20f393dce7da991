package report

import (
	"strings"

	"funnellab/results"
)

// label names metric in plain words, as its definition does (snake_case
// with spaces without one; the table shows the name itself on hover), with
// the scenario's currency after a money metric's.
func label(metric string, defs map[string]results.MetricDef, currency string) string {
	d, ok := defs[metric]
	l := d.Label
	if !ok || l == "" {
		l = strings.ReplaceAll(metric, "_", " ")
	}
	if currency != "" && ok && d.IsMoney() {
		l += " (" + currency + ")"
	}
	return l
}

// isShare says whether metric is a share in [0, 1], shown as a
// percentage: its definition's unit says "share", or, without a
// definition, its name ends in _share or it is rep_utilization.
func isShare(metric string, defs map[string]results.MetricDef) bool {
	if d, ok := defs[metric]; ok && d.Unit != "" {
		return d.IsShare()
	}
	return strings.HasSuffix(metric, "_share") || metric == "rep_utilization"
}
