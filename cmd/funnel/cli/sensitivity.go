package cli

import (
	"context"
	"fmt"
	"funnellab/experiment"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"funnellab/scenarios"
	"funnellab/sensitivity"
	"funnellab/sim/funnel"
)

// sensKey is one --vary KEY=LO..HI of funnel sensitivity.
type sensKey struct {
	key     string // as given (policies by name allowed)
	lo, hi  float64
	integer bool
}

// value maps a unit coordinate to the key's value (rounded for an integer
// key).
func (k sensKey) value(u float64) float64 {
	v := k.lo + u*(k.hi-k.lo)
	if k.integer {
		v = math.Round(v)
	}
	return v
}

// sensOptions are funnel sensitivity's flags, checked.
type sensOptions struct {
	quiet        bool    // -q: nothing on stdout or stderr on success
	precision    float64 // --precision: relative half-width per point (0: off)
	maxReps      int     // --max-reps
	precisionSet bool
	maxRepsSet   bool
	scenario     string
	vary         []string
	output       string
	method       string
	points       int
	trajectories int
	levels       int
	bootstrap    int
	reps         int
	repsSet      bool
	seed         uint64
	seedSet      bool
	workers      int
	out          string
	sets         []string
	args         []string
	// shard is --shard I/N (sensshard.go), canon the arguments that make
	// the study's results; merged are the shards funnel merge puts
	// together (their values are read instead of simulated), mergeSHA
	// their scenario's digest.
	shard    string
	canon    []string
	merged   []mergedShard
	mergeSHA string
}

// sensitivityCmd is funnel sensitivity: flags → runSensitivity.
func sensitivityCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return sensitivityCmdMerged(ctx, args, "", nil, stdout, stderr)
}

// sensitivityCmdMerged is funnel sensitivity, or with shards the study
// funnel merge makes of them.
func sensitivityCmdMerged(ctx context.Context, args []string, mergeSHA string, merged []mergedShard, stdout, stderr io.Writer) error {
	fs := newFlags("sensitivity", "sensitivity SCENARIO --vary KEY=LO..HI ... --output EXPR [--method morris|sobol] [flags]", stderr)
	vary := fs.StringArray("vary", nil, "a scenario key and its range, KEY=LO..HI (repeatable; policies by name: policies.objective.sla_hours)")
	output := fs.String("output", "", "the quantity studied: POLICY.METRIC (objective.revenue) or a difference POLICY.METRIC - POLICY.METRIC")
	method := fs.String("method", "morris", "morris (elementary effects, for screening) or sobol (first-order and total indices)")
	points := fs.Int("points", 32, "sobol: base sample size N (the design has N(k+2) points for k keys)")
	traj := fs.Int("trajectories", 10, "morris: trajectories r (the design has r(k+1) points)")
	levels := fs.Int("levels", 4, "morris: grid levels p (even)")
	boot := fs.Int("bootstrap", 1000, "bootstrap resamples of the confidence intervals")
	sets := fs.StringArray("set", nil, "override a scenario key at every point (repeatable)")
	reps := fs.Int("reps", 0, "replications per design point (default: the scenario's); every point uses the same seeds (common random numbers)")
	seed := fs.Uint64("seed", 0, "master seed of the simulations and of the design (default: the scenario's)")
	workers := fs.Int("workers", 0, "worker goroutines (default: number of CPUs); the outputs do not depend on it")
	out := fs.String("out", "", "output folder (default: out/sensitivity-SCENARIO-TIMESTAMP); must not exist")
	quiet := fs.BoolP("quiet", "q", false, "print nothing on success (files are still written)")
	precision := fs.Float64("precision", 0, "add replications to each design point until the 95% CI half-width of the output's mean is at most this share of it (Law and Kelton's rule, in rounds; docs/experiments.md), up to --max-reps")
	maxReps := fs.Int("max-reps", 200, "with --precision: replications per point at most")
	shard := fs.String("shard", "", "run only shard I/N: the I-th (from 0) of N contiguous ranges of the design's point × replication jobs, into a folder that 'funnel merge' puts back together with the others, byte-identical to the whole study (docs/cluster.md)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *shard != "" && fs.Changed("precision") {
		return usageErr("sensitivity: --precision decides the replications per point as the study goes, so it cannot be sharded: drop --shard, or shard a fixed --reps")
	}
	if fs.NArg() != 1 {
		return usageErr("sensitivity: expected one SCENARIO argument, got %d", fs.NArg())
	}
	o := sensOptions{scenario: fs.Arg(0), vary: *vary, output: *output, method: *method, points: *points,
		trajectories: *traj, levels: *levels, bootstrap: *boot, reps: *reps, repsSet: fs.Changed("reps"),
		seed: *seed, seedSet: fs.Changed("seed"), workers: *workers, out: *out, sets: *sets, args: args, quiet: *quiet, precision: *precision, maxReps: *maxReps, precisionSet: fs.Changed("precision"), maxRepsSet: fs.Changed("max-reps"),
		shard: *shard, canon: canonicalArgs(fs, "out", "shard", "workers", "quiet"), merged: merged, mergeSHA: mergeSHA}
	return runSensitivity(ctx, o, stdout, stderr)
}

