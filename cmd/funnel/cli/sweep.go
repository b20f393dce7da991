package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"funnellab/experiment"
	"funnellab/results"
	"funnellab/sim/funnel"
)

// sweepMetrics are the metrics sweep draws and reports by default.
var sweepMetrics = []string{"revenue", "profit", "deals_won", "rep_utilization"}

// sweepOptions are funnel sweep's flags.
type sweepOptions struct {
	args    []string // as given, for manifest.json
	varies  []string
	design  string
	points  int
	sets    []string
	reps    int
	seed    uint64
	seedSet bool
	workers int
	out     string
	metrics []string
	diff    []string
	quiet   bool
	// precision > 0 adds replications per point until the relative 95%
	// CI half-width of precisionOn is at most precision, or maxReps.
	precision   float64
	precisionOn string
	maxReps     int
	// shard is --shard I/N (sweepshard.go); canon the arguments that make
	// the sweep's results, for a shard's manifest. merged are the shards
	// funnel merge puts together, whose replications the sweep then reads
	// instead of simulating them, and mergeSHA their scenario's digest.
	shard    string
	canon    []string
	merged   []mergedShard
	mergeSHA string
}

// sweepCmd runs a scenario at every point of a design: funnel sweep
// SCENARIO --vary KEY=V1,V2,... [--vary ...] or --vary KEY=LO..HI
// --design lhs|sobol|halton --points N.
func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, arg, err := parseSweepArgs(args, stderr)
	if err != nil {
		return err
	}
	res, err := runSweep(ctx, arg, o, stderr)
	if err != nil {
		return err
	}
	if res.summary == nil { // a shard
		return printSweepShard(stdout, res, o)
	}
	return printSweep(stdout, res, o)
}

// parseSweepArgs parses funnel sweep's flags and checks those that need
// no scenario; it returns the options and the SCENARIO argument.
func parseSweepArgs(args []string, stderr io.Writer) (sweepOptions, string, error) {
	fs := newFlags("sweep", "sweep SCENARIO --vary KEY=V1,V2,... [--vary ...] | --vary KEY=LO..HI ... --design lhs|sobol|halton --points N [flags]", stderr)
	var o sweepOptions
	fs.StringArrayVar(&o.varies, "vary", nil, "a key and its values, KEY=V1,V2,... (a grid: the cartesian product of the lists), or KEY=LO..HI with a space-filling --design; KEY is any --set path, policies by name or index (policies.objective.sla_hours); repeatable")
	fs.StringVar(&o.design, "design", experiment.DesignGrid, "grid (the listed values), lhs (Latin hypercube), sobol (Sobol sequence, Joe–Kuo) or halton (scrambled Halton) over the LO..HI ranges")
	fs.IntVar(&o.points, "points", 0, "number of design points of a space-filling --design")
	fs.StringArrayVar(&o.sets, "set", nil, "override a scenario key before the design's (repeatable)")
	fs.IntVar(&o.reps, "reps", 0, "replications per point and policy (default: the scenario's)")
	fs.Uint64Var(&o.seed, "seed", 0, "master seed of every point (default: the scenario's) and seed of lhs and halton designs")
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (default: number of CPUs); the results do not depend on it")
	fs.StringVar(&o.out, "out", "", "output directory, must not exist (default: out/<scenario>-sweep-<UTC timestamp>)")
	metrics := fs.String("metrics", strings.Join(sweepMetrics, ","), "comma-separated metrics of the figures, the report and the printed table (docs/metrics.md)")
	diff := fs.String("diff", "", "two policies A,B: the two-key heat map of B − A (default: the first two policies)")
	fs.Float64Var(&o.precision, "precision", 0, "relative precision per point: add replications until the 95% CI half-width of --precision-on is at most this fraction of its mean at every point, or --max-reps (Law & Kelton's sequential procedure; 0: off)")
	fs.StringVar(&o.precisionOn, "precision-on", "revenue", "what --precision is measured on: METRIC (every policy's), POLICY.METRIC, or 'A.METRIC - B.METRIC' (the paired difference)")
	fs.IntVar(&o.maxReps, "max-reps", 200, "most replications per point under --precision")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print only the output folder")
	fs.StringVar(&o.shard, "shard", "", "run only shard I/N: the I-th (from 0) of N contiguous ranges of the sweep's point × replication jobs, into a folder that 'funnel merge' puts back together with the others, byte-identical to the whole sweep (docs/cluster.md)")
	if err := parseFlags(fs, args); err != nil {
		return o, "", err
	}
	if fs.NArg() != 1 {
		return o, "", usageErr("sweep: expected one SCENARIO argument, got %d", fs.NArg())
	}
	if o.shard != "" && fs.Changed("precision") {
		return o, "", usageErr("sweep: --precision decides the replications per point as the sweep goes, so it cannot be sharded: drop --shard, or shard a fixed --reps")
	}
	o.canon = canonicalArgs(fs, "out", "shard", "workers", "quiet")
	o.seedSet = fs.Changed("seed")
	o.metrics, o.diff = splitList(*metrics), splitList(*diff)
	switch {
	case len(o.varies) == 0:
		return o, "", usageErr("sweep: at least one --vary KEY=V1,V2,... (or KEY=LO..HI with --design) is required")
	case len(o.varies) > maxSweepKeys:
		return o, "", usageErr("sweep: --vary: given %d times, expected at most %d", len(o.varies), maxSweepKeys)
	case fs.Changed("reps") && (o.reps < 1 || o.reps > 100000):
		return o, "", usageErr("sweep: --reps: got %d, expected an integer in [1,100000]", o.reps)
	case o.workers < 0:
		return o, "", usageErr("sweep: --workers: got %d, expected 0 (number of CPUs) or more", o.workers)
	case fs.Changed("points") && o.points < 1:
		return o, "", usageErr("sweep: --points: got %d, expected 1 or more", o.points)
	case len(o.metrics) == 0:
		return o, "", usageErr("sweep: --metrics: expected at least one metric")
	case !(o.precision >= 0) || math.IsInf(o.precision, 0):
		return o, "", usageErr("sweep: --precision: got %g, expected a relative half-width > 0 (or 0: off)", o.precision)
	case o.precision > 0 && (o.maxReps < 2 || o.maxReps > 100000):
		return o, "", usageErr("sweep: --max-reps: got %d, expected an integer in [2,100000]", o.maxReps)
	case len(o.diff) != 0 && len(o.diff) != 2:
		return o, "", usageErr("sweep: --diff %q: expected two policies A,B", *diff)
	}
	for _, m := range o.metrics {
		if !slices.Contains(funnel.Names(), m) {
			return o, "", usageErr("sweep: --metrics: unknown metric %q (the metrics are listed in docs/metrics.md)", m)
		}
	}
	o.args = args
	return o, fs.Arg(0), nil
}

