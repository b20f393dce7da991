package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"funnellab/results"
	"funnellab/results/checks"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
	"funnellab/sim/runner"
)

// runOptions are the flags of funnel run.
type runOptions struct {
	reps     int
	seed     uint64
	workers  int
	out      string
	sets     []string
	policies string
	checks   []string
	quiet    bool
	format   string
	metrics  string
	plots    bool
	setReps  bool
	setSeed  bool
}

// Manifest records how a run was made, so it can be reproduced.
type Manifest struct {
	Program        string             `json:"program"`
	Version        string             `json:"version"`
	GoVersion      string             `json:"go_version"`
	Command        string             `json:"command"`
	ScenarioSource string             `json:"scenario_source"`
	ScenarioSHA256 string             `json:"scenario_sha256"`
	Sets           []string           `json:"sets"`
	Scenario       scenarios.Scenario `json:"scenario"`
	Seed           uint64             `json:"seed"`
	// Replications is the number of replications in the results; it is
	// RequestedReplications unless the run was interrupted.
	Replications          int               `json:"replications"`
	RequestedReplications int               `json:"requested_replications"`
	Policies              []string          `json:"policies"`
	MarketingKPI          map[string]string `json:"marketing_kpi"` // policy -> the outcome marketing is measured on
	Metrics               []string          `json:"metrics"`
	Workers               int               `json:"workers"`
	// Complete is false for an interrupted run, whose results hold only
	// the leading replications that completed under every policy.
	Complete    bool            `json:"complete"`
	Checks      []checks.Result `json:"checks"`
	Start       time.Time       `json:"start"`
	End         time.Time       `json:"end"`
	WallSeconds float64         `json:"wall_seconds"`
}

// summaryDoc is summary.json: the report, plus the checks' results when
// the run has checks.
type summaryDoc struct {
	*results.Report
	Checks []checks.Result `json:"checks,omitempty"`
}

