package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/plot"

	"funnellab/findings"
	"funnellab/plots"
	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// reproduceCmd runs the finding scenarios (all, or those named or given
// as files) and compares each published figure with its simulation. It
// exits with ExitChecksFailed when a finding expected to reproduce does
// not (with --strict, when any finding does not).
func reproduceCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("reproduce", "reproduce [NAME|FILE ...] [--world FILE] [--set KEY=VALUE ...] [flags]", stderr)
	reps := fs.Int("reps", 0, "replications (default: each scenario's)")
	seed := fs.Uint64("seed", 0, "master seed (default: each scenario's)")
	workers := fs.Int("workers", 0, "worker goroutines (default: number of CPUs); results do not depend on it")
	out := fs.String("out", "", "output directory, must not exist (default: out/reproduce-<UTC timestamp>)")
	quiet := fs.BoolP("quiet", "q", false, "print nothing on success")
	sets := fs.StringArray("set", nil, "override a key of every finding scenario run: dotted path=value (repeatable)")
	world := fs.String("world", "", "scenario file read in place of the embedded world the finding scenarios extend")
	strict := fs.Bool("strict", false, "exit 3 when any finding is not reproduced, also one documented as not reproduced")
	perturb := fs.Float64("perturb", 0, "also rerun every finding with each calibrated key and each numeric key its file sets moved by -`F`, -5%, +5% and +F, one at a time, and class the findings fragile, sensitive or robust (docs/findings.md); e.g. 0.2")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.Changed("reps") && (*reps < 1 || *reps > 100000) {
		return usageErr("reproduce: --reps: got %d, expected an integer in [1,100000]", *reps)
	}
	if fs.Changed("perturb") && !(*perturb > 0 && *perturb < 1) {
		return usageErr("reproduce: --perturb: got %g, expected a share in (0,1), such as 0.2 for ±20%%", *perturb)
	}
	inputs, err := findingInputs(fs.Args())
	if err != nil {
		return err
	}
	parents, err := readWorld(*world)
	if err != nil {
		return err
	}
	opts := reproduceOptions{sets: *sets, parents: parents, seed: *seed, seedGiven: fs.Changed("seed")}
	if fs.Changed("reps") {
		opts.reps = *reps
	}
	log := newLogger(stderr, *quiet)
	resolved, err := loadFindingInputs(inputs, opts, log)
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = defaultOutDir("reproduce", time.Now())
	}
	outDir, err := openOutDir(dir, "reproduce", log)
	if err != nil {
		return err
	}
	defer outDir.Abort()
	var all []findings.Result
	files := map[string][]byte{}
	extras := map[string]plots.FindingData{} // unpublished points of the series
	for i, in := range inputs {
		sc := resolved[i].Scenario
		start := time.Now()
		rs, run, err := evaluateFindings(ctx, sc, *workers)
		if err != nil {
			return fmt.Errorf("reproduce: %s: %w", in.name, err)
		}
		all = append(all, rs...)
		if err := seriesExtras(run, sc.Findings, extras); err != nil {
			return fmt.Errorf("reproduce: %s: %w", in.name, err)
		}
		log.Info("ran", "scenario", in.name, "replications", sc.Replications, "seconds", fmt.Sprintf("%.1f", time.Since(start).Seconds()))
	}
	var pert *perturbation
	if *perturb > 0 {
		if pert, err = perturbFindings(ctx, inputs, resolved, all, opts, *perturb, *workers, log); err != nil {
			return err
		}
		if err := pert.write(files); err != nil {
			return err
		}
	}
	if err := findingPlots(files, all, extras); err != nil {
		return fmt.Errorf("reproduce: %w", err)
	}
	score := findings.ScoreOf(all, *strict)
	var md bytes.Buffer
	writeFindingsMarkdown(&md, all, score, pert)
	files["findings.md"] = md.Bytes()
	var js bytes.Buffer
	if err := results.WriteJSON(&js, findingsJSON(all, pert)); err != nil {
		return err
	}
	files["findings.json"] = js.Bytes()
	if err := writeFiles(outDir, files); err != nil {
		return err
	}
	if dir, err = outDir.Commit(); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if !*quiet {
		printFindings(stdout, all)
		fmt.Fprintln(stdout, score.String())
		if pert != nil {
			fmt.Fprintln(stdout, pert.summary())
		}
	}
	log.Info("wrote findings", "dir", dir)
	return reproduceExit(score, *strict, dir)
}

