package cli

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"funnellab/experiment"
	"funnellab/plots"
	"funnellab/results"
)

// sweepFigure is a rendered figure of a sweep.
type sweepFigure struct {
	name, title string
	png, svg    []byte
}

// sweepFigures draws, for each --metrics metric: with one key, the metric
// against the key with a 95% CI band per policy; with two keys on a grid,
// a heat map per policy and one of the difference between the --diff
// policies; otherwise a scatter row, the metric against each key.
func sweepFigures(ctx context.Context, d experiment.Design, s *experiment.Summary, o sweepOptions) ([]sweepFigure, error) {
	var out []sweepFigure
	add := func(name, title string, width vg.Length, panels ...*plot.Plot) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		f := sweepFigure{name: unsafeName.ReplaceAllString(name, "_"), title: title}
		for _, format := range plots.Formats {
			var b bytes.Buffer
			if err := plots.Render(&b, format, width, plots.DefaultHeight, panels...); err != nil {
				return fmt.Errorf("plot %s: %w", name, err)
			}
			if format == "png" {
				f.png = b.Bytes()
			} else {
				f.svg = b.Bytes()
			}
		}
		out = append(out, f)
		return nil
	}
	for _, m := range o.metrics {
		switch {
		case len(d.Keys) == 1:
			p, err := sweepLine(d, s, m)
			if err != nil {
				return nil, err
			}
			if p != nil {
				if err := add("sweep_"+m, fmt.Sprintf("%s against %s (95%% CI bands)", m, d.Keys[0]), plots.DefaultWidth, p); err != nil {
					return nil, err
				}
			}
		case len(d.Keys) == 2 && d.Kind == experiment.DesignGrid:
			cols, rows := levels(d, 1), levels(d, 0)
			grid := func(z func(experiment.PointSummary) float64) [][]float64 {
				g := make([][]float64, len(rows))
				for r := range g {
					g[r] = make([]float64, len(cols))
					for c := range g[r] {
						g[r][c] = math.NaN()
					}
				}
				for i, p := range d.Points {
					g[slices.Index(rows, p[0])][slices.Index(cols, p[1])] = z(s.Points[i])
				}
				return g
			}
			labels := func(vs []string) []string {
				out := make([]string, len(vs))
				for i, v := range vs {
					out[i] = plots.FormatValue(v)
				}
				return out
			}
			for _, pol := range s.PolicyOrder {
				h := plots.Heat{Title: fmt.Sprintf("%s, %s", m, pol), XLabel: d.Keys[1], YLabel: d.Keys[0], Cols: labels(cols), Rows: labels(rows),
					Z: grid(func(p experiment.PointSummary) float64 { return p.Policies[pol][m].Mean })}
				pl, err := plots.HeatMap(h)
				if err != nil {
					return nil, err
				}
				if err := add("heat_"+m+"_"+pol, fmt.Sprintf("mean %s of %s at each point", m, pol), plots.DefaultWidth, pl); err != nil {
					return nil, err
				}
			}
			if len(o.diff) == 2 {
				a, b := o.diff[0], o.diff[1]
				h := plots.Heat{Title: fmt.Sprintf("%s, %s − %s", m, b, a), XLabel: d.Keys[1], YLabel: d.Keys[0], Cols: labels(cols), Rows: labels(rows), Diverging: true,
					Z: grid(func(p experiment.PointSummary) float64 { return policyDiff(p, m, a, b).MeanDiff })}
				pl, err := plots.HeatMap(h)
				if err != nil {
					return nil, err
				}
				if err := add("heat_"+m+"_"+b+"_minus_"+a, fmt.Sprintf("paired difference of mean %s, %s − %s, at each point", m, b, a), plots.DefaultWidth, pl); err != nil {
					return nil, err
				}
			}
		default:
			var panels []*plot.Plot
			for k, key := range d.Keys {
				xs, _ := keyAxis(d, k)
				ys := make([][]float64, len(s.PolicyOrder))
				for i, pol := range s.PolicyOrder {
					ys[i] = make([]float64, len(s.Points))
					for j, p := range s.Points {
						ys[i][j] = p.Policies[pol][m].Mean
					}
				}
				title := ""
				if k == 0 {
					title = m
				}
				pl, err := plots.Scatter(plots.ScatterPanel{Title: title, XLabel: key, YLabel: m, X: xs, Policies: s.PolicyOrder, Y: ys})
				if err != nil {
					return nil, err
				}
				panels = append(panels, pl)
			}
			w := plots.DefaultWidth * vg.Length(math.Max(1, float64(len(panels))/2))
			if err := add("scatter_"+m, fmt.Sprintf("mean %s at each point against each key", m), w, panels...); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// policyDiff is point p's paired difference b − a on metric m.
func policyDiff(p experiment.PointSummary, m, a, b string) results.Diff {
	for _, d := range p.Comparisons {
		if d.Metric != m {
			continue
		}
		switch {
		case d.A == a && d.B == b:
			return d
		case d.A == b && d.B == a:
			return results.Diff{Metric: m, A: a, B: b, MeanDiff: -d.MeanDiff, CI95Low: -d.CI95High, CI95High: -d.CI95Low, N: d.N, RelDiff: math.NaN()}
		}
	}
	nan := math.NaN()
	return results.Diff{Metric: m, A: a, B: b, MeanDiff: nan, CI95Low: nan, CI95High: nan, RelDiff: nan}
}

// levels are key k's values in the order they first appear.
func levels(d experiment.Design, k int) []string {
	var out []string
	for _, p := range d.Points {
		if !slices.Contains(out, p[k]) {
			out = append(out, p[k])
		}
	}
	return out
}

// keyAxis returns each point's position on key k's axis: its value when
// every value is a number, otherwise the index of its value among
// levels(d, k) (and the legend of those indices).
func keyAxis(d experiment.Design, k int) ([]float64, string) {
	xs := make([]float64, len(d.Points))
	if d.Numeric(k) {
		for i := range d.Points {
			xs[i], _ = d.Number(i, k)
		}
		return xs, d.Keys[k]
	}
	lv := levels(d, k)
	parts := make([]string, len(lv))
	for i, v := range lv {
		parts[i] = fmt.Sprintf("%d = %s", i, v)
	}
	for i, p := range d.Points {
		xs[i] = float64(slices.Index(lv, p[k]))
	}
	return xs, fmt.Sprintf("%s (%s)", d.Keys[k], strings.Join(parts, ", "))
}

// sweepLine is metric m against the design's only key, a line per policy
// on its 95% CI band; nil if no point has a finite mean.
func sweepLine(d experiment.Design, s *experiment.Summary, m string) (*plot.Plot, error) {
	xs, xlabel := keyAxis(d, 0)
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case xs[a] < xs[b]:
			return -1
		case xs[a] > xs[b]:
			return 1
		}
		return 0
	})
	tp := plots.TimePlot{Name: "sweep_" + unsafeName.ReplaceAllString(m, "_"), Title: m + " against " + d.Keys[0], XLabel: xlabel, YLabel: m}
	for _, pol := range s.PolicyOrder {
		ser := plots.Series{Policy: pol}
		band := true
		for _, i := range order {
			sm := s.Points[i].Policies[pol][m]
			if !finiteNum(sm.Mean) || (len(ser.X) > 0 && xs[i] == ser.X[len(ser.X)-1]) {
				continue // undefined here, or the same value again (the same results: CRN)
			}
			ser.X = append(ser.X, xs[i])
			ser.Mean = append(ser.Mean, sm.Mean)
			ser.Low = append(ser.Low, sm.CI95Low)
			ser.High = append(ser.High, sm.CI95High)
			band = band && finiteNum(sm.CI95Low) && finiteNum(sm.CI95High)
		}
		if len(ser.X) == 0 {
			continue
		}
		if !band {
			ser.Low, ser.High = nil, nil
		}
		tp.Series = append(tp.Series, ser)
	}
	if len(tp.Series) == 0 {
		return nil, nil
	}
	return plots.OverTime(tp, s.PolicyOrder)
}

