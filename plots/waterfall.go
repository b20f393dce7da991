package plots

import (
	"errors"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A WaterfallStep is one bar of a waterfall chart: a part's contribution
// to a difference, with the 95% confidence interval of that contribution
// (NaN ends: none drawn).
type WaterfallStep struct {
	Name          string
	Value, Lo, Hi float64
}

// Waterfall returns a waterfall chart of a difference between two
// policies: each step a bar floating from the running sum before it to
// the sum after it (rises in green, falls in red), with its confidence
// interval drawn at its end, and last the total as a bar from 0 with its
// interval. yLabel names the metric and its unit.
func Waterfall(title, yLabel string, steps []WaterfallStep, total WaterfallStep) (*plot.Plot, error) {
	if len(steps) == 0 && total.Name == "" {
		return nil, errors.New("plots: waterfall: no steps")
	}
	p := newPlot(title, "", yLabel)
	p.Y.Tick.Marker = siTicks{}
	var bars waterfallBars
	var ends errPoints
	var names []string
	var notes plotter.XYLabels
	add := func(name string, from, to, lo, hi float64, c color.Color) {
		x := float64(len(names))
		names = append(names, name)
		bars = append(bars, waterfallBar{x: x, from: from, to: to, fill: c})
		if !math.IsNaN(lo) && !math.IsNaN(hi) {
			ends = append(ends, errPoint{x: x, y: to, lo: (to - from) - lo, hi: hi - (to - from)})
		}
		// The note stands above the bar and its interval.
		top := math.Max(from, to)
		if !math.IsNaN(hi) {
			top = math.Max(top, from+hi)
		}
		notes.XYs = append(notes.XYs, plotter.XY{X: x, Y: top})
		notes.Labels = append(notes.Labels, formatSI(to-from))
	}
	spans := waterfallSpans(steps, total)
	for i, s := range steps {
		c := color.Color(color.RGBA{R: 0x2e, G: 0x8b, B: 0x57, A: 0xff})
		if s.Value < 0 {
			c = color.RGBA{R: 0xc0, G: 0x39, B: 0x2b, A: 0xff}
		}
		add(s.Name, spans[i][0], spans[i][1], s.Lo, s.Hi, c)
	}
	if total.Name != "" {
		add(total.Name, 0, total.Value, total.Lo, total.Hi, color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff})
	}
	p.Add(plotter.NewGrid())
	p.Add(bars)
	if len(ends) > 0 {
		eb, err := plotter.NewYErrorBars(ends)
		if err != nil {
			return nil, err
		}
		eb.CapWidth = vg.Points(5)
		p.Add(eb)
	}
	lbl, err := plotter.NewLabels(notes)
	if err != nil {
		return nil, err
	}
	for i := range lbl.TextStyle {
		lbl.TextStyle[i] = noteStyle()
	}
	lbl.Offset = vg.Point{Y: vg.Points(2)}
	p.Add(lbl)
	categoryAxis(p, names, dataWidth)
	// Room above the highest note.
	ymin, ymax := p.Y.Min, p.Y.Max
	p.Y.Max = ymax + 0.06*(ymax-ymin)
	return p, nil
}

// waterfallBar is one floating bar.
type waterfallBar struct {
	x, from, to float64
	fill        color.Color
}

// waterfallBars implements plot.Plotter and plot.DataRanger.
type waterfallBars []waterfallBar

// Plot implements plot.Plotter.
func (b waterfallBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	w := 0.6 * (trX(1) - trX(0))
	for _, r := range b {
		x := trX(r.x)
		lo, hi := trY(math.Min(r.from, r.to)), trY(math.Max(r.from, r.to))
		if hi-lo < vg.Points(0.5) {
			hi = lo + vg.Points(0.5)
		}
		pts := []vg.Point{{X: x - w/2, Y: lo}, {X: x - w/2, Y: hi}, {X: x + w/2, Y: hi}, {X: x + w/2, Y: lo}}
		c.FillPolygon(r.fill, c.ClipPolygonY(pts))
	}
}

// DataRange implements plot.DataRanger.
func (b waterfallBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	for _, r := range b {
		ymin, ymax = math.Min(ymin, math.Min(r.from, r.to)), math.Max(ymax, math.Max(r.from, r.to))
	}
	return -0.5, float64(len(b)) - 0.5, ymin, ymax
}

// waterfallSpans returns where each bar starts and ends: a step from the
// running sum before it to the sum after it, the total (if named) from 0.
func waterfallSpans(steps []WaterfallStep, total WaterfallStep) [][2]float64 {
	var out [][2]float64
	cum := 0.0
	for _, s := range steps {
		out = append(out, [2]float64{cum, cum + s.Value})
		cum += s.Value
	}
	if total.Name != "" {
		out = append(out, [2]float64{0, total.Value})
	}
	return out
}
