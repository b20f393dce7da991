package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"funnellab/palette"
	"funnellab/results"
	"funnellab/sim/funnel"
)

// revenueSVG returns the SVG of the revenue figure of a small run of the
// policies.
func revenueSVG(t *testing.T, policies []string) string {
	t.Helper()
	tb := results.NewTable(policies, funnel.Names(), 3)
	for m := range tb.Metrics {
		for p := range policies {
			for r := range 3 {
				tb.Set(r, p, m, float64(1+r+p))
			}
		}
	}
	p, err := Revenue(tb)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, "svg", DefaultWidth, DefaultHeight, p))
	return buf.String()
}

// hex is a colour as the SVG writes it.
func hex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)
}

// TestColorsFollowNames: the figures colour a policy by its name. Alone in
// a run, objective is drawn in objective's orange, not in the first
// position's blue; with the nine policies of scenarios/policies.yaml,
// nine different colours are drawn, where waterfall and direct were the
// same blue (issue 11).
func TestColorsFollowNames(t *testing.T) {
	blue, orange := hex(palette.Colors([]string{"waterfall"})[0]), hex(palette.Colors([]string{"objective"})[0])
	require.NotEqual(t, blue, orange)
	one := revenueSVG(t, []string{"objective"})
	assert.Contains(t, one, orange)
	assert.NotContains(t, one, blue)

	nine := []string{"waterfall", "waterfall_no_veto", "objective", "bant", "matrix", "telequal", "sla_1h", "feedback", "direct"}
	svg := revenueSVG(t, nine)
	drawn := map[string]bool{}
	for _, c := range palette.Colors(nine) {
		if strings.Contains(svg, hex(c)) {
			drawn[hex(c)] = true
		}
	}
	assert.Len(t, drawn, len(nine), "distinct policy colours drawn")

	// Over time, without an order, a series has its policy's colour too.
	s := weeklySeries()[:1]
	s[0].Policy = "objective"
	p, err := OverTime(TimePlot{Name: "x", Title: "x", YLabel: "y", Series: s}, nil)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, "svg", DefaultWidth, DefaultHeight, p))
	assert.Contains(t, buf.String(), orange)
	assert.NotContains(t, buf.String(), blue)
}

// TestMeanMarkerVisible: the mean's marker draws a white ring around its
// black disc, so it shows on a dark box as on a light one.
func TestMeanMarkerVisible(t *testing.T) {
	g := meanGlyph()
	_, ok := g.Shape.(haloGlyph)
	assert.True(t, ok, "the mean marker has a halo")
	assert.Equal(t, color.Black, g.Color)
}
