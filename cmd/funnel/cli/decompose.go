package cli

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"

	"funnellab/decompose"
	"funnellab/plots"
	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
	"funnellab/sim/runner"
)

// decomposeOptions are the flags and arguments of funnel decompose.
type decomposeOptions struct {
	scenario, a, b string
	metric         string
	by             string // parts or families
	reps           int
	seed           uint64
	workers        int
	out            string
	sets           []string
	plots          bool
	quiet          bool
	setReps        bool
	setSeed        bool
}

// decompositionDoc is decomposition.json: the decomposition with the
// scenario, seed and the keys of each part.
type decompositionDoc struct {
	Scenario string              `json:"scenario"`
	Seed     uint64              `json:"seed"`
	By       string              `json:"by"`
	PartKeys map[string][]string `json:"part_keys"`
	*decompose.Result
}

// decomposeCmd is funnel decompose SCENARIO A B --metric METRIC.
func decomposeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o decomposeOptions
	fs := newFlags("decompose", "decompose SCENARIO A B --metric METRIC [flags]", stderr)
	fs.StringVar(&o.metric, "metric", "", "the metric whose difference B - A is decomposed (a metric of docs/metrics.md, e.g. revenue); required")
	fs.StringVar(&o.by, "by", "parts", "the factors: parts (gate, qualification, learning, veto, routing, priority, sla, attempts, lead_hours, recycle, stall, nurture_calls) or families (gate, veto, effort)")
	fs.IntVar(&o.reps, "reps", 0, "replications of every combination (default: the scenario's)")
	fs.Uint64Var(&o.seed, "seed", 0, "master seed (default: the scenario's); every combination uses it (common random numbers)")
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (default: number of CPUs); results do not depend on it")
	fs.StringVar(&o.out, "out", "", "output directory, must not exist (default: out/<scenario>-decompose-<UTC timestamp>)")
	fs.StringArrayVar(&o.sets, "set", nil, "override a scenario key: dotted path=value (repeatable)")
	fs.BoolVar(&o.plots, "plots", true, "draw the waterfall chart (PNG and SVG); --plots=false skips it")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing on success (files are still written)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	o.setReps, o.setSeed = fs.Changed("reps"), fs.Changed("seed")
	if fs.NArg() != 3 {
		return usageErr("decompose: expected three arguments SCENARIO A B (two policies of the scenario), got %d", fs.NArg())
	}
	o.scenario, o.a, o.b = fs.Arg(0), fs.Arg(1), fs.Arg(2)
	switch {
	case o.metric == "":
		return usageErr("decompose: --metric is required (a metric such as revenue; docs/metrics.md lists them)")
	case !slices.Contains(funnel.Names(), o.metric):
		return usageErr("decompose: --metric: unknown metric %q (docs/metrics.md lists them, e.g. revenue, deals_won, profit)", o.metric)
	case o.by != "parts" && o.by != "families":
		return usageErr("decompose: --by: got %q, expected parts or families", o.by)
	case o.setReps && (o.reps < 1 || o.reps > 100000):
		return usageErr("decompose: --reps: got %d, expected an integer in [1,100000]", o.reps)
	case o.workers < 0:
		return usageErr("decompose: --workers: got %d, expected 0 (number of CPUs) or more", o.workers)
	}
	start := time.Now()
	res, err := loadScenario(o.scenario, o.sets)
	if err != nil {
		return err
	}
	sc := res.Scenario
	if o.setReps {
		sc.Replications = o.reps
	}
	if o.setSeed {
		sc.Seed = o.seed
	}
	// The output folder is made before any work, so that a location that
	// cannot be written is refused at once.
	log := newLogger(stderr, o.quiet)
	out := o.out
	if out == "" {
		out = defaultOutDir(sc.Name+"-decompose", time.Now())
	}
	dir, err := openOutDir(out, sc.Name, log)
	if err != nil {
		return err
	}
	defer dir.Abort()
	doc, err := decomposeScenario(ctx, sc, o.a, o.b, o.metric, o.by == "families", sc.Replications, o.workers, nil)
	if err != nil {
		return err
	}
	files, err := decompositionFiles(doc, sc.Currency, o.plots)
	if err != nil {
		return err
	}
	if files["manifest.json"], err = newStudyManifest("decompose", args, res, start); err != nil {
		return err
	}
	if err := writeFiles(dir, files); err != nil {
		return err
	}
	name, err := dir.Commit()
	if err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if !o.quiet {
		printDecomposition(stdout, doc)
	}
	log.Info("wrote decomposition", "dir", name, "runs", doc.Runs, "replications", doc.Replications)
	return nil
}

