package plots

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"
)

// neverContacted is mit_never_contacted as funnel reproduce found it: a
// share with a one-sided bound (≥ 0.3) and no unit of its own.
var neverContacted = FindingData{
	Title:     "mit_never_contacted: Leads never contacted under typical practice, a title long enough to be wrapped onto two lines",
	Quantity:  "never_contacted_share",
	Published: 0.3, Low: 0.3, High: math.Inf(1),
	Mean: 0.87, CI95Low: 0.869, CI95High: 0.871, Reproduced: true,
}

// TestFindingAxes checks what issue 11 found in the reproduce figures: a
// share's axis ran to 2.0, a quantity without a unit was labelled "()", a
// one-sided bound was drawn as a finite box, and long titles were clipped.
func TestFindingAxes(t *testing.T) {
	p, err := Finding(neverContacted)
	require.NoError(t, err)
	assert.Equal(t, "never_contacted_share", p.Y.Label.Text, "no empty unit")
	assert.Equal(t, 0.0, p.Y.Min)
	assert.Greater(t, p.Y.Max, 1.0, "without a unit, not known to be a share")

	f := neverContacted
	f.Unit = "share"
	p, err = Finding(f)
	require.NoError(t, err)
	assert.Equal(t, "never_contacted_share", p.Y.Label.Text, "the unit is in the name already")
	assert.Equal(t, 1.0, p.Y.Max, "a share's axis ends at 1")
	for _, line := range strings.Split(p.Title.Text, "\n") {
		assert.LessOrEqual(t, p.Title.TextStyle.Width(line), DefaultWidth-vg.Centimeter, "title line %q fits", line)
	}
	assert.Contains(t, p.Title.Text, "\n", "the long title is wrapped")

	// A relative gain may exceed 1: the axis is not cut at 1 then.
	g := FindingData{Title: "gain", Quantity: "revenue_gain_first_vs_second", Unit: "share",
		Published: 0, Low: 0, High: math.Inf(1), Mean: 1.4, CI95Low: 1.3, CI95High: 1.5, Reproduced: true}
	p, err = Finding(g)
	require.NoError(t, err)
	assert.Greater(t, p.Y.Max, 1.5)
	assert.Equal(t, "revenue_gain_first_vs_second (share)", p.Y.Label.Text)

	var buf bytes.Buffer
	require.NoError(t, Render(&buf, "png", DefaultWidth, DefaultHeight, p))
}

// TestBoundNote: the band's bound is printed on it, and an open band
// reaches the edge of the axis.
func TestBoundNote(t *testing.T) {
	id := func(v float64) float64 { return v }
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{0.3, math.Inf(1), "≥ 0.3"}, {math.Inf(-1), 0.1, "≤ 0.1"}, {0.4, 0.6, "0.4–0.6"}, {5.95, 8.05, "5.95–8.05"},
	} {
		l, err := boundNote(FindingData{Low: tc.lo, High: tc.hi}, id, 0, math.Max(tc.lo, 0), math.Min(tc.hi, 1), 1)
		require.NoError(t, err)
		assert.Equal(t, []string{tc.want}, l.Labels)
	}
	s := FindingSeries{Unit: "share", Points: []FindingData{neverContacted}}
	lo, hi := findingRange(s, id)
	assert.Equal(t, 0.0, lo)
	assert.Equal(t, 1.0, hi, "the open band of ≥ 0.3 is drawn to the top of the axis, 1")
}

