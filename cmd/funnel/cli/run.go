package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
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

// runOptions are the flags and argument of funnel run.
type runOptions struct {
	scenario string // the SCENARIO argument ("": the default scenario)
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
	shown    []string // the metrics --metrics selects, nil for all
	baseline string   // --baseline: the policy the others are compared with ("": the first)
	plots    bool
	setReps  bool
	setSeed  bool
}

// runPlan is a run ready to start: the scenario with the flags applied,
// its model and checks, the output directory and the number of workers.
type runPlan struct {
	res     *scenarios.Resolved
	sc      scenarios.Scenario
	model   *funnel.Model
	checks  []*checks.Check
	outDir  string
	workers int
}

// simulation is what the runner gave: every job's result in job order,
// and whether every requested replication completed.
type simulation struct {
	results    []funnel.Result
	reps       int // the replications kept: all, or the complete ones of an interrupted run
	requested  int
	complete   bool
	start, end time.Time
}

// runResults are what a run found: the table of its metrics, its report
// (the statistics of summary.json) and the checks' results.
type runResults struct {
	table  *results.Table
	report *results.Report
	checks []checks.Result
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

// runCmd is funnel run, in its steps: the options, the scenario and its
// model, the output directory, the simulation, the tables and checks, the
// files, what it prints and its exit status.
func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseRunOptions(args, stderr)
	if err != nil {
		return err
	}
	plan, err := resolveRun(o)
	if err != nil {
		return err
	}
	if plan.outDir, err = prepareOutDir(o.out, plan.sc.Name); err != nil {
		return err
	}
	log := newLogger(stderr, o.quiet)
	sim, err := simulateRun(ctx, plan, o, stderr, log)
	if err != nil {
		return err
	}
	plan.sc.Replications = sim.reps // an interrupted run keeps its complete replications
	r, err := evaluateRun(plan, sim)
	if err != nil {
		return err
	}
	files, err := runFiles(plan, o, sim, r)
	if err != nil {
		return err
	}
	if err := results.WriteDir(plan.outDir, files); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if err := printRun(stdout, o, plan.sc.Name, r, files["summary.json"]); err != nil {
		return err
	}
	return finishRun(log, plan, sim, r.checks, len(files))
}

