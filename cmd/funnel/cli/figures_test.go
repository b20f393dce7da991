package cli

import (
	"html"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// TestReportGroupsByDefinitions: report.html groups the comparison table
// by the engine's metric definitions, in the order of funnel.MetricGroups,
// every metric of a run under its group (none under "Other metrics").
func TestReportGroupsByDefinitions(t *testing.T) {
	rep, err := results.NewTable([]string{"direct"}, funnel.Names(), 2).Report(nil, 1)
	require.NoError(t, err)
	page, err := buildReport(rep, &Manifest{Scenario: scenarios.Default(), Complete: true}, nil, nil, nil, "")
	require.NoError(t, err)

	var want []string
	for _, g := range funnel.MetricGroups() {
		line := g + ":"
		for _, d := range funnel.MetricDefs() {
			if d.Group == g {
				line += " " + d.Name
			}
		}
		want = append(want, line)
	}
	var got []string
	cell := regexp.MustCompile(`<th class="group"[^>]*>([^<]*)</th>|<td class="metric" title="([^"]*)">`)
	for _, m := range cell.FindAllStringSubmatch(string(page), -1) {
		if m[1] != "" {
			got = append(got, html.UnescapeString(m[1])+":")
		} else {
			got[len(got)-1] += " " + m[2]
		}
	}
	require.Equal(t, want, got)
	require.NotContains(t, string(page), "Other metrics")
}
