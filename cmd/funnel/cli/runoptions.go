package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"funnellab/results/report"
	"funnellab/sim/funnel"
)

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
	addExportFlags(fs, &o.export) // exportcrm.go
	fs.StringVar(&o.shard, "shard", "", "run only shard I/N: the I-th (from 0) of N contiguous ranges of the replications, into a run folder that 'funnel merge' puts back together with the others, byte-identical to the unsharded run (docs/cluster.md)")
	fs.StringVar(&o.repRange, "replications", "", "run only replications A:B (A to B-1) of the run, as a shard for 'funnel merge'")
	fs.StringVar(&o.resume, "resume", "", "continue the interrupted run in this folder (\"complete\": false) up to its requested replications, with its own options; the folder is replaced by the complete run, byte-identical to an uninterrupted one")
	if err := parseFlags(fs, args); err != nil {
		return o, err
	}
	if err := o.export.checkFlags(fs); err != nil {
		return o, err
	}
	if err := checkShardFlags(fs, o); err != nil {
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
	if _, err = o.export.check(sc.Replications, model.PolicyNames()); err != nil { // exportcrm.go
		return nil, err
	}
	runChecks, err := resolveChecks(res, o.sets, o.checks, model.PolicyNames(), funnel.Names(), o.policies)
	if err != nil {
		return nil, err
	}
	shard, err := resolveShard(o, sc.Replications)
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
	plan := &runPlan{res: res, sc: sc, model: model, checks: runChecks, rule: rule, shard: shard}
	_, n := plan.span()
	plan.workers, plan.workersCapped = capWorkers(o.workers, n*len(model.Policies))
	plan.decompose, plan.decomposeSkip = verdictPair(sc)
	if shard != nil {
		// A shard's checks and the verdict's decomposition are the
		// merged run's: funnel merge evaluates and makes them.
		plan.checks = nil
		if plan.decompose != nil {
			plan.decompose, plan.decomposeSkip = nil, "a shard of the run: funnel merge decomposes the merged run"
		}
	}
	return plan, nil
}
