package report

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTableLayout: up to three policies, one wide table; with more, a
// table of the means and one block of differences per policy against the
// baseline, so that no table has more than a column per policy (issue
// 11: the nine-policy table lost its last columns).
func TestTableLayout(t *testing.T) {
	wide := render(t, testInput(t))
	assert.Equal(t, 1, strings.Count(wide, "<table"))
	assert.NotContains(t, wide, `class="blocks"`)
	assert.Contains(t, wide, `<th scope="col" class="num">objective<br><span class="base">vs waterfall</span></th>`)

	in := testInput(t)
	rep, err := table9().Report(nil, 1)
	require.NoError(t, err)
	in.Report = rep
	page := render(t, in)
	assert.Equal(t, 1+len(nineNames)-1, strings.Count(page, "<table"), "the means, then a block per policy but the baseline")
	means := page[strings.Index(page, `<table id="means">`):]
	means = means[:strings.Index(means, "</table>")]
	assert.Equal(t, 1+len(nineNames), strings.Count(means, `<th scope="col"`), "the means table: a metric column and one per policy")
	assert.NotContains(t, means, " vs ")
	for _, p := range nineNames[1:] {
		assert.Contains(t, page, "<h3>"+p+" vs waterfall</h3>")
	}
}

// TestPlainLabelsAndShares: metrics are named in plain words with their
// snake_case name on hover, shares are percentages and their differences
// percentage points (issue 11, item 12).
func TestPlainLabelsAndShares(t *testing.T) {
	page := render(t, testInput(t))
	assert.Contains(t, page, `<td class="metric" title="handoff_waste_share">hand-offs wasted (rejected or ignored)</td>`)
	assert.Contains(t, page, `<td class="metric" title="custom_score">custom score</td>`, "an unknown metric: its name with spaces")
	assert.Contains(t, page, ">74.74% ±\u00a00.34%<", "± stays with its number when a cell wraps")
	assert.NotContains(t, page, ">0.7474 ± ")
	assert.Contains(t, page, " pts (-98.3%)<")
	assert.Equal(t, "74.65% ± 0.14%", formatShareCI(0.7465, 0.0014))
	assert.Equal(t, "n/a", formatShareCI(math.NaN(), 0.1))
}

// TestBuriedContent: the resolved YAML is collapsed, a figure's title is
// not shown twice (the figure draws its own; the caption is for screen
// readers), and the page and its figures' text use one sans-serif family
// (issue 11, item 15).
func TestBuriedContent(t *testing.T) {
	page := render(t, testInput(t))
	assert.Contains(t, page, "<details>\n<summary>Resolved scenario (YAML)</summary>")
	assert.NotContains(t, page, "<details open>")
	assert.Regexp(t, `figcaption \{ position: absolute; width: 1px; height: 1px; overflow: hidden;`, page)
	assert.Contains(t, page, "figure svg text { font-family: var(--sans) !important; }")
	assert.Contains(t, page, "font: 16px/1.55 var(--sans);")
	assert.NotContains(t, page, "system-ui")
}

// TestBreakableNames: a policy name may break after its underscores in
// the means table's heading, and stays escaped.
func TestBreakableNames(t *testing.T) {
	assert.Equal(t, "waterfall_<wbr>no_<wbr>veto", string(breakable("waterfall_no_veto")))
	assert.Equal(t, "a&lt;b_<wbr>c", string(breakable("a<b_c")))
}
