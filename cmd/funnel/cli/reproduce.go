package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"funnellab/findings"
	"funnellab/plots"
	"funnellab/results"
	"funnellab/scenarios"
)

// reproduceCmd runs the finding scenarios (all, or those named) and
// compares each published figure with its simulation.
func reproduceCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("reproduce", "reproduce [FINDING-SCENARIO ...] [flags]", stderr)
	reps := fs.Int("reps", 0, "replications (default: each scenario's)")
	seed := fs.Uint64("seed", 0, "master seed (default: each scenario's)")
	workers := fs.Int("workers", 0, "worker goroutines (default: number of CPUs); results do not depend on it")
	out := fs.String("out", "", "output directory, must not exist (default: out/reproduce-<UTC timestamp>)")
	quiet := fs.BoolP("quiet", "q", false, "print nothing on success")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.Changed("reps") && (*reps < 1 || *reps > 100000) {
		return usageErr("reproduce: --reps: got %d, expected an integer in [1,100000]", *reps)
	}
	names, err := findingScenarios(fs.Args())
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = defaultOutDir("reproduce", time.Now())
	}
	if _, err := os.Stat(dir); err == nil {
		return usageErr("reproduce: output directory %s already exists; choose another --out", dir)
	}
	log := newLogger(stderr, *quiet)
	var all []findings.Result
	files := map[string][]byte{}
	for _, name := range names {
		res, err := scenarios.LoadEmbedded(name, nil)
		if err != nil {
			return err
		}
		sc := res.Scenario
		if fs.Changed("reps") {
			sc.Replications = *reps
		}
		if fs.Changed("seed") {
			sc.Seed = *seed
		}
		start := time.Now()
		run, err := simulate(ctx, sc, *workers)
		if err != nil {
			return fmt.Errorf("reproduce: %s: %w", name, err)
		}
		for _, f := range sc.Findings {
			r, err := findings.Evaluate(run, f)
			if err != nil {
				return fmt.Errorf("reproduce: %s: %w", name, err)
			}
			all = append(all, r)
			if err := findingPlot(files, r); err != nil {
				return fmt.Errorf("reproduce: %s: %w", name, err)
			}
		}
		log.Info("ran", "scenario", name, "replications", sc.Replications, "seconds", fmt.Sprintf("%.1f", time.Since(start).Seconds()))
	}
	var md bytes.Buffer
	writeFindingsMarkdown(&md, all)
	files["findings.md"] = md.Bytes()
	var js bytes.Buffer
	if err := results.WriteJSON(&js, findingsJSON(all)); err != nil {
		return err
	}
	files["findings.json"] = js.Bytes()
	if err := results.WriteDir(dir, files); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if !*quiet {
		printFindings(stdout, all)
	}
	log.Info("wrote findings", "dir", dir)
	failed := 0
	for _, r := range all {
		if !r.Reproduced {
			failed++
		}
	}
	if failed > 0 {
		return &exitError{ExitChecksFailed, fmt.Errorf("%d of %d findings not reproduced (see %s)", failed, len(all), dir)}
	}
	return nil
}

// findingScenarios resolves the scenario arguments: all finding scenarios
// if none, else each as "NAME" or "findings/NAME".
func findingScenarios(args []string) ([]string, error) {
	known := scenarios.FindingNames()
	if len(args) == 0 {
		return known, nil
	}
	var out []string
	for _, a := range args {
		n := a
		if !strings.HasPrefix(n, scenarios.FindingsDir+"/") {
			n = scenarios.FindingsDir + "/" + n
		}
		if !slices.Contains(known, n) {
			return nil, usageErr("reproduce: no finding scenario %q; finding scenarios: %s", a, strings.Join(known, ", "))
		}
		out = append(out, n)
	}
	return out, nil
}

// verdictWord is a result's verdict.
func verdictWord(r findings.Result) string {
	if r.Reproduced {
		return "reproduced"
	}
	return "NOT reproduced"
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
	fmt.Fprintln(tw, "finding\tsource\tpublished\tsimulated mean [95% CI]\treproduced if\tverdict")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Source, fnum(r.Published), simulated(r), target(r), verdictWord(r))
	}
	tw.Flush()
}

func writeFindingsMarkdown(w io.Writer, rs []findings.Result) {
	fmt.Fprintln(w, "| finding | source | quantity | published | simulated mean [95% CI] | reproduced if | verdict |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %s: %s | %s | `%s` | %s | %s | %s | %s |\n", r.ID, r.Title, r.Source, r.Quantity,
			fnum(r.Published), simulated(r), target(r), verdictWord(r))
	}
	fmt.Fprintln(w)
	for _, r := range rs {
		fmt.Fprintf(w, "- **%s**: tolerance — %s\n", r.ID, strings.TrimSpace(r.ToleranceReason))
	}
}

// findingPlot draws a finding's plot into files (ID.png and ID.svg).
func findingPlot(files map[string][]byte, r findings.Result) error {
	if r.N == 0 || math.IsNaN(r.Mean) {
		return nil // nothing simulated to draw
	}
	q, _ := findings.Lookup(r.Quantity)
	p, err := plots.Finding(plots.FindingData{Title: r.ID + ": " + r.Title, Quantity: r.Quantity, Unit: q.Unit,
		Published: r.Published, Low: r.Low, High: r.High, Mean: r.Mean, CI95Low: r.CI95Low, CI95High: r.CI95High,
		Reproduced: r.Reproduced})
	if err != nil {
		return err
	}
	for _, format := range plots.Formats {
		var b bytes.Buffer
		if err := plots.Render(&b, format, plots.DefaultWidth, plots.DefaultHeight, p); err != nil {
			return err
		}
		files[r.ID+"."+format] = b.Bytes()
	}
	return nil
}

// findingJSON is a result as findings.json writes it: undefined or
// unbounded numbers are null.
type findingJSON struct {
	ID              string        `json:"id"`
	Title           string        `json:"title"`
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
}

func findingsJSON(rs []findings.Result) []findingJSON {
	out := make([]findingJSON, len(rs))
	for i, r := range rs {
		pols := r.Policies
		if pols == nil {
			pols = []string{}
		}
		out[i] = findingJSON{ID: r.ID, Title: r.Title, Source: r.Source, Quantity: r.Quantity, Policies: pols,
			Published: r.Published, Compare: r.Compare, Tolerance: r.Tolerance, ToleranceReason: r.ToleranceReason,
			Mean: results.Float(r.Mean), CI95Low: results.Float(r.CI95Low), CI95High: results.Float(r.CI95High), N: r.N,
			Low: results.Float(r.Low), High: results.Float(r.High), Reproduced: r.Reproduced}
	}
	return out
}