// evaluateFindings runs a finding scenario and evaluates its findings on
// the run.
func evaluateFindings(ctx context.Context, sc scenarios.Scenario, workers int) ([]findings.Result, *findings.Run, error) {
	run, err := simulate(ctx, sc, workers)
	if err != nil {
		return nil, nil, err
	}
	rs := make([]findings.Result, 0, len(sc.Findings))
	for _, f := range sc.Findings {
		r, err := findings.Evaluate(run, f)
		if err != nil {
			return nil, nil, err
		}
		rs = append(rs, r)
	}
	return rs, run, nil
}

// target describes what counts as reproduced: "7 ± 15%", "≥ 60".
func target(r findings.Result) string {
	switch r.Compare {
	case "at_least":
		return "≥ " + fnum(r.Low)
	case "at_most":
		return "≤ " + fnum(r.High)
	}
	return fmt.Sprintf("%s–%s", fnum(r.Low), fnum(r.High))
}

func fnum(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.3g", x)
}

func simulated(r findings.Result) string {
	if r.N == 0 {
		return "n/a"
	}
	if math.IsNaN(r.CI95Low) {
		return fnum(r.Mean)
	}
	return fmt.Sprintf("%s [%s, %s]", fnum(r.Mean), fnum(r.CI95Low), fnum(r.CI95High))
}

func printFindings(w io.Writer, rs []findings.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "finding\trole\tsource\tpublished\tsimulated mean [95% CI]\treproduced if\tverdict")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, roleText(r), r.Source, fnum(r.Published), simulated(r), target(r), r.Verdict())
	}
	tw.Flush()
}

// writeFindingsMarkdown writes findings.md: the verdict line, the table,
// each finding's tolerance and, for those documented as not reproduced,
// why; with --perturb, the perturbation table.
func writeFindingsMarkdown(w io.Writer, rs []findings.Result, score findings.Score, pert *perturbation) {
	fmt.Fprintf(w, "%s\n\n", score.String())
	fmt.Fprintln(w, "| finding | role | source | quantity | published | simulated mean [95% CI] | reproduced if | verdict |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %s: %s | %s | %s | `%s` | %s | %s | %s | %s |\n", r.ID, r.Title, roleText(r), r.Source, r.Quantity,
			fnum(r.Published), simulated(r), target(r), r.Verdict())
	}
	fmt.Fprintln(w)
	for _, r := range rs {
		fmt.Fprintf(w, "- **%s**: tolerance — %s\n", r.ID, strings.TrimSpace(r.ToleranceReason))
		if r.DocumentedNot() {
			fmt.Fprintf(w, "  documented as not reproduced — %s\n", strings.TrimSpace(r.ExpectedReason))
		}
	}
	if pert != nil {
		fmt.Fprintln(w)
		pert.writeMarkdown(w)
	}
}