// parseRunOptions parses the flags and argument of funnel run and checks
// those that need no scenario.
func parseRunOptions(args []string, stderr io.Writer) (runOptions, error) {
	var o runOptions
	fs := newFlags("run", "run [SCENARIO] [flags]", stderr)
	fs.IntVar(&o.reps, "reps", 0, "number of replications (default: the scenario's replications)")
	fs.Uint64Var(&o.seed, "seed", 0, "master random seed (default: the scenario's seed)")
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (default: number of CPUs); results do not depend on it")
	fs.StringVar(&o.out, "out", "", "output directory, must not exist (default: out/<scenario>-<UTC timestamp>)")
	fs.StringArrayVar(&o.sets, "set", nil, "override a scenario key: dotted path=value, list indexes as numbers (repeatable)")
	fs.StringVar(&o.policies, "policies", "", "comma-separated names of the scenario's policies to run (default: all)")
	fs.StringArrayVar(&o.checks, "check", nil, "check on the results, added to the scenario's (repeatable), e.g. 'objective.revenue > waterfall.revenue'; exit code 3 if one fails (docs/checks.md)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing on success, in any --format (files are still written)")
	fs.StringVar(&o.format, "format", "table", "output on stdout: table, markdown (a row per policy, each metric with its difference from the baseline) or json (the summary.json document; with --metrics, those metrics only)")
	fs.BoolVar(&o.plots, "plots", true, "draw the figures (PNG and SVG) into the output directory; --plots=false skips them")
	fs.StringVar(&o.metrics, "metrics", "", "comma-separated metrics to print on stdout (default: all; files always hold all)")
	fs.StringVar(&o.baseline, "baseline", "", "the policy every other is compared with in the table and the report (default: the first)")
	if err := parseFlags(fs, args); err != nil {
		return o, err
	}
	o.setReps, o.setSeed = fs.Changed("reps"), fs.Changed("seed")
	if fs.NArg() > 1 {
		return o, usageErr("run: expected at most one SCENARIO argument, got %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
	}
	o.scenario = fs.Arg(0)
	if o.format != "table" && o.format != "json" && o.format != "markdown" {
		return o, usageErr("run: --format: got %q, expected table, markdown or json", o.format)
	}
	var err error
	if o.shown, err = selectMetrics(o.metrics); err != nil {
		return o, err
	}
	if o.setReps && (o.reps < 1 || o.reps > 100000) {
		return o, usageErr("run: --reps: got %d, expected an integer in [1,100000]", o.reps)
	}
	if o.workers < 0 {
		return o, usageErr("run: --workers: got %d, expected 0 (number of CPUs) or more", o.workers)
	}
	return o, nil
}

// resolveRun loads the scenario, applies --reps, --seed and --policies,
// compiles its model and resolves its checks and --check.
func resolveRun(o runOptions) (*runPlan, error) {
	res, err := loadScenario(o.scenario, o.sets)
	if err != nil {
		return nil, err
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
			return nil, err
		}
	}
	model, err := funnel.Compile(sc)
	if err != nil {
		return nil, asUsage(fmt.Errorf("%s: %w", res.Source, err))
	}
	if o.baseline != "" && !slices.Contains(model.PolicyNames(), o.baseline) {
		return nil, usageErr("run: --baseline: %q is not a policy of the run (policies: %s)",
			o.baseline, strings.Join(model.PolicyNames(), ", "))
	}
	runChecks, err := resolveChecks(res, o.sets, o.checks, model.PolicyNames(), funnel.Names(), o.policies)
	if err != nil {
		return nil, err
	}
	workers := o.workers
	if workers == 0 {
		workers = defaultWorkers()
	}
	return &runPlan{res: res, sc: sc, model: model, checks: runChecks, workers: workers}, nil
}

// prepareOutDir returns the output directory, --out or the default for
// the scenario, which must not exist yet.
func prepareOutDir(out, scenario string) (string, error) {
	if out == "" {
		out = defaultOutDir(scenario, time.Now())
	}
	if _, err := os.Stat(out); err == nil {
		return "", usageErr("run: output directory %s already exists; choose another --out", out)
	}
	return out, nil
}

// simulateRun runs every replication and policy over the workers, with
// the progress line when stderr is a terminal. Interrupted, it keeps the
// leading replications complete under every policy, or fails with
// ExitInterrupted if there is none.
func simulateRun(ctx context.Context, plan *runPlan, o runOptions, stderr io.Writer, log *slog.Logger) (*simulation, error) {
	sc, model := plan.sc, plan.model
	s := &simulation{reps: sc.Replications, requested: sc.Replications, complete: true, start: time.Now()}
	var prog *progress
	if !o.quiet && o.format != "json" && isTerminal(stderr) {
		prog = startProgress(stderr, sc.Replications, len(model.Policies))
	}
	out, err := runner.Run(ctx, runner.Options{
		Replications: sc.Replications,
		Policies:     len(model.Policies),
		Workers:      plan.workers,
		Progress: func(p runner.Progress) {
			if prog != nil {
				prog.update(p)
			}
			if testHookProgress != nil {
				testHookProgress(p)
			}
		},
	}, simJobs(model, prog))
	s.end = time.Now()
	if prog != nil {
		prog.finish()
	}
	if err != nil {
		if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		if out.Prefix == 0 {
			log.Warn("interrupted", "replications_complete", 0, "requested", s.requested)
			return nil, &exitError{ExitInterrupted, fmt.Errorf("interrupted before any replication completed under every policy; nothing written")}
		}
		// Keep the leading replications complete under every policy: the
		// results of a run with --reps out.Prefix, paired across policies.
		s.reps, s.complete = out.Prefix, false
	}
	s.results = out.Results
	return s, nil
}

// simJobs returns the runner's worker factory: each worker its own Sim of
// the model, counting the prospects it simulates into prog if there is one.
func simJobs(model *funnel.Model, prog *progress) func() runner.Job[funnel.Result] {
	return func() runner.Job[funnel.Result] {
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
	}
}

