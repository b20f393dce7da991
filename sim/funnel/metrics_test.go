package funnel

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// TestMetricDefs: every metric has a snake_case name of its own, a group
// of MetricGroups, a unit and a one-line definition; MetricNames, Names and
// String are the definitions' names; every group has a metric, and the
// groups are distinct.
func TestMetricDefs(t *testing.T) {
	defs := MetricDefs()
	require.Len(t, defs, int(NumMetrics))
	groups := MetricGroups()
	require.NotEmpty(t, groups)
	seen := map[string]bool{}
	used := map[string]bool{}
	for m, d := range defs {
		assert.Regexp(t, snakeCase, d.Name, "metric %d", m)
		assert.False(t, seen[d.Name], "metric %q defined twice", d.Name)
		seen[d.Name] = true
		assert.Contains(t, groups, d.Group, "metric %q: group", d.Name)
		used[d.Group] = true
		assert.NotEmpty(t, strings.TrimSpace(d.Unit), "metric %q: unit", d.Name)
		assert.NotEmpty(t, strings.TrimSpace(d.Doc), "metric %q: definition", d.Name)
		assert.NotEmpty(t, strings.TrimSpace(d.Label), "metric %q: plain-words label", d.Name)
		for _, s := range []string{d.Group, d.Unit, d.Doc} {
			// One line each, and nothing that breaks the Markdown table of
			// docs/metrics.md.
			assert.NotContains(t, s, "\n", "metric %q", d.Name)
			assert.NotContains(t, s, "|", "metric %q", d.Name)
		}
		assert.Equal(t, d.Name, MetricNames[m])
		assert.Equal(t, d.Name, Metric(m).String())
	}
	assert.Equal(t, MetricNames[:], Names())
	for i, g := range groups {
		assert.NotEmpty(t, g)
		assert.True(t, used[g], "group %q has no metric", g)
		assert.NotContains(t, groups[i+1:], g, "group listed twice")
	}
	assert.NotContains(t, groups, "Other metrics", "the report's group for undefined metrics")
}

// TestMetricDefsAreCopies: the exported lists are fresh copies.
func TestMetricDefsAreCopies(t *testing.T) {
	MetricDefs()[0].Name = "changed"
	MetricGroups()[0] = "changed"
	Names()[0] = "changed"
	assert.Equal(t, "inquiries", MetricDefs()[0].Name)
	assert.False(t, slices.Contains(MetricGroups(), "changed"))
	assert.Equal(t, "inquiries", Names()[0])
}
