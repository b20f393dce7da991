package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	fpalette "funnellab/palette"
)

// Heat is a heat map of a quantity over a two-key grid of design points
// (funnel sweep): Z[r][c] is its value at column value Cols[c] and row
// value Rows[r]; NaN leaves a cell blank.
type Heat struct {
	Title, XLabel, YLabel string
	Cols, Rows            []string
	Z                     [][]float64
	// Diverging draws a blue–red scale centred on 0 (for differences);
	// otherwise a dark-to-light scale from the smallest to the largest
	// value.
	Diverging bool
}

// heatGrid implements plotter.GridXYZ over unit-spaced cells.
type heatGrid struct{ h Heat }

func (g heatGrid) Dims() (c, r int)   { return len(g.h.Cols), len(g.h.Rows) }
func (g heatGrid) Z(c, r int) float64 { return g.h.Z[r][c] }
func (g heatGrid) X(c int) float64    { return float64(c) }
func (g heatGrid) Y(r int) float64    { return float64(r) }

// HeatMap draws h: a cell per point coloured by its value, with the value
// printed in the cell and the keys' values on the axes.
func HeatMap(h Heat) (*plot.Plot, error) {
	if len(h.Cols) == 0 || len(h.Rows) == 0 || len(h.Z) != len(h.Rows) {
		return nil, fmt.Errorf("plots: heat map %q: %d columns, %d rows and %d rows of values", h.Title, len(h.Cols), len(h.Rows), len(h.Z))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range h.Z {
		if len(row) != len(h.Cols) {
			return nil, fmt.Errorf("plots: heat map %q: a row of %d values for %d columns", h.Title, len(row), len(h.Cols))
		}
		for _, z := range row {
			if !math.IsNaN(z) && !math.IsInf(z, 0) {
				lo, hi = math.Min(lo, z), math.Max(hi, z)
			}
		}
	}
	p := newPlot(h.Title, h.XLabel, h.YLabel)
	if lo > hi { // no finite value
		lo, hi = 0, 1
	}
	var pal palette.Palette
	if h.Diverging {
		m := math.Max(math.Max(math.Abs(lo), math.Abs(hi)), 1e-300)
		lo, hi = -m, m
		d := moreland.SmoothBlueRed()
		d.SetMin(lo)
		d.SetMax(hi)
		pal = d.Palette(255)
	} else {
		if lo == hi {
			lo, hi = lo-0.5, hi+0.5
		}
		k := moreland.ExtendedBlackBody()
		k.SetMin(lo)
		k.SetMax(hi)
		pal = k.Palette(255)
	}
	hm := plotter.NewHeatMap(heatGrid{h}, pal)
	hm.Min, hm.Max = lo, hi
	hm.NaN = gridColor
	p.Add(hm)
	// The values, printed in the cells (white on dark cells).
	var xys plotter.XYs
	var texts []string
	for r, row := range h.Z {
		for c, z := range row {
			if math.IsNaN(z) {
				continue
			}
			xys = append(xys, plotter.XY{X: float64(c), Y: float64(r)})
			texts = append(texts, formatSI(z))
		}
	}
	if len(xys) > 0 && len(h.Cols)*len(h.Rows) <= 200 {
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
		if err != nil {
			return nil, err
		}
		for i := range l.TextStyle {
			sty := noteStyle()
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			frac := (h.Z[int(xys[i].Y)][int(xys[i].X)] - lo) / (hi - lo)
			if !h.Diverging && frac < 0.5 || h.Diverging && math.Abs(frac-0.5) > 0.35 {
				sty.Color = color.White
			}
			l.TextStyle[i] = sty
		}
		p.Add(l)
	}
	p.X.Tick.Marker = indexTicks(h.Cols)
	p.Y.Tick.Marker = indexTicks(h.Rows)
	p.X.Min, p.X.Max = -0.5, float64(len(h.Cols))-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(len(h.Rows))-0.5
	p.Legend.Top = false
	p.Title.Text = h.Title + fmt.Sprintf("\n(scale %s to %s)", formatSI(lo), formatSI(hi))
	return p, nil
}

// indexTicks labels the integer positions 0..n-1 with names.
type indexTicks []string

// Ticks implements plot.Ticker.
func (t indexTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for i, s := range t {
		if float64(i) >= lo && float64(i) <= hi {
			out = append(out, plot.Tick{Value: float64(i), Label: s})
		}
	}
	return out
}

// ScatterPanel is one panel of a scatter row: a quantity (y) against one
// key (x) at every design point, one colour per policy; Y[p][i] is policy
// Policies[p]'s value at point i.
type ScatterPanel struct {
	Title, XLabel, YLabel string
	X                     []float64
	Policies              []string
	Y                     [][]float64
}

// Scatter draws one panel of a scatter row (a scatter matrix's row for
// one quantity against every key).
func Scatter(s ScatterPanel) (*plot.Plot, error) {
	p := newPlot(s.Title, s.XLabel, s.YLabel)
	p.Y.Tick.Marker = siTicks{}
	for i, pol := range s.Policies {
		var xys plotter.XYs
		for j, x := range s.X {
			if y := s.Y[i][j]; !math.IsNaN(y) && !math.IsInf(y, 0) && !math.IsNaN(x) {
				xys = append(xys, plotter.XY{X: x, Y: y})
			}
		}
		if len(xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = fpalette.PolicyColor(s.Policies, i)
		sc.GlyphStyle.Radius = vg.Points(2.2)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(sc)
		p.Legend.Add(pol, sc)
	}
	return p, nil
}

// FormatValue formats a design value for an axis: as given when it is
// not a number, shortened otherwise.
func FormatValue(s string) string {
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	return s
}
