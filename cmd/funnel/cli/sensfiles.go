package cli

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/plot"

	"funnellab/palette"
	"funnellab/plots"
	"funnellab/sensitivity"
)

// sliceMap is one two-key map of where a difference is positive: the
// design's points binned over two keys (the other keys averaged over, as
// the design spreads them), the share of points in each cell where the
// difference is positive.
type sliceMap struct {
	Keys   [2]string `json:"keys"`
	XEdges []jnum    `json:"x_edges"`
	YEdges []jnum    `json:"y_edges"`
	// WinShare[i][j] is the share of the points in x cell i and y cell j
	// where the difference is positive (null: no point there).
	WinShare [][]jnum `json:"win_share"`
	Points   [][]int  `json:"points"`
	// Separation is the between-cell sum of squares of the sign: the
	// larger, the better the two keys tell wins from losses.
	Separation jnum `json:"separation"`

	xi, yi       int
	xEdge, yEdge []float64
	share        [][]float64
}

// mapKeys is the number of the most important keys whose pairs get a
// slice map.
const mapKeys = 4

// signAnalysis is "where each policy wins" for a difference: the share of
// the input space where it is positive with its interval, the slice maps
// of the most important keys' pairs and the sentence that sums them up.
func signAnalysis(p *sensPlan, a *sensAnalysis) *sensSignJSON {
	k := len(p.keys)
	var sh sensitivity.Share
	interval := ""
	if p.o.method == "sobol" {
		// A and B: 2N independent uniform points.
		sh = sensitivity.SignShare(a.y[:2*p.o.points])
		interval = "Wilson score interval over the 2N independent points of the base samples A and B"
	} else {
		sh = sensitivity.ClusterSignShare(a.y, k+1)
		interval = "Wilson score interval at Kish's effective sample size: the points of a trajectory are not independent"
	}
	s := &sensSignJSON{Policy: p.expr.a.policy, Against: p.expr.b.policy, Share: jnum(sh.Share), CI95: jci(sh.CI95), Points: sh.Points, Interval: interval}
	cells := 4
	if p.o.method == "morris" {
		cells = min(p.o.levels, 6)
	}
	top := a.order[:min(mapKeys, k)]
	for x := 0; x < len(top); x++ {
		for y := x + 1; y < len(top); y++ {
			s.Slices = append(s.Slices, binSign(p, a.y, top[x], top[y], cells))
		}
	}
	a.maps = s.Slices
	s.Statement = signStatement(p, sh, s.Slices)
	return s
}

func binSign(p *sensPlan, y []float64, xi, yi, cells int) sliceMap {
	m := sliceMap{Keys: [2]string{p.keys[xi].key, p.keys[yi].key}, xi: xi, yi: yi}
	edges := func(k sensKey) []float64 {
		e := make([]float64, cells+1)
		for i := range e {
			e[i] = k.lo + float64(i)/float64(cells)*(k.hi-k.lo)
		}
		return e
	}
	m.xEdge, m.yEdge = edges(p.keys[xi]), edges(p.keys[yi])
	pos := make([][]float64, cells)
	m.Points = make([][]int, cells)
	for i := range pos {
		pos[i] = make([]float64, cells)
		m.Points[i] = make([]int, cells)
	}
	cell := func(u float64) int { return min(cells-1, max(0, int(math.Floor(u*float64(cells))))) }
	total, wins := 0.0, 0.0
	for j, u := range p.design {
		cx, cy := cell(u[xi]), cell(u[yi])
		m.Points[cx][cy]++
		total++
		if y[j] > 0 {
			pos[cx][cy]++
			wins++
		}
	}
	mean := wins / total
	m.share = make([][]float64, cells)
	m.WinShare = make([][]jnum, cells)
	var sep float64
	for i := range pos {
		m.share[i] = make([]float64, cells)
		m.WinShare[i] = make([]jnum, cells)
		for j := range pos[i] {
			v := math.NaN()
			if n := m.Points[i][j]; n > 0 {
				v = pos[i][j] / float64(n)
				sep += float64(n) * (v - mean) * (v - mean)
			}
			m.share[i][j], m.WinShare[i][j] = v, jnum(v)
		}
	}
	m.Separation = jnum(sep)
	for _, e := range m.xEdge {
		m.XEdges = append(m.XEdges, jnum(e))
	}
	for _, e := range m.yEdge {
		m.YEdges = append(m.YEdges, jnum(e))
	}
	return m
}

