package olist

import (
	"math"
	"strings"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSplitFigures: the figures docs/findings/olist.md and the olist
// scenarios quote from the committed counts (go test ./findings/olist
// -run TestSplitFigures -v prints them).
func TestSplitFigures(t *testing.T) {
	c := committedCounts(t)

	n0, rates := c[0].Shrunk()
	t.Logf("first half: prior strength %.1f MQLs; shrunk rates %v", n0, rates)
	assert.InDelta(t, 36.9, n0, 0.05)
	assert.InDelta(t, 0.1379, rates["organic search"], 5e-5)
	assert.InDelta(t, 0.2248, rates["(empty)"], 5e-5)

	mix := MixRate(c[0], c[1])
	t.Logf("first half's rates at the second half's volumes: %.4f", mix)
	assert.InDelta(t, 0.1266, mix, 5e-5)

	chi2, df, p := OriginChi2(c[0], c[1])
	t.Logf("second half's wins by origin against the first half's shrunk rates: chi2 %.1f on %d df, p %.3f", chi2, df, p)
	assert.InDelta(t, 20.0, chi2, 0.05)
	assert.Equal(t, 11, df)
	assert.InDelta(t, 0.046, p, 5e-4)

	for h, want := range [][2]float64{{11.8, 17.1}, {7.9, 11.9}} {
		lo, hi := MedianInterval(c[h].WonDays, 4000, 1)
		t.Logf("half %d: median %.2f days, bootstrap 95%% interval %.2f to %.2f", h+1, median(c[h].WonDays), lo, hi)
		assert.InDelta(t, want[0], lo, 0.05, "half %d", h+1)
		assert.InDelta(t, want[1], hi, 0.05, "half %d", h+1)
	}
}

// TestFirstHalfDesign: the genuine share of each channel of
// scenarios/findings/olist_h1.yaml is 0.7 × its origin's shrunk
// first-half rate over the pooled rate, capped at 1 (its design comment),
// to the file's three decimals, and its volume the first half's MQLs over
// its 75 days (in findings/olist, the second half's over its 76).
func TestFirstHalfDesign(t *testing.T) {
	c := committedCounts(t)
	_, rates := c[0].Shrunk()
	pooled := c[0].Figures().Conversion
	r, err := scenarios.LoadEmbedded("findings/olist_h1", nil)
	require.NoError(t, err)
	origin := func(channel string) string {
		if channel == "no_origin" {
			return "(empty)"
		}
		return strings.ReplaceAll(channel, "_", " ")
	}
	require.Len(t, r.Scenario.Marketing.Channels, len(rates))
	for _, ch := range r.Scenario.Marketing.Channels {
		rate, ok := rates[origin(ch.Name)]
		require.True(t, ok, ch.Name)
		// 1e-3: the file was written with the prior's strength rounded to 36.9.
		assert.InDelta(t, math.Min(1, 0.7*rate/pooled), ch.Kinds.Genuine, 1e-3, ch.Name)
		assert.InDelta(t, float64(c[0].MQLs[origin(ch.Name)])/(75*24), ch.RatePerHour, 5e-5, ch.Name)
	}
	// The second half's scenario: the same channels at its volumes.
	r2, err := scenarios.LoadEmbedded("findings/olist", nil)
	require.NoError(t, err)
	require.Len(t, r2.Scenario.Marketing.Channels, len(c[1].MQLs))
	for _, ch := range r2.Scenario.Marketing.Channels {
		assert.InDelta(t, float64(c[1].MQLs[origin(ch.Name)])/(76*24), ch.RatePerHour, 5e-5, ch.Name)
	}
}