// sensPlan is a checked sensitivity study, ready to simulate.
type sensPlan struct {
	o        sensOptions
	res      *scenarios.Resolved // the scenario loaded, for manifest.json
	name     string              // the scenario's name
	keys     []sensKey
	expr     sensExpr
	design   [][]float64 // unit coordinates
	values   [][]float64 // key values at each point
	models   []*funnel.Model
	reps     int
	seed     uint64
	policies []string // simulated, in order
	// merged are the terms of every point and replication read from
	// shards by funnel merge (nil: simulate them).
	merged *[2][][]float64
}

// planSensitivity checks every flag and builds every design point's model,
// so that all usage errors come before the first simulation.
func planSensitivity(o sensOptions) (*sensPlan, error) {
	switch {
	case len(o.vary) == 0:
		return nil, usageErr("sensitivity: --vary: give at least one KEY=LO..HI")
	case len(o.vary) > 50:
		return nil, usageErr("sensitivity: --vary: given %d times, expected at most 50", len(o.vary))
	case o.output == "":
		return nil, usageErr("sensitivity: --output is required: POLICY.METRIC or POLICY.METRIC - POLICY.METRIC")
	case o.method != "morris" && o.method != "sobol":
		return nil, usageErr("sensitivity: --method: got %q, expected morris or sobol", o.method)
	case o.points < 2 || o.points > 100000:
		return nil, usageErr("sensitivity: --points: got %d, expected an integer in [2,100000]", o.points)
	case o.trajectories < 2 || o.trajectories > 10000:
		return nil, usageErr("sensitivity: --trajectories: got %d, expected an integer in [2,10000]", o.trajectories)
	case o.levels < 2 || o.levels%2 != 0 || o.levels > 1000:
		return nil, usageErr("sensitivity: --levels: got %d, expected an even integer in [2,1000]", o.levels)
	case o.bootstrap < 0 || o.bootstrap > 100000:
		return nil, usageErr("sensitivity: --bootstrap: got %d, expected an integer in [0,100000]", o.bootstrap)
	case o.repsSet && (o.reps < 1 || o.reps > 100000):
		return nil, usageErr("sensitivity: --reps: got %d, expected an integer in [1,100000]", o.reps)
	case o.workers < 0:
		return nil, usageErr("sensitivity: --workers: got %d, expected 0 (number of CPUs) or more", o.workers)
	}
	res, err := loadScenario(o.scenario, o.sets)
	if err != nil {
		return nil, err
	}
	data, err := scenarioBytes(res)
	if err != nil {
		return nil, err
	}
	sc0 := res.Scenario
	var polNames []string
	for _, p := range sc0.Policies {
		polNames = append(polNames, p.Name)
	}
	expr, err := parseSensExpr(o.output, polNames)
	if err != nil {
		return nil, err
	}
	p := &sensPlan{o: o, res: res, name: sc0.Name, expr: expr, reps: sc0.Replications, seed: sc0.Seed, policies: expr.policies()}
	if o.repsSet {
		p.reps = o.reps
	}
	if o.seedSet {
		p.seed = o.seed
	}
	switch {
	case !o.precisionSet && o.maxRepsSet:
		return nil, usageErr("sensitivity: --max-reps goes with --precision")
	case o.precisionSet && !(o.precision > 0 && o.precision < 1):
		return nil, usageErr("sensitivity: --precision: got %g, expected a relative half-width in (0,1), e.g. 0.05", o.precision)
	case o.precisionSet && p.reps < 2:
		return nil, usageErr("sensitivity: --precision needs at least 2 replications per point before its first check; got --reps %d", p.reps)
	case o.precisionSet && (o.maxReps < p.reps || o.maxReps > 100000):
		return nil, usageErr("sensitivity: --max-reps: got %d, expected an integer from the first round's %d to 100000", o.maxReps, p.reps)
	}
	for _, v := range o.vary {
		k, err := parseSensKey(sc0, v)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(p.keys, func(x sensKey) bool { return x.key == k.key }) {
			return nil, usageErr("sensitivity: --vary %s: the key is varied twice", k.key)
		}
		p.keys = append(p.keys, k)
	}
	rng := rand.New(rand.NewPCG(p.seed, 0x73656e73)) // "sens"
	if o.method == "morris" {
		p.design, err = sensitivity.MorrisDesign(len(p.keys), o.trajectories, o.levels, rng)
	} else {
		p.design, err = sensitivity.SaltelliDesign(len(p.keys), o.points, rng)
	}
	if err != nil {
		return nil, asUsage(err)
	}
	if n := len(p.design) * p.reps * len(p.policies); n > 10_000_000 {
		return nil, usageErr("sensitivity: %d simulations (%d points × %d replications × %d policies), expected at most 10,000,000: lower --points, --trajectories or --reps",
			n, len(p.design), p.reps, len(p.policies))
	}
	// One model per distinct point (Morris points repeat across
	// trajectories rarely; integer keys make repeats common).
	cache := map[string]*funnel.Model{}
	for _, u := range p.design {
		vals := make([]float64, len(p.keys))
		all := slices.Clone(o.sets)
		for i, k := range p.keys {
			vals[i] = k.value(u[i])
			all = append(all, k.key+"="+strconv.FormatFloat(vals[i], 'g', -1, 64))
		}
		p.values = append(p.values, vals)
		id := strings.Join(all, "\x00")
		if m, ok := cache[id]; ok {
			p.models = append(p.models, m)
			continue
		}
		r, err := scenarios.Parse(res.Source, data, all)
		if err != nil {
			return nil, asUsage(fmt.Errorf("sensitivity: at a design point: %w", err))
		}
		sc := r.Scenario
		if sc.Policies, err = selectPolicies(sc.Policies, p.policies); err != nil {
			return nil, err
		}
		sc.Replications, sc.Seed = p.reps, p.seed
		m, err := funnel.Compile(sc)
		if err != nil {
			return nil, asUsage(fmt.Errorf("sensitivity: %s at a design point (%s): %w", res.Source, strings.Join(all[len(o.sets):], ", "), err))
		}
		cache[id] = m
		p.models = append(p.models, m)
	}
	return p, nil
}