// maxSweepKeys is the most --vary arguments a sweep takes.
const maxSweepKeys = experiment.SobolMaxDim

// sweepResult is a finished sweep.
type sweepResult struct {
	dir     string
	design  experiment.Design
	plan    *experiment.Plan
	points  []experiment.PointResult
	summary *experiment.Summary
}

// runSweep checks every input, runs the sweep and writes its folder.
func runSweep(ctx context.Context, arg string, o sweepOptions, stderr io.Writer) (*sweepResult, error) {
	start := time.Now()
	log := newLogger(stderr, o.quiet)
	res, err := loadScenario(arg, o.sets)
	if err != nil {
		return nil, err
	}
	data, err := scenarioBytes(res)
	if err != nil {
		return nil, err
	}
	sc := res.Scenario
	var varies []experiment.Vary
	for _, a := range o.varies {
		v, err := experiment.ParseVary(a)
		if err != nil {
			return nil, usageErr("sweep: %v", err)
		}
		varies = append(varies, v)
	}
	designSeed := sc.Seed
	if o.seedSet {
		designSeed = o.seed
	}
	d, err := experiment.NewDesign(sc, varies, o.design, o.points, designSeed)
	if err != nil {
		return nil, usageErr("sweep: %v", err)
	}
	spec := experiment.Spec{Source: res.Source, Bytes: data, Sets: o.sets, Design: d, Reps: o.reps, Workers: o.workers}
	if o.seedSet {
		spec.Seed = &o.seed
	}
	plan, err := experiment.Prepare(spec)
	if err != nil {
		var ie *experiment.InputError
		if errors.As(err, &ie) {
			return nil, usageErr("sweep: %v", err)
		}
		return nil, err
	}
	names := plan.Scenarios[0].Policies
	pols := make([]string, len(names))
	for i, p := range names {
		pols[i] = p.Name
	}
	if len(o.diff) == 2 {
		for _, p := range o.diff {
			if !slices.Contains(pols, p) {
				return nil, usageErr("sweep: --diff: no policy %q; the scenario's policies are %s", p, strings.Join(pols, ", "))
			}
		}
		if o.diff[0] == o.diff[1] {
			return nil, usageErr("sweep: --diff: expected two different policies, got %s twice", o.diff[0])
		}
	} else if len(pols) >= 2 {
		o.diff = pols[:2]
	}
	var prec experiment.Precision
	if o.precision > 0 {
		q, err := experiment.ParseQuantity(o.precisionOn, pols)
		if err != nil {
			return nil, usageErr("sweep: --precision-on: %v", err)
		}
		if plan.Reps() < 2 {
			return nil, usageErr("sweep: --precision needs at least 2 initial replications (--reps), got %d", plan.Reps())
		}
		if o.maxReps < plan.Reps() {
			return nil, usageErr("sweep: --max-reps %d is below the initial %d replications (--reps)", o.maxReps, plan.Reps())
		}
		prec = experiment.Precision{Relative: o.precision, On: q, MaxReps: o.maxReps}
	}
	if o.shard != "" {
		return runSweepShard(ctx, res, plan, o, start, log)
	}
	dir, err := openOutDir(o.out, sc.Name+"-sweep", log)
	if err != nil {
		return nil, err
	}
	defer dir.Abort()
	log.Info("sweeping", "scenario", res.Source, "design", d.Kind, "points", len(d.Points), "replications", plan.Scenarios[0].Replications, "policies", len(pols), "jobs", plan.Jobs())
	var points []experiment.PointResult
	var reached []experiment.PrecisionPoint
	switch {
	case o.merged != nil: // funnel merge: the shards' replications
		points, err = assembleSweep(res, plan, o)
	case o.precision > 0:
		points, reached, err = plan.RunToPrecision(ctx, prec)
	default:
		points, err = plan.Run(ctx)
	}
	if err != nil {
		return nil, err
	}
	sum, err := experiment.Summarize(sc.Name, d, plan.Keys, points)
	if err != nil {
		return nil, err
	}
	sum.Precision = reached
	files, err := sweepFiles(ctx, d, plan, points, sum, o)
	if err != nil {
		return nil, err
	}
	if files["manifest.json"], err = newStudyManifest("sweep", o.args, res, start, func(m *studyManifest) { m.Shards = o.merged }); err != nil {
		return nil, err
	}
	for _, name := range sortedKeys(files) {
		if err := dir.WriteFile(name, files[name]); err != nil {
			return nil, err
		}
	}
	final, err := dir.Commit()
	if err != nil {
		return nil, err
	}
	log.Info("wrote sweep", "dir", final, "files", len(files), "points", len(d.Points))
	return &sweepResult{dir: final, design: d, plan: plan, points: points, summary: sum}, nil
}