func finiteNum(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// sweepReport renders report.html: the design, the table of points with
// each --metrics metric per policy, the paired differences between
// neighbouring points on the first metric, and the figures.
func sweepReport(d experiment.Design, plan *experiment.Plan, s *experiment.Summary, figs []sweepFigure, o sweepOptions) ([]byte, error) {
	type cell struct{ Text string }
	type row struct {
		Point  int
		Values []string
		Cells  []string
	}
	type nrow struct {
		Key, Policy, From, To, Diff string
		Sig                         bool
	}
	type fig struct {
		Title string
		SVG   template.HTML
	}
	var head []string
	for _, m := range o.metrics {
		for _, pol := range s.PolicyOrder {
			head = append(head, m+" · "+pol)
		}
	}
	var rows []row
	for i, p := range s.Points {
		r := row{Point: p.Point, Values: d.Points[i]}
		for _, m := range o.metrics {
			for _, pol := range s.PolicyOrder {
				r.Cells = append(r.Cells, meanCI(p.Policies[pol][m]))
			}
		}
		rows = append(rows, r)
	}
	m0 := o.metrics[0]
	var nrows []nrow
	for _, nd := range s.Neighbours {
		for _, df := range nd.Diffs {
			if df.Metric != m0 {
				continue
			}
			nrows = append(nrows, nrow{Key: nd.Key, Policy: nd.Policy,
				From: strings.Join(d.Points[nd.From], ", "), To: strings.Join(d.Points[nd.To], ", "),
				Diff: sig(df.MeanDiff) + " [" + sig(df.CI95Low) + ", " + sig(df.CI95High) + "]", Sig: df.Significant()})
		}
	}
	var fs []fig
	for _, f := range figs {
		fs = append(fs, fig{Title: f.title, SVG: template.HTML(f.svg)})
	}
	data := map[string]any{
		"Scenario": s.Scenario, "Design": s.Design, "Keys": s.Keys, "Resolved": s.ResolvedKeys,
		"Points": len(s.Points), "Reps": s.Replications, "Seed": strconv.FormatUint(s.Seed, 10),
		"Policies": strings.Join(s.PolicyOrder, ", "), "Head": head, "Rows": rows,
		"Metric": m0, "Neighbours": nrows, "Figures": fs, "Jobs": plan.Jobs(),
	}
	var b bytes.Buffer
	if err := sweepTemplate().Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var sweepTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("sweep").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Sweep of {{.Scenario}}</title>
<style>
body{font-family:"Liberation Sans",Arial,sans-serif;margin:2em auto;max-width:70em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:90%}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th{background:#f3f3f3}
td.k{text-align:left}
tr.sig td.d{font-weight:bold}
figure{margin:1.5em 0}
figcaption{font-size:90%;color:#555}
svg{max-width:100%;height:auto}
</style></head><body>
<h1>Sweep of {{.Scenario}}</h1>
<p>A {{.Design}} design of {{.Points}} points over {{range $i, $k := .Keys}}{{if $i}}, {{end}}<code>{{$k}}</code>{{end}}
({{range $i, $k := .Resolved}}{{if $i}}, {{end}}<code>{{$k}}</code>{{end}}),
{{.Reps}} replications per point and policy ({{.Policies}}), seed {{.Seed}}: {{.Jobs}} simulations.
Every point runs on the same random numbers (common random numbers), so the differences between points
are paired replication by replication. Values are means ± the half-width of their 95% confidence interval.</p>
<h2>Points</h2>
<table><tr><th>point</th>{{range .Keys}}<th>{{.}}</th>{{end}}{{range .Head}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{.Point}}</td>{{range .Values}}<td class="k">{{.}}</td>{{end}}{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
{{if .Neighbours}}<h2>Neighbouring points: paired differences of {{.Metric}}</h2>
<p>Each row is the next point along a key minus the point before it, for one policy, with its 95% confidence interval
(bold: the interval excludes 0). summary.json holds them for every metric.</p>
<table><tr><th>key</th><th>policy</th><th>from</th><th>to</th><th>difference [95% CI]</th></tr>
{{range .Neighbours}}<tr{{if .Sig}} class="sig"{{end}}><td class="k">{{.Key}}</td><td class="k">{{.Policy}}</td><td class="k">{{.From}}</td><td class="k">{{.To}}</td><td class="d">{{.Diff}}</td></tr>
{{end}}</table>{{end}}
{{if .Figures}}<h2>Figures</h2>{{range .Figures}}<figure>{{.SVG}}<figcaption>{{.Title}}</figcaption></figure>
{{end}}{{end}}
<p>Files: points.csv (the design), sweep.csv (every replication's metrics), summary.json (statistics per point and policy,
and the paired differences between neighbouring points).</p>
</body></html>
`))
})
