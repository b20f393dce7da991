package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"funnellab/calibration"
	"funnellab/findings"
	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// allFitted is the --findings value naming every finding whose role is
// fitted.
const allFitted = "all-fitted"

// jointBootstrap is the number of resamples of the replications at the
// optimum, and jointBootSeed their generator's seed.
const (
	jointBootstrap = 200
	jointBootSeed  = 0xca1b
)

// jointTarget is one finding a joint calibration reaches for.
type jointTarget struct {
	finding  scenarios.Finding
	scenario int // index in jointSetup.scenarios
	target   calibration.Target
}

// jointScenario is a finding scenario the targets are measured on: one run
// per evaluation for all its targets.
type jointScenario struct {
	name    string // embedded name, findings/NAME
	data    []byte
	targets []int // indexes in jointSetup.targets
}

// jointSetup is everything a joint calibration needs, resolved from its
// flags before the first simulation.
type jointSetup struct {
	args      []string
	sets      []string
	world     *scenarios.Resolved // the world the keys are fitted in, without --set
	worldData []byte
	worldFile bool // --world given: the finding scenarios are parsed over it
	params    []calibParam
	targets   []jointTarget
	scenarios []jointScenario
	reps      int // 0: each scenario's
	seed      uint64
	seedSet   bool
	workers   int
	evals     int
	starts    int
	step      float64
	out, json string
}

// hasJointFlag reports whether calibrate's arguments ask for the joint
// mode (--findings).
func hasJointFlag(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "--findings" || strings.HasPrefix(a, "--findings=") {
			return true
		}
	}
	return false
}

// calibrateJointCmd fits world keys to many findings at once: funnel
// calibrate --findings ID,... --fit K1,K2 (docs/findings.md, "Joint
// calibration").
func calibrateJointCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("calibrate", "calibrate --findings ID[,ID...]|all-fitted --fit KEY[,KEY...] [flags]", stderr)
	ids := fs.String("findings", "", "comma-separated finding ids to fit together (funnel reproduce lists them), or all-fitted: every finding whose role is fitted")
	fit := fs.String("fit", "", "comma-separated world keys to fit (dotted paths, as --set), applied to every finding scenario")
	bounds := fs.StringArray("bounds", nil, "bounds of a fitted key, KEY=LOW:HIGH (repeatable; default: the key's range in docs/scenario.md)")
	sets := fs.StringArray("set", nil, "override a key of every finding scenario (and of the written world) before fitting (repeatable)")
	world := fs.String("world", "", "a world file to fit instead of the finding scenarios' embedded parent; every finding scenario is parsed over it")
	weights := fs.StringArray("weight", nil, "weight of a target in the loss, ID=W (repeatable; default 1)")
	reps := fs.Int("reps", 0, "replications per evaluation (default: each scenario's)")
	seed := fs.Uint64("seed", 0, "master seed (default: each scenario's); every evaluation uses it (common random numbers)")
	evals := fs.Int("evals", 60, "most simulations Nelder–Mead may run after the start design")
	starts := fs.Int("starts", 16, "points of the scrambled Sobol start design over the bounds (0: start from the world's values only)")
	step := fs.Float64("step", 0.05, "finite-difference step of the Jacobian, as a share of each key's bounds")
	workers := fs.Int("workers", 0, "worker goroutines (default: number of CPUs); results do not depend on it")
	out := fs.String("out", "", "write the fitted world here (default: NAME.calibrated.yaml); must not exist")
	jsonOut := fs.String("json", "", "write the machine-readable report here (default: NAME.calibration.json beside --out); must not exist")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 0:
		return usageErr("calibrate --findings: expected no SCENARIO argument (the findings name their scenarios), got %q", fs.Args())
	case *fit == "":
		return usageErr("calibrate --findings: --fit is required")
	case len(*bounds) > scenarios.MaxSets:
		return usageErr("calibrate: --bounds: given %d times, expected at most %d", len(*bounds), scenarios.MaxSets)
	case len(*weights) > scenarios.MaxSets:
		return usageErr("calibrate: --weight: given %d times, expected at most %d", len(*weights), scenarios.MaxSets)
	case fs.Changed("reps") && (*reps < 1 || *reps > 100000):
		return usageErr("calibrate: --reps: got %d, expected an integer in [1,100000]", *reps)
	case *evals < 0:
		return usageErr("calibrate: --evals: got %d, expected 0 or more", *evals)
	case *starts < 0 || *starts > 4096:
		return usageErr("calibrate: --starts: got %d, expected an integer in [0,4096]", *starts)
	case !(*step > 0 && *step <= 0.5):
		return usageErr("calibrate: --step: got %g, expected a share of the bounds in (0, 0.5]", *step)
	case *workers < 0:
		return usageErr("calibrate: --workers: got %d, expected 0 (number of CPUs) or more", *workers)
	}
	st := &jointSetup{args: args, sets: *sets, worldFile: *world != "", workers: *workers, evals: *evals,
		starts: *starts, step: *step, seed: *seed, seedSet: fs.Changed("seed")}
	if fs.Changed("reps") {
		st.reps = *reps
	}
	if err := st.resolveTargets(splitList(*ids), *weights); err != nil {
		return err
	}
	if err := st.resolveWorld(*world); err != nil {
		return err
	}
	params, err := parseParams(st.world.Scenario, splitList(*fit), *bounds)
	if err != nil {
		return err
	}
	st.params = params
	st.out = *out
	if st.out == "" {
		st.out = st.world.Scenario.Name + ".calibrated.yaml"
	}
	st.json = *jsonOut
	if st.json == "" {
		st.json = filepath.Join(filepath.Dir(st.out), st.world.Scenario.Name+".calibration.json")
	}
	if st.json == st.out {
		return usageErr("calibrate: --json and --out are both %s; expected two files", st.out)
	}
	for i, p := range []string{st.out, st.json} {
		if err := freshOutputFile(p, []string{"--out", "--json"}[i]); err != nil {
			return err
		}
	}
	// Usage errors before any simulation: every scenario at the start.
	u0 := st.startPoint()
	for i := range st.scenarios {
		sc, err := st.scenarioAt(i, u0)
		if err != nil {
			return err
		}
		if _, err := funnel.Compile(sc); err != nil {
			return asUsage(fmt.Errorf("%s: %w", st.scenarios[i].name, err))
		}
	}
	rep, err := st.run(ctx, stderr)
	if err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	return st.report(rep, stdout)
}

