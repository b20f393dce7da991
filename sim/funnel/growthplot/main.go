package main

import (
	"bufio"
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"funnellab/results"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "growthplot:", err)
		os.Exit(2)
	}
}

// scalingColor are Okabe–Ito blue and vermilion (package palette's first
// colours): the lines of one scaling share a colour, dashed before.
var scalingColor = map[string]color.Color{
	"reps": color.RGBA{0x00, 0x72, 0xB2, 0xff},
	"rate": color.RGBA{0xD5, 0x5E, 0x00, 0xff},
}

// key names one benchmark of BenchmarkGrowth: policy, scaling ("reps" or
// "rate") and multiplier.
type key struct {
	policy, scaling string
	x               int
}

// series are the medians of one file's runs, by key and unit.
type series map[key]map[string]float64

var benchLine = regexp.MustCompile(`^BenchmarkGrowth/([^/]+)/(reps|rate)/x(\d+)(-\d+)?\s+\d+\s+(.*)$`)

// parse reads go test -bench output and returns the median of each metric
// over the runs of each benchmark of BenchmarkGrowth.
func parse(name string, r io.Reader) (series, error) {
	all := map[key]map[string][]float64{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		x, _ := strconv.Atoi(m[3])
		k := key{m[1], m[2], x}
		f := strings.Fields(m[5])
		if len(f)%2 != 0 {
			return nil, fmt.Errorf("%s:%d: a value without its unit: %q", name, line, m[5])
		}
		if all[k] == nil {
			all[k] = map[string][]float64{}
		}
		for i := 0; i < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %q is not a number", name, line, f[i])
			}
			all[k][f[i+1]] = append(all[k][f[i+1]], v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("%s: no BenchmarkGrowth results", name)
	}
	out := series{}
	for k, units := range all {
		out[k] = map[string]float64{}
		for u, vs := range units {
			out[k][u] = median(vs)
		}
	}
	return out, nil
}

// median is the middle value, or the mean of the two middle ones (as
// benchstat reports it).
func median(vs []float64) float64 {
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func load(path string) (series, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parse(path, f)
}

func run(args []string, stderr io.Writer) error {
	fs := pflag.NewFlagSet("growthplot", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	oldPath := fs.String("old", "", "benchmark output before the change (optional)")
	newPath := fs.String("new", "", "benchmark output after the change (required)")
	policy := fs.String("policy", "direct", "policy whose benchmarks to draw")
	out := fs.StringP("out", "o", "growth.png", "PNG file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *newPath == "" {
		return fmt.Errorf("--new: the benchmark output to draw is required")
	}
	type file struct {
		label string
		s     series
	}
	var files []file
	if *oldPath != "" {
		s, err := load(*oldPath)
		if err != nil {
			return err
		}
		files = append(files, file{"before", s})
	}
	s, err := load(*newPath)
	if err != nil {
		return err
	}
	files = append(files, file{"after", s})

	panels := []struct{ unit, title string }{
		{"events/prospect", "events per prospect"},
		{"ns/prospect", "CPU time per prospect (µs)"},
	}
	var plots []*plot.Plot
	drawn := 0
	for _, pn := range panels {
		p := plot.New()
		p.Title.Text = pn.title
		p.X.Label.Text = "inquiry rate multiplier"
		p.X.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "1×"}, {Value: 2, Label: "4×"}, {Value: 4, Label: "16×"}, {Value: 6, Label: "64×"}})
		p.Y.Min = 0
		top := 0.0 // room above the highest point for the legend
		p.Legend.Top, p.Legend.Left = true, true
		for _, f := range files {
			for _, scaling := range []string{"reps", "rate"} {
				var xy plotter.XYs
				for _, x := range []int{1, 4, 16, 64} {
					v, ok := f.s[key{*policy, scaling, x}][pn.unit]
					if !ok {
						continue
					}
					if pn.unit == "ns/prospect" {
						v /= 1000
					}
					xy = append(xy, plotter.XY{X: math.Log2(float64(x)), Y: v})
				}
				if len(xy) == 0 {
					continue
				}
				for _, q := range xy {
					top = math.Max(top, q.Y)
				}
				l, pts, err := plotter.NewLinePoints(xy)
				if err != nil {
					return err
				}
				l.Color = scalingColor[scaling]
				pts.Color = l.Color
				if f.label == "before" {
					l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
				}
				p.Add(l, pts)
				drawn++
				what := "reps scaled alike"
				if scaling == "rate" {
					what = "rate alone"
				}
				p.Legend.Add(what+", "+f.label, l, pts)
			}
		}
		p.Y.Max = 5 * math.Ceil(1.5*top/5)
		p.Add(plotter.NewGrid())
		plots = append(plots, p)
	}
	if drawn == 0 {
		return fmt.Errorf("no benchmarks of policy %q in %s", *policy, *newPath)
	}
	const w, h = 10 * vg.Inch, 4 * vg.Inch
	img := vgimg.New(w, h)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Millimeter * 4, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2}
	canvases := plot.Align([][]*plot.Plot{plots}, tiles, dc)
	for i, p := range plots {
		p.Draw(canvases[0][i])
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return err
	}
	return results.WriteFileAtomic(*out, buf.Bytes(), 0o644)
}