// testHookProgress, if set, is called with every progress report of the
// runner; tests use it to cancel a run at a given point.
var testHookProgress func(runner.Progress)

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlags("run", "run [SCENARIO] [flags]", stderr)
	fs.IntVar(&o.reps, "reps", 0, "number of replications (default: the scenario's replications)")
	fs.Uint64Var(&o.seed, "seed", 0, "master random seed (default: the scenario's seed)")
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (default: number of CPUs); results do not depend on it")
	fs.StringVar(&o.out, "out", "", "output directory, must not exist (default: out/<scenario>-<UTC timestamp>)")
	fs.StringArrayVar(&o.sets, "set", nil, "override a scenario key: dotted path=value, list indexes as numbers (repeatable)")
	fs.StringVar(&o.policies, "policies", "", "comma-separated names of the scenario's policies to run (default: all)")
	fs.StringArrayVar(&o.checks, "check", nil, "check on the results, added to the scenario's (repeatable), e.g. 'objective.revenue > waterfall.revenue'; exit code 3 if one fails (docs/checks.md)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing on success (files are still written)")
	fs.StringVar(&o.format, "format", "table", "output on stdout: table, markdown (one row per policy) or json (the summary.json document)")
	fs.BoolVar(&o.plots, "plots", true, "draw the figures (PNG and SVG) into the output directory; --plots=false skips them")
	fs.StringVar(&o.metrics, "metrics", "", "comma-separated metrics to print in table or markdown output (default: all; files always hold all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	o.setReps, o.setSeed = fs.Changed("reps"), fs.Changed("seed")
	if fs.NArg() > 1 {
		return usageErr("run: expected at most one SCENARIO argument, got %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
	}
	if o.format != "table" && o.format != "json" && o.format != "markdown" {
		return usageErr("run: --format: got %q, expected table, markdown or json", o.format)
	}
	shown, err := selectMetrics(o.metrics)
	if err != nil {
		return err
	}
	if o.setReps && (o.reps < 1 || o.reps > 100000) {
		return usageErr("run: --reps: got %d, expected an integer in [1,100000]", o.reps)
	}
	if o.workers < 0 {
		return usageErr("run: --workers: got %d, expected 0 (number of CPUs) or more", o.workers)
	}

	res, err := loadScenario(fs.Arg(0), o.sets)
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
	if o.policies != "" {
		if sc.Policies, err = selectPolicies(sc.Policies, splitList(o.policies)); err != nil {
			return err
		}
	}
	model, err := funnel.Compile(sc)
	if err != nil {
		return asUsage(fmt.Errorf("%s: %w", res.Source, err))
	}
	runChecks, err := resolveChecks(res, o.sets, o.checks, model.PolicyNames(), funnel.Names(), o.policies)
	if err != nil {
		return err
	}
	outDir := o.out
	if outDir == "" {
		outDir = defaultOutDir(sc.Name, time.Now())
	}
	if _, err := os.Stat(outDir); err == nil {
		return usageErr("run: output directory %s already exists; choose another --out", outDir)
	}
	log := newLogger(stderr, o.quiet)

	start := time.Now()
	workers := o.workers
	if workers == 0 {
		workers = defaultWorkers()
	}
	var prog *progress
	if !o.quiet && o.format != "json" && isTerminal(stderr) {
		prog = startProgress(stderr, sc.Replications, len(model.Policies))
	}
	out, err := runner.Run(ctx, runner.Options{
		Replications: sc.Replications,
		Policies:     len(model.Policies),
		Workers:      workers,
		Progress: func(p runner.Progress) {
			if prog != nil {
				prog.update(p)
			}
			if testHookProgress != nil {
				testHookProgress(p)
			}
		},
	}, func() runner.Job[funnel.Result] {
		run := model.NewSim().Run
		if prog == nil {
			return run
		}
		return func(ctx context.Context, rep, pol int) (funnel.Result, error) {
			r, err := run(ctx, rep, pol)
			if err == nil {
				prog.addArrivals(r.Arrivals)
			}
			return r, err
		}
	})
	end := time.Now()
	if prog != nil {
		prog.finish()
	}
	requested, complete := sc.Replications, true
	if err != nil {
		if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		if out.Prefix == 0 {
			log.Warn("interrupted", "replications_complete", 0, "requested", requested)
			return &exitError{ExitInterrupted, fmt.Errorf("interrupted before any replication completed under every policy; nothing written")}
		}
		// Keep the leading replications complete under every policy: the
		// results of a run with --reps out.Prefix, paired across policies.
		sc.Replications, complete = out.Prefix, false
	}

	table := metricsTable(model.PolicyNames(), sc.Replications, out.Results)
	report, err := table.Report(sc, sc.Seed)
	if err != nil {
		return err
	}
	checkResults, err := checks.EvaluateAll(runChecks, table)
	if err != nil {
		return err
	}
	man := Manifest{
		Program: "funnel", Version: Version, GoVersion: goVersion(),
		Command:        reproduceCommand(res, sc, o, model.PolicyNames()),
		ScenarioSource: res.Source, ScenarioSHA256: res.SHA256, Sets: slices.Clone(o.sets),
		Scenario: sc, Seed: sc.Seed, Replications: sc.Replications, RequestedReplications: requested,
		Policies: model.PolicyNames(), MarketingKPI: map[string]string{}, Metrics: funnel.Names(), Workers: workers,
		Complete: complete, Checks: checkResults,
		Start: start.UTC(), End: end.UTC(), WallSeconds: end.Sub(start).Seconds(),
	}
	if man.Sets == nil {
		man.Sets = []string{}
	}
	for _, p := range model.Policies {
		man.MarketingKPI[p.Name()] = p.MeasuredOn()
	}
	files, err := encodeFiles(&summaryDoc{report, checkResults}, table, &man)
	if err != nil {
		return err
	}
	detail := funnel.DetailTable(model.PolicyNames(), sc.Replications, out.Results)
	var csvDetail bytes.Buffer
	if err := detail.WriteCSV(&csvDetail); err != nil {
		return err
	}
	files["detail.csv"] = csvDetail.Bytes()
	var svgs []namedSVG
	if o.plots {
		figs, s, err := renderFigures(table, detail)
		if err != nil {
			return fmt.Errorf("drawing the figures: %w", err)
		}
		maps.Copy(files, figs)
		svgs = s
	}
	if files["report.html"], err = buildReport(report, &man, files["manifest.json"], svgs); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := results.WriteDir(outDir, files); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}

	switch {
	case o.format == "json":
		_, err = stdout.Write(files["summary.json"])
	case o.format == "markdown" && !o.quiet:
		err = printMarkdown(stdout, report, sc.Name, shown)
	case !o.quiet:
		err = printTable(stdout, report, sc.Name, shown)
		if err == nil && len(checkResults) > 0 {
			err = printChecks(stdout, checkResults)
		}
	}
	if err != nil {
		return err
	}
	if !complete {
		log.Warn("interrupted; wrote the complete replications", "dir", outDir,
			"replications_complete", sc.Replications, "requested", requested)
		return &exitError{ExitInterrupted, fmt.Errorf("interrupted after %d of %d replications; wrote them to %s (\"complete\": false in manifest.json)",
			sc.Replications, requested, outDir)}
	}
	log.Info("wrote results", "dir", outDir, "files", len(files),
		"replications", sc.Replications, "policies", len(model.Policies), "workers", workers,
		"seconds", fmt.Sprintf("%.2f", end.Sub(start).Seconds()))
	if checks.Failed(checkResults) > 0 {
		return checksError(checkResults)
	}
	return nil
}