// resolveTargets finds the named findings in the embedded finding
// scenarios, with their weights.
func (st *jointSetup) resolveTargets(ids, weights []string) error {
	if len(ids) == 0 {
		return usageErr("calibrate: --findings: expected finding ids or %s", allFitted)
	}
	type loc struct {
		scenario string
		f        scenarios.Finding
	}
	byID := map[string]loc{}
	var known, fitted []string
	for _, name := range scenarios.FindingNames() {
		res, err := scenarios.LoadEmbedded(name, nil)
		if err != nil {
			return err
		}
		for _, f := range res.Scenario.Findings {
			byID[f.ID] = loc{name, f}
			known = append(known, f.ID)
			if f.Role == scenarios.RoleFitted {
				fitted = append(fitted, f.ID)
			}
		}
	}
	if slices.Contains(ids, allFitted) {
		if len(ids) != 1 {
			return usageErr("calibrate: --findings: %s stands alone, got %s", allFitted, strings.Join(ids, ","))
		}
		if len(fitted) == 0 {
			return usageErr("calibrate: --findings %s: no finding has role fitted (the findings carry no role yet); name the findings", allFitted)
		}
		ids = fitted
	}
	scIndex := map[string]int{}
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			return usageErr("calibrate: --findings: %s named twice", id)
		}
		l, ok := byID[id]
		if !ok {
			return usageErr("calibrate: --findings: no finding %q; findings: %s", id, strings.Join(known, ", "))
		}
		t, err := calibration.NewTarget(id, l.f.Published, l.f.Compare, l.f.Tolerance)
		if err != nil {
			return usageErr("calibrate: --findings: %v", err)
		}
		s, ok := scIndex[l.scenario]
		if !ok {
			data, err := scenarios.Embedded(l.scenario)
			if err != nil {
				return err
			}
			s = len(st.scenarios)
			scIndex[l.scenario] = s
			st.scenarios = append(st.scenarios, jointScenario{name: l.scenario, data: data})
		}
		st.scenarios[s].targets = append(st.scenarios[s].targets, len(st.targets))
		st.targets = append(st.targets, jointTarget{finding: l.f, scenario: s, target: t})
	}
	for _, a := range weights {
		id, v, ok := strings.Cut(a, "=")
		w, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || !(w >= 0) || math.IsInf(w, 0) {
			return usageErr("calibrate: --weight %q: expected ID=W with W a number ≥ 0", a)
		}
		i := slices.IndexFunc(st.targets, func(t jointTarget) bool { return t.finding.ID == id })
		if i < 0 {
			return usageErr("calibrate: --weight %q: %s is not a finding of --findings", a, id)
		}
		st.targets[i].target.Weight = w
	}
	return nil
}

// resolveWorld reads the world the keys are fitted in: the --world file,
// or the embedded world (scenarios/world.yaml) every finding scenario
// extends, directly or through default.
func (st *jointSetup) resolveWorld(file string) error {
	if file != "" {
		res, err := loadScenario(file, nil)
		if err != nil {
			return err
		}
		data, err := scenarioBytes(res)
		if err != nil {
			return err
		}
		st.world, st.worldData = res, data
		return nil
	}
	res, err := scenarios.LoadEmbedded(scenarios.WorldName, nil)
	if err != nil {
		return err
	}
	data, err := scenarios.Embedded(scenarios.WorldName)
	if err != nil {
		return err
	}
	st.world, st.worldData = res, data
	return nil
}

