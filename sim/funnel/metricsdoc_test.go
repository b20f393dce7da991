package funnel

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the generated part of docs/metrics.md")

const (
	metricsDocPath = "../../docs/metrics.md"
	beginMarker    = "<!-- BEGIN GENERATED -->\n"
	endMarker      = "<!-- END GENERATED -->"
)

// readMetricsDoc returns docs/metrics.md.
func readMetricsDoc(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(metricsDocPath)
	require.NoError(t, err)
	return string(data)
}

// TestMetricsDocTable checks that the generated part of docs/metrics.md
// is metricsTable(); -update rewrites it.
func TestMetricsDocTable(t *testing.T) {
	doc := readMetricsDoc(t)
	begin := strings.Index(doc, beginMarker)
	end := strings.Index(doc, endMarker)
	require.True(t, begin >= 0 && end > begin, "%s must contain %q followed by %q", metricsDocPath, beginMarker, endMarker)
	begin += len(beginMarker)

	want := metricsTable()
	if *update {
		doc = doc[:begin] + want + doc[end:]
		require.NoError(t, os.WriteFile(metricsDocPath, []byte(doc), 0o644))
		return
	}
	require.Equal(t, want, doc[begin:end],
		"the generated part of %s is out of date; run go test ./sim/funnel -run TestMetricsDocTable -update", metricsDocPath)
}

// metricsTable is the Markdown table of the metric definitions, one row
// per metric in output order, each group linked to its section.
func metricsTable() string {
	var b strings.Builder
	b.WriteString("| # | metric | group | unit | definition |\n|---|---|---|---|---|\n")
	for m, d := range MetricDefs() {
		fmt.Fprintf(&b, "| %d | `%s` | [%s](#%s) | %s | %s |\n", m+1, d.Name, d.Group, headingAnchor(d.Group), d.Unit, d.Doc)
	}
	return b.String()
}

var notInAnchor = regexp.MustCompile(`[^a-z0-9 _-]`)

// headingAnchor is the fragment identifier GitHub gives a heading.
func headingAnchor(heading string) string {
	return strings.ReplaceAll(notInAnchor.ReplaceAllString(strings.ToLower(heading), ""), " ", "-")
}

// TestMetricsDocSections: the section "Definitions" of docs/metrics.md has
// one subsection per group, in the order of MetricGroups, and defines
// every metric exactly once (a paragraph that opens with its name in
// bold), in its group's subsection, in output order within it.
func TestMetricsDocSections(t *testing.T) {
	doc := readMetricsDoc(t)
	start := strings.Index(doc, "\n## Definitions\n")
	require.True(t, start >= 0, "%s has no section Definitions", metricsDocPath)
	body := doc[start+len("\n## Definitions\n"):]
	if end := strings.Index(body, "\n## "); end >= 0 {
		body = body[:end]
	}

	var sections []string
	definedIn := map[string]string{}
	var order []string
	name := regexp.MustCompile("`([a-z0-9_]+)`")
	for _, para := range strings.Split(body, "\n\n") {
		para = strings.TrimSpace(para)
		if h, ok := strings.CutPrefix(para, "### "); ok {
			sections = append(sections, h)
			continue
		}
		if !strings.HasPrefix(para, "**`") {
			continue
		}
		// The defined names are those before the dash that opens the
		// definition, such as "**`a`, `b`** —" or "**`a`**, **`b`** —".
		lead, _, ok := strings.Cut(para, "—")
		require.True(t, ok, "a definition opens with its names and a dash: %.60q", para)
		require.NotEmpty(t, sections, "definition before the first group: %.60q", para)
		for _, m := range name.FindAllStringSubmatch(lead, -1) {
			_, dup := definedIn[m[1]]
			assert.False(t, dup, "%s defined twice", m[1])
			definedIn[m[1]] = sections[len(sections)-1]
			order = append(order, m[1])
		}
	}
	assert.Equal(t, MetricGroups(), sections, "the subsections of Definitions are the groups, in order")

	var want []string
	for _, g := range MetricGroups() {
		for _, d := range MetricDefs() {
			if d.Group == g {
				want = append(want, d.Name)
			}
		}
	}
	assert.Equal(t, want, order, "the metrics defined, by group, in output order within a group")
	for _, d := range MetricDefs() {
		assert.Equal(t, d.Group, definedIn[d.Name], "section defining %s", d.Name)
	}
}