func encodeFiles(summary any, table *results.Table, man *Manifest) (map[string][]byte, error) {
	var sum, csv, mf bytes.Buffer
	if err := results.WriteJSON(&sum, summary); err != nil {
		return nil, err
	}
	if err := table.WriteCSV(&csv); err != nil {
		return nil, err
	}
	if err := results.WriteJSON(&mf, man); err != nil {
		return nil, err
	}
	return map[string][]byte{
		"summary.json":     sum.Bytes(),
		"replications.csv": csv.Bytes(),
		"manifest.json":    mf.Bytes(),
	}, nil
}

// selectPolicies returns the named policies in the order given.
func selectPolicies(all []scenarios.Policy, names []string) ([]scenarios.Policy, error) {
	if len(names) == 0 {
		return nil, usageErr("run: --policies: no policy named")
	}
	var avail []string
	for _, p := range all {
		avail = append(avail, p.Name)
	}
	var out []scenarios.Policy
	for _, n := range names {
		i := slices.Index(avail, n)
		if i < 0 {
			return nil, usageErr("run: --policies: unknown policy %q (the scenario has: %s)", n, strings.Join(avail, ", "))
		}
		if slices.ContainsFunc(out, func(p scenarios.Policy) bool { return p.Name == n }) {
			return nil, usageErr("run: --policies: %q named twice", n)
		}
		out = append(out, all[i])
	}
	return out, nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// defaultOutDir is out/<scenario>-<UTC timestamp>, with a numeric suffix
// if a run in the same second already took the name.
func defaultOutDir(name string, now time.Time) string {
	base := filepath.Join("out", unsafeName.ReplaceAllString(name, "_")+"-"+now.UTC().Format("20060102T150405Z"))
	dir := base
	for i := 2; ; i++ {
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			return dir
		}
		dir = fmt.Sprintf("%s-%d", base, i)
	}
}

// reproduceCommand is a command line that reruns the same run.
func reproduceCommand(res *scenarios.Resolved, sc scenarios.Scenario, o runOptions, pols []string) string {
	src := res.Source
	if name, ok := strings.CutPrefix(src, "embedded:"); ok {
		src = strings.TrimSuffix(name, ".yaml")
	}
	parts := []string{"funnel", "run", shellQuote(src)}
	for _, s := range o.sets {
		parts = append(parts, "--set", shellQuote(s))
	}
	parts = append(parts, fmt.Sprintf("--seed %d --reps %d", sc.Seed, sc.Replications))
	if o.policies != "" {
		parts = append(parts, "--policies", shellQuote(strings.Join(pols, ",")))
	}
	for _, c := range o.checks {
		parts = append(parts, "--check", shellQuote(c))
	}
	return strings.Join(parts, " ")
}

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
