package plots

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"funnellab/palette"
)

// Delays is one policy's sample of response delays: the calendar hours
// from each hand-off to the first call attempt that followed it (the
// engine's response_from_handoff_*; not from the inquiry).
//
// With Counts nil, Hours holds one value per delay. With Counts set, it is
// a histogram: Hours[i] occurs Counts[i] times (a whole number), so that a
// large sample is drawn without holding a value per delay; the figure is
// the same as for the sample written out.
type Delays struct {
	Policy string
	Hours  []float64
	Counts []float64
}

// minDelayH is the left end of the speed-to-lead axis, one minute; shorter
// delays (including none) are drawn there.
const minDelayH = 1.0 / 60

// maxECDFPoints is the most points an empirical distribution is drawn
// through.
const maxECDFPoints = 400

// delayTicks label the log-scaled delay axis at the bounds of the delay
// buckets and beyond.
var delayTicks = []plot.Tick{
	{Value: minDelayH, Label: "≤1 min"}, {Value: 5.0 / 60, Label: "5 min"},
	{Value: 0.5, Label: "30 min"}, {Value: 1, Label: "1 h"}, {Value: 2, Label: "2 h"},
	{Value: 24, Label: "1 d"}, {Value: 7 * 24, Label: "1 wk"}, {Value: 28 * 24, Label: "4 wk"},
	{Value: 365 * 24, Label: "1 yr"},
}

// percentTicks mark 0 to 100 every 10, labelled every 20.
var percentTicks = func() plot.ConstantTicks {
	var ts plot.ConstantTicks
	for v := 0; v <= 100; v += 10 {
		t := plot.Tick{Value: float64(v)}
		if v%20 == 0 {
			t.Label = strconv.Itoa(v)
		}
		ts = append(ts, t)
	}
	return ts
}()

// SpeedToLead returns the plot "speed_to_lead": for each policy the
// empirical cumulative distribution of its delays from the hand-off to the
// first attempt (not from the inquiry, which under a waterfall is earlier),
// the share of first contacts (in percent) made within a delay x,
// with x in hours on a log scale from one minute. Delays under a minute are
// drawn at one minute; large samples are drawn through 400 quantiles.
// Each policy has its colour by name (palette.Colors) among the policies
// of order (the table's policy order), or of d when order is empty. A policy with no delays
// is listed in the legend as "(no contacts)".
//
// It returns an error if d is empty, a policy is not in a non-empty order or
// appears twice, or a delay is negative, NaN or infinite.
func SpeedToLead(d []Delays, order []string) (*plot.Plot, error) {
	if len(d) == 0 {
		return nil, fmt.Errorf("plots: speed to lead: no policies")
	}
	p := newPlot("Speed to lead: time from hand-off to first attempt",
		"delay from hand-off (not inquiry) to first attempt (log scale)", "first attempts within the delay (%)")
	p.X.Scale = plot.LogScale{}
	p.X.Min, p.X.Max = minDelayH, 24
	p.Y.Min, p.Y.Max = 0, 100
	p.Y.Tick.Marker = percentTicks
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = gridColor, gridColor
	p.Add(grid)
	names := order
	if len(names) == 0 {
		for _, di := range d {
			names = append(names, di.Policy)
		}
	}
	seen := map[string]bool{}
	for i, di := range d {
		if seen[di.Policy] {
			return nil, fmt.Errorf("plots: speed to lead: policy %q appears twice", di.Policy)
		}
		seen[di.Policy] = true
		if err := addECDF(p, di, order, names, i); err != nil {
			return nil, fmt.Errorf("plots: speed to lead: policy %q: %w", di.Policy, err)
		}
	}
	var ticks plot.ConstantTicks
	for _, tk := range delayTicks {
		if tk.Value <= p.X.Max*1.0001 {
			ticks = append(ticks, tk)
		}
	}
	p.X.Tick.Marker = ticks
	p.Legend.Top = false
	p.Legend.YOffs = vg.Points(4)
	return p, nil
}

// addECDF adds the distribution of one policy's delays, in its colour
// among the plot's policies names.
func addECDF(p *plot.Plot, d Delays, order, names []string, pos int) error {
	i, err := policyIndex(order, d.Policy, pos)
	if err != nil {
		return err
	}
	for _, h := range d.Hours {
		if math.IsNaN(h) || math.IsInf(h, 0) || h < 0 {
			return fmt.Errorf("delay %v is not a finite non-negative number of hours", h)
		}
	}
	if d.Counts != nil && len(d.Counts) != len(d.Hours) {
		return fmt.Errorf("%d counts for %d delays", len(d.Counts), len(d.Hours))
	}
	for _, c := range d.Counts {
		if !(c >= 0 && c == math.Trunc(c) && c < 1<<53) {
			return fmt.Errorf("count %v is not a whole number of delays", c)
		}
	}
	values, cum := distinct(d)
	if len(values) == 0 {
		line, err := plotter.NewLine(plotter.XYs{})
		if err != nil {
			return err
		}
		line.Color = palette.PolicyColor(names, i)
		p.Legend.Add(d.Policy+" (no contacts)", line)
		return nil
	}
	xys := ecdf(values, cum)
	line, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	line.StepStyle = plotter.PostStep
	line.Color = palette.PolicyColor(names, i)
	line.Width = vg.Points(1.5)
	p.Add(line)
	p.Legend.Add(d.Policy, line)
	p.X.Max = max(p.X.Max, xys[len(xys)-1].X)
	return nil
}

// distinct returns the distinct delays of d in increasing order, with the
// cumulative counts of delays up to each: cum[b] delays are at most
// values[b]. Delays counted 0 times are left out.
func distinct(d Delays) (values []float64, cum []int64) {
	type group struct {
		h float64
		n int64
	}
	gs := make([]group, 0, len(d.Hours))
	for i, h := range d.Hours {
		n := int64(1)
		if d.Counts != nil {
			n = int64(d.Counts[i])
		}
		if n > 0 {
			gs = append(gs, group{h, n})
		}
	}
	slices.SortStableFunc(gs, func(a, b group) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return 0
	})
	var total int64
	for i, g := range gs {
		total += g.n
		if i > 0 && g.h == values[len(values)-1] {
			cum[len(cum)-1] = total
			continue
		}
		values = append(values, g.h)
		cum = append(cum, total)
	}
	return values, cum
}

// ecdf returns points of the empirical distribution of the delays (their
// distinct values and cumulative counts, from distinct), in percent, with
// x no less than minDelayH: at most maxECDFPoints quantiles, the last
// being the largest value. Quantile j of n sorted delays is the one at
// index i = round(j(n-1)/(k-1)), drawn at the share of delays up to the
// last one equal to it.
func ecdf(values []float64, cum []int64) plotter.XYs {
	n := cum[len(cum)-1]
	k := min(n, maxECDFPoints)
	xys := make(plotter.XYs, 0, k+1)
	xys = append(xys, plotter.XY{X: minDelayH, Y: 0})
	for j := range k {
		i := j
		if n > k {
			i = int64(math.Round(float64(j) * float64(n-1) / float64(k-1)))
		}
		// The value at sorted index i, and the last of those equal to it.
		b, _ := slices.BinarySearch(cum, i+1)
		xys = append(xys, plotter.XY{X: max(values[b], minDelayH), Y: 100 * float64(cum[b]) / float64(n)})
	}
	return xys
}
