package plots

import (
	"fmt"
	"image/color"
	"math"
	"regexp"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"funnellab/palette"
)

// Series is one policy's time series: the mean over replications Mean[i]
// at time X[i] (ascending), with a confidence band from Low[i] to High[i].
// Low and High are both nil when there is no band.
type Series struct {
	Policy          string
	X               []float64
	Mean, Low, High []float64
}

// TimePlot describes a plot of one quantity over time, one series per
// policy: weekly hand-offs, the reps' queue length, won revenue.
type TimePlot struct {
	// Name is the file name without extension: letters, digits, '_' and
	// '-' only, e.g. "weekly_handoffs".
	Name string
	// Title is the plot's title; YLabel labels the y axis, with its unit
	// ("hand-offs per week (count)"); XLabel the x axis, "week" if empty.
	Title, XLabel, YLabel string
	Series                []Series
	// Floor and Ceil are the range of the quantity (a count or an amount
	// is never negative: Floor 0, Ceil +Inf). The confidence bands are
	// clipped to it, so that a band does not promise values the quantity
	// cannot take. Unless Ceil > Floor the bands are not clipped.
	Floor, Ceil float64
	// Marks are vertical lines across the plot at X (in the x axis' unit),
	// each with its label at the top: the end of the inquiry period.
	Marks []Mark
}

// Mark is a vertical line of a TimePlot at X, labelled Label.
type Mark struct {
	X     float64
	Label string
}

// validName matches the names a TimePlot may have.
var validName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// OverTime returns the plot tp.Name: for each series a line of the mean
// over time in its policy's colour, on a shaded band (the colour, mostly
// transparent) of its confidence interval when given. Each policy has its
// colour by name (palette.Colors) among the policies of order (the table's
// policy order), or of tp.Series when order is empty.
//
// It returns an error if tp has no valid name, no title, no y label or no
// series; if a policy is not in a non-empty order or appears twice; if a
// series has no points, slices of different lengths, X not strictly
// increasing, or a value that is NaN or infinite.
func OverTime(tp TimePlot, order []string) (*plot.Plot, error) {
	if !validName.MatchString(tp.Name) {
		return nil, fmt.Errorf("plots: over time: name %q is not letters, digits, '_' and '-'", tp.Name)
	}
	if tp.Title == "" || tp.YLabel == "" || len(tp.Series) == 0 {
		return nil, fmt.Errorf("plots: over time %q: need a title, a y label and at least one series", tp.Name)
	}
	xl := tp.XLabel
	if xl == "" {
		xl = "week"
	}
	p := newPlot(tp.Title, xl, tp.YLabel)
	p.Y.Tick.Marker = siTicks{}
	names := order
	if len(names) == 0 {
		for _, s := range tp.Series {
			names = append(names, s.Policy)
		}
	}
	seen := map[string]bool{}
	for j, s := range tp.Series {
		if seen[s.Policy] {
			return nil, fmt.Errorf("plots: over time %q: policy %q appears twice", tp.Name, s.Policy)
		}
		seen[s.Policy] = true
		if tp.Ceil > tp.Floor {
			s = clipBand(s, tp.Floor, tp.Ceil)
		}
		if err := addSeries(p, s, order, names, j); err != nil {
			return nil, fmt.Errorf("plots: over time %q: policy %q: %w", tp.Name, s.Policy, err)
		}
	}
	for _, m := range tp.Marks {
		if math.IsNaN(m.X) || math.IsInf(m.X, 0) {
			return nil, fmt.Errorf("plots: over time %q: mark %q at %v: want a finite x", tp.Name, m.Label, m.X)
		}
		p.Add(markLine(m))
	}
	roomForLegend(p, len(tp.Series), false)
	return p, nil
}

