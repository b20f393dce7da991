package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FindingData is a published finding and its simulation: the published
// value, the interval of simulated means that reproduce it (Low or High
// may be infinite for a one-sided bound), and the simulated mean with its
// 95% confidence interval.
type FindingData struct {
	Title, Quantity, Unit   string
	Published, Low, High    float64
	Mean, CI95Low, CI95High float64
	Reproduced              bool
}

// Finding returns the plot of one finding: the published value (a dashed
// line), the band of values that reproduce it (shaded), and the simulated
// mean with its 95% confidence interval (a point with an error bar, green
// when reproduced, red when not).
func Finding(f FindingData) (*plot.Plot, error) {
	for _, v := range []float64{f.Published, f.Mean} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("plots: finding %q: published and simulated values must be finite", f.Title)
		}
	}
	p := newPlot(f.Title, "", unitLabel(f.Quantity, f.Unit))
	p.HideX()
	lo, hi := f.Low, f.High
	top := math.Max(f.Published, f.Mean)
	if !math.IsNaN(f.CI95High) {
		top = math.Max(top, f.CI95High)
	}
	if math.IsInf(hi, 1) {
		hi = top * 1.5
	}
	if math.IsInf(lo, -1) {
		lo = 0
	}
	band, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: lo}, {X: 2, Y: lo}, {X: 2, Y: hi}, {X: 0, Y: hi}})
	if err != nil {
		return nil, err
	}
	band.Color = color.NRGBA{R: 0, G: 114, B: 178, A: 40}
	band.LineStyle.Width = 0
	pub, err := plotter.NewLine(plotter.XYs{{X: 0, Y: f.Published}, {X: 2, Y: f.Published}})
	if err != nil {
		return nil, err
	}
	pub.LineStyle.Width = vg.Points(1.5)
	pub.LineStyle.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	pub.LineStyle.Color = color.NRGBA{R: 0, G: 114, B: 178, A: 255}
	sim := color.NRGBA{R: 0, G: 158, B: 115, A: 255}
	if !f.Reproduced {
		sim = color.NRGBA{R: 213, G: 94, B: 0, A: 255}
	}
	pt, err := plotter.NewScatter(plotter.XYs{{X: 1, Y: f.Mean}})
	if err != nil {
		return nil, err
	}
	pt.GlyphStyle = draw.GlyphStyle{Color: sim, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	p.Add(band, pub, pt)
	if !math.IsNaN(f.CI95Low) && !math.IsNaN(f.CI95High) {
		eb, err := plotter.NewYErrorBars(yErr{x: 1, y: f.Mean, lo: f.Mean - f.CI95Low, hi: f.CI95High - f.Mean})
		if err != nil {
			return nil, err
		}
		eb.LineStyle.Color = sim
		eb.LineStyle.Width = vg.Points(1.5)
		p.Add(eb)
	}
	p.X.Min, p.X.Max = 0, 2
	p.Y.Min = math.Min(0, lo)
	p.Y.Max = math.Max(hi, top) * 1.15
	p.Legend.Add("published", pub)
	p.Legend.Add("reproduced if the simulated mean is here", band)
	p.Legend.Add("simulated mean, 95% CI", pt)
	roomForLegend(p, 3, false)
	return p, nil
}

// yErr is one point with an asymmetric vertical error.
type yErr struct{ x, y, lo, hi float64 }

func (e yErr) Len() int                      { return 1 }
func (e yErr) XY(int) (float64, float64)     { return e.x, e.y }
func (e yErr) YError(int) (float64, float64) { return e.lo, e.hi }
