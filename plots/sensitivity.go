package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TornadoSeries is one measure drawn as a bar per input in a tornado
// chart: Values[i] for input i, with its 95% interval [Low[i], High[i]]
// drawn as a whisker when both are finite.
type TornadoSeries struct {
	Name      string
	Values    []float64
	Low, High []float64 // nil: no whiskers
	Color     color.Color
}

// Tornado is a horizontal bar chart of sensitivity measures, one row per
// input (names, in the given order from the top) and one bar per series
// in each row, with 95% interval whiskers: the tornado chart of funnel
// sensitivity (μ* and σ of Morris, or ST and S1 of Sobol).
func Tornado(title, xLabel string, names []string, series []TornadoSeries) (*plot.Plot, error) {
	if len(names) == 0 || len(series) == 0 {
		return nil, fmt.Errorf("plots: tornado: no inputs or no series")
	}
	p := newPlot(title, xLabel, "")
	n := len(names)
	// Row i (from the top) is at y = n-1-i.
	ticks := make(plot.ConstantTicks, n)
	for i, name := range names {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: name} // keys in full
	}
	p.Y.Tick.Marker = ticks
	p.Y.Tick.Length = 0
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.Y.Padding = 0
	slot := dataHeight / vg.Length(n+1)
	bw := 0.8 * slot / vg.Length(len(series))
	p.Legend.Top, p.Legend.Left = false, false
	p.Add(plotter.NewGrid())
	lo, hi := 0.0, 0.0
	for si, s := range series {
		if len(s.Values) != n {
			return nil, fmt.Errorf("plots: tornado: series %q has %d values for %d inputs", s.Name, len(s.Values), n)
		}
		vals := make(plotter.Values, n)
		for i := range n {
			v := s.Values[n-1-i]
			if math.IsNaN(v) {
				v = 0
			}
			vals[i] = v
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		b, err := plotter.NewBarChart(vals, bw)
		if err != nil {
			return nil, err
		}
		b.Horizontal = true
		b.Color = s.Color
		b.LineStyle.Width = 0
		// Series 0 on top within a row.
		b.Offset = (vg.Length(len(series)-1)/2 - vg.Length(si)) * bw
		p.Add(b)
		p.Legend.Add(s.Name, b)
		if s.Low == nil {
			continue
		}
		var pts tornadoErrs
		for i := range n {
			l, h := s.Low[i], s.High[i]
			if math.IsNaN(l) || math.IsNaN(h) || math.IsInf(l, 0) || math.IsInf(h, 0) {
				continue
			}
			// The bar's offset on the page in data units: the y axis
			// spans n+0.2 units over about dataHeight.
			y := float64(n-1-i) + float64(b.Offset/dataHeight)*(float64(n)+0.2)
			pts = append(pts, tornadoErr{x: s.Values[i], y: y, lo: l, hi: h})
			lo, hi = math.Min(lo, l), math.Max(hi, h)
		}
		if len(pts) > 0 {
			eb, err := plotter.NewXErrorBars(pts)
			if err != nil {
				return nil, err
			}
			eb.LineStyle.Width = vg.Points(1)
			eb.CapWidth = bw * 0.6
			p.Add(eb)
		}
	}
	p.X.Tick.Marker = siTicks{}
	p.X.Min, p.X.Max = lo, hi+0.08*(hi-lo)
	if p.X.Max == p.X.Min {
		p.X.Max = p.X.Min + 1
	}
	return p, nil
}

// tornadoErr is a whisker of a tornado chart: the interval [lo, hi]
// around the bar's end x, at height y.
type tornadoErr struct{ x, y, lo, hi float64 }

type tornadoErrs []tornadoErr

func (e tornadoErrs) Len() int                        { return len(e) }
func (e tornadoErrs) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e tornadoErrs) XError(i int) (float64, float64) { return e[i].x - e[i].lo, e[i].hi - e[i].x }

// SignMap draws, over two inputs' ranges cut into cells (xEdges and
// yEdges, increasing), the share of design points in each cell where a
// difference is positive (share[i][j]: x cell i, y cell j; NaN for an
// empty cell), from red (0: always negative) through white (½) to blue
// (1: always positive), with the share printed in each cell: where the
// sign of a policy difference flips.
func SignMap(title, xLabel, yLabel string, xEdges, yEdges []float64, share [][]float64) (*plot.Plot, error) {
	nx, ny := len(xEdges)-1, len(yEdges)-1
	if nx < 1 || ny < 1 || len(share) != nx {
		return nil, fmt.Errorf("plots: sign map: %d×%d cells for %d rows of shares", nx, ny, len(share))
	}
	p := newPlot(title, xLabel, yLabel)
	pal := moreland.SmoothBlueRed()
	pal.SetMin(0)
	pal.SetMax(1)
	var labels plotter.XYLabels
	var shares []float64
	for i := range nx {
		for j := range ny {
			s := share[i][j]
			x0, x1, y0, y1 := xEdges[i], xEdges[i+1], yEdges[j], yEdges[j+1]
			poly, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			if err != nil {
				return nil, err
			}
			poly.LineStyle.Color = color.White
			poly.LineStyle.Width = vg.Points(0.5)
			label := "–"
			if math.IsNaN(s) {
				poly.Color = color.Gray{Y: 0xe0}
			} else {
				// SmoothBlueRed runs blue (min) to red (max): 1 − share
				// puts "positive" in blue.
				c, err := pal.At(1 - s)
				if err != nil {
					return nil, err
				}
				poly.Color = c
				label = formatPercent(s)
			}
			p.Add(poly)
			labels.XYs = append(labels.XYs, plotter.XY{X: (x0 + x1) / 2, Y: (y0 + y1) / 2})
			labels.Labels = append(labels.Labels, label)
			shares = append(shares, s)
		}
	}
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i] = noteStyle()
		l.TextStyle[i].YAlign = draw.YCenter
		if s := shares[i]; s < 0.2 || s > 0.8 {
			l.TextStyle[i].Color = color.White // on a dark cell
		}
	}
	p.Add(l)
	p.X.Min, p.X.Max = xEdges[0], xEdges[nx]
	p.Y.Min, p.Y.Max = yEdges[0], yEdges[ny]
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.Tick.Marker, p.Y.Tick.Marker = siTicks{}, siTicks{} // 100k, not 100000.00
	return p, nil
}
