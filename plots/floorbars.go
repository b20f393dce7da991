package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// floorBars are bars at x = 0, 1, ... (shifted by off) that rise from the
// bottom of the data area to their value, so that they can stand on an
// axis of log10 values (which has no 0). Values of -Inf (log10 of 0) have
// no bar.
type floorBars struct {
	values []float64
	width  vg.Length
	off    vg.Length
	fill   color.Color // the policy's colour
}

// Plot implements plot.Plotter.
func (b *floorBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for k, v := range b.values {
		if math.IsInf(v, -1) || v < p.Y.Min {
			continue
		}
		x := trX(float64(k)) + b.off
		top := min(trY(v), c.Max.Y)
		pts := []vg.Point{{X: x - b.width/2, Y: c.Min.Y}, {X: x - b.width/2, Y: top},
			{X: x + b.width/2, Y: top}, {X: x + b.width/2, Y: c.Min.Y}}
		c.FillPolygon(b.color(), c.ClipPolygonY(pts))
	}
}

// DataRange implements plot.DataRanger: the categories, and the finite
// values.
func (b *floorBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = 0, 0
	first := true
	for _, v := range b.values {
		if math.IsInf(v, 0) {
			continue
		}
		if first {
			ymin, ymax, first = v, v, false
		}
		ymin, ymax = min(ymin, v), max(ymax, v)
	}
	return -0.5, float64(len(b.values)) - 0.5, ymin, ymax
}

// Thumbnail implements plot.Thumbnailer.
func (b *floorBars) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{c.Min, {X: c.Min.X, Y: c.Max.Y}, c.Max, {X: c.Max.X, Y: c.Min.Y}}
	c.FillPolygon(b.color(), pts)
}

func (b *floorBars) color() color.Color { return b.fill }

// finiteNotes returns the notes with those at an infinite value (log10
// of 0) left out.
func finiteNotes(l *plotter.Labels) *plotter.Labels {
	keep := l.XYs[:0]
	labels := l.Labels[:0]
	styles := l.TextStyle[:0]
	for i, xy := range l.XYs {
		if !math.IsInf(xy.Y, 0) {
			keep = append(keep, xy)
			labels = append(labels, l.Labels[i])
			styles = append(styles, l.TextStyle[i])
		}
	}
	l.XYs, l.Labels, l.TextStyle = keep, labels, styles
	return l
}

// log10Ticks are the ticks of an axis whose values are log10 of counts:
// at every power of ten, labelled with an SI suffix (1k, 10k), and minor
// ticks at 2 to 9 times each.
type log10Ticks struct{}

// Ticks implements plot.Ticker.
func (log10Ticks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Floor(lo); e <= hi; e++ {
		if e >= lo {
			ts = append(ts, plot.Tick{Value: e, Label: formatSI(math.Pow(10, e))})
		}
		for m := 2.0; m < 10; m++ {
			if v := e + math.Log10(m); v >= lo && v <= hi {
				ts = append(ts, plot.Tick{Value: v})
			}
		}
	}
	return ts
}