// sweepFiles renders every file of the sweep's folder.
func sweepFiles(ctx context.Context, d experiment.Design, plan *experiment.Plan, points []experiment.PointResult, sum *experiment.Summary, o sweepOptions) (map[string][]byte, error) {
	files := map[string][]byte{}
	var b bytes.Buffer
	if err := experiment.WritePointsCSV(&b, d); err != nil {
		return nil, err
	}
	files["points.csv"] = slices.Clone(b.Bytes())
	b.Reset()
	if err := experiment.WriteSweepCSV(&b, points); err != nil {
		return nil, err
	}
	files["sweep.csv"] = slices.Clone(b.Bytes())
	b.Reset()
	if err := results.WriteJSON(&b, sum); err != nil {
		return nil, err
	}
	files["summary.json"] = slices.Clone(b.Bytes())
	figs, err := sweepFigures(ctx, d, sum, o)
	if err != nil {
		return nil, err
	}
	for _, f := range figs {
		files[f.name+".png"] = f.png
		files[f.name+".svg"] = f.svg
	}
	html, err := sweepReport(d, plan, sum, figs, o)
	if err != nil {
		return nil, err
	}
	files["report.html"] = html
	return files, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// printSweep prints the first --metrics metric at every point and policy.
func printSweep(w io.Writer, r *sweepResult, o sweepOptions) error {
	if o.quiet {
		_, err := fmt.Fprintln(w, r.dir)
		return err
	}
	m := o.metrics[0]
	s := r.summary
	fmt.Fprintf(w, "%s sweep of %s: %d points × %s × %d policies, seed %d (the same random numbers at every point)\n",
		s.Design, s.Scenario, len(s.Points), plural(s.Replications, "replication"), len(s.PolicyOrder), s.Seed)
	if len(s.Precision) > 0 {
		met := 0
		for _, p := range s.Precision {
			if p.Met {
				met++
			}
		}
		fmt.Fprintf(w, "precision %s on %s: met at %d of %d points (replications per point in the table)\n", fnum(o.precision), o.precisionOn, met, len(s.Precision))
	}
	fmt.Fprintf(w, "%s, mean ± 95%% CI half-width:\n", m)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	repsCol := ""
	if len(s.Precision) > 0 {
		repsCol = "\treps"
	}
	fmt.Fprintf(tw, "point\t%s%s\t%s\n", strings.Join(s.Keys, "\t"), repsCol, strings.Join(s.PolicyOrder, "\t"))
	for _, p := range s.Points {
		vals := make([]string, len(s.Keys))
		for k, key := range s.Keys {
			vals[k] = p.Values[key]
		}
		cells := make([]string, len(s.PolicyOrder))
		for i, pol := range s.PolicyOrder {
			cells[i] = meanCI(p.Policies[pol][m])
		}
		if len(s.Precision) > 0 {
			vals = append(vals, fmt.Sprint(p.Replications))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", p.Point, strings.Join(vals, "\t"), strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "wrote %s\n", r.dir)
	return err
}

// meanCI formats a summary as mean ± half-width.
func meanCI(s results.Summary) string {
	if math.IsNaN(s.CI95High) {
		return sig(s.Mean)
	}
	return sig(s.Mean) + " ± " + sig((s.CI95High-s.CI95Low)/2)
}

// sig formats x with 4 significant digits, grouping large numbers.
func sig(x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case math.Abs(x) >= 1e4:
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.4g", x)
}
