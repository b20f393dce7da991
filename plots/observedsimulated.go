package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Observed against simulated (funnel import's report): QQ plots and
// figure-by-figure comparisons against the diagonal y = x, and a weekly
// series with the simulated replications' band.

// Colours of the two splits: blue for the fitted records, orange for the
// held-out ones (Okabe–Ito).
var (
	fitColor     = color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}
	holdoutColor = color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}
)

// VersusSeries is one set of points (observed x, simulated y).
type VersusSeries struct {
	Name    string
	X, Y    []float64
	Holdout bool // drawn in the held-out colour, as hollow triangles
}

// Versus draws series of observed (x) against simulated (y) values with
// the diagonal: points on it are reproduced.
func Versus(title, xLabel, yLabel string, series []VersusSeries) (*plot.Plot, error) {
	p := newPlot(title, xLabel, yLabel)
	p.Add(plotter.NewGrid())
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for i := range s.X {
			if math.IsNaN(s.X[i]) || math.IsNaN(s.Y[i]) {
				continue
			}
			lo, hi = math.Min(lo, math.Min(s.X[i], s.Y[i])), math.Max(hi, math.Max(s.X[i], s.Y[i]))
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	diag, err := plotter.NewLine(plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}})
	if err != nil {
		return nil, err
	}
	diag.Color = color.Gray{Y: 0x90}
	diag.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	p.Add(diag)
	for _, s := range series {
		var xy plotter.XYs
		for i := range s.X {
			if !math.IsNaN(s.X[i]) && !math.IsNaN(s.Y[i]) {
				xy = append(xy, plotter.XY{X: s.X[i], Y: s.Y[i]})
			}
		}
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, err
		}
		sc.Color, sc.Shape, sc.Radius = fitColor, draw.CircleGlyph{}, vg.Points(2.5)
		if s.Holdout {
			sc.Color, sc.Shape = holdoutColor, draw.TriangleGlyph{}
		}
		p.Add(sc)
		p.Legend.Add(s.Name, sc)
	}
	return p, nil
}

// Weekly draws the observed weekly counts against the simulated mean and
// the replications' 95% band; split, if above 0, marks the week the
// held-out records start.
func Weekly(title string, observed, mean, lo, hi []float64, split int) (*plot.Plot, error) {
	p := newPlot(title, "week", "records created")
	p.Add(plotter.NewGrid())
	xy := func(ys []float64) plotter.XYs {
		out := make(plotter.XYs, len(ys))
		for i, y := range ys {
			out[i] = plotter.XY{X: float64(i), Y: y}
		}
		return out
	}
	if len(lo) > 0 {
		band := append(xy(hi), reverse(xy(lo))...)
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return nil, err
		}
		poly.Color = lighten(fitColor, 0.8)
		poly.LineStyle.Width = 0
		p.Add(poly)
		p.Legend.Add("simulated 95% range", poly)
	}
	m, err := plotter.NewLine(xy(mean))
	if err != nil {
		return nil, err
	}
	m.Color, m.Width = fitColor, vg.Points(1.5)
	p.Add(m)
	p.Legend.Add("simulated mean", m)
	o, err := plotter.NewLine(xy(observed))
	if err != nil {
		return nil, err
	}
	o.Color, o.Width = color.Black, vg.Points(1)
	p.Add(o)
	p.Legend.Add("observed", o)
	if split > 0 {
		top := 0.0
		for _, v := range append(append([]float64(nil), observed...), hi...) {
			top = math.Max(top, v)
		}
		l, err := plotter.NewLine(plotter.XYs{{X: float64(split), Y: 0}, {X: float64(split), Y: top}})
		if err != nil {
			return nil, err
		}
		l.Color, l.Dashes = holdoutColor, []vg.Length{vg.Points(4), vg.Points(2)}
		p.Add(l)
		p.Legend.Add("held out from here", l)
	}
	return p, nil
}

func reverse(xy plotter.XYs) plotter.XYs {
	out := make(plotter.XYs, len(xy))
	for i := range xy {
		out[len(xy)-1-i] = xy[i]
	}
	return out
}