// startPoint is the world's values of the fitted keys, unit-scaled.
func (st *jointSetup) startPoint() []float64 {
	u := make([]float64, len(st.params))
	for k, p := range st.params {
		u[k] = (p.start - p.lo) / (p.hi - p.lo)
	}
	return u
}

// value is key k's value at unit coordinate u.
func (st *jointSetup) value(k int, u float64) float64 {
	p := st.params[k]
	v := p.lo + math.Min(math.Max(u, 0), 1)*(p.hi-p.lo)
	if p.integer {
		v = math.Round(v)
	}
	return v
}

// keySets are --set and the fitted keys at u, as --set arguments.
func (st *jointSetup) keySets(u []float64) []string {
	all := slices.Clone(st.sets)
	for k, p := range st.params {
		all = append(all, p.key+"="+strconv.FormatFloat(st.value(k, u[k]), 'g', 10, 64))
	}
	return all
}

// scenarioAt is finding scenario i with the fitted keys at u, over the
// world file if one is given, with --reps and --seed applied.
func (st *jointSetup) scenarioAt(i int, u []float64) (scenarios.Scenario, error) {
	s := st.scenarios[i]
	src := "embedded:" + s.name + ".yaml"
	var res *scenarios.Resolved
	var err error
	if st.worldFile {
		res, err = scenarios.ParseWith(src, s.data, st.keySets(u), scenarios.Parents{scenarios.WorldName: st.worldData})
	} else {
		res, err = scenarios.Parse(src, s.data, st.keySets(u))
	}
	if err != nil {
		return scenarios.Scenario{}, asUsage(err)
	}
	sc := res.Scenario
	if st.reps > 0 {
		sc.Replications = st.reps
	}
	if st.seedSet {
		sc.Seed = st.seed
	}
	return sc, nil
}

// runAt runs every scenario with the keys at u.
func (st *jointSetup) runAt(ctx context.Context, u []float64) ([]*findings.Run, error) {
	runs := make([]*findings.Run, len(st.scenarios))
	for i := range st.scenarios {
		sc, err := st.scenarioAt(i, u)
		if err != nil {
			return nil, err
		}
		if runs[i], err = simulate(ctx, sc, st.workers); err != nil {
			return nil, fmt.Errorf("%s: %w", st.scenarios[i].name, err)
		}
	}
	return runs, nil
}

// results evaluates every target on the runs, as funnel reproduce does.
func (st *jointSetup) results(runs []*findings.Run) ([]findings.Result, error) {
	out := make([]findings.Result, len(st.targets))
	for i, t := range st.targets {
		r, err := findings.Evaluate(runs[t.scenario], t.finding)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", st.scenarios[t.scenario].name, err)
		}
		if r.N == 0 {
			r.Mean = math.NaN()
		}
		out[i] = r
	}
	return out, nil
}

func means(rs []findings.Result) []float64 {
	m := make([]float64, len(rs))
	for i, r := range rs {
		m[i] = r.Mean
	}
	return m
}

// jointResult is what a joint calibration found.
type jointResult struct {
	fit       calibration.FitResult
	evals     int // simulations of every scenario, the Jacobian's included
	at        []findings.Result
	jacobian  [][]float64
	weights   []float64
	se        []float64
	sdDelta   []float64    // unit-scaled
	ciBoot    [][2]float64 // unit-scaled, clamped to [0,1]
	sv        calibration.Singular
	why       []string
	bootMeans [][]float64 // [b][target]
}