// signStatement is the sentence: "objective beats waterfall on revenue
// in 81% of the space (95% CI 74–87%); it loses where ...".
func signStatement(p *sensPlan, sh sensitivity.Share, maps []sliceMap) string {
	a, b := p.expr.a, *p.expr.b
	what := a.metric
	if a.metric != b.metric {
		what = a.metric + " against " + b.metric
	}
	head := fmt.Sprintf("%s beats %s on %s in %s of the space (95%% CI %s–%s, %d points)", a.policy, b.policy, what,
		pct(sh.Share), pct(sh.CI95[0]), pct(sh.CI95[1]), sh.Points)
	switch {
	case sh.Share == 1:
		return head + "; it wins at every point of the design."
	case sh.Share == 0:
		return head + "; it loses at every point of the design."
	}
	// The map that best separates wins from losses, and the box of its
	// cells where the policy wins less than half the time.
	best := -1
	for i, m := range maps {
		if best < 0 || float64(m.Separation) > float64(maps[best].Separation) {
			best = i
		}
	}
	if best < 0 {
		// One key: bin it alone.
		return head + "."
	}
	m := maps[best]
	cells := len(m.share)
	xlo, xhi, ylo, yhi := cells, -1, cells, -1
	var n, w float64
	for i := range m.share {
		for j := range m.share[i] {
			if s := m.share[i][j]; !math.IsNaN(s) && s < 0.5 {
				xlo, xhi, ylo, yhi = min(xlo, i), max(xhi, i), min(ylo, j), max(yhi, j)
			}
		}
	}
	if xhi < 0 {
		return head + "; its losses are scattered: it wins in most points of every cell of the slice maps."
	}
	for i := xlo; i <= xhi; i++ {
		for j := ylo; j <= yhi; j++ {
			n += float64(m.Points[i][j])
			w += m.share[i][j] * float64(m.Points[i][j])
		}
	}
	var where []string
	if c := rangeWords(p.keys[m.xi], m.xEdge, xlo, xhi); c != "" {
		where = append(where, c)
	}
	if c := rangeWords(p.keys[m.yi], m.yEdge, ylo, yhi); c != "" {
		where = append(where, c)
	}
	if len(where) == 0 {
		return head + "; where it loses does not follow " + m.Keys[0] + " or " + m.Keys[1] + "."
	}
	return fmt.Sprintf("%s; it loses where %s (it wins at %s of the points there).", head, strings.Join(where, " and "), pct(w/math.Max(n, 1)))
}

// rangeWords describes cells lo..hi of a key: "sales.reps ≤ 6",
// "sales.reps ≥ 8", "sales.reps is between 6 and 8", or "" for its whole
// range.
func rangeWords(k sensKey, edges []float64, lo, hi int) string {
	last := len(edges) - 2
	switch {
	case lo == 0 && hi == last:
		return ""
	case lo == 0:
		return fmt.Sprintf("%s ≤ %s", k.key, fnum(edges[hi+1]))
	case hi == last:
		return fmt.Sprintf("%s ≥ %s", k.key, fnum(edges[lo]))
	}
	return fmt.Sprintf("%s is between %s and %s", k.key, fnum(edges[lo]), fnum(edges[hi+1]))
}

// sensitivityFiles are the files of a study's folder.
func sensitivityFiles(p *sensPlan, pts []sensPoint, a *sensAnalysis) (map[string][]byte, error) {
	files := map[string][]byte{}
	js, err := marshalSensJSON(a.json)
	if err != nil {
		return nil, err
	}
	files["sensitivity.json"] = js
	files["points.csv"] = pointsCSV(p, pts)
	var figs []string
	add := func(name string, pl *plot.Plot) error {
		for _, f := range []string{"png", "svg"} {
			var b bytes.Buffer
			if err := plots.Render(&b, f, plots.DefaultWidth, plots.DefaultHeight, pl); err != nil {
				return err
			}
			files[name+"."+f] = b.Bytes()
		}
		figs = append(figs, name)
		return nil
	}
	tp, err := tornadoPlot(p, a)
	if err != nil {
		return nil, err
	}
	if err := add("tornado", tp); err != nil {
		return nil, err
	}
	for _, m := range a.maps {
		title := fmt.Sprintf("Where %s beats %s (share of points)", p.expr.a.policy, p.expr.b.policy)
		pl, err := plots.SignMap(title, m.Keys[0], m.Keys[1], m.xEdge, m.yEdge, m.share)
		if err != nil {
			return nil, err
		}
		if err := add("sign_map_"+fileKey(m.Keys[0])+"__"+fileKey(m.Keys[1]), pl); err != nil {
			return nil, err
		}
	}
	html, err := sensReport(p, a, figs)
	if err != nil {
		return nil, err
	}
	files["report.html"] = html
	return files, nil
}

