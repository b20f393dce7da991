package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/optimize"

	"funnellab/findings"
	"funnellab/internal/userfile"
	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// calibTarget is one --target: a quantity and the value to reach.
type calibTarget struct {
	quantity string
	value    float64
}

// calibParam is one fitted key with its bounds.
type calibParam struct {
	key     string
	integer bool
	lo, hi  float64
	start   float64
}

// calibrateCmd fits scenario keys to target figures: funnel calibrate
// SCENARIO --fit k1,k2 --target q=v ... Every usage error is found before
// the first simulation. A target missed by more than its tolerance is a
// failure (ExitCalibrationMissed) whose message says what limited the fit;
// the calibrated scenario is written in either case.
func calibrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if hasJointFlag(args) {
		return calibrateJointCmd(ctx, args, stdout, stderr)
	}
	fs := newFlags("calibrate", "calibrate SCENARIO --fit KEY[,KEY...] --target QUANTITY=VALUE ... [flags]\n  (many findings at once: calibrate --findings ID,... --fit KEY,... --help)", stderr)
	fit := fs.String("fit", "", "comma-separated scenario keys to fit (dotted paths, as --set)")
	targets := fs.StringArray("target", nil, "a quantity and the value to reach, QUANTITY=VALUE (repeatable; quantities: docs/findings.md)")
	targetsPath := fs.String("targets", "", "a targets.json of funnel import: its targets are added to --target's, and its distributions of days to each outcome fitted with --distance (docs/import.md)")
	distance := fs.String("distance", "wasserstein", "with --targets: the loss on its distributions, wasserstein (the mean gap between quantile functions, over the median) or ks (Kolmogorov-Smirnov at the target's quantiles)")
	tolerance := fs.Float64("tolerance", 0.1, "relative tolerance of the targets: a fit whose mean is further than tolerance × |VALUE| from a target fails (exit code 4)")
	bounds := fs.StringArray("bounds", nil, "bounds of a fitted key, KEY=LOW:HIGH (repeatable; default: the key's range in docs/scenario.md)")
	sets := fs.StringArray("set", nil, "override a scenario key before fitting (repeatable)")
	reps := fs.Int("reps", 0, "replications per evaluation (default: the scenario's); the written scenario keeps its own")
	seed := fs.Uint64("seed", 0, "master seed (default: the scenario's); every evaluation uses it (common random numbers); the written scenario keeps its own")
	evals := fs.Int("evals", 60, "most simulations the optimiser may run")
	workers := fs.Int("workers", 0, "worker goroutines (default: number of CPUs)")
	pols := fs.String("policies", "", "comma-separated policies the targets are measured over (default: all); the written scenario keeps every policy")
	out := fs.String("out", "", "write the calibrated scenario here (default: NAME.calibrated.yaml); must not exist")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("calibrate: expected one SCENARIO argument, got %d", fs.NArg())
	}
	if *fit == "" || len(*targets) == 0 && *targetsPath == "" {
		return usageErr("calibrate: --fit and at least one --target are required (or --targets FILE)")
	}
	switch {
	case len(*targets) > scenarios.MaxSets:
		return usageErr("calibrate: --target: given %d times, expected at most %d", len(*targets), scenarios.MaxSets)
	case len(*bounds) > scenarios.MaxSets:
		return usageErr("calibrate: --bounds: given %d times, expected at most %d", len(*bounds), scenarios.MaxSets)
	case fs.Changed("reps") && (*reps < 1 || *reps > 100000):
		return usageErr("calibrate: --reps: got %d, expected an integer in [1,100000]", *reps)
	case *evals < 1:
		return usageErr("calibrate: --evals: got %d, expected 1 or more", *evals)
	case *workers < 0:
		return usageErr("calibrate: --workers: got %d, expected 0 (number of CPUs) or more", *workers)
	case !(*tolerance >= 0) || math.IsInf(*tolerance, 0):
		return usageErr("calibrate: --tolerance: got %g, expected a relative tolerance of 0 or more", *tolerance)
	}
	res, err := loadScenario(fs.Arg(0), *sets)
	if err != nil {
		return err
	}
	data, err := scenarioBytes(res)
	if err != nil {
		return err
	}
	tgs, err := parseTargets(*targets)
	if err != nil {
		return err
	}
	var dists []calibDist
	if *targetsPath != "" {
		more, err := loadTargetsFile(*targetsPath)
		if err != nil {
			return err
		}
		tgs = append(tgs, more...)
		if dists, err = loadDistributions(*targetsPath); err != nil {
			return err
		}
	}
	if *distance != "wasserstein" && *distance != "ks" {
		return usageErr("calibrate: --distance: got %q, expected wasserstein or ks", *distance)
	}
	params, err := parseParams(res.Scenario, splitList(*fit), *bounds)
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = res.Scenario.Name + ".calibrated.yaml"
	}
	if err := freshOutputFile(path, "--out"); err != nil {
		return err
	}
	// value maps an unbounded optimiser coordinate into a key's bounds.
	value := func(p calibParam, x float64) float64 {
		v := p.lo + (p.hi-p.lo)/(1+math.Exp(-x))
		if p.integer {
			v = math.Round(v)
		}
		return v
	}
	coord := func(p calibParam) float64 {
		u := (p.start - p.lo) / (p.hi - p.lo)
		u = math.Min(math.Max(u, 1e-6), 1-1e-6)
		return math.Log(u / (1 - u))
	}
	// fitted is the scenario with the fitted keys at x, as written: every
	// policy, the scenario's own replications and seed.
	fitted := func(x []float64) (scenarios.Scenario, error) {
		all := append([]string(nil), *sets...)
		for i, p := range params {
			all = append(all, fmt.Sprintf("%s=%s", p.key, strconv.FormatFloat(value(p, x[i]), 'g', 10, 64)))
		}
		r, err := scenarios.Parse(res.Source, data, all)
		if err != nil {
			return scenarios.Scenario{}, asUsage(err)
		}
		return r.Scenario, nil
	}
	// simulated is the scenario an evaluation runs: --policies, --reps
	// and --seed applied.
	simulated := func(x []float64) (scenarios.Scenario, error) {
		sc, err := fitted(x)
		if err != nil {
			return sc, err
		}
		if *pols != "" {
			if sc.Policies, err = selectPolicies(sc.Policies, splitList(*pols)); err != nil {
				return scenarios.Scenario{}, err
			}
		}
		if fs.Changed("reps") {
			sc.Replications = *reps
		}
		if fs.Changed("seed") {
			sc.Seed = *seed
		}
		return sc, nil
	}
	x0 := make([]float64, len(params))
	for i, p := range params {
		x0[i] = coord(p)
	}
	// Usage errors before any simulation: the policies, the scenario at
	// the starting point and its model.
	sc0, err := simulated(x0)
	if err != nil {
		return err
	}
	if _, err := funnel.Compile(sc0); err != nil {
		return asUsage(fmt.Errorf("%s: %w", res.Source, err))
	}
	// distances are the distributions' distances and loss terms at x
	// (calibratetargets.go).
	distances := func(x []float64) ([]float64, []float64, error) {
		if len(dists) == 0 {
			return nil, nil, nil
		}
		sc, err := simulated(x)
		if err != nil {
			return nil, nil, err
		}
		return distanceTerms(ctx, sc, dists, *distance)
	}
	measure := func(x []float64) ([]results.Summary, error) {
		sc, err := simulated(x)
		if err != nil {
			return nil, err
		}
		run, err := simulate(ctx, sc, *workers)
		if err != nil {
			return nil, err
		}
		out := make([]results.Summary, len(tgs))
		for i, t := range tgs {
			if out[i], err = findings.Measure(run, t.quantity, nil); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	var evalErr error
	var losses []float64
	loss := func(x []float64) float64 {
		ss, err := measure(x)
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		l := 0.0
		for i, t := range tgs {
			d := (ss[i].Mean - t.value) / math.Max(math.Abs(t.value), 1e-12)
			if math.IsNaN(d) {
				l = math.Inf(1)
				break
			}
			l += d * d
		}
		_, terms, err := distances(x)
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		for _, t := range terms {
			l += t
		}
		losses = append(losses, l)
		fmt.Fprintf(stderr, "evaluation %d: loss %.4g at %s\n", len(losses), l, describeParams(params, x, value))
		return l
	}
	result, err := optimize.Minimize(optimize.Problem{Func: loss}, x0,
		&optimize.Settings{FuncEvaluations: *evals, Converger: &optimize.FunctionConverge{Absolute: 1e-4, Iterations: 15}},
		&optimize.NelderMead{SimplexSize: 1})
	if evalErr != nil {
		return fmt.Errorf("calibrate: %w", evalErr)
	}
	if result == nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	best := result.X
	ss, err := measure(best)
	if err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	scSim, err := simulated(best)
	if err != nil {
		return err
	}
	sc, err := fitted(best)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "calibrated %s in %d simulations (%s each, seed %d):\n", res.Source, len(losses)+1, plural(scSim.Replications, "replication"), scSim.Seed)
	for i, p := range params {
		fmt.Fprintf(stdout, "  %s = %s   (was %s; bounds %s–%s)\n", p.key, fnum(value(p, best[i])), fnum(p.start), fnum(p.lo), fnum(p.hi))
	}
	var missed []string
	for i, t := range tgs {
		verdict := "within"
		if !t.reached(ss[i].Mean, *tolerance) {
			verdict = "MISSED: beyond"
			missed = append(missed, fmt.Sprintf("%s = %s, target %s", t.quantity, fnum(ss[i].Mean), fnum(t.value)))
		}
		fmt.Fprintf(stdout, "  %s: %s [%s, %s], target %s (%s the tolerance of ±%s)\n", t.quantity, fnum(ss[i].Mean),
			fnum(ss[i].CI95Low), fnum(ss[i].CI95High), fnum(t.value), verdict, fnum(*tolerance*math.Abs(t.value)))
	}
	dd, _, err := distances(best)
	if err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	for i, d := range dists {
		fmt.Fprintf(stdout, "  %s: %s distance %s to the target's quantiles (fitted, no tolerance)\n", d.name, *distance, fnum(dd[i]))
	}
	yml, err := scenarios.MarshalYAML(sc)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Calibrated by: funnel %s\n", strings.Join(append([]string{"calibrate"}, args...), " "))
	fmt.Fprintf(&b, "# (measured with %s, seed %d; this file keeps the scenario's replications, seed and policies)\n", plural(scSim.Replications, "replication"), scSim.Seed)
	if len(missed) > 0 {
		fmt.Fprintf(&b, "# MISSED its targets beyond a tolerance of %s: this is the closest fit found, not a calibration\n", fnum(*tolerance))
	}
	for i, p := range params {
		fmt.Fprintf(&b, "#   %s = %s\n", p.key, fnum(value(p, best[i])))
	}
	for i, t := range tgs {
		fmt.Fprintf(&b, "#   %s: %s [%s, %s] for a target of %s\n", t.quantity, fnum(ss[i].Mean), fnum(ss[i].CI95Low), fnum(ss[i].CI95High), fnum(t.value))
	}
	b.Write(yml)
	if err := results.WriteFileAtomic(path, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", path)
	if len(missed) > 0 {
		why := fitLimits(params, best, value, tgs, ss, losses, sc0, *evals)
		return &exitError{ExitCalibrationMissed, fmt.Errorf("calibrate: missed the target beyond a tolerance of %s (%s); %s; %s is the closest fit found",
			fnum(*tolerance), strings.Join(missed, "; "), strings.Join(why, "; "), path)}
	}
	return nil
}

// reached reports whether a simulated mean is within a relative tolerance
// of the target.
func (t calibTarget) reached(mean, tol float64) bool {
	return math.Abs(mean-t.value) <= tol*math.Abs(t.value)
}

// censoring names a scenario key that hides part of what a quantity
// measures: a first attempt later than sales.accept_window_hours never
// happens (the lead is ignored), so response times beyond it are not
// observed. A quantity is censored by the key when the target is out of
// reach with the key at value v: caps says, for each quantity, whether it
// is.
var censoring = []struct {
	key  string
	caps map[string]func(v, target float64) bool
}{
	{"sales.accept_window_hours", map[string]func(v, target float64) bool{
		"response_mean_h":          func(v, target float64) bool { return v <= target }, // a mean of delays ≤ v
		"speed_to_lead_median_h":   func(v, target float64) bool { return v <= target },
		"wait_mean_h":              func(v, target float64) bool { return v <= target },
		"response_after_24h_share": func(v, _ float64) bool { return v <= 24 }, // no first attempt after 24 h
	}},
}

// fitLimits says what kept a fit from its targets: a fitted key at a
// bound, a scenario key that censors a target quantity, a loss that did
// not change, or the evaluation budget.
func fitLimits(params []calibParam, best []float64, value func(calibParam, float64) float64,
	tgs []calibTarget, ss []results.Summary, losses []float64, sc scenarios.Scenario, evals int) []string {
	var why []string
	for i, p := range params {
		v, span := value(p, best[i]), p.hi-p.lo
		switch {
		case v-p.lo <= 0.01*span:
			why = append(why, fmt.Sprintf("%s ended at its lower bound %s (widen --bounds %s=LOW:HIGH)", p.key, fnum(p.lo), p.key))
		case p.hi-v <= 0.01*span:
			why = append(why, fmt.Sprintf("%s ended at its upper bound %s (widen --bounds %s=LOW:HIGH)", p.key, fnum(p.hi), p.key))
		}
	}
	for i, t := range tgs {
		if !(ss[i].Mean < t.value) {
			continue
		}
		for _, c := range censoring {
			caps, ok := c.caps[t.quantity]
			if !ok || slices.ContainsFunc(params, func(p calibParam) bool { return p.key == c.key }) {
				continue
			}
			if v, _, _, _, err := scenarios.NumberAt(sc, c.key); err == nil && caps(v, t.value) {
				why = append(why, fmt.Sprintf("%s is censored by %s = %s: a lead not attempted within it is ignored, so longer response times are never observed (raise it with --set or add it to --fit)",
					t.quantity, c.key, fnum(v)))
			}
		}
	}
	if len(losses) > 1 && slices.Min(losses) == slices.Max(losses) {
		why = append(why, fmt.Sprintf("the loss was flat (%.4g in all %d evaluations): the fitted keys do not move the targets", losses[0], len(losses)))
	}
	if len(why) == 0 {
		if len(losses) >= evals {
			why = append(why, fmt.Sprintf("the optimiser used all %d evaluations (raise --evals)", evals))
		} else {
			why = append(why, "the optimiser converged to this point: the fitted keys cannot reach the targets together (fit other keys, or check the targets)")
		}
	}
	return why
}

func describeParams(ps []calibParam, x []float64, value func(calibParam, float64) float64) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.key + "=" + fnum(value(p, x[i]))
	}
	return strings.Join(parts, " ")
}