// findingSeries are the studies whose findings are drawn together, as
// the study's own picture: each finding of a series (ids, with its label
// on the x axis) is drawn as the whole series, in ID.png and ID.svg. An id
// "q:QUANTITY" is a point of the study's curve with no published figure:
// the quantity measured on the run of the series' findings (over the
// policies of the series' first finding), drawn without a band.
var findingSeries = []struct {
	title, xLabel, yLabel, unit string
	log, connect                bool
	ids, labels                 []string
}{
	{
		title:  "HBR 2011: qualification within an hour, against later first contacts",
		xLabel: "delay of the later first contact (against within 1 h)", yLabel: "ratio of qualification rates",
		log: true, connect: true,
		ids:    []string{"hbr_1h_vs_2h", unpublishedPoint + "qual_ratio_1h_vs_2h_24h", "hbr_1h_vs_24h"},
		labels: []string{"1–2 h", "2–24 h", "≥ 24 h"},
	},
	{
		title:  "MIT/InsideSales 2007: reaching the prospect within 5 minutes, against later first attempts",
		xLabel: "delay of the later first attempt (against within 5 min)", yLabel: "ratio of contact rates",
		log: true, connect: true,
		ids: []string{unpublishedPoint + "contact_ratio_5m_vs_5_30m", "mit_contact_5m_vs_30m", unpublishedPoint + "contact_ratio_5m_vs_1h_2h",
			unpublishedPoint + "contact_ratio_5m_vs_2h_24h", unpublishedPoint + "contact_ratio_5m_vs_24h"},
		labels: []string{"5–30 min", "30–60 min", "1–2 h", "2–24 h", "≥ 24 h"},
	},
	{
		title:  "MIT/InsideSales 2007: qualification within 5 minutes, against later first contacts",
		xLabel: "delay of the later first contact (against within 5 min)", yLabel: "ratio of qualification rates",
		log: true, connect: true,
		ids: []string{unpublishedPoint + "qual_ratio_5m_vs_5_30m", "mit_qual_5m_vs_30m", unpublishedPoint + "qual_ratio_5m_vs_1h_2h",
			unpublishedPoint + "qual_ratio_5m_vs_2h_24h", unpublishedPoint + "qual_ratio_5m_vs_24h"},
		labels: []string{"5–30 min", "30–60 min", "1–2 h", "2–24 h", "≥ 24 h"},
	},
	{
		title:  "HBR 2011 audit: when web leads were answered",
		xLabel: "first answer after the hand-raise", yLabel: "share of hand-offs", unit: "share",
		ids:    []string{"hbr_audit_within_1h", "hbr_audit_1h_24h", "hbr_audit_after_24h", "hbr_audit_never"},
		labels: []string{"within 1 h", "1–24 h", "after 24 h", "never"},
	},
	{
		title:  "Rule of 45: inquiries that buy from someone, by months since the inquiry",
		xLabel: "months since the inquiry", yLabel: "share of inquiries that bought", unit: "share",
		connect: true,
		ids:     []string{"rule45_3m", "rule45_6m", "rule45_12m"}, labels: []string{"3", "6", "12"},
	},
	{
		title:  "Annuitas demand waterfall: conversion at each stage",
		xLabel: "stage", yLabel: "conversion from the stage before", unit: "share",
		ids:    []string{"annuitas_valid", "annuitas_mql", "annuitas_sal", "annuitas_sql", "annuitas_closed"},
		labels: []string{"valid / inquiry", "MQL / valid", "SAL / MQL", "SQL / SAL", "won / SQL"},
	},
}

// unpublishedPoint prefixes a series id that names a quantity, not a
// finding.
const unpublishedPoint = "q:"

// seriesExtras measures, on the run of a scenario, the unpublished points
// of the series that the scenario's findings belong to, keyed by their id.
func seriesExtras(run *findings.Run, fs []scenarios.Finding, into map[string]plots.FindingData) error {
	for _, s := range findingSeries {
		var member *scenarios.Finding
		for i := range fs {
			if slices.Contains(s.ids, fs[i].ID) {
				member = &fs[i]
				break
			}
		}
		if member == nil {
			continue
		}
		for _, id := range s.ids {
			q, ok := strings.CutPrefix(id, unpublishedPoint)
			if !ok {
				continue
			}
			sum, err := findings.Measure(run, q, member.Policies)
			if err != nil {
				return err
			}
			nan := math.NaN()
			into[id] = plots.FindingData{Title: q, Quantity: q, Unit: quantityUnit(q), Published: nan, Low: nan, High: nan,
				Mean: sum.Mean, CI95Low: sum.CI95Low, CI95High: sum.CI95High}
		}
	}
	return nil
}

