package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/optimize"

	"funnellab/findings"
	"funnellab/results"
	"funnellab/scenarios"
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
// SCENARIO --fit k1,k2 --target q=v ...
func calibrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("calibrate", "calibrate SCENARIO --fit KEY[,KEY...] --target QUANTITY=VALUE ... [flags]", stderr)
	fit := fs.String("fit", "", "comma-separated scenario keys to fit (dotted paths, as --set)")
	targets := fs.StringArray("target", nil, "a quantity and the value to reach, QUANTITY=VALUE (repeatable; quantities: docs/findings.md)")
	bounds := fs.StringArray("bounds", nil, "bounds of a fitted key, KEY=LOW:HIGH (repeatable; default: the key's range in docs/scenario.md)")
	sets := fs.StringArray("set", nil, "override a scenario key before fitting (repeatable)")
	reps := fs.Int("reps", 0, "replications per evaluation (default: the scenario's)")
	seed := fs.Uint64("seed", 0, "master seed (default: the scenario's); every evaluation uses it (common random numbers)")
	evals := fs.Int("evals", 60, "most simulations the optimiser may run")
	workers := fs.Int("workers", 0, "worker goroutines (default: number of CPUs)")
	pols := fs.String("policies", "", "comma-separated policies to keep (default: all); the targets are measured over them")
	out := fs.String("out", "", "write the calibrated scenario here (default: NAME.calibrated.yaml); must not exist")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("calibrate: expected one SCENARIO argument, got %d", fs.NArg())
	}
	if *fit == "" || len(*targets) == 0 {
		return usageErr("calibrate: --fit and at least one --target are required")
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
	params, err := parseParams(res.Scenario, splitList(*fit), *bounds)
	if err != nil {
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
	scenarioAt := func(x []float64) (scenarios.Scenario, error) {
		all := append([]string(nil), *sets...)
		for i, p := range params {
			all = append(all, fmt.Sprintf("%s=%s", p.key, strconv.FormatFloat(value(p, x[i]), 'g', 10, 64)))
		}
		r, err := scenarios.Parse(res.Source, data, all)
		if err != nil {
			return scenarios.Scenario{}, err
		}
		sc := r.Scenario
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
	measure := func(x []float64) ([]results.Summary, error) {
		sc, err := scenarioAt(x)
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
	n := 0
	loss := func(x []float64) float64 {
		n++
		ss, err := measure(x)
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		l := 0.0
		for i, t := range tgs {
			d := (ss[i].Mean - t.value) / math.Max(math.Abs(t.value), 1e-12)
			if math.IsNaN(d) {
				return math.Inf(1)
			}
			l += d * d
		}
		fmt.Fprintf(stderr, "evaluation %d: loss %.4g at %s\n", n, l, describeParams(params, x, value))
		return l
	}
	x0 := make([]float64, len(params))
	for i, p := range params {
		x0[i] = coord(p)
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
	sc, err := scenarioAt(best)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "calibrated %s in %d simulations (%d replications each, seed %d):\n", res.Source, n, sc.Replications, sc.Seed)
	for i, p := range params {
		fmt.Fprintf(stdout, "  %s = %s   (was %s; bounds %s–%s)\n", p.key, fnum(value(p, best[i])), fnum(p.start), fnum(p.lo), fnum(p.hi))
	}
	for i, t := range tgs {
		fmt.Fprintf(stdout, "  %s: %s [%s, %s], target %s\n", t.quantity, fnum(ss[i].Mean), fnum(ss[i].CI95Low), fnum(ss[i].CI95High), fnum(t.value))
	}
	path := *out
	if path == "" {
		path = sc.Name + ".calibrated.yaml"
	}
	if _, err := os.Stat(path); err == nil {
		return usageErr("calibrate: %s already exists; choose another --out", path)
	}
	yml, err := scenarios.MarshalYAML(sc)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Calibrated by: funnel %s\n", strings.Join(append([]string{"calibrate"}, args...), " "))
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
	return nil
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
	var out []calibParam
	for _, k := range keys {
		v, integer, lo, hi, err := scenarios.NumberAt(s, k)
		if err != nil {
			return nil, usageErr("calibrate: --fit: %v", err)
		}
		if b, ok := given[k]; ok {
			lo, hi = math.Max(lo, b[0]), math.Min(hi, b[1])
		}
		if math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(lo < hi) {
			return nil, usageErr("calibrate: --fit %s: its range is not bounded on both sides; give --bounds %s=LOW:HIGH", k, k)
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
	return os.ReadFile(res.Source)
}
