package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FindingData is a published finding and its simulation: the published
// value, the interval of simulated means that reproduce it (Low or High
// may be infinite for a one-sided bound), and the simulated mean with its
// 95% confidence interval. Label names it on the axis of a FindingSeries.
// A point of a series with no published figure (the study's curve between
// its published points) has Published, Low and High NaN: only its
// simulation is drawn, in grey, and it is not judged.
type FindingData struct {
	Title, Quantity, Unit   string
	Label                   string
	Published, Low, High    float64
	Mean, CI95Low, CI95High float64
	Reproduced              bool
}

// FindingSeries is a study's own picture: several of its findings on one
// axis, in the study's order (delay buckets, months, funnel stages), all
// of one unit.
type FindingSeries struct {
	Title, XLabel, YLabel string
	Unit                  string
	// LogY draws the values on a log axis (ratios of 7 and 60).
	LogY bool
	// Connect joins the published values (dashed) and the simulated means
	// (solid) into curves, for an x that is ordered (a delay, a time).
	Connect bool
	Points  []FindingData
}

// Colours of the finding plots.
var (
	publishedColor  = color.NRGBA{R: 0, G: 114, B: 178, A: 255}
	bandColor       = color.NRGBA{R: 0, G: 114, B: 178, A: 40}
	reproducedColor = color.NRGBA{R: 0, G: 158, B: 115, A: 255}
	unjudgedColor   = color.Gray{Y: 0x80} // a simulated point with no published figure
	failedColor     = color.NRGBA{R: 213, G: 94, B: 0, A: 255}
)

// Finding returns the plot of one finding: the published value (a dashed
// line), the band of values that reproduce it (shaded, its bounds printed
// on it; a one-sided band runs to the edge of the axis, which is not a
// bound), and the simulated mean with its 95% confidence interval (a point
// with an error bar, green when reproduced, vermillion when not). A share
// is drawn on an axis from 0 to at most 1; the y label is the quantity
// and, if it has one, its unit.
func Finding(f FindingData) (*plot.Plot, error) {
	return FindingPlot(FindingSeries{Title: f.Title, XLabel: f.Quantity, YLabel: f.Quantity, Unit: f.Unit, Points: []FindingData{f}})
}

