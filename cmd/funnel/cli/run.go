package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"funnellab/results"
	"funnellab/results/checks"
	"funnellab/results/report"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
	"funnellab/sim/runner"
	"funnellab/sysmem"
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
	verdict  string   // --verdict-metric: what the report's verdict ranks on (report.VerdictMetrics)
	plots    bool
	dryRun   bool   // --dry-run: print the estimate, run nothing
	maxMem   string // --max-memory ("": the memory available)
	// --precision, --precision-on, --max-reps: replications added until
	// the targets' relative precision is met (precision.go); 0: off.
	precision   float64
	precisionOn string
	maxReps     int
	setReps     bool
	setSeed     bool
}

// runPlan is a run ready to start: the scenario with the flags applied,
// its model and checks, the output directory and the number of workers.
type runPlan struct {
	res     *scenarios.Resolved
	sc      scenarios.Scenario
	model   *funnel.Model
	checks  []*checks.Check
	outDir  string // the run folder: the name asked for, then the one written
	workers int    // the workers used (capWorkers), recorded in the manifest
	// workersCapped is set when --workers asked for more than the CPUs.
	workersCapped bool
	// rule is the stopping rule of a --precision run (nil otherwise);
	// sc.Replications is then --max-reps until the run stops.
	rule *precisionRule
	// decompose is verdict.decompose when the run can do it (both
	// policies in the run, neither switching), else nil; decomposeSkip
	// says why a verdict.decompose given is not done.
	decompose     []string
	decomposeSkip string
}

// simulation is what the runner gave, streamed into the run folder: the
// replications received, and whether every requested one completed.
type simulation struct {
	sink       *runSink
	reps       int // the replications kept: all, or the complete ones of an interrupted run
	requested  int
	complete   bool
	start, end time.Time
	peakRSS    int64            // the process's peak memory when the simulation ended (0: unknown)
	precision  *precisionRecord // a --precision run's outcome (nil otherwise)
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

// testHookWatchLimit, if set, gives the memory watchdog's limit from the
// budget; tests use it to trip the watchdog.
var testHookWatchLimit func(budget int64) int64

// testHookWriting, if set, is called before each file of the write phase
// is written; tests use it to interrupt a run while it writes, or to make
// a step fail with the error it returns.
var testHookWriting func(file string) error

// runCmd is funnel run, in its steps: the options, the scenario and its
// model, the output folder (created before any work), the simulation
// streamed into it, the tables and checks, the other files, what it
// prints and its exit status.
func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseRunOptions(args, stderr)
	if err != nil {
		return err
	}
	plan, err := resolveRun(o)
	if err != nil {
		return err
	}
	est := estimateRun(plan.model, plan.sc.Replications, plan.workers, o.plots)
	if plan.decompose != nil {
		est.addJobs(verdictJobs(plan.sc.Replications))
	}
	budget, budgetSource, err := memoryBudget(o.maxMem)
	if err != nil {
		return err
	}
	if o.dryRun {
		est.print(stdout, "", budget, budgetSource)
		return checkBudget(est, budget, budgetSource)
	}
	if err := checkBudget(est, budget, budgetSource); err != nil {
		return err
	}
	log := newLogger(stderr, o.quiet)
	if est.wallSeconds() > longRun {
		log.Warn("this run is estimated to take a long time; 'funnel run --dry-run' prints the estimate",
			"hours", fmt.Sprintf("%.1f", est.wallSeconds()/3600), "drivers", est.drivers())
	}
	if plan.decomposeSkip != "" {
		log.Info("no decomposition of the verdict: "+plan.decomposeSkip, "verdict.decompose", strings.Join(plan.sc.Verdict.Decompose, ","))
	}
	if plan.workersCapped {
		log.Info("--workers capped to the number of CPUs; results do not depend on it", "asked", o.workers, "workers", plan.workers)
	}
	dir, err := openOutDir(o.out, plan.sc.Name, log)
	if err != nil {
		return err
	}
	defer dir.Abort() // a no-op once the folder is committed
	plan.outDir = dir.Name()
	watch := budget
	if testHookWatchLimit != nil {
		watch = testHookWatchLimit(budget)
	}
	simCtx, stopWatch := watchMemory(ctx, watch)
	sim, simErr := simulateRun(simCtx, plan, o, dir, stderr, log)
	if isCancel(simErr) && errors.Is(context.Cause(simCtx), errMemoryBudget) {
		simErr = fmt.Errorf("the run used more than its memory budget of %s (%s) after %d replications, against an estimate of %s; size it down: %s",
			sysmem.FormatSize(budget), budgetSource, sim.reps, sysmem.FormatSize(est.memory), est.sizeDown(budget))
	}
	stopWatch()
	sim.peakRSS = peakRSS()
	if sim.reps == 0 {
		if simErr == nil { // unreachable: a run has at least one replication
			simErr = fmt.Errorf("no replication ran")
		}
		if isCancel(simErr) {
			log.Warn("interrupted", "replications_complete", 0, "requested", sim.requested)
			return &exitError{ExitInterrupted, fmt.Errorf("interrupted before any replication completed under every policy; nothing written")}
		}
		return simFailure(simErr, 0, "")
	}
	plan.sc.Replications = sim.reps // an interrupted run keeps its complete replications
	// The write phase stops early on a signal that comes during it; a run
	// the signal already stopped writes its complete replications in full
	// (a second signal kills the process: see cmd/funnel).
	wctx := ctx
	if simErr != nil {
		wctx = context.Background()
	}
	r, files, err := writeRun(wctx, plan, o, sim, dir)
	if err != nil {
		return err
	}
	if plan.outDir, err = dir.Commit(); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if plan.outDir != dir.Name() {
		log.Warn("the output folder was taken while the run ran; wrote to a fresh name instead",
			"asked", dir.Name(), "dir", plan.outDir)
	}
	if simErr != nil && !isCancel(simErr) {
		return simFailure(simErr, sim.reps, plan.outDir)
	}
	if err := printRun(stdout, o, plan.sc.Name, r, files.summary); err != nil {
		return err
	}
	return finishRun(log, plan, sim, r.checks, files)
}