func fileKey(k string) string { return unsafeName.ReplaceAllString(k, "_") }

func tornadoPlot(p *sensPlan, a *sensAnalysis) (*plot.Plot, error) {
	var names []string
	for _, i := range a.order {
		names = append(names, p.keys[i].key)
	}
	n := len(names)
	mk := func(name string, c color.Color, val func(i int) (float64, [2]float64, bool)) plots.TornadoSeries {
		s := plots.TornadoSeries{Name: name, Color: c, Values: make([]float64, n)}
		for r, i := range a.order {
			v, ci, has := val(i)
			s.Values[r] = v
			if has {
				if s.Low == nil {
					s.Low, s.High = make([]float64, n), make([]float64, n)
					for x := range s.Low {
						s.Low[x], s.High[x] = math.NaN(), math.NaN()
					}
				}
				s.Low[r], s.High[r] = ci[0], ci[1]
			}
		}
		return s
	}
	cols := palette.Colors([]string{"first", "second"})
	title := fmt.Sprintf("Sensitivity of %s", p.expr.src)
	if a.morris != nil {
		return plots.Tornado(title, "elementary effect per key range (output units); bars: 95% bootstrap CI", names, []plots.TornadoSeries{
			mk("μ* (mean |effect|)", cols[0], func(i int) (float64, [2]float64, bool) { return a.morris[i].MuStar, a.morris[i].MuStarCI95, true }),
			mk("σ (interactions, non-linearity)", cols[1], func(i int) (float64, [2]float64, bool) { return a.morris[i].Sigma, [2]float64{}, false }),
		})
	}
	return plots.Tornado(title, "share of the output's variance; bars: 95% bootstrap CI", names, []plots.TornadoSeries{
		mk("ST (total)", cols[0], func(i int) (float64, [2]float64, bool) { return a.sobol[i].ST, a.sobol[i].STCI95, true }),
		mk("S1 (first order)", cols[1], func(i int) (float64, [2]float64, bool) { return a.sobol[i].S1, a.sobol[i].S1CI95, true }),
	})
}