// FindingPlot returns the plot of a series of findings, one column per
// point, each drawn as Finding draws one.
func FindingPlot(s FindingSeries) (*plot.Plot, error) {
	if len(s.Points) == 0 {
		return nil, fmt.Errorf("plots: finding %q: no findings", s.Title)
	}
	for _, f := range s.Points {
		vals := []float64{f.Published, f.Mean}
		if f.unpublished() {
			vals = vals[1:]
		}
		for _, v := range vals {
			if math.IsNaN(v) || math.IsInf(v, 0) || (s.LogY && v <= 0) {
				return nil, fmt.Errorf("plots: finding %q: published and simulated values must be finite (and positive on a log axis), got %v and %v",
					f.Title, f.Published, f.Mean)
			}
		}
	}
	yLabel := s.YLabel
	if s.Unit != "" && !strings.Contains(s.YLabel, s.Unit) {
		yLabel = unitLabel(s.YLabel, s.Unit)
	}
	if s.LogY {
		yLabel += ", log scale"
	}
	p := newPlot("", s.XLabel, yLabel)
	p.Title.Text = wrapTitle(p.Title.TextStyle, s.Title, DefaultWidth-vg.Centimeter)
	tr := func(v float64) float64 { return v }
	if s.LogY {
		tr = math.Log10
		p.Y.Tick.Marker = log10Ticks{}
	}
	yMin, yMax := findingRange(s, tr)
	p.Y.Min, p.Y.Max = yMin, yMax
	names := make([]string, len(s.Points))
	var pubLine, simLine plotter.XYs
	var sim *plotter.Scatter
	var band *plotter.Polygon
	var pub *plotter.Line
	for i, f := range s.Points {
		names[i] = f.Label
		x := float64(i)
		if f.unpublished() {
			pt, err := simulatedPoint(f, tr, x, s.LogY, unjudgedColor)
			if err != nil {
				return nil, err
			}
			p.Add(pt...)
			simLine = append(simLine, plotter.XY{X: x, Y: tr(f.Mean)})
			continue
		}
		lo, hi := math.Max(tr(f.Low), p.Y.Min), math.Min(tr(f.High), p.Y.Max)
		if math.IsNaN(lo) { // log10 of a bound ≤ 0
			lo = p.Y.Min
		}
		var err error
		if band, err = plotter.NewPolygon(plotter.XYs{{X: x - 0.3, Y: lo}, {X: x + 0.3, Y: lo}, {X: x + 0.3, Y: hi}, {X: x - 0.3, Y: hi}}); err != nil {
			return nil, err
		}
		band.Color = bandColor
		band.LineStyle.Width = 0
		if pub, err = plotter.NewLine(plotter.XYs{{X: x - 0.3, Y: tr(f.Published)}, {X: x + 0.3, Y: tr(f.Published)}}); err != nil {
			return nil, err
		}
		pub.LineStyle = draw.LineStyle{Color: publishedColor, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
		c := reproducedColor
		if !f.Reproduced {
			c = failedColor
		}
		if sim, err = plotter.NewScatter(plotter.XYs{{X: x, Y: tr(f.Mean)}}); err != nil {
			return nil, err
		}
		sim.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		bound, err := boundNote(f, tr, x, lo, hi, p.Y.Max)
		if err != nil {
			return nil, err
		}
		p.Add(band, bound, pub, sim)
		if !math.IsNaN(f.CI95Low) && !math.IsNaN(f.CI95High) && (!s.LogY || f.CI95Low > 0) {
			eb, err := plotter.NewYErrorBars(yErr{x: x, y: tr(f.Mean), lo: tr(f.Mean) - tr(f.CI95Low), hi: tr(f.CI95High) - tr(f.Mean)})
			if err != nil {
				return nil, err
			}
			eb.LineStyle.Color = c
			eb.LineStyle.Width = vg.Points(1.5)
			p.Add(eb)
		}
		pubLine = append(pubLine, plotter.XY{X: x, Y: tr(f.Published)})
		simLine = append(simLine, plotter.XY{X: x, Y: tr(f.Mean)})
	}
	if s.Connect && len(s.Points) > 1 {
		pl, err := plotter.NewLine(pubLine)
		if err != nil {
			return nil, err
		}
		pl.LineStyle = draw.LineStyle{Color: publishedColor, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
		sl, err := plotter.NewLine(simLine)
		if err != nil {
			return nil, err
		}
		sl.LineStyle = draw.LineStyle{Color: color.Gray{Y: 0x66}, Width: vg.Points(0.8)}
		p.Add(pl, sl)
	}
	categoryAxis(p, names, dataWidth)
	p.Y.Min, p.Y.Max = yMin, yMax // not widened by the plotters
	// A rising series leaves the top left free for the legend.
	p.Legend.Left = len(s.Points) > 1 && s.Points[len(s.Points)-1].Mean > s.Points[0].Mean
	if p.Legend.Left {
		p.Legend.XOffs = vg.Points(4)
	}
	p.Legend.Add("published", pub)
	p.Legend.Add("reproduced if the simulated mean is in the band", band)
	p.Legend.Add("simulated mean, 95% CI", sim)
	for _, f := range s.Points {
		if f.unpublished() {
			g, err := plotter.NewScatter(plotter.XYs{{}})
			if err != nil {
				return nil, err
			}
			g.GlyphStyle = draw.GlyphStyle{Color: unjudgedColor, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
			p.Legend.Add("simulated, no published figure", g)
			break
		}
	}
	return p, nil
}

// unpublished reports whether the point has no published figure.
func (f FindingData) unpublished() bool { return math.IsNaN(f.Published) }

// simulatedPoint draws a simulated mean in colour c, with its 95% CI.
func simulatedPoint(f FindingData, tr func(float64) float64, x float64, logY bool, c color.Color) ([]plot.Plotter, error) {
	sim, err := plotter.NewScatter(plotter.XYs{{X: x, Y: tr(f.Mean)}})
	if err != nil {
		return nil, err
	}
	sim.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	out := []plot.Plotter{sim}
	if !math.IsNaN(f.CI95Low) && !math.IsNaN(f.CI95High) && (!logY || f.CI95Low > 0) {
		eb, err := plotter.NewYErrorBars(yErr{x: x, y: tr(f.Mean), lo: tr(f.Mean) - tr(f.CI95Low), hi: tr(f.CI95High) - tr(f.Mean)})
		if err != nil {
			return nil, err
		}
		eb.LineStyle.Color = c
		eb.LineStyle.Width = vg.Points(1.5)
		out = append(out, eb)
	}
	return out, nil
}

// findingRange returns the ends of the y axis of a finding plot, in the
// transformed values: from 0 (or, on a log axis, a power of ten below the
// smallest value) to above the largest value, the finite bounds and room
// for the legend; a share's axis ends at 1 at most.
func findingRange(s FindingSeries, tr func(float64) float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	add := func(v float64) {
		if t := tr(v); !math.IsNaN(t) && !math.IsInf(t, 0) {
			lo, hi = math.Min(lo, t), math.Max(hi, t)
		}
	}
	for _, f := range s.Points {
		for _, v := range []float64{f.Published, f.Mean, f.CI95Low, f.CI95High, f.Low, f.High} {
			add(v)
		}
	}
	// Legend: three rows of about 11 points at the top of the data area.
	const legendFrac = 0.22
	if s.LogY {
		min := math.Floor(lo - 0.3)
		return min, min + (hi+0.15-min)/(1-legendFrac)
	}
	min := math.Min(0, lo)
	max := min + (hi*1.1-min)/(1-legendFrac)
	if s.Unit == "share" && hi <= 1 {
		max = math.Min(max, 1)
	}
	return min, max
}

// boundNote is the text of a finding's band, "≥ 60", "≤ 0.1" or
// "0.4–0.6", printed inside the band at its closed end (on a one-sided
// band), or just above its top.
func boundNote(f FindingData, tr func(float64) float64, x, lo, hi, top float64) (*plotter.Labels, error) {
	var txt string
	y, align := hi, draw.YBottom
	switch {
	case math.IsInf(f.High, 1):
		txt, y, align = "≥ "+formatBound(f.Low), lo, draw.YBottom
	case math.IsInf(f.Low, -1):
		txt, y, align = "≤ "+formatBound(f.High), hi, draw.YTop
	default:
		txt = formatBound(f.Low) + "–" + formatBound(f.High)
		if hi >= top {
			align = draw.YTop
		}
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x + 0.3, Y: y}}, Labels: []string{txt}})
	if err != nil {
		return nil, err
	}
	sty := noteStyle()
	sty.Color = publishedColor
	sty.XAlign, sty.YAlign = draw.XRight, align
	l.TextStyle[0] = sty
	l.Offset = vg.Point{X: -vg.Points(2)}
	if align == draw.YBottom {
		l.Offset.Y = vg.Points(1.5)
	} else {
		l.Offset.Y = -vg.Points(1.5)
	}
	return l, nil
}

// formatBound formats a bound with three significant digits.
func formatBound(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

// wrapTitle breaks s into lines no wider than w in style sty, at spaces.
func wrapTitle(sty text.Style, s string, w vg.Length) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && sty.Width(try) > w {
			lines = append(lines, line)
			try = word
		}
		line = try
	}
	return strings.Join(append(lines, line), "\n")
}

// yErr is one point with an asymmetric vertical error.
type yErr struct{ x, y, lo, hi float64 }

func (e yErr) Len() int                      { return 1 }
func (e yErr) XY(int) (float64, float64)     { return e.x, e.y }
func (e yErr) YError(int) (float64, float64) { return e.lo, e.hi }