// findingPlots draws every finding's plot into files (ID.png and ID.svg):
// that of its series if it has one, else its own.
func findingPlots(files map[string][]byte, rs []findings.Result, extras map[string]plots.FindingData) error {
	byID := map[string]findings.Result{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	for _, r := range rs {
		if r.N == 0 || math.IsNaN(r.Mean) {
			continue // nothing simulated to draw
		}
		p, err := findingFigure(r, byID, extras)
		if err != nil {
			return fmt.Errorf("finding %s: %w", r.ID, err)
		}
		for _, format := range plots.Formats {
			var b bytes.Buffer
			if err := plots.Render(&b, format, plots.DefaultWidth, plots.DefaultHeight, p); err != nil {
				return fmt.Errorf("finding %s: %w", r.ID, err)
			}
			files[r.ID+"."+format] = b.Bytes()
		}
	}
	return nil
}

// findingFigure returns the plot of r: its series, with the members that
// were evaluated and simulated, or r alone.
func findingFigure(r findings.Result, byID map[string]findings.Result, extras map[string]plots.FindingData) (*plot.Plot, error) {
	for _, s := range findingSeries {
		if !slices.Contains(s.ids, r.ID) {
			continue
		}
		fs := plots.FindingSeries{Title: s.title, XLabel: s.xLabel, YLabel: s.yLabel, Unit: s.unit, LogY: s.log, Connect: s.connect}
		for i, id := range s.ids {
			if d, ok := extras[id]; ok && !math.IsNaN(d.Mean) && (!s.log || d.Mean > 0) {
				d.Label = s.labels[i]
				fs.Points = append(fs.Points, d)
				continue
			}
			m, ok := byID[id]
			if !ok || m.N == 0 || math.IsNaN(m.Mean) {
				continue
			}
			d := findingData(m)
			d.Label = s.labels[i]
			fs.Points = append(fs.Points, d)
		}
		return plots.FindingPlot(fs)
	}
	return plots.Finding(findingData(r))
}

// findingData is a result as the plots take it.
func findingData(r findings.Result) plots.FindingData {
	return plots.FindingData{Title: r.ID + ": " + r.Title, Quantity: r.Quantity, Unit: quantityUnit(r.Quantity),
		Published: r.Published, Low: r.Low, High: r.High, Mean: r.Mean, CI95Low: r.CI95Low, CI95High: r.CI95High,
		Reproduced: r.Reproduced}
}

// quantityUnit is the unit of a quantity: a named quantity's, or a
// metric's ("share [0,1]" is a share); "" if it has none.
func quantityUnit(name string) string {
	if q, err := findings.Lookup(name); err == nil && q.Unit != "" {
		return q.Unit
	}
	for _, d := range funnel.MetricDefs() {
		if d.Name == name {
			if d.IsShare() {
				return "share"
			}
			return d.Unit
		}
	}
	return ""
}

// findingJSON is a result as findings.json writes it: undefined or
// unbounded numbers are null.
type findingJSON struct {
	ID              string        `json:"id"`
	Title           string        `json:"title"`
	Role            string        `json:"role"`
	DerivedFrom     []string      `json:"derived_from"`
	Expected        string        `json:"expected"`
	ExpectedReason  string        `json:"expected_reason"`
	Source          string        `json:"source"`
	Quantity        string        `json:"quantity"`
	Policies        []string      `json:"policies"`
	Published       float64       `json:"published"`
	Compare         string        `json:"compare"`
	Tolerance       float64       `json:"tolerance"`
	ToleranceReason string        `json:"tolerance_reason"`
	Mean            results.Float `json:"mean"`
	CI95Low         results.Float `json:"ci95_low"`
	CI95High        results.Float `json:"ci95_high"`
	N               int           `json:"n"`
	Low             results.Float `json:"reproduced_if_at_least"`
	High            results.Float `json:"reproduced_if_at_most"`
	Reproduced      bool          `json:"reproduced"`
	Verdict         string        `json:"verdict"`
	// Perturbation is the finding's class under --perturb (robust,
	// sensitive or fragile); absent without it.
	Perturbation string `json:"perturbation,omitempty"`
}

func findingsJSON(rs []findings.Result, pert *perturbation) []findingJSON {
	out := make([]findingJSON, len(rs))
	for i, r := range rs {
		pols := r.Policies
		if pols == nil {
			pols = []string{}
		}
		from := r.DerivedFrom
		if from == nil {
			from = []string{}
		}
		expected := r.Expected
		if expected == "" {
			expected = scenarios.ExpectReproduced
		}
		out[i] = findingJSON{ID: r.ID, Title: r.Title, Role: r.Role, DerivedFrom: from, Expected: expected, ExpectedReason: r.ExpectedReason,
			Source: r.Source, Quantity: r.Quantity, Policies: pols,
			Published: r.Published, Compare: r.Compare, Tolerance: r.Tolerance, ToleranceReason: r.ToleranceReason,
			Mean: results.Float(r.Mean), CI95Low: results.Float(r.CI95Low), CI95High: results.Float(r.CI95High), N: r.N,
			Low: results.Float(r.Low), High: results.Float(r.High), Reproduced: r.Reproduced, Verdict: r.Verdict()}
		if pert != nil {
			out[i].Perturbation = pert.class[r.ID]
		}
	}
	return out
}