// decomposeScenario runs the combinations of policies a and b of sc (A
// with the parts chosen from B) as the policies of one scenario, reps
// replications each on the scenario's seeds, and decomposes the metric.
// Input errors (unknown policies, a policy switch, too many parts) are
// usage errors. If have is not nil, it holds at least reps replications of
// policies a and b on the same seeds (funnel run's table): those two
// combinations are read from it, not simulated again.
func decomposeScenario(ctx context.Context, sc scenarios.Scenario, a, b, metric string, families bool, reps, workers int, have *results.Table) (*decompositionDoc, error) {
	var names []string
	for _, p := range sc.Policies {
		names = append(names, p.Name)
	}
	ia, ib := slices.Index(names, a), slices.Index(names, b)
	for _, x := range []struct {
		arg string
		i   int
	}{{"A", ia}, {"B", ib}} {
		if x.i < 0 {
			n := a
			if x.arg == "B" {
				n = b
			}
			return nil, usageErr("decompose: %s: %q is not a policy of scenario %s (its policies: %s)", x.arg, n, sc.Name, strings.Join(names, ", "))
		}
	}
	m := slices.Index(funnel.Names(), metric)
	if m < 0 {
		return nil, usageErr("decompose: --metric: unknown metric %q", metric)
	}
	pa, pb := sc.Policies[ia], sc.Policies[ib]
	parts, err := decompose.Differing(pa, pb, families)
	if err != nil {
		return nil, usageErr("decompose: %v", err)
	}
	design, err := decompose.Plan(parts)
	if err != nil {
		return nil, usageErr("decompose: %v", err)
	}
	run := sc
	run.Replications = reps
	run.Checks = nil
	run.Policies = nil
	known := map[int][]float64{} // design run -> its values, from have
	if have != nil && have.Replications >= reps && have.MetricIndex(metric) >= 0 {
		hm := have.MetricIndex(metric)
		for r, name := range map[int]string{design.IndexA: a, design.IndexB: b} {
			if p := have.PolicyIndex(name); p >= 0 {
				known[r] = have.Values[p][hm][:reps]
			}
		}
	}
	var simulated []int // the design runs simulated, in order
	for r, set := range design.Runs {
		if _, ok := known[r]; ok {
			continue
		}
		p := decompose.Combine(pa, pb, parts, set)
		p.Name = fmt.Sprintf("run%03d", r)
		run.Policies = append(run.Policies, p)
		simulated = append(simulated, r)
	}
	y := make([][]float64, len(design.Runs))
	for r, v := range known {
		y[r] = v
	}
	if np := len(run.Policies); np > 0 {
		model, err := funnel.Compile(run)
		if err != nil {
			return nil, usageErr("decompose: the combinations of %s and %s: %v", a, b, err)
		}
		workers, _ = capWorkers(workers, reps*np)
		out, err := runner.Run(ctx, runner.Options{Replications: reps, Policies: np, Workers: workers},
			func() runner.Job[funnel.Result] { return model.NewSim().Run })
		if err != nil {
			return nil, err
		}
		for p, d := range simulated {
			y[d] = make([]float64, reps)
			for r := 0; r < reps; r++ {
				y[d][r] = out.Results[r*np+p].Metrics[m]
			}
		}
	}
	result, err := decompose.Analyze(design, y, metric, a, b)
	if err != nil {
		return nil, err
	}
	by := "parts"
	if families {
		by = "families"
	}
	doc := &decompositionDoc{Scenario: sc.Name, Seed: sc.Seed, By: by, PartKeys: map[string][]string{}, Result: result}
	for _, p := range parts {
		doc.PartKeys[p.Name] = p.Keys
	}
	return doc, nil
}

