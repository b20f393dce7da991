package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"funnellab/palette"
	"funnellab/results"
)

// meanShift is how far right of its box, in category slots, a policy's mean
// and confidence interval are drawn.
const meanShift = 0.32

// Revenue returns the plot "revenue": for each policy, in the table's
// policy order, a box plot of metric revenue over the replications (box from
// the first to the third quartile with the median, whiskers to the furthest
// values within 1.5 interquartile ranges, points beyond them), and next to
// it the mean with its 95% Student t confidence interval (results.Summarize).
// The y axis is revenue over the observation in currency units (the
// currency of the scenario's deal values).
//
// It returns an error if t is not a valid table, has no policies or no
// replications, or has no finite revenue for every replication.
func Revenue(t *results.Table) (*plot.Plot, error) {
	if err := checkTable(t); err != nil {
		return nil, fmt.Errorf("plots: revenue: %w", err)
	}
	vals, err := metricValues(t, "revenue", false)
	if err != nil {
		return nil, fmt.Errorf("plots: revenue: %w", err)
	}
	p := newPlot(fmt.Sprintf("Revenue by policy (%d replications)", t.Replications),
		"policy", unitLabel("revenue over the observation", currencyLabel))
	p.Y.Tick.Marker = siTicks{}
	slot := dataWidth / vg.Length(len(vals))
	boxW := min(1.2*vg.Centimeter, 0.4*slot)
	for i, vs := range vals {
		if err := addRevenueBox(p, t.Policies, i, vs, boxW); err != nil {
			return nil, fmt.Errorf("plots: revenue: policy %q: %w", t.Policies[i], err)
		}
	}
	categoryAxis(p, t.Policies, dataWidth)
	p.Legend.Add("median, quartiles, 1.5 IQR whiskers", boxThumb{})
	p.Legend.Add("mean with 95% CI", meanThumb{})
	roomForLegend(p, 2, false)
	return p, nil
}

// addRevenueBox adds the box of policy i of policies and its mean and
// interval.
func addRevenueBox(p *plot.Plot, policies []string, i int, vs []float64, w vg.Length) error {
	box, err := plotter.NewBoxPlot(w, float64(i), plotter.Values(vs))
	if err != nil {
		return err
	}
	c := palette.PolicyColor(policies, i)
	box.FillColor = lighten(c, 0.6)
	box.BoxStyle.Color = c
	box.WhiskerStyle.Color = c
	box.GlyphStyle.Color = c
	p.Add(box)

	s := results.Summarize(vs)
	x := float64(i) + meanShift
	if !math.IsNaN(s.CI95Low) {
		bars, err := plotter.NewYErrorBars(meanCI{x: x, s: s})
		if err != nil {
			return err
		}
		bars.LineStyle.Width = vg.Points(1.2)
		bars.CapWidth = vg.Points(6)
		p.Add(bars)
	}
	dot, err := plotter.NewScatter(plotter.XYs{{X: x, Y: s.Mean}})
	if err != nil {
		return err
	}
	dot.GlyphStyle = meanGlyph()
	p.Add(dot)
	return nil
}

// meanCI is a mean and its confidence interval, as one point with y errors.
type meanCI struct {
	x float64
	s results.Summary
}

func (m meanCI) Len() int                  { return 1 }
func (m meanCI) XY(int) (float64, float64) { return m.x, m.s.Mean }
func (m meanCI) YError(int) (float64, float64) {
	return m.s.Mean - m.s.CI95Low, m.s.CI95High - m.s.Mean
}

// meanGlyph is the marker of a mean: a black disc in a white ring, which
// stands out on every fill, dark or light.
func meanGlyph() draw.GlyphStyle {
	return draw.GlyphStyle{Color: color.Black, Radius: vg.Points(2.5), Shape: haloGlyph{}}
}

// haloGlyph is a disc of the style's colour inside a white ring of a
// third of its radius.
type haloGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (haloGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	halo := sty
	halo.Color = color.White
	halo.Radius = sty.Radius * 4 / 3
	draw.CircleGlyph{}.DrawGlyph(c, halo, pt)
	draw.CircleGlyph{}.DrawGlyph(c, sty, pt)
}

// boxThumb is the legend thumbnail of a box plot: a grey box with a median.
type boxThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (boxThumb) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	h := r.Max.Y - r.Min.Y
	box := vg.Rectangle{Min: vg.Point{X: r.Min.X, Y: r.Min.Y + h/8}, Max: vg.Point{X: r.Max.X, Y: r.Max.Y - h/8}}
	pts := []vg.Point{box.Min, {X: box.Min.X, Y: box.Max.Y}, box.Max, {X: box.Max.X, Y: box.Min.Y}}
	c.FillPolygon(color.Gray{Y: 0xDD}, pts)
	ls := draw.LineStyle{Color: color.Gray{Y: 0x55}, Width: vg.Points(1)}
	c.StrokeLines(ls, append(pts, box.Min))
	mid := (box.Min.Y + box.Max.Y) / 2
	c.StrokeLine2(ls, box.Min.X, mid, box.Max.X, mid)
}

// meanThumb is the legend thumbnail of a mean with its interval.
type meanThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (meanThumb) Thumbnail(c *draw.Canvas) {
	ctr := c.Center()
	ls := draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}
	c.StrokeLine2(ls, ctr.X, c.Min.Y, ctr.X, c.Max.Y)
	c.DrawGlyph(meanGlyph(), ctr)
}
