package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
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
	// --export crm (exportcrm.go): the replication and policy written as
	// a CRM export.
	export exportOptions
	// --shard I/N, --replications A:B (shard.go) and --resume DIR
	// (resume.go).
	shard, repRange, resume string
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
	// shard is the replications a --shard or --replications run makes
	// (nil for a whole run); sc.Replications is then the whole run's.
	shard *shardRecord
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
	shards     []mergedShard    // the folders a merge read (nil for a simulation)
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
	if o.resume != "" {
		return resumeRun(ctx, o, stdout, stderr)
	}
	plan, err := resolveRun(o)
	if err != nil {
		return err
	}
	_, n := plan.span()
	est := estimateRun(plan.model, n, plan.workers, o.plots)
	if plan.decompose != nil {
		est.addJobs(verdictJobs(n))
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
	if plan.shard == nil {
		plan.sc.Replications = sim.reps // an interrupted run keeps its complete replications
	}
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
	if o.export.kind != "" && sim.reps >= o.export.rep {
		if _, err := writeCRMExport(wctx, plan, o.export, dir); err != nil {
			return err
		}
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
	model := plan.model
	first, n := plan.span()
	s := &simulation{requested: n, start: time.Now()}
	sink, err := newRunSink(dir, model.PolicyNames(), n)
	if err != nil {
		s.end = s.start
		return s, err
	}
	sink.first = first
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
		prog = startProgress(stderr, n, len(model.Policies))
	}
	out, err := runner.Stream(ctx, runner.Options{
		Replications: n,
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
	}, shiftJobs(simJobs(model, prog), first), emit)
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