// decompositionFiles are the files of a decomposition: decomposition.json,
// the waterfall chart (PNG and SVG, unless withPlots is false) and
// report.html.
func decompositionFiles(doc *decompositionDoc, currency string, withPlots bool) (map[string][]byte, error) {
	files := map[string][]byte{}
	var js bytes.Buffer
	if err := results.WriteJSON(&js, doc); err != nil {
		return nil, err
	}
	files["decomposition.json"] = js.Bytes()
	var svg []byte
	if withPlots && (len(doc.Parts) > 0) {
		p, err := waterfallPlot(doc, currency)
		if err != nil {
			return nil, err
		}
		for _, f := range []string{"png", "svg"} {
			var b bytes.Buffer
			if err := plots.Render(&b, f, plots.DefaultWidth, plots.DefaultHeight, p); err != nil {
				return nil, fmt.Errorf("drawing the waterfall: %w", err)
			}
			files["waterfall."+f] = b.Bytes()
		}
		svg = files["waterfall.svg"]
	}
	html, err := decompositionReport(doc, svg)
	if err != nil {
		return nil, err
	}
	files["report.html"] = html
	return files, nil
}

// waterfallPlot is the waterfall chart of the parts' effects.
func waterfallPlot(doc *decompositionDoc, currency string) (*plot.Plot, error) {
	var steps []plots.WaterfallStep
	for _, p := range doc.Parts {
		steps = append(steps, plots.WaterfallStep{Name: p.Part, Value: p.Effect, Lo: float64(p.Low), Hi: float64(p.High)})
	}
	if !doc.Identity.Exact || (doc.HigherOrder.Effect != 0 && doc.Parts[0].Alone == nil) {
		steps = append(steps, plots.WaterfallStep{Name: "higher order", Value: doc.HigherOrder.Effect, Lo: float64(doc.HigherOrder.Low), Hi: float64(doc.HigherOrder.High)})
	}
	total := plots.WaterfallStep{Name: "total", Value: doc.Total.Effect, Lo: float64(doc.Total.Low), Hi: float64(doc.Total.High)}
	unit := ""
	if currency != "" {
		unit = " (" + currency + ")"
	}
	by := "part"
	if doc.By == "families" {
		by = "family"
	}
	return plots.Waterfall(fmt.Sprintf("%s − %s: %s, by %s", doc.B, doc.A, doc.Metric, by), doc.Metric+unit, steps, total)
}

// printDecomposition prints the parts and the largest interactions.
func printDecomposition(w io.Writer, doc *decompositionDoc) {
	fmt.Fprintf(w, "%s: %s − %s on %s, %s (%d runs × %d replications)\n", doc.Scenario, doc.B, doc.A, doc.Metric, doc.Design, doc.Runs, doc.Replications)
	fmt.Fprintf(w, "%-28s %14s  %s\n", "part", "effect", "95% CI")
	row := func(name string, e decompose.Effect) {
		fmt.Fprintf(w, "%-28s %14s  [%s, %s]%s\n", name, fmtNum(e.Effect), fmtNum(float64(e.Low)), fmtNum(float64(e.High)), nsMark(e))
	}
	for _, p := range doc.Parts {
		row(p.Part, p)
	}
	if len(doc.Parts) > 0 && doc.Parts[0].Alone == nil {
		row("higher order (aliased)", doc.HigherOrder)
	}
	row("total", doc.Total)
	if len(doc.Interactions) > 0 {
		fmt.Fprintln(w, "largest two-part interactions:")
		for i, e := range doc.Interactions {
			if i == 3 {
				break
			}
			row(strings.Join(e.Parts, " × "), e)
		}
	}
	if len(doc.Parts) > 0 && doc.Parts[0].Alone == nil {
		fmt.Fprintf(w, "identity: Σ parts + higher order = %s, total = %s (max relative error %.1e)\n", fmtNum(doc.Identity.SumParts+doc.HigherOrder.Effect), fmtNum(doc.Total.Effect), doc.Identity.MaxRelError)
		return
	}
	fmt.Fprintf(w, "identity: Σ parts = %s, total = %s (max relative error %.1e)\n", fmtNum(doc.Identity.SumParts), fmtNum(doc.Total.Effect), doc.Identity.MaxRelError)
}

func nsMark(e decompose.Effect) string {
	if math.IsNaN(float64(e.Low)) || e.Significant() {
		return ""
	}
	return " (n.s.)"
}