// parseSensKey parses KEY=LO..HI and checks the key is a number of the
// scenario whose range holds [LO, HI].
func parseSensKey(sc scenarios.Scenario, arg string) (sensKey, error) {
	key, rng, ok := strings.Cut(arg, "=")
	key = strings.TrimSpace(key)
	los, his, ok2 := strings.Cut(rng, "..")
	if !ok || !ok2 || key == "" {
		return sensKey{}, usageErr("sensitivity: --vary %q: expected KEY=LO..HI (e.g. sales.reps=4..12)", arg)
	}
	lo, err1 := strconv.ParseFloat(strings.TrimSpace(los), 64)
	hi, err2 := strconv.ParseFloat(strings.TrimSpace(his), 64)
	if err1 != nil || err2 != nil || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return sensKey{}, usageErr("sensitivity: --vary %q: LO and HI must be finite numbers", arg)
	}
	if !(lo < hi) {
		return sensKey{}, usageErr("sensitivity: --vary %q: expected LO < HI", arg)
	}
	path, err := experiment.ResolveKey(sc, key)
	if err != nil {
		return sensKey{}, usageErr("sensitivity: --vary %s: %v", key, err)
	}
	_, integer, min, max, err := scenarios.NumberAt(sc, path)
	if err != nil {
		return sensKey{}, usageErr("sensitivity: --vary %s: %v", key, err)
	}
	if lo < min || hi > max {
		return sensKey{}, usageErr("sensitivity: --vary %s=%s..%s: outside the key's range [%s, %s]", key, fnum(lo), fnum(hi), fnum(min), fnum(max))
	}
	if integer && (lo != math.Trunc(lo) || hi != math.Trunc(hi)) {
		return sensKey{}, usageErr("sensitivity: --vary %s=%s..%s: the key is an integer, expected integer bounds", key, fnum(lo), fnum(hi))
	}
	return sensKey{key: key, lo: lo, hi: hi, integer: integer}, nil
}

// runSensitivity plans, simulates, estimates and writes a study.
func runSensitivity(ctx context.Context, o sensOptions, stdout, stderr io.Writer) error {
	start := time.Now()
	p, err := planSensitivity(o)
	if err != nil {
		return err
	}
	log := newLogger(stderr, o.quiet)
	if o.shard != "" {
		return runSensShard(ctx, p, start, log)
	}
	if o.merged != nil {
		if err := readSensShards(p); err != nil {
			return err
		}
	}
	dir, err := openOutDir(o.out, "sensitivity-"+p.name, log)
	if err != nil {
		return err
	}
	defer dir.Abort()
	if !o.quiet {
		fmt.Fprintf(stderr, "sensitivity: %s, %s, %d design points × %s × %s = %d simulations\n", o.method, plural(len(p.keys), "key"), len(p.design),
			plural(p.reps, "replication"), policiesWord(len(p.policies)), len(p.design)*p.reps*len(p.policies))
	}
	pts, err := simulateSensitivity(ctx, p)
	if err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	a, err := analyseSensitivity(p, pts)
	if err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	files, err := sensitivityFiles(p, pts, a)
	if err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	if files["manifest.json"], err = newStudyManifest("sensitivity", o.args, p.res, start, func(m *studyManifest) { m.Shards = o.merged }); err != nil {
		return err
	}
	if err := writeFiles(dir, files); err != nil {
		return err
	}
	final, err := dir.Commit()
	if err != nil {
		return err
	}
	if !o.quiet {
		printSensitivity(stdout, p, a)
		fmt.Fprintf(stdout, "wrote %s\n", final)
	}
	return nil
}