func parseTargets(args []string) ([]calibTarget, error) {
	var out []calibTarget
	for _, a := range args {
		q, v, ok := strings.Cut(a, "=")
		q = strings.TrimSpace(q)
		if !ok || q == "" {
			return nil, usageErr("calibrate: --target %q: expected QUANTITY=VALUE", a)
		}
		if _, err := findings.Lookup(q); err != nil {
			return nil, usageErr("calibrate: --target %q: %v", a, err)
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, usageErr("calibrate: --target %q: value %q is not a number", a, v)
		}
		out = append(out, calibTarget{q, x})
	}
	return out, nil
}

func parseParams(s scenarios.Scenario, keys, bounds []string) ([]calibParam, error) {
	given := map[string][2]float64{}
	for _, b := range bounds {
		k, r, ok := strings.Cut(b, "=")
		lo, hi, ok2 := strings.Cut(r, ":")
		l, e1 := strconv.ParseFloat(lo, 64)
		h, e2 := strconv.ParseFloat(hi, 64)
		if !ok || !ok2 || e1 != nil || e2 != nil || !(l < h) {
			return nil, usageErr("calibrate: --bounds %q: expected KEY=LOW:HIGH with LOW < HIGH", b)
		}
		given[k] = [2]float64{l, h}
	}
	for k := range given {
		if !slices.Contains(keys, k) {
			return nil, usageErr("calibrate: --bounds %s: %s is not a key of --fit (%s)", k, k, strings.Join(keys, ","))
		}
	}
	var out []calibParam
	for i, k := range keys {
		if slices.Contains(keys[:i], k) {
			return nil, usageErr("calibrate: --fit: %s named twice", k)
		}
		v, integer, lo, hi, err := scenarios.NumberAt(s, k)
		if err != nil {
			return nil, usageErr("calibrate: --fit: %v", err)
		}
		rlo, rhi := lo, hi
		if b, ok := given[k]; ok {
			lo, hi = math.Max(lo, b[0]), math.Min(hi, b[1])
		}
		if math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(lo < hi) {
			return nil, usageErr("calibrate: --fit %s: its range is not bounded on both sides; give --bounds %s=LOW:HIGH", k, k)
		}
		// An open end of the key's range is not a value the search may try
		// (no_need_days (0,1e5]: 0 days is no journey at all).
		loOpen, hiOpen, _ := scenarios.OpenEnds(s, k)
		if (loOpen && lo == rlo) || (hiOpen && hi == rhi) {
			end := lo
			if !(loOpen && lo == rlo) {
				end = hi
			}
			return nil, usageErr("calibrate: --fit %s: its range (docs/scenario.md) excludes %g, which would be a bound of the search; give --bounds %s=LOW:HIGH strictly inside it", k, end, k)
		}
		out = append(out, calibParam{key: k, integer: integer, lo: lo, hi: hi, start: math.Min(math.Max(v, lo), hi)})
	}
	return out, nil
}

// scenarioBytes returns the text a resolved scenario was read from.
func scenarioBytes(res *scenarios.Resolved) ([]byte, error) {
	if name, ok := strings.CutPrefix(res.Source, "embedded:"); ok {
		return scenarios.Embedded(name)
	}
	return userfile.ReadFile(res.Source, "scenario file", scenarios.MaxFileBytes)
}
