package plots

import (
	"image/color"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Default figure size. The layout of every plot (bar widths, room for the
// legend, when to rotate labels) is computed for this size; larger figures
// are fine, much smaller ones may crowd.
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
)

// sansFont is the figures' typeface, Liberation Sans (metric-compatible
// with Arial), so that the figures read in the sans-serif of report.html
// rather than in gonum/plot's default serif.
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Font sizes.
const (
	titleSize  = 12
	labelSize  = 10
	tickSize   = 9
	legendSize = 9
	noteSize   = 7 // numbers printed on bars
)

// Approximate size of the data area of a plot of the default size: the
// figure less the title, the axes and their labels. It is used to turn
// lengths on the page into data units and errs on the small side.
const (
	dataWidth  = DefaultWidth - 2.5*vg.Centimeter
	dataHeight = DefaultHeight - 3*vg.Centimeter
)

// maxNameRunes is the longest line of a category name (a policy name)
// printed in full on an axis.
const maxNameRunes = 20

// Names of the units, as the documentation (docs/metrics.md) uses them.
const (
	currencyLabel = "currency units"
	hoursLabel    = "h"
)

// newPlot returns a plot with the package's fonts, the given title and axis
// labels, and a legend at the top right.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansFont, titleSize)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sansFont, labelSize)
		a.Tick.Label.Font = font.From(sansFont, tickSize)
		a.Label.Padding = vg.Points(3)
	}
	p.Legend.TextStyle.Font = font.From(sansFont, legendSize)
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = vg.Points(14)
	p.Legend.Padding = vg.Points(1)
	p.Legend.XOffs = -vg.Points(4)
	p.Legend.YOffs = -vg.Points(2)
	return p
}

// noteStyle is the style of numbers printed on or above bars.
func noteStyle() text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sansFont, noteSize),
		XAlign:  draw.XCenter,
		YAlign:  draw.YBottom,
		Handler: plot.DefaultTextHandler,
	}
}

// categoryAxis makes the x axis of p show names at x = 0, 1, ... in slots
// of equal width, over a data area of width w. Names longer than
// maxNameRunes are shortened with an ellipsis, and all labels are turned by
// 30 degrees if the widest does not fit in its slot.
func categoryAxis(p *plot.Plot, names []string, w vg.Length) {
	ticks := make(plot.ConstantTicks, len(names))
	var widest vg.Length
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: shorten(n)}
		widest = max(widest, p.X.Tick.Label.Width(ticks[i].Label))
	}
	p.X.Tick.Marker = ticks
	p.X.Tick.Length = 0
	p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	if widest > 0.9*w/vg.Length(len(names)) {
		p.X.Tick.Label.Rotation = math.Pi / 6
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YTop
	}
}

// shorten returns name with every line longer than maxNameRunes cut to
// maxNameRunes-1 runes and an ellipsis.
func shorten(name string) string {
	lines := strings.Split(name, "\n")
	for i, l := range lines {
		if utf8.RuneCountInString(l) > maxNameRunes {
			lines[i] = string([]rune(l)[:maxNameRunes-1]) + "…"
		}
	}
	return strings.Join(lines, "\n")
}

// roomForLegend raises the top of the y axis so that the highest data value
// stays below a legend of the given number of rows drawn at the top of the
// data area (which is at least dataHeight high), with extra room for notes
// printed above bars. Call it after adding the plotters.
func roomForLegend(p *plot.Plot, rows int, notes bool) {
	if rows == 0 {
		return
	}
	sty := p.Legend.TextStyle
	need := vg.Length(rows)*(sty.Height("Xg")+p.Legend.Padding) + vg.Points(6)
	if notes {
		need += 1.5 * sty.Height("Xg")
	}
	frac := float64(need / dataHeight)
	lo, hi := p.Y.Min, p.Y.Max
	if hi <= lo {
		return
	}
	p.Y.Max = lo + (hi-lo)/(1-frac)
}

// siTicks are linear ticks labelled with an SI suffix (k, M, G, T), so
// that 58100000 reads 58.1M.
type siTicks struct{}

// Ticks implements plot.Ticker.
func (siTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = formatSI(ts[i].Value)
		}
	}
	return ts
}

// formatSI formats v with three significant digits and an SI suffix for
// thousands and above.
func formatSI(v float64) string {
	a := math.Abs(v)
	for _, s := range []struct {
		scale  float64
		suffix string
	}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if a >= s.scale {
			return strconv.FormatFloat(v/s.scale, 'g', 3, 64) + s.suffix
		}
	}
	if a < 1e-9 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// formatPercent formats a ratio as a percentage: one decimal below 10%,
// none above.
func formatPercent(r float64) string {
	switch {
	case math.IsNaN(r) || math.IsInf(r, 0):
		return "–"
	case r < 0.1:
		return strconv.FormatFloat(100*r, 'f', 1, 64) + "%"
	default:
		return strconv.FormatFloat(100*r, 'f', 0, 64) + "%"
	}
}

// unitLabel returns "what (unit)".
func unitLabel(what, unit string) string {
	return what + " (" + unit + ")"
}

// joinLines joins lines for a multi-line title.
func joinLines(lines ...string) string { return strings.Join(lines, "\n") }