// pointsCSV is points.csv: one row per design point, its block of the
// design, the keys' values and the studied quantity's mean and standard
// deviation over the point's replications.
func pointsCSV(p *sensPlan, pts []sensPoint) []byte {
	var b bytes.Buffer
	b.WriteString("point,block")
	for _, k := range p.keys {
		b.WriteString("," + csvField(k.key))
	}
	b.WriteString(",output_mean,output_sd," + csvField(p.expr.a.String()))
	if p.expr.b != nil {
		b.WriteString("," + csvField(p.expr.b.String()))
	}
	b.WriteString("\n")
	k := len(p.keys)
	for i, pt := range pts {
		var block string
		if p.o.method == "morris" {
			block = fmt.Sprintf("trajectory %d step %d", i/(k+1), i%(k+1))
		} else {
			n := p.o.points
			switch blk := i / n; blk {
			case 0:
				block = "A"
			case 1:
				block = "B"
			default:
				block = "AB " + p.keys[blk-2].key
			}
		}
		fmt.Fprintf(&b, "%d,%s", i, csvField(block))
		for _, v := range p.values[i] {
			b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
		}
		fmt.Fprintf(&b, ",%s,%s,%s", fcsv(pt.mean), fcsv(pt.sd), fcsv(pt.terms[0]))
		if p.expr.b != nil {
			b.WriteString("," + fcsv(pt.terms[1]))
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

func fcsv(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

var sensReportTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("r").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sensitivity of {{.Output}} on {{.Scenario}}</title>
<style>body{font-family:"Liberation Sans",Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}
img{max-width:100%}code{background:#f4f4f4;padding:0 .2em}.note{color:#555;font-size:.9em}</style></head><body>
<h1>Sensitivity of <code>{{.Output}}</code></h1>
<p>Scenario <b>{{.Scenario}}</b>, method <b>{{.Method}}</b>: {{.Design}}. Each point is the mean of <code>{{.Output}}</code> over {{.Reps}} replications with the same seeds at every point (common random numbers, seed {{.Seed}}).</p>
<p>Command: <code>{{.Command}}</code></p>
<p>Output mean {{.Mean}}; variance over the design's points {{.Variance}}; the simulation noise left in the points' means is about {{.Noise}} of that variance (mean squared standard error over the points, an upper bound under common random numbers).</p>
{{if .Sign}}<h2>Where {{.Sign.Policy}} wins</h2><p><b>{{.Sign.Statement}}</b></p><p class="note">Interval: {{.Sign.Interval}}. The maps bin every design point over two keys (the others averaged over the design) and show the share of points in each cell where {{.Sign.Policy}} wins: blue wins, red loses.</p>{{end}}
<h2>Indices</h2>
<table><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</table>
<p class="note">{{.Legend}}</p>
{{range .Figures}}<p><img src="{{.}}.png" alt="{{.}}"></p>{{end}}
<p class="note">Files: sensitivity.json (the indices), points.csv (every design point and its output), the figures as PNG and SVG.</p>
</body></html>
`))
})

func sensReport(p *sensPlan, a *sensAnalysis, figs []string) ([]byte, error) {
	d := map[string]any{"Output": p.expr.src, "Scenario": p.name, "Method": p.o.method, "Reps": p.reps, "Seed": p.seed,
		"Command": "funnel sensitivity " + strings.Join(reportArgs(p.o.args), " "), "Mean": fnum(a.mean), "Variance": fnum(a.v), "Noise": pct(a.noiseShare), "Figures": figs}
	if a.sign != nil {
		d["Sign"] = a.sign
	}
	var rows [][]string
	if a.morris != nil {
		d["Design"] = fmt.Sprintf("%d trajectories of %d points on a grid of %d levels (%d points)", p.o.trajectories, len(p.keys)+1, p.o.levels, len(p.design))
		d["Header"] = []string{"key", "range", "μ*", "μ* 95% CI", "μ", "σ"}
		d["Legend"] = "μ*: mean absolute elementary effect of moving the key across its whole range (output units); μ: its mean (signed); σ: its standard deviation (interactions or non-linearity). Keys by μ*."
		for _, i := range a.order {
			m := a.morris[i]
			rows = append(rows, []string{p.keys[i].key, fnum(p.keys[i].lo) + " – " + fnum(p.keys[i].hi), fnum(m.MuStar),
				fnum(m.MuStarCI95[0]) + " – " + fnum(m.MuStarCI95[1]), fnum(m.Mu), fnum(m.Sigma)})
		}
	} else {
		d["Design"] = fmt.Sprintf("Saltelli design from a base of N = %d points (%d points)", p.o.points, len(p.design))
		d["Header"] = []string{"key", "range", "S1", "S1 95% CI", "ST", "ST 95% CI"}
		d["Legend"] = "S1: share of the output's variance due to the key alone; ST: with all its interactions (Jansen estimators, bootstrap intervals over the base rows). Keys by ST."
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
		for _, i := range a.order {
			s := a.sobol[i]
			rows = append(rows, []string{p.keys[i].key, fnum(p.keys[i].lo) + " – " + fnum(p.keys[i].hi), f(s.S1),
				f(s.S1CI95[0]) + " – " + f(s.S1CI95[1]), f(s.ST), f(s.STCI95[0]) + " – " + f(s.STCI95[1])})
		}
	}
	d["Rows"] = rows
	var b bytes.Buffer
	if err := sensReportTmpl().Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// reportArgs are the command's arguments without --workers and --out,
// which do not change the results: the report is the same bytes for any.
func reportArgs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--workers" || a == "--out":
			i++
			continue
		case strings.HasPrefix(a, "--workers=") || strings.HasPrefix(a, "--out="):
			continue
		}
		if strings.ContainsAny(a, " '\"") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out = append(out, a)
	}
	return out
}
