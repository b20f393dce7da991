package plots

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"funnellab/results"
)

// Formats are the file formats WriteAll writes, as file name extensions.
var Formats = []string{"png", "svg"}

// Options tells WriteAll what to draw besides the plots of the table, and
// at what size.
type Options struct {
	// Width and Height are the size of every figure; zero means
	// DefaultWidth and DefaultHeight.
	Width, Height vg.Length
	// SpeedToLead, if not empty, is drawn as "speed_to_lead".
	SpeedToLead []Delays
	// Qualification, if not empty, is drawn as "qualification_by_delay",
	// its rates in the buckets of DelayBuckets.
	Qualification []DelayRates
	DelayBuckets  DelayBuckets
	// OverTime holds time series plots, each drawn under its Name.
	OverTime []TimePlot
	// Currency, if not empty, names the scenario's currency on every money
	// axis, in place of "currency units".
	Currency string
}

// Figure is a named figure: one plot, or several panels side by side.
type Figure struct {
	// Name is the file name without extension.
	Name string
	// Panels are drawn left to right, sharing the figure's width.
	Panels []*plot.Plot
}

// Figures builds every figure WriteAll writes, in order: revenue, funnel,
// waste, effort and leakage from the table, then those of opts. Policy colours
// follow t.Policies. It returns the first error of a builder.
func Figures(t *results.Table, opts Options) ([]Figure, error) {
	var figs []Figure
	one := func(name string, build func() (*plot.Plot, error)) error {
		p, err := build()
		if err == nil {
			figs = append(figs, Figure{Name: name, Panels: []*plot.Plot{p}})
		}
		return err
	}
	panels := func(name string, build func(*results.Table) ([]*plot.Plot, error)) func() error {
		return func() error {
			ps, err := build(t)
			if err == nil {
				figs = append(figs, Figure{Name: name, Panels: ps})
			}
			return err
		}
	}
	steps := []func() error{
		func() error { return one("revenue", func() (*plot.Plot, error) { return Revenue(t) }) },
		func() error { return one("funnel", func() (*plot.Plot, error) { return Funnel(t) }) },
		panels("waste", Waste),
		panels("effort", Effort),
		func() error { return one("leakage", func() (*plot.Plot, error) { return Leakage(t) }) },
	}
	if len(opts.SpeedToLead) > 0 {
		steps = append(steps, func() error {
			return one("speed_to_lead", func() (*plot.Plot, error) { return SpeedToLead(opts.SpeedToLead, t.Policies) })
		})
	}
	if len(opts.Qualification) > 0 {
		steps = append(steps, func() error {
			return one("qualification_by_delay", func() (*plot.Plot, error) {
				return QualificationByDelay(opts.Qualification, opts.DelayBuckets, t.Policies)
			})
		})
	}
	names := map[string]bool{"revenue": true, "funnel": true, "waste": true, "effort": true, "leakage": true,
		"speed_to_lead": true, "qualification_by_delay": true}
	for _, tp := range opts.OverTime {
		if names[tp.Name] {
			return nil, fmt.Errorf("plots: over time: name %q is used by another plot", tp.Name)
		}
		names[tp.Name] = true
		steps = append(steps, func() error {
			return one(tp.Name, func() (*plot.Plot, error) { return OverTime(tp, t.Policies) })
		})
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if opts.Currency != "" {
		for _, f := range figs {
			for _, p := range f.Panels {
				p.Y.Label.Text = strings.ReplaceAll(p.Y.Label.Text, currencyLabel, opts.Currency)
			}
		}
	}
	return figs, nil
}

// Render draws panels side by side on a width × height figure and writes
// it to w in the given format (an extension gonum/plot knows: png, svg,
// pdf, eps, jpg, tif).
func Render(w io.Writer, format string, width, height vg.Length, panels ...*plot.Plot) error {
	if len(panels) == 0 {
		return errors.New("plots: render: no panels")
	}
	c, err := newCanvas(width, height, format)
	if err != nil {
		return fmt.Errorf("plots: render: %w", err)
	}
	dc := draw.New(c)
	if len(panels) == 1 {
		panels[0].Draw(dc)
	} else {
		tiles := draw.Tiles{Rows: 1, Cols: len(panels), PadX: vg.Points(8)}
		cs := plot.Align([][]*plot.Plot{panels}, tiles, dc)
		for i, p := range panels {
			p.Draw(cs[0][i])
		}
	}
	_, err = c.WriteTo(w)
	return err
}

// PNGDPI is the resolution of PNG files: a figure of the default size is
// 907 × 567 pixels.
const PNGDPI = 144

// newCanvas returns a canvas for the format, PNG at PNGDPI.
func newCanvas(width, height vg.Length, format string) (vg.CanvasWriterTo, error) {
	if format == "png" {
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(PNGDPI))}, nil
	}
	return draw.NewFormattedCanvas(width, height, format)
}

// WriteAll writes every figure of Figures(t, opts) into the existing
// directory dir, once per format in Formats (revenue.png, revenue.svg,
// ...), and returns the names of the files written, relative to dir, in
// order. Every file is written to a temporary file in dir and renamed into
// place, so a file is either complete or absent; existing files of the same
// name are replaced.
//
// All figures are built before anything is written, so bad input (see the
// builders) writes nothing. An I/O error names the file at fault; files
// written before it stay.
func WriteAll(dir string, t *results.Table, opts Options) ([]string, error) {
	figs, err := Figures(t, opts)
	if err != nil {
		return nil, err
	}
	w, h := opts.Width, opts.Height
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	var names []string
	var buf bytes.Buffer
	for _, f := range figs {
		for _, ext := range Formats {
			name := f.Name + "." + ext
			buf.Reset()
			if err := Render(&buf, ext, w, h, f.Panels...); err != nil {
				return names, fmt.Errorf("plots: %s: %w", filepath.Join(dir, name), err)
			}
			if err := writeFileAtomic(filepath.Join(dir, name), buf.Bytes()); err != nil {
				return names, err
			}
			names = append(names, name)
		}
	}
	return names, nil
}

// writeFileAtomic writes data to a temporary file in path's directory and
// renames it to path. On error it removes the temporary file and returns
// an error naming path.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("plots: writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("plots: writing %s: %w", path, err)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