func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// simFailure is the error of a run stopped by something other than an
// interruption: a runtime error (exit 1, never 2: the input was valid),
// with what was kept.
func simFailure(err error, kept int, dir string) error {
	var pe *runner.PanicError
	msg := err.Error()
	if errors.As(err, &pe) {
		msg = fmt.Sprintf("%v; this is a bug in funnel, please report it with the scenario and this stack:\n%s", pe, pe.Stack)
	}
	if kept > 0 {
		msg += fmt.Sprintf("\nwrote the %d replications complete before it to %s (\"complete\": false in manifest.json)", kept, dir)
	} else {
		msg += "\nnothing written"
	}
	return &exitError{ExitFailure, errors.New(msg)}
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
	fs.BoolVar(&o.dryRun, "dry-run", false, "print what the run needs (prospects, events, memory, output size, time) and whether it fits, and run nothing")
	fs.StringVar(&o.maxMem, "max-memory", "", "memory the run may use, e.g. 4GiB or 500MB; a run estimated above it is refused, one that grows past it stops with its complete replications written (default: the memory available to the process; 0: no limit)")
	fs.StringVar(&o.baseline, "baseline", "", "the policy every other is compared with in the table and the report (default: the first)")
	fs.Float64Var(&o.precision, "precision", 0, "add replications until the 95% CI half-width of each policy's verdict metric (or of --precision-on) is at most this share of its mean, e.g. 0.01; the first check after --reps (or the scenario's) replications, at most --max-reps (docs/experiments.md)")
	fs.StringVar(&o.precisionOn, "precision-on", "", "with --precision: the quantity whose precision is asked, an expression of the policies' metrics such as 'objective.revenue - waterfall.revenue' (a paired difference; docs/experiments.md), instead of every policy's verdict metric")
	fs.IntVar(&o.maxReps, "max-reps", 1000, "with --precision: replications at most")
	fs.StringVar(&o.verdict, "verdict-metric", report.VerdictMetric, "the metric the report's verdict ranks the policies on: revenue or profit (recorded in manifest.json, so funnel plot redraws the same verdict)")
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
	if !fs.Changed("precision") && (fs.Changed("precision-on") || fs.Changed("max-reps")) {
		return o, usageErr("run: --precision-on and --max-reps go with --precision")
	}
	if fs.Changed("precision") && !(o.precision > 0 && o.precision < 1) {
		return o, usageErr("run: --precision: got %g, expected a relative half-width in (0,1), e.g. 0.01", o.precision)
	}
	if fs.Changed("max-reps") && (o.maxReps < 2 || o.maxReps > 100000) {
		return o, usageErr("run: --max-reps: got %d, expected an integer in [2,100000]", o.maxReps)
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
	if !slices.Contains(report.VerdictMetrics, o.verdict) {
		return nil, usageErr("run: --verdict-metric: got %q, expected %s", o.verdict, strings.Join(report.VerdictMetrics, " or "))
	}
	if o.baseline != "" && !slices.Contains(model.PolicyNames(), o.baseline) {
		return nil, usageErr("run: --baseline: %q is not a policy of the run (policies: %s)",
			o.baseline, strings.Join(model.PolicyNames(), ", "))
	}
	runChecks, err := resolveChecks(res, o.sets, o.checks, model.PolicyNames(), funnel.Names(), o.policies)
	if err != nil {
		return nil, err
	}
	var rule *precisionRule
	if o.precision > 0 {
		if rule, err = newPrecisionRule(o.precision, sc.Replications, o.maxReps, o.precisionOn, o.verdict, model.PolicyNames(), funnel.Names()); err != nil {
			return nil, err
		}
		sc.Replications = o.maxReps // until the rule stops the run
	}
	workers, capped := capWorkers(o.workers, sc.Replications*len(model.Policies))
	plan := &runPlan{res: res, sc: sc, model: model, checks: runChecks, workers: workers, workersCapped: capped, rule: rule}
	plan.decompose, plan.decomposeSkip = verdictPair(sc)
	return plan, nil
}

// openOutDir creates the run folder's temporary directory for --out or
// the default folder of the scenario, before any work, so that a location
// that cannot be written is refused at once (exit 2) rather than after
// the run. It first removes the temporary folders that killed runs left
// in the same parent, and reports those it cannot check.
func openOutDir(out, scenario string, log *slog.Logger) (*results.OutDir, error) {
	if out == "" {
		out = defaultOutDir(scenario, time.Now())
	}
	stale, err := results.CleanStale(filepath.Dir(filepath.Clean(out)))
	if err != nil {
		log.Warn("cannot look for the temporary folders of killed runs", "dir", filepath.Dir(out), "error", err)
	}
	for _, s := range stale {
		if s.Removed {
			log.Warn("removed the temporary folder of a killed run", "dir", s.Path, "pid", s.PID)
		} else {
			log.Warn("left a temporary folder of an unfinished run; remove it if that run is over", "dir", s.Path, "pid", s.PID, "why", s.Reason)
		}
	}
	dir, err := results.CreateOutDir(out)
	if err != nil {
		return nil, usageErr("%v; choose another --out", err)
	}
	return dir, nil
}

// simulateRun runs every replication and policy over the workers,
// streaming the results into the run folder, with the progress line when
// stderr is a terminal. It returns the simulation, whose reps are the
// leading replications complete under every policy, and the error that
// stopped it early, if any: an interruption or a runtime error.
func simulateRun(ctx context.Context, plan *runPlan, o runOptions, dir *results.OutDir, stderr io.Writer, log *slog.Logger) (*simulation, error) {
	sc, model := plan.sc, plan.model
	s := &simulation{requested: sc.Replications, start: time.Now()}
	sink, err := newRunSink(dir, model.PolicyNames(), sc.Replications)
	if err != nil {
		s.end = s.start
		return s, err
	}
	s.sink = sink
	emit := sink.emit
	if rule := plan.rule; rule != nil {
		// Before replication rep is written, the rule sees the rep
		// replications written so far, in order: it stops at the same
		// replication whatever the workers.
		emit = func(rep int, rs []funnel.Result) error {
			if rule.add(sink.table, rep) {
				return errPrecisionMet
			}
			return sink.emit(rep, rs)
		}
	}
	var prog *progress
	if !o.quiet && o.format != "json" && isTerminal(stderr) {
		prog = startProgress(stderr, sc.Replications, len(model.Policies))
	}
	out, err := runner.Stream(ctx, runner.Options{
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
	}, simJobs(model, prog), emit)
	s.end = time.Now()
	if rule := plan.rule; rule != nil {
		if errors.Is(err, errPrecisionMet) {
			err = nil
		} else if err == nil {
			rule.add(sink.table, out.Prefix) // the last replication: met or not
		}
		if err == nil {
			s.requested = out.Prefix // the replications the rule asked for
			s.precision = rule.record(out.Prefix)
			log.Info(rule.summary(out.Prefix))
			if !rule.met {
				log.Warn("the precision asked for was not reached; raise --max-reps or ask for less", "precision", rule.gamma, "max_reps", rule.max)
			}
		}
	}
	if prog != nil {
		prog.finish()
	}
	s.reps, s.complete = out.Prefix, err == nil
	if err != nil && !isCancel(err) {
		log.Error("the run stopped", "error", err, "replications_complete", s.reps)
	}
	return s, err
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

// evaluateRun summarises the kept replications' metrics and evaluates
// the checks on them.
func evaluateRun(plan *runPlan, table *results.Table) (*runResults, error) {
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

// runFilesWritten is what the write phase wrote: the number of files,
// summary.json (for --format json) and the files it could not write
// because the run was interrupted while writing.
type runFilesWritten struct {
	count     int
	summary   []byte
	unwritten []string
	failed    error // the error that stopped the write phase, if not a signal
}

// writeRun finishes the run folder after the simulation: replications.csv
// (streamed during the run), then summary.json, scenario.yaml,
// detail_bins.csv, detail.csv (from the spool), the figures (unless
// --plots=false), report.html and, last, manifest.json.
//
// If ctx ends during this phase (Ctrl-C), or a file cannot be made, the
// file being written is dropped, the rest are not written, and
// manifest.json says "complete": false and lists them as "unwritten"; the
// folder is then committed with what it holds, and finishRun exits with
// ExitInterrupted (or ExitFailure, naming the error).
func writeRun(ctx context.Context, plan *runPlan, o runOptions, sim *simulation, dir *results.OutDir) (*runResults, *runFilesWritten, error) {
	table, err := sim.sink.finish()
	if err != nil {
		return nil, nil, err
	}
	r, err := evaluateRun(plan, table)
	if err != nil {
		return nil, nil, err
	}
	w := &runFilesWritten{count: 1} // replications.csv
	var summary bytes.Buffer
	if err := results.WriteJSON(&summary, &summaryDoc{r.report, r.checks}); err != nil {
		return nil, nil, err
	}
	w.summary = summary.Bytes()
	man := newManifest(plan, o, sim, r.checks)
	// The steps, in order; each returns its files.
	var ds *detailStats
	var svgs []namedSVG
	var why *verdictWhy
	steps := []struct {
		names []string
		do    func() (map[string][]byte, error)
	}{
		{[]string{"summary.json"}, func() (map[string][]byte, error) {
			return map[string][]byte{"summary.json": w.summary}, nil
		}},
		{[]string{"scenario.yaml"}, func() (map[string][]byte, error) {
			y, err := resolvedScenarioYAML(plan, man.Command)
			return map[string][]byte{"scenario.yaml": y}, err
		}},
		{[]string{"detail_bins.csv"}, func() (map[string][]byte, error) {
			return map[string][]byte{"detail_bins.csv": detailBinsCSV()}, nil
		}},
		{[]string{"detail.csv"}, func() (map[string][]byte, error) {
			var err error
			ds, err = sim.sink.writeDetail(ctx.Err)
			return nil, err
		}},
		{[]string{"decomposition.json"}, func() (map[string][]byte, error) {
			var files map[string][]byte
			var err error
			why, files, err = verdictDecomposition(ctx, plan, o, r.table)
			return files, err
		}},
		{[]string{"figures"}, func() (map[string][]byte, error) {
			if !o.plots {
				return nil, nil
			}
			figs, s, err := renderFigures(ctx, r.table, ds, man.Scenario.HorizonDays, man.Scenario.Currency)
			if err != nil && !isCancel(err) {
				err = fmt.Errorf("drawing the figures: %w", err)
			}
			svgs = s
			return figs, err
		}},
		{[]string{"report.html"}, func() (map[string][]byte, error) {
			var mf bytes.Buffer
			if err := results.WriteJSON(&mf, &man); err != nil {
				return nil, err
			}
			html, err := buildReport(r.report, &man, mf.Bytes(), append(svgs, why.svgs()...), why.text())
			if err != nil {
				return nil, fmt.Errorf("writing the report: %w", err)
			}
			return map[string][]byte{"report.html": html}, nil
		}},
	}
	for i, st := range steps {
		var files map[string][]byte
		err := ctx.Err()
		if err == nil && testHookWriting != nil {
			err = testHookWriting(st.names[0])
			if err == nil {
				err = ctx.Err()
			}
		}
		if err == nil {
			files, err = st.do()
		}
		if err == nil {
			err = writeFiles(dir, files)
			w.count += len(files)
			if st.names[0] == "detail.csv" {
				w.count++
			}
		}
		if err != nil && !isCancel(err) {
			// A file that cannot be made (a figure that fails to draw, say)
			// does not lose the run: the folder keeps what was written.
			w.failed = fmt.Errorf("%s: %w", st.names[0], err)
		}
		if err != nil { // interrupted or failed: say what is missing
			for _, rest := range steps[i:] {
				if (rest.names[0] != "figures" || o.plots) && (rest.names[0] != "decomposition.json" || plan.decompose != nil) {
					w.unwritten = append(w.unwritten, rest.names...)
				}
			}
			man.Complete, man.Unwritten = false, w.unwritten
			sim.complete = false
			// The spool is not a result: drop it if detail.csv was not made.
			if err := dir.Remove(spoolName); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, nil, fmt.Errorf("writing results: %w", err)
			}
			break
		}
	}
	var mf bytes.Buffer
	if err := results.WriteJSON(&mf, &man); err != nil {
		return nil, nil, err
	}
	if err := dir.WriteFile("manifest.json", mf.Bytes()); err != nil {
		return nil, nil, fmt.Errorf("writing results: %w", err)
	}
	w.count++
	return r, w, nil
}

// writeFiles writes files into the run folder in name order.
func writeFiles(dir *results.OutDir, files map[string][]byte) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := dir.WriteFile(name, files[name]); err != nil {
			return fmt.Errorf("writing results: %w", err)
		}
	}
	return nil
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
func finishRun(log *slog.Logger, plan *runPlan, sim *simulation, checkResults []checks.Result, w *runFilesWritten) error {
	if w.failed != nil {
		return &exitError{ExitFailure, fmt.Errorf("could not write %v; wrote the %d replications to %s without %s (\"complete\": false in manifest.json)",
			w.failed, sim.reps, plan.outDir, strings.Join(w.unwritten, ", "))}
	}
	if len(w.unwritten) > 0 {
		log.Warn("interrupted while writing the files", "dir", plan.outDir, "unwritten", strings.Join(w.unwritten, ","))
		return &exitError{ExitInterrupted, fmt.Errorf("interrupted while writing the files: wrote the %d replications to %s without %s (\"complete\": false in manifest.json); 'funnel plot %s' draws the figures and the report from detail.csv",
			sim.reps, plan.outDir, strings.Join(w.unwritten, ", "), plan.outDir)}
	}
	if !sim.complete {
		log.Warn("interrupted; wrote the complete replications", "dir", plan.outDir,
			"replications_complete", sim.reps, "requested", sim.requested)
		return &exitError{ExitInterrupted, fmt.Errorf("interrupted after %d of %d replications; wrote them to %s (\"complete\": false in manifest.json)",
			sim.reps, sim.requested, plan.outDir)}
	}
	log.Info("wrote results", "dir", plan.outDir, "files", w.count,
		"replications", sim.reps, "policies", len(plan.model.Policies), "workers", plan.workers,
		"seconds", fmt.Sprintf("%.2f", sim.end.Sub(sim.start).Seconds()),
		"peak_memory_simulating", sysmem.FormatSize(sim.peakRSS), "peak_memory", sysmem.FormatSize(peakRSS()))
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

// defaultOutDir is out/<scenario>-<UTC timestamp>-<4 random hex digits>:
// two runs started in the same second get different folders. Should the
// name still be taken when the run ends, results.OutDir.Commit writes
// under a fresh one.
func defaultOutDir(name string, now time.Time) string {
	return filepath.Join("out", fmt.Sprintf("%s-%s-%04x", unsafeName.ReplaceAllString(name, "_"),
		now.UTC().Format("20060102T150405Z"), rand.Uint32()&0xffff))
}