// fmtNum prints a number with 4 significant digits, in SI units of 10^3.
func fmtNum(v float64) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v):
		return "—"
	case a >= 1e6:
		return fmt.Sprintf("%+.2f M", v/1e6)
	case a >= 1e4:
		return fmt.Sprintf("%+.1f k", v/1e3)
	case a >= 100:
		return fmt.Sprintf("%+.0f", v)
	default:
		return fmt.Sprintf("%+.4g", v)
	}
}

var decompositionTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("d").Funcs(template.FuncMap{
		"num": fmtNum, "f": func(x results.Float) string { return fmtNum(float64(x)) },
		"ns": nsMark, "join": strings.Join,
		"deref": func(x *float64) float64 {
			if x == nil {
				return math.NaN()
			}
			return *x
		},
	}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Decomposition: {{.Doc.B}} − {{.Doc.A}} on {{.Doc.Metric}}</title>
<style>body{font-family:"Liberation Sans",Arial,sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}</style></head>
<body><h1>Why {{.Doc.B}} differs from {{.Doc.A}} on {{.Doc.Metric}}</h1>
<p>Scenario {{.Doc.Scenario}}, seed {{.Doc.Seed}}: {{.Doc.Design}}, {{.Doc.Runs}} combinations of the two policies (A with parts of B) run on the same prospects, {{.Doc.Replications}} replications each. Confidence intervals are 95%, paired over the replications.</p>
{{if .SVG}}<figure>{{.SVG}}</figure>{{end}}
<table><tr><th>part</th><th>keys</th><th>effect</th><th>95% CI</th>{{if .Full}}<th>alone</th>{{end}}</tr>
{{range .Doc.Parts}}<tr><td>{{.Part}}</td><td>{{join (index $.Doc.PartKeys .Part) ", "}}</td><td>{{num .Effect}}</td><td>[{{f .Low}}, {{f .High}}]{{ns .}}</td>{{if $.Full}}<td>{{num (deref .Alone)}}</td>{{end}}</tr>
{{end}}<tr><td>higher-order interactions</td><td></td><td>{{num .Doc.HigherOrder.Effect}}</td><td>[{{f .Doc.HigherOrder.Low}}, {{f .Doc.HigherOrder.High}}]</td>{{if .Full}}<td></td>{{end}}</tr>
<tr><th>total</th><td></td><th>{{num .Doc.Total.Effect}}</th><th>[{{f .Doc.Total.Low}}, {{f .Doc.Total.High}}]</th>{{if .Full}}<td></td>{{end}}</tr></table>
<p>{{if .Full}}Effects are Shapley values (what a part adds, averaged over every order of switching the parts from A to B); they add up to the total exactly. "Alone" is the part switched alone into A; alone + interactions + higher order add up to the total exactly too.{{else}}Effects are factorial main effects of a resolution {{.Doc.Resolution}} fraction (generators {{join .Doc.Generators ", "}}); the higher-order row is the total less their sum.{{end}} Identity check: maximum relative error {{printf "%.1e" .Doc.Identity.MaxRelError}}.</p>
{{if .Doc.Interactions}}<h2>Two-part interactions</h2><table><tr><th>parts</th><th>effect</th><th>95% CI</th></tr>
{{range .Doc.Interactions}}<tr><td>{{join .Parts " × "}}{{range .Aliases}} = {{join . " × "}}{{end}}</td><td>{{num .Effect}}</td><td>[{{f .Low}}, {{f .High}}]{{ns .}}</td></tr>
{{end}}</table>{{end}}
</body></html>
`))
})

// decompositionReport is report.html of funnel decompose.
func decompositionReport(doc *decompositionDoc, svg []byte) ([]byte, error) {
	full := len(doc.Parts) > 0 && doc.Parts[0].Alone != nil
	var b bytes.Buffer
	err := decompositionTmpl().Execute(&b, map[string]any{
		"Doc": doc, "SVG": template.HTML(stripXMLHeader(svg)), "Full": full,
	})
	return b.Bytes(), err
}

// stripXMLHeader drops an SVG file's XML declaration so it can be inlined.
func stripXMLHeader(svg []byte) string {
	s := string(svg)
	if i := strings.Index(s, "<svg"); i >= 0 {
		return s[i:]
	}
	return s
}