// evaluateRun tabulates the kept replications' metrics, summarises them
// and evaluates the checks on them.
func evaluateRun(plan *runPlan, sim *simulation) (*runResults, error) {
	table := metricsTable(plan.model.PolicyNames(), sim.reps, sim.results)
	report, err := table.Report(plan.sc, plan.sc.Seed)
	if err != nil {
		return nil, err
	}
	checkResults, err := checks.EvaluateAll(plan.checks, table)
	if err != nil {
		return nil, err
	}
	return &runResults{table: table, report: report, checks: checkResults}, nil
}

// runFiles encodes every file of the run's output directory: summary.json,
// replications.csv, manifest.json, detail.csv and the edges of its bins
// (detail_bins.csv), the resolved scenario (scenario.yaml), the figures
// (unless --plots=false) and report.html.
func runFiles(plan *runPlan, o runOptions, sim *simulation, r *runResults) (map[string][]byte, error) {
	man := newManifest(plan, o, sim, r.checks)
	files, err := encodeFiles(&summaryDoc{r.report, r.checks}, r.table, &man)
	if err != nil {
		return nil, err
	}
	detail := funnel.DetailTable(plan.model.PolicyNames(), sim.reps, sim.results)
	var csvDetail bytes.Buffer
	if err := detail.WriteCSV(&csvDetail); err != nil {
		return nil, err
	}
	files["detail.csv"] = csvDetail.Bytes()
	files["detail_bins.csv"] = detailBinsCSV()
	if files["scenario.yaml"], err = resolvedScenarioYAML(plan, man.Command); err != nil {
		return nil, err
	}
	var svgs []namedSVG
	if o.plots {
		figs, s, err := renderFigures(r.table, detail, man.Scenario.HorizonDays, man.Scenario.Currency)
		if err != nil {
			return nil, fmt.Errorf("drawing the figures: %w", err)
		}
		maps.Copy(files, figs)
		svgs = s
	}
	if files["report.html"], err = buildReport(r.report, &man, files["manifest.json"], svgs); err != nil {
		return nil, fmt.Errorf("writing the report: %w", err)
	}
	return files, nil
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

// printRun prints the run on stdout as --format says: summary.json (with
// --metrics, restricted to them), the Markdown table, or the table and the
// checks; nothing with --quiet.
func printRun(stdout io.Writer, o runOptions, name string, r *runResults, summaryJSON []byte) error {
	switch {
	case o.quiet:
	case o.format == "json" && o.shown != nil:
		return results.WriteJSON(stdout, &summaryDoc{r.report.Only(o.shown), r.checks})
	case o.format == "json":
		_, err := stdout.Write(summaryJSON)
		return err
	case o.format == "markdown":
		return printMarkdown(stdout, r.report, name, o.shown, o.baseline)
	default:
		if err := printTable(stdout, r.report, name, o.shown, o.baseline); err != nil {
			return err
		}
		if len(r.checks) > 0 {
			return printChecks(stdout, r.checks)
		}
	}
	return nil
}

// finishRun logs where the results went and returns the run's exit
// status: interrupted, a check failed, or success.
func finishRun(log *slog.Logger, plan *runPlan, sim *simulation, checkResults []checks.Result, files int) error {
	if !sim.complete {
		log.Warn("interrupted; wrote the complete replications", "dir", plan.outDir,
			"replications_complete", sim.reps, "requested", sim.requested)
		return &exitError{ExitInterrupted, fmt.Errorf("interrupted after %d of %d replications; wrote them to %s (\"complete\": false in manifest.json)",
			sim.reps, sim.requested, plan.outDir)}
	}
	log.Info("wrote results", "dir", plan.outDir, "files", files,
		"replications", sim.reps, "policies", len(plan.model.Policies), "workers", plan.workers,
		"seconds", fmt.Sprintf("%.2f", sim.end.Sub(sim.start).Seconds()))
	if checks.Failed(checkResults) > 0 {
		return checksError(checkResults)
	}
	return nil
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
