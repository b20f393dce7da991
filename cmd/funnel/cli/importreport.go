package cli

import (
	"bytes"
	"html/template"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"funnellab/calibration"
	"funnellab/crm"
	"funnellab/crmfit"
	"funnellab/plots"
)

// importFigure is one figure of the import report, as inline SVG.
type importFigure struct {
	Title, Caption string
	SVG            template.HTML
}

func svgOf(p *plot.Plot) (template.HTML, error) {
	var b bytes.Buffer
	if err := plots.Render(&b, "svg", 6*vg.Inch, 4*vg.Inch, p); err != nil {
		return "", err
	}
	return template.HTML(stripXMLHeader(b.Bytes())), nil
}

// figures draws observed against simulated: weekly arrivals, QQ plots of
// the days to each outcome, conversion by source, deal values.
func (r *importResult) figures() ([]importFigure, error) {
	var out []importFigure
	add := func(p *plot.Plot, err error, title, caption string) error {
		if err != nil {
			return err
		}
		s, err := svgOf(p)
		if err != nil {
			return err
		}
		out = append(out, importFigure{title, caption, s})
		return nil
	}
	// Weekly arrivals over the whole period.
	var obs, mean, lo, hi []float64
	split := 0
	for i, w := range r.windows {
		if i == 1 {
			split = len(obs)
		}
		obs = append(obs, w.observed.Weekly...)
		for k := range w.observed.Weekly {
			var xs []float64
			for _, f := range w.sim {
				if k < len(f.Weekly) {
					xs = append(xs, f.Weekly[k])
				}
			}
			mean = append(mean, meanOf(xs))
			lo = append(lo, calibration.Percentile(xs, 0.025))
			hi = append(hi, calibration.Percentile(xs, 0.975))
		}
	}
	p, err := plots.Weekly("Records created per week", obs, mean, lo, hi, split)
	if err := add(p, err, "Weekly arrivals", "Records created each week in the export (black) and in the simulated replications (blue: mean and 95% range). The last week of a split may be partial."); err != nil {
		return nil, err
	}
	// QQ plots of the days to each outcome.
	for _, k := range []crm.Outcome{crm.Won, crm.Lost, crm.NoDecision} {
		var series []plots.VersusSeries
		for _, w := range r.windows {
			var sim []float64
			for _, f := range w.sim {
				sim = append(sim, f.Cycles[k]...)
			}
			qa, qb := crmfit.QQ(w.observed.Cycles[k], sim, 19)
			if qa != nil {
				series = append(series, plots.VersusSeries{Name: w.split, X: qa, Y: qb, Holdout: w.split == "holdout"})
			}
		}
		if len(series) == 0 {
			continue
		}
		p, err := plots.Versus("Days to "+strings.ReplaceAll(k.String(), "_", " ")+": QQ", "observed quantile (days)", "simulated quantile (days)", series)
		if err := add(p, err, "Time to "+k.String(), "Quantiles 5% to 95% of the days from creation to "+k.String()+" of the records of each split closed by as_of, observed against simulated (pooled over replications). On the diagonal: reproduced."); err != nil {
			return nil, err
		}
	}
	// Conversion by source.
	var conv []plots.VersusSeries
	for _, w := range r.windows {
		var xs, ys []float64
		for _, e := range r.entries {
			if e.Split == w.split && (strings.HasPrefix(e.Name, "won_share.") || strings.HasPrefix(e.Name, "opportunity_share.")) {
				xs, ys = append(xs, e.Observed), append(ys, e.Simulated)
			}
		}
		if len(xs) > 0 {
			conv = append(conv, plots.VersusSeries{Name: w.split, X: xs, Y: ys, Holdout: w.split == "holdout"})
		}
	}
	if len(conv) > 0 {
		p, err := plots.Versus("Conversion by source", "observed share", "simulated share (mean)", conv)
		if err := add(p, err, "Conversion by source", "One point per source: its share converted (won, or opened as an opportunity when the export has leads), observed against the simulated mean."); err != nil {
			return nil, err
		}
	}
	// Deal values.
	var vals []plots.VersusSeries
	for _, w := range r.windows {
		var sim []float64
		for _, f := range w.sim {
			sim = append(sim, f.Values...)
		}
		if qa, qb := crmfit.QQ(w.observed.Values, sim, 19); qa != nil {
			vals = append(vals, plots.VersusSeries{Name: w.split, X: qa, Y: qb, Holdout: w.split == "holdout"})
		}
	}
	if len(vals) > 0 {
		p, err := plots.Versus("Won deal values: QQ", "observed quantile", "simulated quantile", vals)
		if err := add(p, err, "Deal values", "Quantiles 5% to 95% of the won deals' amounts, observed against simulated."); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func meanOf(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func fmtFig(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// report is report.html: the verdict, every figure of fit.json, the
// figures and what was read.
func (r *importResult) report() ([]byte, error) {
	figs, err := r.figures()
	if err != nil {
		return nil, err
	}
	type row struct {
		Name, Split, Observed, Simulated, Range string
		Within                                  bool
	}
	var rows []row
	for _, e := range r.entries {
		rows = append(rows, row{e.Name, e.Split, fmtFig(e.Observed), fmtFig(e.Simulated), fmtFig(e.Low) + " to " + fmtFig(e.High), e.Within})
	}
	var b bytes.Buffer
	err = importTmpl().Execute(&b, map[string]any{
		"Name": r.setup.name, "Source": r.setup.source, "AsOf": r.data.AsOf.Format(time.DateOnly),
		"Leads": len(r.data.Leads), "Opps": len(r.data.Opportunities), "Reps": r.setup.reps, "Seed": r.setup.seed,
		"Verdict": r.verdict(), "Rows": rows, "Figures": figs, "Bad": r.data.Bad, "Spellings": r.data.Spellings,
		"Notes": r.data.Notes, "Scenario": string(r.scenario), "Holdout": r.setup.holdout,
	})
	return b.Bytes(), err
}

var importTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("import").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="generator" content="Funnel Lab">
<title>{{.Name}} · Funnel Lab import</title>
<style>
:root { --ink: #1d2430; --muted: #5b6575; --rule: #d9dee6; --paper: #ffffff; --tint: #f4f6f9; --accent: #0072b2;
  --good: #1a7f37; --bad: #b42318; --sans: Arial, "Liberation Sans", "Helvetica Neue", Helvetica, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 16px/1.55 var(--sans); }
main { max-width: 80rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2.75rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--rule); }
.kicker { color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; margin: 0; }
.facts { color: var(--muted); margin: .25rem 0 1rem; }
.verdict-box { background: var(--tint); border-left: 6px solid var(--accent); border-radius: 6px; padding: 1rem 1.25rem; margin: 1.5rem 0; }
.verdict-box p { font-size: 1.1rem; font-weight: 600; margin: .3rem 0; }
.note { color: var(--muted); font-size: .92rem; max-width: 55rem; }
.table-wrap { overflow-x: auto; border: 1px solid var(--rule); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { padding: .35rem .6rem; text-align: left; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 2px solid var(--ink); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.in { color: var(--good); font-weight: 700; } .out { color: var(--bad); font-weight: 700; }
.figs { display: grid; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); gap: 1.25rem; }
figure { margin: 0; } figure svg { width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; }
pre { background: var(--tint); padding: 1rem; overflow-x: auto; font-size: .8rem; }
</style>
</head>
<body><main>
<p class="kicker">Funnel Lab · import</p>
<h1>{{.Name}}</h1>
<p class="facts">{{.Source}} · as_of {{.AsOf}} · {{.Leads}} leads · {{.Opps}} opportunities · {{.Reps}} simulated replications, seed {{.Seed}}{{if gt .Holdout 0.0}} · holdout {{.Holdout}}{{end}}</p>
<div class="verdict-box">{{range .Verdict}}<p>{{.}}</p>{{end}}</div>
<p class="note">Each figure of the export is compared with the same figure of the simulated company's records (funnel run --export crm's records, read by the same code), over replications of the scenario written here. "Within" means the observed figure lies between the 2.5% and 97.5% quantiles of the replications: the scenario could have produced it. On the fit split this is a fit; on the held-out split, a prediction.</p>
<h2>Observed against simulated</h2>
<div class="figs">{{range .Figures}}<figure>{{.SVG}}<figcaption><strong>{{.Title}}.</strong> {{.Caption}}</figcaption></figure>{{end}}</div>
<h2>Every figure (fit.json)</h2>
<div class="table-wrap"><table>
<thead><tr><th>figure</th><th>split</th><th>observed</th><th>simulated (mean)</th><th>simulated 95% range</th><th>within</th></tr></thead>
<tbody>{{range .Rows}}<tr><td>{{.Name}}</td><td>{{.Split}}</td><td class="num">{{.Observed}}</td><td class="num">{{.Simulated}}</td><td class="num">{{.Range}}</td><td>{{if .Within}}<span class="in">yes</span>{{else}}<span class="out">no</span>{{end}}</td></tr>{{end}}</tbody>
</table></div>
<h2>What was read</h2>
{{if .Bad}}<div class="table-wrap"><table><thead><tr><th>file</th><th>rows left out</th><th>reason</th><th>first lines</th></tr></thead><tbody>
{{range .Bad}}<tr><td>{{.File}}</td><td class="num">{{.Count}}</td><td>{{.Reason}}</td><td>{{range .Lines}}{{.}} {{end}}</td></tr>{{end}}</tbody></table></div>{{else}}<p>No row was left out.</p>{{end}}
{{range .Spellings}}<p class="note">{{.Field}} "{{.Read}}" also written {{range .Variants}}"{{.}}" {{end}}— read as one.</p>{{end}}
{{range .Notes}}<p class="note">{{.}}</p>{{end}}
<h2>The scenario (scenario.yaml)</h2>
<pre>{{.Scenario}}</pre>
</main></body></html>
`))
})