// TestFindingSeries draws a study's own picture: the Rule of 45 as the
// share bought by month, and the HBR ratios on a log axis.
func TestFindingSeries(t *testing.T) {
	pt := func(label string, pub, mean float64) FindingData {
		return FindingData{Label: label, Published: pub, Low: 0.8 * pub, High: 1.2 * pub,
			Mean: mean, CI95Low: 0.98 * mean, CI95High: 1.02 * mean, Reproduced: true}
	}
	p, err := FindingPlot(FindingSeries{Title: "Rule of 45", XLabel: "months since the inquiry", YLabel: "share of inquiries that bought",
		Unit: "share", Connect: true, Points: []FindingData{pt("3", 0.125, 0.123), pt("6", 0.26, 0.252), pt("12", 0.45, 0.418)}})
	require.NoError(t, err)
	var labels []string
	for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		labels = append(labels, tk.Label)
	}
	assert.Equal(t, []string{"3", "6", "12"}, labels)
	assert.Equal(t, "share of inquiries that bought", p.Y.Label.Text)
	assert.LessOrEqual(t, p.Y.Max, 1.0)
	assert.True(t, p.Legend.Left, "a rising curve leaves the top left to the legend")

	hbr := pt("1–2 h", 7, 7.04)
	hbr24 := FindingData{Label: "≥ 24 h", Published: 60, Low: 60, High: math.Inf(1), Mean: 74.7, CI95Low: 70.9, CI95High: 79.1, Reproduced: true}
	p, err = FindingPlot(FindingSeries{Title: "HBR", YLabel: "ratio", LogY: true, Connect: true, Points: []FindingData{hbr, hbr24}})
	require.NoError(t, err)
	assert.Equal(t, "ratio, log scale", p.Y.Label.Text)
	assert.InDelta(t, 0, p.Y.Min, 1e-9, "from 1 = 10⁰")
	assert.Greater(t, p.Y.Max, math.Log10(79.1))
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, "png", DefaultWidth, DefaultHeight, p))

	_, err = FindingPlot(FindingSeries{Title: "bad", LogY: true, Points: []FindingData{{Published: 0, Mean: 1}}})
	assert.ErrorContains(t, err, "positive on a log axis")
	_, err = FindingPlot(FindingSeries{Title: "empty"})
	assert.ErrorContains(t, err, `plots: finding "empty": no findings`)
}

// TestGoldenFindings compares the finding plots with
// testdata/finding*.golden.png, as TestGolden does the run's figures.
func TestGoldenFindings(t *testing.T) {
	pt := func(label string, pub, mean float64) FindingData {
		return FindingData{Label: label, Published: pub, Low: 0.8 * pub, High: 1.2 * pub,
			Mean: mean, CI95Low: 0.98 * mean, CI95High: 1.02 * mean, Reproduced: true}
	}
	share := neverContacted
	share.Unit = "share"
	one, err := Finding(share)
	require.NoError(t, err)
	missed := pt("12", 0.45, 0.3) // below its band: drawn as not reproduced
	missed.Reproduced = false
	series, err := FindingPlot(FindingSeries{Title: "Rule of 45: inquiries that buy from someone, by months since the inquiry",
		XLabel: "months since the inquiry", YLabel: "share of inquiries that bought", Unit: "share", Connect: true,
		Points: []FindingData{pt("3", 0.125, 0.123), pt("6", 0.26, 0.252), missed}})
	require.NoError(t, err)
	for name, p := range map[string]*plot.Plot{"finding": one, "finding_series": series} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, Render(&buf, "png", DefaultWidth, DefaultHeight, p))
			golden := filepath.Join("testdata", name+".golden.png")
			if *update {
				require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "missing golden image: run go test ./plots -update")
			ok, err := cmpimg.EqualApprox("png", buf.Bytes(), want, goldenDelta)
			require.NoError(t, err)
			assert.True(t, ok, "%s differs from %s; if the change is intended, run go test ./plots -update", name, golden)
		})
	}
}

// TestFindingUnpublishedPoint: a point of a study's curve with no
// published figure (NaN published value and bounds) is drawn from its
// simulation alone, and still needs a simulated mean.
func TestFindingUnpublishedPoint(t *testing.T) {
	nan := math.NaN()
	s := FindingSeries{Title: "curve", XLabel: "delay", YLabel: "ratio", LogY: true, Connect: true, Points: []FindingData{
		{Label: "a", Published: 7, Low: 5.95, High: 8.05, Mean: 7.1, CI95Low: 6.7, CI95High: 7.5, Reproduced: true},
		{Label: "b", Published: nan, Low: nan, High: nan, Mean: 30, CI95Low: 25, CI95High: 35},
		{Label: "c", Published: 60, Low: 60, High: math.Inf(1), Mean: 77, CI95Low: 72, CI95High: 82, Reproduced: true},
	}}
	p, err := FindingPlot(s)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, Render(&b, "svg", DefaultWidth, DefaultHeight, p))
	require.Contains(t, b.String(), "no published figure")
	s.Points[1].Mean = nan
	_, err = FindingPlot(s)
	require.Error(t, err, "a point needs its simulated mean")
}