// run fits, then estimates the uncertainty and identifiability at the
// optimum.
func (st *jointSetup) run(ctx context.Context, stderr io.Writer) (*jointResult, error) {
	n := 0
	eval := func(u []float64) ([]float64, error) {
		runs, err := st.runAt(ctx, u)
		if err != nil {
			return nil, err
		}
		rs, err := st.results(runs)
		if err != nil {
			return nil, err
		}
		n++
		return means(rs), nil
	}
	ts := make([]calibration.Target, len(st.targets))
	for i, t := range st.targets {
		ts[i] = t.target
	}
	fit, err := calibration.Fit(ts, len(st.params), eval, calibration.Settings{
		Start: st.startPoint(), Starts: st.starts, Seed: 1, Evals: st.evals,
		Progress: func(i int, u []float64, l float64) {
			fmt.Fprintf(stderr, "evaluation %d: loss %.4g at %s\n", i, l, st.describe(u))
		},
	})
	if err != nil {
		return nil, err
	}
	best := fit.Best.U
	if math.IsInf(fit.Best.Loss, 1) {
		var undefined []string
		for i, m := range fit.Best.Means {
			if math.IsNaN(m) || math.IsInf(m, 0) {
				undefined = append(undefined, st.targets[i].finding.ID)
			}
		}
		return nil, fmt.Errorf("%s undefined at every point tried (%d evaluations): too few leads in a bucket of the quantity; raise --reps or the scenarios' horizon_days",
			strings.Join(undefined, ", "), len(fit.Trace))
	}
	J, err := calibration.Jacobian(eval, best, st.step)
	if err != nil {
		return nil, err
	}
	runs, err := st.runAt(ctx, best)
	if err != nil {
		return nil, err
	}
	n++
	at, err := st.results(runs)
	if err != nil {
		return nil, err
	}
	yStar := means(at)
	boot, err := st.bootstrap(runs)
	if err != nil {
		return nil, err
	}
	k := len(st.params)
	res := &jointResult{fit: fit, evals: n, at: at, bootMeans: boot, jacobian: make([][]float64, len(ts))}
	for i := range ts {
		res.jacobian[i] = make([]float64, k)
		for a := range k {
			res.jacobian[i][a] = J.At(i, a)
		}
	}
	res.se = make([]float64, len(ts))
	for i := range ts {
		col := make([]float64, len(boot))
		for b := range boot {
			col[b] = boot[b][i]
		}
		res.se[i] = calibration.StdDev(col)
	}
	res.weights = calibration.Weights(ts, yStar)
	se0 := make([]float64, len(ts)) // NaN SEs count as 0 in the sandwich
	for i, s := range res.se {
		if !math.IsNaN(s) {
			se0[i] = s
		}
	}
	cov := calibration.Sandwich(J, res.weights, se0)
	res.sv = calibration.Identify(J, res.weights)
	steps := calibration.BootstrapSteps(J, res.weights, best, yStar, boot)
	widths := make([]float64, k)
	res.sdDelta, res.ciBoot = make([]float64, k), make([][2]float64, k)
	for a := range k {
		res.sdDelta[a] = math.Sqrt(cov.At(a, a))
		col := make([]float64, len(steps))
		for b := range steps {
			col[b] = steps[b][a]
		}
		lo := math.Max(calibration.Percentile(col, 0.025), 0)
		hi := math.Min(calibration.Percentile(col, 0.975), 1)
		res.ciBoot[a] = [2]float64{lo, hi}
		widths[a] = hi - lo
	}
	res.why = res.sv.NotIdentified(widths)
	for a := range k {
		if strings.Contains(res.why[a], "singular value") {
			// The targets leave this key free along a direction: the
			// linearisation bounds it no better than its bounds.
			res.ciBoot[a] = [2]float64{0, 1}
			res.sdDelta[a] = math.NaN()
		}
	}
	return res, nil
}

// bootstrap resamples the replications of each scenario's run
// (jointBootstrap times, with replacement, one generator of fixed seed
// over the scenarios in order) and evaluates the targets on each resample.
func (st *jointSetup) bootstrap(runs []*findings.Run) ([][]float64, error) {
	rnd := rand.New(rand.NewPCG(jointBootSeed, jointBootSeed^0x9e37))
	out := make([][]float64, jointBootstrap)
	for b := range out {
		out[b] = make([]float64, len(st.targets))
		for i, s := range st.scenarios {
			n := runs[i].Table.Replications
			idx := make([]int, n)
			for r := range idx {
				idx[r] = rnd.IntN(n)
			}
			rr := &findings.Run{Table: resampleTable(runs[i].Table, idx), Detail: resampleTable(runs[i].Detail, idx)}
			for _, t := range s.targets {
				r, err := findings.Evaluate(rr, st.targets[t].finding)
				if err != nil {
					return nil, err
				}
				out[b][t] = r.Mean
				if r.N == 0 {
					out[b][t] = math.NaN()
				}
			}
		}
	}
	return out, nil
}

// resampleTable is t with replications idx (repeats allowed), in order.
func resampleTable(t *results.Table, idx []int) *results.Table {
	if t == nil {
		return nil
	}
	out := &results.Table{Policies: t.Policies, Metrics: t.Metrics, Replications: len(idx), Values: make([][][]float64, len(t.Values))}
	for p, vp := range t.Values {
		out.Values[p] = make([][]float64, len(vp))
		for m, vm := range vp {
			col := make([]float64, len(idx))
			for r, i := range idx {
				col[r] = vm[i]
			}
			out.Values[p][m] = col
		}
	}
	return out
}

func (st *jointSetup) describe(u []float64) string {
	parts := make([]string, len(st.params))
	for k, p := range st.params {
		parts[k] = p.key + "=" + fnum(st.value(k, u[k]))
	}
	return strings.Join(parts, " ")
}
