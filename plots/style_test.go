package plots

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"
)

func svgOf(t *testing.T, p *plot.Plot) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, "svg", DefaultWidth, DefaultHeight, p))
	return buf.String()
}

// TestSansSerif: every text of a figure is in the sans-serif face, none in
// gonum/plot's default serif (issue 11: serif figures on a sans-serif
// page).
func TestSansSerif(t *testing.T) {
	p, err := Revenue(testTable())
	require.NoError(t, err)
	svg := svgOf(t, p)
	assert.Contains(t, svg, "font-family:Liberation Sans")
	assert.NotContains(t, svg, "Serif")
	tp := testOptions().OverTime[0]
	p, err = OverTime(tp, testPolicies)
	require.NoError(t, err)
	assert.NotContains(t, svgOf(t, p), "Serif")
}

// TestBandClippedAndMarked: a band reaching below zero is clipped to the
// quantity's range, the y axis then starts at zero, and a mark draws its
// label (issue 11: the weekly revenue band went below zero and nothing
// marked where inquiries stop).
func TestBandClippedAndMarked(t *testing.T) {
	tp := TimePlot{Name: "weekly_won_revenue", Title: "Revenue per week", YLabel: "revenue (currency units)"}
	for _, s := range weeklySeries() {
		for i := range s.Low {
			s.Low[i] = s.Mean[i] - 400 // below zero
		}
		tp.Series = append(tp.Series, s)
	}
	p, err := OverTime(tp, testPolicies)
	require.NoError(t, err)
	assert.Less(t, p.Y.Min, 0.0, "unclipped, the band goes below zero")

	tp.Floor, tp.Ceil = 0, math.Inf(1)
	tp.Marks = []Mark{{X: 52.1, Label: "end of inquiries (day 365)"}}
	p, err = OverTime(tp, testPolicies)
	require.NoError(t, err)
	assert.Equal(t, 0.0, p.Y.Min, "clipped at the floor")
	assert.Less(t, tp.Series[0].Low[0], 0.0, "the caller's series is not changed")
	svg := svgOf(t, p)
	assert.True(t, strings.Contains(svg, "end of inquiries (day 365)"), "the mark's label is drawn")

	tp.Marks = []Mark{{X: math.NaN(), Label: "x"}}
	_, err = OverTime(tp, testPolicies)
	assert.ErrorContains(t, err, `mark "x" at NaN: want a finite x`)
}