// clipBand returns s with its band's bounds clipped to [lo, hi]; s itself
// is not changed.
func clipBand(s Series, lo, hi float64) Series {
	if s.Low == nil {
		return s
	}
	clip := func(v []float64) []float64 {
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = math.Min(hi, math.Max(lo, x))
		}
		return out
	}
	s.Low, s.High = clip(s.Low), clip(s.High)
	return s
}

// addSeries adds one policy's band and line, the j-th series of the plot,
// in its colour among the plot's policies names.
func addSeries(p *plot.Plot, s Series, order, names []string, j int) error {
	i, err := policyIndex(order, s.Policy, j)
	if err != nil {
		return err
	}
	if err := checkSeries(s); err != nil {
		return err
	}
	c := palette.PolicyColor(names, i)
	line, err := plotter.NewLine(seriesXYs(s.X, s.Mean))
	if err != nil {
		return err
	}
	line.Color = c
	line.Width = vg.Points(1.5)
	thumbs := []plot.Thumbnailer{line}
	if s.Low != nil {
		band, err := bandPolygon(s, c)
		if err != nil {
			return err
		}
		p.Add(band)
		thumbs = []plot.Thumbnailer{band, line}
	}
	p.Add(line)
	p.Legend.Add(s.Policy, thumbs...)
	return nil
}

// markLine is a Mark drawn: a dashed grey line across the data area and
// its label at the top, to the right of the line.
type markLine Mark

// Plot implements plot.Plotter.
func (m markLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(m.X)
	ls := draw.LineStyle{Color: color.Gray{Y: 0x55}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
	if m.Label != "" {
		sty := noteStyle()
		sty.Font.Size = labelSize * 0.8
		sty.Color = color.Gray{Y: 0x33}
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
		c.FillText(sty, vg.Point{X: x + vg.Points(3), Y: c.Max.Y - vg.Points(2)}, m.Label)
	}
}

// DataRange implements plot.DataRanger: the line's x, and no y range.
func (m markLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	return m.X, m.X, math.Inf(1), math.Inf(-1)
}

// checkSeries returns an error describing what is wrong with s.
func checkSeries(s Series) error {
	n := len(s.X)
	if n == 0 {
		return fmt.Errorf("no points")
	}
	if len(s.Mean) != n || (s.Low == nil) != (s.High == nil) || (s.Low != nil && (len(s.Low) != n || len(s.High) != n)) {
		return fmt.Errorf("%d times, %d means, %d low and %d high bounds: want as many means as times, and bounds for all or none",
			n, len(s.Mean), len(s.Low), len(s.High))
	}
	for i := range n {
		if i > 0 && !(s.X[i] > s.X[i-1]) {
			return fmt.Errorf("times not increasing at point %d (%v after %v)", i, s.X[i], s.X[i-1])
		}
		vs := []float64{s.X[i], s.Mean[i]}
		if s.Low != nil {
			vs = append(vs, s.Low[i], s.High[i])
		}
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("point %d: value %v is not a finite number", i, v)
			}
		}
	}
	return nil
}

// seriesXYs pairs xs with ys.
func seriesXYs(xs, ys []float64) plotter.XYs {
	xys := make(plotter.XYs, len(xs))
	for i := range xs {
		xys[i] = plotter.XY{X: xs[i], Y: ys[i]}
	}
	return xys
}

// bandPolygon returns the confidence band of s: along High forwards, then
// along Low backwards, filled with a mostly transparent c.
func bandPolygon(s Series, c color.Color) (*plotter.Polygon, error) {
	n := len(s.X)
	pts := make(plotter.XYs, 0, 2*n)
	pts = append(pts, seriesXYs(s.X, s.High)...)
	for i := n - 1; i >= 0; i-- {
		pts = append(pts, plotter.XY{X: s.X[i], Y: s.Low[i]})
	}
	poly, err := plotter.NewPolygon(pts)
	if err != nil {
		return nil, err
	}
	r, g, b, _ := c.RGBA()
	poly.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x40}
	poly.LineStyle.Width = 0
	return poly, nil
}
