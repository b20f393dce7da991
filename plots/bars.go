package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"funnellab/results"
)

// barNotes returns labels printed just above bars of width w at x = 0, 1,
// ... (shifted by off), notes[k] above the bar of height heights[k]. Empty
// notes are left out. The labels are turned upright when the widest does
// not fit across a bar.
func barNotes(heights []float64, notes []string, w, off vg.Length) (*plotter.Labels, error) {
	sty := noteStyle()
	var widest vg.Length
	for _, n := range notes {
		widest = max(widest, sty.Width(n))
	}
	if widest > 0.95*w {
		sty.Rotation = math.Pi / 2
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	}
	var xyl plotter.XYLabels
	for k, n := range notes {
		if n == "" {
			continue
		}
		xyl.XYs = append(xyl.XYs, plotter.XY{X: float64(k), Y: heights[k]})
		xyl.Labels = append(xyl.Labels, n)
	}
	l, err := plotter.NewLabels(xyl)
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i] = sty
	}
	l.Offset = vg.Point{X: off, Y: vg.Points(1.5)}
	return l, nil
}

// ciBars are the 95% confidence intervals of the means in s, drawn at x =
// k for s[k] and shifted by off; intervals that are NaN (one replication)
// are left out. It returns nil if there is none.
func ciBars(s []results.Summary, off vg.Length) (plot.Plotter, error) {
	var e errPoints
	for k, sk := range s {
		if math.IsNaN(sk.CI95Low) || math.IsNaN(sk.CI95High) {
			continue
		}
		e = append(e, errPoint{x: float64(k), y: sk.Mean, lo: sk.Mean - sk.CI95Low, hi: sk.CI95High - sk.Mean})
	}
	if len(e) == 0 {
		return nil, nil
	}
	bars, err := plotter.NewYErrorBars(e)
	if err != nil {
		return nil, err
	}
	bars.CapWidth = vg.Points(4)
	bars.LineStyle.Width = vg.Points(0.8)
	return shiftedErrorBars{bars, off}, nil
}

// shiftedErrorBars are error bars drawn dx to the right of their x, as
// bars of a group are (plotter.YErrorBars has no offset of its own).
type shiftedErrorBars struct {
	*plotter.YErrorBars
	dx vg.Length
}

// Plot implements plot.Plotter.
func (s shiftedErrorBars) Plot(c draw.Canvas, p *plot.Plot) {
	c.Min.X += s.dx
	c.Max.X += s.dx
	s.YErrorBars.Plot(c, p)
}

// GlyphBoxes implements plot.GlyphBoxer.
func (s shiftedErrorBars) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	bs := s.YErrorBars.GlyphBoxes(p)
	for i := range bs {
		bs[i].Rectangle = bs[i].Rectangle.Add(vg.Point{X: s.dx})
	}
	return bs
}

// errPoint is a value with its distances to the ends of an interval.
type errPoint struct{ x, y, lo, hi float64 }

// errPoints implements plotter.XYer and plotter.YErrorer.
type errPoints []errPoint

func (e errPoints) Len() int                        { return len(e) }
func (e errPoints) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errPoints) YError(i int) (float64, float64) { return e[i].lo, e[i].hi }

// groupedBars returns the bars of a policy, in its colour c, width w and
// offset off, with a note above each bar.
func groupedBars(heights []float64, notes []string, c color.Color, w, off vg.Length) (*plotter.BarChart, *plotter.Labels, error) {
	bars, err := plotter.NewBarChart(plotter.Values(heights), w)
	if err != nil {
		return nil, nil, err
	}
	bars.Color = c
	bars.LineStyle.Width = 0
	bars.Offset = off
	labels, err := barNotes(heights, notes, w, off)
	if err != nil {
		return nil, nil, err
	}
	return bars, labels, nil
}
